"""The one exception extractors raise for input they cannot turn into text.

The flow catches it and records ``stage`` and the message in ``ingest_errors``;
anything else that escapes an extractor is a bug and is recorded the same way,
but with its exception type, so the two are easy to tell apart.
"""


class ExtractionError(Exception):
    """Input that cannot be extracted: the message is shown to the user as is."""
