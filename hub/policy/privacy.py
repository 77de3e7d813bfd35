"""The privacy filter for remote calls: personal data is replaced by pseudonyms before text leaves the hub, and
put back into the answer.

`PrivacyFilter.mask(text, session)` finds person names, e-mail addresses, phone numbers, card and account
numbers, street addresses and postcodes, dates (birth dates among them) and exact locations (coordinates, the
household's own addresses), and replaces each distinct value with a placeholder such as `PERSON_1` or
`PHONE_2`; the same value always gets the same placeholder within a `PseudonymSession` (one conversation), so
the remote model can still refer to "PERSON_1" consistently. `session.restore(answer)` puts the real values
back. What may leave the hub at all is the household setting `remote_privacy`: `never` (nothing is sent),
`masked` (this filter) or `allowed` (the text as said). `PrivacyGuard` applies the setting and audits every
remote call.

The detectors are deliberately generous: masking a word that was not personal costs the remote model a little
context, while missing a phone number leaks it for good.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from hub.policy.audit import AuditEntry, AuditLog
from hub.policy.people import PrivacySetting
from hub.policy.privacy_names import FIRST_NAMES, NOT_NAMES, NOT_PEOPLE

type PiiKind = Literal["PERSON", "EMAIL", "PHONE", "CARD", "NUMBER", "IBAN", "ADDRESS", "POSTCODE", "DATE", "LOCATION",
                       "IP", "URL"]

_STREET_TYPES: Final = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|close|crescent|"
    r"square|sq|highway|hwy|parkway|pkwy|circle|cir|trail|row|alley|mews|grove|gardens|hill|walk|path|park|"
    r"strasse|straße|str|weg|gasse|platz|allee|ring|loop|plaza|point|crossing|quay|wharf|esplanade|embankment|"
    r"expressway|freeway|broadway"
)
_MONTHS: Final = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_RELATIONS: Final = (
    r"friend|brother|sister|mom|mum|mother|dad|father|wife|husband|son|daughter|boss|colleague|coworker|neighbou?r|"
    r"doctor|dentist|nurse|teacher|cousin|aunt|uncle|niece|nephew|grandma|grandpa|grandmother|grandfather|partner|"
    r"girlfriend|boyfriend|fiancée?|landlord|lawyer|babysitter|nanny|plumber|therapist|coach|manager|client|"
    r"roommate|flatmate|tenant|guest|mate|pal|buddy|vet|contact"
)
_CUES: Final = (
    r"call|phone|text|email|e-mail|message|tell|ask|remind|invite|meet|meeting|visit|pick up|drop off|named|"
    r"called|name is|with|from|for|to|and|by|about|of|dear|hi|hello|hey|thanks"
)

_PATTERNS: Final[list[tuple[PiiKind, re.Pattern[str]]]] = [
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("URL", re.compile(r"\bhttps?://[^\s<>\"']+", re.I)),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")),
    ("IP", re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")),
    (
        "LOCATION",
        re.compile(
            r"[-+]?\d{1,3}\.\d{3,}\s*°?\s*[NS]?\s*,\s*[-+]?\d{1,3}\.\d{3,}\s*°?\s*[EW]?"
            r"|\b\d{1,3}°\s*\d{1,2}['\u2032]\s*(?:\d{1,2}(?:\.\d+)?[\"\u2033])?\s*[NS],?\s*\d{1,3}°\s*\d{1,2}['\u2032]\s*"
            r"(?:\d{1,2}(?:\.\d+)?[\"\u2033])?\s*[EW]",
        ),
    ),
    (
        "ADDRESS",
        re.compile(
            rf"\b\d{{1,6}}(?:st|nd|rd|th|[A-Za-z])?(?:[-/]\d{{1,4}})?,?\s+(?:[A-Z][\w'.-]*\s+){{0,4}}?(?:[A-Za-z][\w'.-]*\s+){{0,2}}?"
            rf"(?:{_STREET_TYPES})\b\.?(?:\s+(?-i:NW|NE|SW|SE|N|S|E|W)\b)?"
            rf"(?:,?\s+(?:apt|apartment|unit|suite|flat|#)\.?\s*[\w-]+)?"
            rf"(?:,\s*[A-Z][A-Za-z'.-]*(?:\s+(?!(?-i:[A-Z]{{1,2}}\d))[A-Z][A-Za-z'.-]*){{0,2}})?"
            rf"(?:,?\s+(?-i:[A-Z]{{1,2}}\d[A-Z\d]?\s*\d[A-Z]{{2}}\b|[A-Z]{{2}}\b))?(?:,?\s+\d{{5}}(?:-\d{{4}})?)?",
            re.IGNORECASE,
        ),
    ),
    (
        "ADDRESS",
        re.compile(
            r"\b(?:[A-Z][\w'.-]*(?:strasse|straße|str\.|weg|gasse|platz|allee|ring))\s+\d{1,5}[a-z]?"
            r"(?:,\s*\d{4,5}\s+[A-Z][\w-]+)?",
        ),
    ),
    ("ADDRESS", re.compile(r"\b(?:p\.?\s*o\.?\s*box|postfach)\s+\d+\b", re.IGNORECASE)),
    (
        "ADDRESS",
        re.compile(
            r"\b\d{1,5}(?:bis|ter)?,?\s+(?i:rue|avenue|calle|via|avenida|boulevard|chemin|place|piazza|plaza)\s+"
            r"(?:(?i:de|del|della|di|la|le|les|des|du|do|da|dos)\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}"
        ),
    ),
    ("POSTCODE", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")),
    ("POSTCODE", re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")),
    ("LOCATION", re.compile(r"\b(?:lat(?:itude)?|lon(?:g(?:itude)?)?|lng)\s*[:=]?\s*[-+]?\d{1,3}\.\d+", re.I)),
    ("LOCATION", re.compile(r"(?<![\d.])[-+]?\d{1,3}\.\d{4,}\s*[,;/ ]\s*[-+]?\d{1,3}\.\d{4,}")),
    (
        "DATE",
        re.compile(
            rf"\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b"
            rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
            rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?\b"
            rf"|\b(?:{_MONTHS})\.?\s+\d{{4}}\b",
            re.IGNORECASE,
        ),
    ),
    ("PHONE", re.compile(r"(?<![\w.])(?:\+|00)?\d(?:[\s().-]{0,3}\d){6,16}(?!\.\d)\b")),
    ("NUMBER", re.compile(r"\b[A-Z]{0,3}\d{6,}[A-Z]{0,3}\b|\b\d{3}-\d{2}-\d{4}\b")),
]
_KINDS: Final = r"PERSON|EMAIL|PHONE|CARD|NUMBER|IBAN|ADDRESS|POSTCODE|DATE|LOCATION|IP|URL"
_PLACEHOLDER: Final = re.compile(rf"(\[?)({_KINDS})_(\d{{1,4}})(?!\d)(\]?)")
"""A placeholder in an answer, with the brackets a model sometimes adds."""
_LITERAL: Final = re.compile(rf"(?:{_KINDS})_\d+")
"""Text that already looks like a placeholder is masked too, so restoring can never confuse the two."""
_WORD: Final = re.compile(r"(?<![\w'\u2019-])[A-Za-zÀ-ÖØ-öø-ÿ][\w'\u2019-]*")
_TITLE: Final = re.compile(r"\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|herr|frau|señora?|madame|monsieur)\.?\s+$", re.I)
_RELATION_BEFORE: Final = re.compile(rf"\b(?:my|our|his|her|their|the|your)\s+(?:{_RELATIONS})\s*,?\s*$", re.I)
_IDENTIFIER: Final = re.compile(r"^(?:Hass[A-Z]\w*|Memory[A-Z]\w*|\w*_\w*|[a-z]+[A-Z]\w*)$")
"""Tool names, entity-id parts and camelCase: never a person's name."""
_SUBJECT_AFTER: Final = re.compile(
    r"(?:['\u2019]s\b|\s+(?:and|&|is|was|will|wants|said|says|called|texted|emailed|asked|told|lives|has|had|"
    r"needs|likes|loves|came|comes|went|goes|works|can|could|should|would|isn't|wasn't|doesn't|didn't|won't|"
    r"just|also|from)\b)",
    re.IGNORECASE,
)
_PERSON_VERB_BEFORE: Final = re.compile(
    r"\b(?:tell|ask|remind|call|phone|ring|text|message|email|e-mail|pick up|drop off|invite|meet|visit|thank|"
    r"congratulate|wake up|wake)\s+$",
    re.IGNORECASE,
)
_CUE_BEFORE: Final = re.compile(rf"\b(?:{_CUES})\s+$", re.I)


