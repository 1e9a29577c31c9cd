"""What every extractor family shares: the calendar, text keys, and the bundled data files.

Nothing here knows about HTML, PDF or spaCy; the families import it, never each other.
"""
