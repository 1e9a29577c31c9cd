"""Authors as the page prints them next to its title: "By Jane Doe", "12. Mai 2024 von jdoe".

Markup often names nobody, or the wrong body (the site owner, the web
agency, the account that uploaded the page), while a reader sees the by-line
right under the headline. This module reads that by-line from the page's
visible text (see ``extractors.html.printed_dates``), only close to the main
heading, where by-lines are printed, so that "von" or "by" inside the
article's sentences is not taken for one.

A by-line needs a label. Unambiguous labels ("Posted by", "Autor:", "Ein
Interview von") count anywhere in the window; the short ones ("By", "Von",
"Par", "by", "von") only where a by-line puts them: capitalised at the start
of a text element, or right after a printed date ("21. Mai 2024 von jdoe",
"Posted on May 3, 2024 by Ann Lee").
"""

from __future__ import annotations

import bisect
import functools
import re

from extractors.html.printed_dates import PrintedDates, month_names

__all__ = ["byline_near_heading"]

_BEFORE_HEADING = 300
_AFTER_HEADING = 1200
_MAX_NAME_WORDS = 4

_STRONG_LABEL = (
    r"(?:posted|written|published|created|verfasst|geschrieben|erstellt|veröffentlicht|publiziert|publié|"
    r"publicado|escrito|scritto|pubblicato)\s+(?:by|von|par|por|da)"
    r"|(?:ein(?:e)?\s+)?(?:interview|beitrag|gastbeitrag|artikel|kommentar|kolumne)\s+von"
    r"|(?:author|authors|autor|autorin|autoren|auteur|auteurs|autore|verfasser|verfasserin|text"
    r"|text\s*(?:&|und)\s*fotos?|von|by)\s*:"
)
_WEAK_LABEL = r"by|von|par|por|di"
_LABEL = re.compile(rf"(?<![\w-])(?:(?P<strong>{_STRONG_LABEL})|(?P<weak>{_WEAK_LABEL}))(?=\s)", re.I)

# Words that end a name: what by-lines print after it.
_STOP_WORDS = {
    "am",
    "on",
    "le",
    "el",
    "em",
    "il",
    "in",
    "at",
    "um",
    "the",
    "der",
    "die",
    "das",
    "for",
    "für",
    "mit",
    "with",
    "published",
    "posted",
    "updated",
    "publiziert",
    "veröffentlicht",
    "aktualisiert",
    "lesezeit",
    "min",
    "foto",
    "fotos",
    "bild",
    "photo",
    "photos",
    "quelle",
    "source",
    "kommentar",
    "kommentare",
    "comments",
    "comment",
    "share",
    "teilen",
    "follow",
    "mehr",
    "more",
    "zum",
    "alle",
    "all",
    "drucken",
    "print",
    "und",
    "and",
    "et",
    "y",
    "e",
    "uhr",
    "today",
    "heute",
    "gestern",
    "yesterday",
    "ein",
    "eine",
    "einen",
    "kein",
    "keine",
    "noch",
    "no",
    "one",
    "a",
    "an",
    "un",
    "une",
    "una",
}
_JOINERS = {"und", "and", "&", "et", "y", "e"}
_PARTICLES = {
    "von",
    "van",
    "de",
    "der",
    "den",
    "da",
    "di",
    "du",
    "la",
    "le",
    "del",
    "della",
    "dos",
    "ten",
    "ter",
    "zu",
    "al",
    "el",
    "bin",
}
_TRAILING_PUNCTUATION = ",;:|·•–—-/"
_USERNAME = re.compile(r"^(?=.*[^\W\d_])[\w.-]{3,30}$")


def byline_near_heading(printed: PrintedDates, languages: tuple[str, ...] = ("en",)) -> list[str]:
    """Names in the first labelled by-line printed near the main heading, or []."""
    anchor = printed.heading_offset if printed.heading_offset is not None else 0
    start = max(0, anchor - _BEFORE_HEADING)
    window = printed.text[start : anchor + _AFTER_HEADING]
    node_starts = set(printed.node_starts)
    date_ends = {d.offset + len(d.text) for d in printed.dates}
    for match in _LABEL.finditer(window):
        at = start + match.start()
        if match.group("weak") and not _weak_label_is_a_byline(
            match.group("weak"), at, node_starts, date_ends
        ):
            continue
        names = _names(_rest_of_element(printed, start + match.end()), languages)
        if names:
            return names
    return []


