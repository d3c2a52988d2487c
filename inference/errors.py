"""The project's exception classes. Every message says what was expected, what was found and where."""


class SgtagError(Exception):
    """Base class for errors that sgtag reports to the user without a traceback."""


class TaxonomyError(SgtagError):
    """The taxonomy file is missing, malformed, or a label id is unknown."""


class CorpusError(SgtagError):
    """The corpus (or a source document) cannot be read."""


class ConfigError(SgtagError):
    """A training config is invalid."""


class ModelLoadError(SgtagError):
    """A model could not be found or loaded."""


class DocumentError(SgtagError):
    """One input document could not be read; batch tagging records it and goes on."""
