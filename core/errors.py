"""One exception root for the failures dossier expects, and the typed value a failure travels as.

Every error dossier raises on purpose is a ``DossierError``: it knows the
``stage`` of the ingest it belongs to (the value ``ingest_errors.stage`` records)
and whether trying again can help (``retryable``: a timeout or a 5xx answer, not
a 404 or a truncated PDF). Anything else that escapes is a bug and is recorded
the same way, with its exception type, so the two are easy to tell apart.

A source's failure crosses task and process boundaries as a ``Failure`` value
(stage, one-line reason, retryable), never as a string to be parsed back.
"""

from __future__ import annotations

from dataclasses import dataclass


class DossierError(Exception):
    """The root of the errors dossier raises on purpose; the message is shown to the user as is."""

    #: The ingest stage this error belongs to, as ``ingest_errors.stage`` records it.
    stage: str = "unknown"
    #: Whether the same request may succeed if tried again (the flow's retry condition).
    retryable: bool = False


class ReadError(DossierError):
    """A source that cannot be read (missing, too large, unreadable)."""

    stage = "read"


class SourceError(ReadError):
    """A file or URL that cannot be read: the message is reported as is."""


class FetchError(SourceError):
    """A URL that could not be fetched; ``transient`` (= ``retryable``) says whether trying again may help.

    A source error, so the flow records it as a read failure like an unreadable file.
    """

    def __init__(self, reason: str, *, transient: bool = False, status: int | None = None):
        super().__init__(" ".join(reason.split()))  # one line, whatever the cause printed
        self.transient = transient
        self.status = status

    @property
    def retryable(self) -> bool:  # type: ignore[override]
        return self.transient


class ExtractionError(DossierError):
    """Input that cannot be extracted (empty, truncated, encrypted, image-only, undecodable)."""

    stage = "extract"


class NlpError(DossierError):
    """The language model could not be loaded or could not parse a text."""

    stage = "nlp"


class LoadError(DossierError):
    """Rows that could not be written to the warehouse."""

    stage = "load"


class UsageError(DossierError):
    """A command used wrongly (exit status 2)."""

    stage = "usage"


class ConfigError(UsageError):
    """A configuration file or setting that cannot be used; the message names the culprit."""

    stage = "config"


def reason(exc: BaseException) -> str:
    """One line for ingest_errors: the exception type and the first line of its message."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


@dataclass(frozen=True)
class Failure:
    """One source's failure as it travels from a task to the flow: what ``ingest_errors`` records."""

    stage: str
    reason: str
    retryable: bool = False

    @classmethod
    def of(cls, exc: BaseException, stage: str | None = None) -> Failure:
        """The failure ``exc`` stands for; ``stage`` is where it happened (default: the error's own)."""
        own = exc.stage if isinstance(exc, DossierError) else "unknown"
        retryable = exc.retryable if isinstance(exc, DossierError) else False
        return cls(stage or own, reason(exc), retryable)