def _rest_of_element(printed: PrintedDates, offset: int) -> str:
    """The text after a label up to the end of the element the name starts in.

    By-lines put the name in its own element or end it with the element
    ("<a>Ann Lee</a> <span>Reporter</span>"); stopping there keeps the next
    capitalised word (a job title, a German noun) out of the name.
    """
    text = printed.text
    while offset < len(text) and text[offset] == " ":
        offset += 1
    starts = printed.node_starts
    index = bisect.bisect_right(starts, offset)
    end = starts[index] - 1 if index < len(starts) else len(text)
    return text[offset : min(end, offset + 100)]


def _weak_label_is_a_byline(label: str, at: int, node_starts: set[int], date_ends: set[int]) -> bool:
    """A short label counts capitalised at the start of a text element, or right after a date."""
    if label[0].isupper() and at in node_starts:
        return True
    return any(0 <= at - end <= 3 for end in date_ends)


def _names(text: str, languages: tuple[str, ...]) -> list[str]:
    """The names at the start of ``text``: capitalised words, joined by "and"/commas, or one user name."""
    stop = _stop_words(languages)
    months = month_names(languages)
    tokens = text.split()
    names: list[str] = []
    current: list[str] = []
    for index, token in enumerate(tokens):
        word = token.rstrip(_TRAILING_PUNCTUATION)
        ends_here = word != token
        cut = re.split(r"[/(]", word)[0]  # "Peter Maahn/SP-X", "Ann Lee(ap)"
        if cut != word:
            word, ends_here = cut, True
        lowered = word.casefold()
        if not word:
            break
        if lowered in _JOINERS and current:
            names.append(" ".join(current))
            current = []
            continue
        if not (current and lowered in _PARTICLES) and (
            lowered in stop or not _is_name_word(word, bool(current))
        ):
            break
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if (
            lowered.rstrip(".") in months and following[:1].isdigit()
        ):  # "Ann Lee May 2, 2024", but "Jan Olsen"
            break
        current.append(word)
        if len(current) > _MAX_NAME_WORDS:
            return []
        if ends_here:
            names.append(" ".join(current))
            current = []
            if token[-1] != ",":  # a comma may list the next author; anything else ends the by-line
                break
    if current:
        names.append(" ".join(current))
    names = [_without_trailing_particles(n) for n in names]
    names = [n for n in names if any(w[0].isupper() for w in n.split())]
    if names:
        return names
    return _user_name(tokens, stop)


def _without_trailing_particles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in _PARTICLES:
        words.pop()
    return " ".join(words)


def _is_name_word(word: str, inside_name: bool) -> bool:
    if inside_name and word.casefold() in _PARTICLES:
        return True
    return word[0].isupper() and bool(re.fullmatch(r"[^\W\d_][\w.'’-]*", word))


def _user_name(tokens: list[str], stop: set[str]) -> list[str]:
    """A single lower-case user name ("von jdoe am 3. Mai") when the by-line clearly ends after it."""
    if not tokens:
        return []
    word = tokens[0].rstrip(_TRAILING_PUNCTUATION)
    if not _USERNAME.match(word) or word.casefold() in stop or word.casefold() in _PARTICLES:
        return []
    following = tokens[1] if len(tokens) > 1 else ""
    if following and following[0].isalpha() and following.casefold() not in stop:
        return []
    return [word]


@functools.lru_cache(maxsize=32)
def _stop_words(languages: tuple[str, ...]) -> frozenset[str]:
    """By-line stop words plus weekday names: "By Ann Lee Thursday, May 2"."""
    from dateparser.languages import default_loader

    words = set(_STOP_WORDS)
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for code in languages:
        try:
            info = default_loader.get_locale(code).info
        except Exception:  # a language dateparser does not know
            continue
        for day in days:
            words.update(name.casefold().rstrip(".") for name in info.get(day, []) if len(name) >= 3)
    return frozenset(words)