@dataclass(frozen=True, slots=True)
class Span:
    """One piece of personal data found in a text."""

    start: int
    end: int
    kind: PiiKind
    value: str


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass(slots=True)
class PseudonymSession:
    """Placeholders for one conversation: the same value always maps to the same placeholder."""

    by_value: dict[tuple[str, str], str] = field(default_factory=dict)
    by_placeholder: dict[str, str] = field(default_factory=dict)
    bracketed: set[str] = field(default_factory=set)
    """Placeholders that stood between brackets in the masked text itself (the brackets were the person's)."""
    _counts: dict[str, int] = field(default_factory=dict)

    def placeholder(self, kind: str, value: str) -> str:
        key = (kind, value.casefold() if kind == "PERSON" else value)  # "alex" and "Alex" are one person
        found = self.by_value.get(key)
        if found is None:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            found = f"{kind}_{self._counts[kind]}"
            self.by_value[key] = found
            self.by_placeholder[found] = value
        return found

    def restore(self, text: str) -> str:
        """Put the real values back wherever the answer uses a placeholder; brackets a model put around one go,
        brackets that were in the masked text stay."""

        def put_back(m: re.Match[str]) -> str:
            placeholder = f"{m.group(2)}_{m.group(3)}"
            value = self.by_placeholder.get(placeholder)
            if value is None:
                return m.group(0)
            if m.group(1) and m.group(4) and placeholder not in self.bracketed:
                return value
            return f"{m.group(1)}{value}{m.group(4)}"

        return _PLACEHOLDER.sub(put_back, text)


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    spans: tuple[Span, ...]
    session: PseudonymSession


