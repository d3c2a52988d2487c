"""The ``sgtag`` command line: a thin layer over :mod:`inference` and :mod:`training`."""
