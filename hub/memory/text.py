"""Text helpers for memory: slugs, subjects of "X is Y" facts, keyword queries for FTS5, and time words."""

from __future__ import annotations

import re
from typing import Final

_STOPWORD_TEXT: Final = """a an the is are was were be been am i me my mine we our us you your he she his her him they
    them their it its
    this that these those of in on at to for from by with and or but not do does did done what whats where wheres
    when who whom which why how there here have has had can could would should will shall may might must please
    tell remember remind know about any some again now still ever just really also so if then than as into onto
    up down out over under s t ll re ve d m o y let lets get got"""
STOPWORDS: Final = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SUBJECT = re.compile(
    r"^(?:that\s+)?(?P<subject>.+?)\s+(?:is|are|was|were|'s|has been|have been|got"
    r"|(?:has |have |was |were |got )?(?:moved|changed|switched) to)\s+"
    r"(?:now\s+|currently\s+)?(?P<value>.+)$"
)
_PAST: Final = re.compile(
    r"\b(used to|before|previously|originally|earlier|last (?:week|month|year)|ago|formerly|old|first)\b"
)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def slug(name: str) -> str:
    """`"Grandma Rose"` → `"grandma_rose"`: a stable member id from a display name."""
    cleaned = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    return cleaned or "member"


def subject_of(text: str) -> str | None:
    """The key of a simple "X is Y" statement, lower-cased without articles; `None` if it has no such shape."""
    sentence = text.strip().rstrip(".!").lower().replace("\u2019", "'")
    match = _SUBJECT.match(sentence)
    if match is None:
        return None
    subject_words = [w for w in words(match["subject"]) if w not in {"the", "a", "an", "our", "my", "that"}]
    if not subject_words or len(subject_words) > 6:
        return None
    return " ".join(subject_words)


def content_terms(text: str) -> list[str]:
    """The words of a question worth searching for: no stop words, no single letters, each once, in order."""
    terms = [w.split("'")[0] for w in words(text)]
    return list(dict.fromkeys(t for t in terms if t and t not in STOPWORDS and len(t) > 1))


def fts_phrase(term: str) -> str:
    """One term as an FTS5 string (quoted, so user text can never be FTS syntax)."""
    return '"' + term.replace('"', '""') + '"'


def fts_query(text: str) -> str | None:
    """An FTS5 OR-query of the content words; `None` if there are none."""
    content = content_terms(text)
    return " OR ".join(fts_phrase(t) for t in content) if content else None


def asks_about_the_past(text: str) -> bool:
    """Whether a question is about an earlier state ("what did I used to…", "last week"), not the current one."""
    return _PAST.search(text.lower()) is not None


_DEGREES: Final = re.compile(r"\b(\d{2}(?:\.\d)?)\s*(?:degrees|°|deg\b|c\b)", re.IGNORECASE)
_LIKES: Final = re.compile(r"\b(like|prefer|usual|usually|comfortable|favou?rite|set)\b", re.IGNORECASE)


def temperature_in(text: str) -> float | None:
    """The temperature a sentence names ("21 degrees", "20.5°"), or `None`."""
    match = _DEGREES.search(text)
    return float(match[1]) if match else None


def temperature_preference(text: str) -> float | None:
    """The temperature in a stated preference ("I like it at 21 degrees"), or `None` if it is not one."""
    return temperature_in(text) if _LIKES.search(text) else None