class PrivacyFilter:
    """Finds and masks personal data; `names` and `places` are values the household knows are personal
    (members, contacts, HA persons; home and work addresses) and are always masked."""

    def __init__(self, *, names: Iterable[str] = (), places: Iterable[str] = (), public: Iterable[str] = ()) -> None:
        """`public`: phrases that look like names but are not personal (entity and area names of the home)."""
        common = sorted({p.strip() for p in public if p.strip()}, key=len, reverse=True)
        self._public = re.compile(r"\b(?:" + "|".join(map(re.escape, common)) + r")\b", re.I) if common else None
        known = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
        self._known_lower = frozenset(n.lower() for n in known)
        self._names = re.compile(r"\b(?:" + "|".join(map(re.escape, known)) + r")\b", re.I) if known else None
        spots = sorted({p.strip() for p in places if p.strip()}, key=len, reverse=True)
        self._places = re.compile("|".join(map(re.escape, spots)), re.I) if spots else None

    def find(self, text: str, *, people: bool = True) -> list[Span]:
        """Every personal value in `text`; `people=False` keeps only known names and the pattern detectors (for
        a system prompt, whose capitalised words are tool and device names, not people)."""
        spans: list[Span] = [
            Span(m.start(), m.end(), m.group(0).rsplit("_", 1)[0], m.group(0))  # type: ignore[arg-type]
            for m in _LITERAL.finditer(text)
        ]
        if self._places is not None:
            spans += [Span(m.start(), m.end(), "ADDRESS", m.group(0)) for m in self._places.finditer(text)]
        if self._names is not None:
            spans += [Span(m.start(), m.end(), "PERSON", m.group(0)) for m in self._names.finditer(text)]
        for kind, pattern in _PATTERNS:
            for m in pattern.finditer(text):
                value = m.group(0).rstrip(" ,.\t\r\n\f\v")
                span_kind = kind
                if kind == "PHONE":
                    digits = _digits(value)
                    if len(digits) < 7 or _looks_like_time_or_range(value):
                        continue
                    if 13 <= len(digits) <= 19 and _luhn(digits):
                        span_kind = "CARD"
                spans.append(Span(m.start(), m.start() + len(value), span_kind, value))
        guessed = self._people(text) if people else []
        if self._public is not None:
            public = [(m.start(), m.end()) for m in self._public.finditer(text)]
            guessed = [p for p in guessed if not any(a <= p.start and p.end <= b for a, b in public)]
        return _resolve_overlaps(spans + guessed)

    def _people(self, text: str) -> list[Span]:
        """Capitalised words that are not sentence openers or known non-names, names from the first-name list
        in any case, and words after a title, a relation ("my friend") or a cue ("call", "with")."""
        out: list[Span] = []
        words = list(_WORD.finditer(text))
        i = 0
        while i < len(words):
            m = words[i]
            word = m.group(0)
            low = re.sub(r"['\u2019]s$", "", word.lower()).strip("'\u2019")
            before = text[: m.start()]
            opener = _sentence_start(before)
            cued = bool(_TITLE.search(before) or _RELATION_BEFORE.search(before))
            is_name = low not in NOT_NAMES and (
                low in FIRST_NAMES
                or (word[0].isupper() and (not opener or cued))
                or (cued and len(low) > 1)
                or (word[0].isupper() and opener and _CUE_BEFORE.search(before) is not None)
            )
            if not is_name and word[0].isupper() and opener and low not in NOT_NAMES and len(low) > 1:
                is_name = _SUBJECT_AFTER.match(text, m.end()) is not None
            if not is_name and word[0].islower() and low not in NOT_NAMES and low not in NOT_PEOPLE:
                is_name = _PERSON_VERB_BEFORE.search(before) is not None
            if low in self._known_lower:
                is_name = True
            elif len(low) < 2:
                is_name = False
            elif (word.isupper() and len(word) > 1) or _IDENTIFIER.match(word):
                is_name = False  # acronyms (SSN, IBAN, TV) and identifiers (HassTurnOn, kitchen_light) are not names
            if not is_name or _has_digit(word):
                i += 1
                continue
            start, end = m.start(), m.end()
            j = i + 1
            while j < len(words) and j - i < 4:  # surnames and middle names that follow
                nxt = words[j]
                gap = text[end:nxt.start()]
                nxt_low = nxt.group(0).lower()
                if (gap not in (" ", "\u00a0") or not nxt.group(0)[0].isupper() or nxt_low in NOT_NAMES
                        or _has_digit(nxt.group(0)) or (nxt.group(0).isupper() and len(nxt.group(0)) > 1)):
                    break
                end = nxt.end()
                j += 1
            value = text[start:end]
            if value.endswith(("'s", "\u2019s")):
                value = value[:-2]
                end -= 2
            out.append(Span(start, end, "PERSON", value))
            i = j
        return out

    def mask(self, text: str, session: PseudonymSession | None = None, *, people: bool = True) -> Masked:
        session = session if session is not None else PseudonymSession()
        spans = self.find(text, people=people)
        if session.by_value:  # values masked earlier in this conversation, however they are written now
            seen = sorted(session.by_placeholder.items(), key=lambda item: len(item[1]), reverse=True)
            pattern = re.compile("|".join(rf"\b{re.escape(v)}\b" for _, v in seen), re.IGNORECASE)
            kinds = {v.casefold(): p.rsplit("_", 1)[0] for p, v in seen}
            earlier = [Span(m.start(), m.end(), kinds[m.group(0).casefold()], m.group(0))  # type: ignore[arg-type]
                       for m in pattern.finditer(text)]
            spans = _resolve_overlaps(earlier + spans)
        parts: list[str] = []
        last = 0
        for span in spans:
            if span.start < last:  # inside a span already masked (one grown over trailing digits, below)
                continue
            end = span.end
            while end < len(text) and text[end].isdigit():  # "PHONE_1" + "7" would read back as "PHONE_17"
                end += 1
            parts.append(text[last:span.start])
            parts.append(session.placeholder(span.kind, text[span.start:end]))
            last = end
        parts.append(text[last:])
        masked = "".join(parts)
        session.bracketed.update(f"{m.group(2)}_{m.group(3)}" for m in _PLACEHOLDER.finditer(masked)
                                 if m.group(1) and m.group(4))
        return Masked(masked, tuple(spans), session)


