from sgtag.cli import main

raise SystemExit(main())
