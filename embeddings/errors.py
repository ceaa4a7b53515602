"""Domain errors, raised deep and turned into user-facing messages only at the CLI or Slack edge."""


class EmbeddingsError(Exception):
    """Base class: every message says what is wrong and how to fix it."""


class ModelError(EmbeddingsError):
    """The embedding model cannot be loaded or is not the one expected."""


class IndexNotFound(EmbeddingsError):
    """No index has been built at the configured folder yet."""


class IndexCorrupt(EmbeddingsError):
    """The index folder exists but a file is missing, unreadable or inconsistent."""


class IndexMismatch(EmbeddingsError):
    """The index was built with another model or format than the settings ask for."""


class ReportError(EmbeddingsError):
    """A report file cannot be read; the build skips it with a warning."""