def _sentence_start(before: str) -> bool:
    stripped = before.rstrip(" \t\"'\u201c\u2018(")
    return not stripped or stripped[-1] in ".!?:;\n"


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _looks_like_time_or_range(value: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2}[:.]\d{2}(?:\s*-\s*\d{1,2}[:.]\d{2})?", value.strip()))


def _resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the earliest, then longest span where detectors overlap."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if chosen and span.start < chosen[-1].end:
            continue
        chosen.append(span)
    return chosen


class RemotePrivacyError(Exception):
    """The household does not allow this text to leave the hub."""


class PrivacyGuard:
    """Applies the household's `remote_privacy` setting to every remote call and audits it.

    `outgoing(messages, session)` returns the messages as they may leave the hub (or raises
    `RemotePrivacyError` under `never`); `incoming(answer, session)` restores the pseudonyms.
    """

    def __init__(self, setting: PrivacySetting, privacy_filter: PrivacyFilter, audit: AuditLog | None = None) -> None:
        self.setting = setting
        self.filter = privacy_filter
        self.audit = audit

    def outgoing(
        self, messages: Sequence[Mapping[str, str]], session: PseudonymSession, *, who: Mapping[str, object],
        endpoint: str, request_id: str | None = None,
    ) -> list[dict[str, str]]:
        if self.setting == "never":
            self._record("blocked", endpoint, "the household allows nothing to leave the hub", who, request_id, {})
            raise RemotePrivacyError("remote calls are turned off for this household")
        out: list[dict[str, str]] = []
        found: dict[str, int] = {}
        for message in messages:
            content = message.get("content", "")
            if self.setting == "masked":
                masked = self.filter.mask(content, session, people=message.get("role") != "system")
                content = masked.text
                for span in masked.spans:
                    found[span.kind] = found.get(span.kind, 0) + 1
            out.append({**message, "content": content})
        self._record("sent", endpoint, f"privacy {self.setting}", who, request_id, {"masked": found})
        return out

    def incoming(self, answer: str, session: PseudonymSession) -> str:
        return session.restore(answer) if self.setting == "masked" else answer

    def _record(
        self, decision: Literal["sent", "blocked"], endpoint: str, reason: str, who: Mapping[str, object],
        request_id: str | None, args: dict[str, object],
    ) -> None:
        if self.audit is not None:
            self.audit.record(
                AuditEntry(kind="remote", decision=decision, tool=endpoint, tier=self.setting, reason=reason,
                           who=dict(who), source="remote", args=dict(args), request_id=request_id)
            )
