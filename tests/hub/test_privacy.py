"""The privacy filter: detectors per kind, pseudonym sessions, the household setting, and 240 PII-bearing
requests through the guard to a loopback OpenAI-compatible endpoint that records every byte it receives.

The remote understanding tier does not exist yet; these requests go through `PrivacyGuard` (the interface that
tier will call) and a plain HTTP client, so what is measured is the filter and its restoration."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from aiohttp import ClientSession

from hub.policy.audit import AuditLog
from hub.policy.privacy import PrivacyFilter, PrivacyGuard, PseudonymSession, RemotePrivacyError

NAMES = [
    "Maria Garcia", "John Smith", "Siobhan O'Neill", "Thandiwe Nkosi", "Hiroshi Tanaka", "Priya Raman",
    "Olusegun Adeyemi", "Zofia Kowalska", "Mateo Rossi", "Ingrid Johansson", "Fatima Zahra", "Liam Murphy",
    "Aiko Yamamoto", "Dmitri Volkov", "Chloe Martin", "Kwame Mensah", "Anjali Gupta", "Lars Eriksen",
    "Camila Souza", "Noah Williams", "Dr. Okafor", "Mrs. Henderson",
]
PHONES = ["+1 (555) 123-4567", "555-867-5309", "+44 20 7946 0958", "0176 12345678", "(212) 555-0199",
          "+49 30 901820", "07700 900123", "+33 6 12 34 56 78"]
EMAILS = ["maria.garcia@example.com", "jsmith@mail.example.org", "siobhan+home@example.ie", "t.nkosi@example.co.za",
          "hiro_t@example.jp", "priya.r@example.in"]
ADDRESSES = ["742 Evergreen Terrace, Springfield, IL 62704", "12 Baker Street, London NW1 6XE",
             "1600 Pennsylvania Avenue NW, Washington, DC 20500", "221B Baker St", "Hauptstraße 5, 10115 Berlin",
             "4 Privet Drive, Little Whinging, Surrey GU15 3HX", "350 Fifth Avenue, New York, NY 10118",
             "15 Rue de Rivoli", "88 Harbour Road, Apt 4B", "9 Elm Grove"]
BIRTH_DATES = ["12/03/1988", "March 3, 1985", "1990-04-12", "3rd of July 1979", "21.11.1966", "Feb 29, 2000"]
CARDS = ["4111 1111 1111 1111", "5500-0000-0000-0004", "340000000000009", "6011000990139424"]
IBANS = ["DE89 3704 0044 0532 0130 00", "GB29NWBK60161331926819"]
COORDS = ["51.5074, -0.1278", "40.7128° N, 74.0060° W"]
TEMPLATES = [
    ("Call {name} at {phone} and tell them I'm running late", ("name", "phone")),
    ("Email {email} that {name} will be late for dinner", ("email", "name")),
    ("My friend {name} lives at {address}, how long does it take to drive there?", ("name", "address")),
    ("{name} was born on {dob}, how old will they be next year?", ("name", "dob")),
    ("Pay the electricity bill with my card {card}", ("card",)),
    ("Remind me to send {name}'s birthday present to {address}", ("name", "address")),
    ("What's a good gift for {name}? Her email is {email} and her phone is {phone}", ("name", "email", "phone")),
    ("Write a short note to my neighbour {name} at {address} about the noise", ("name", "address")),
    ("My date of birth is {dob} and my card number is {card}, is that card expired?", ("dob", "card")),
    ("Tell {name} to call me back on {phone} after six", ("name", "phone")),
    ("Transfer 40 euros to {iban} for {name}", ("iban", "name")),
    ("How far is the park from {coords}?", ("coords",)),
    ("Draft a message to {email}: {name} moved to {address}", ("email", "name", "address")),
]
POOLS = {"name": NAMES, "phone": PHONES, "email": EMAILS, "address": ADDRESSES, "dob": BIRTH_DATES, "card": CARDS,
         "iban": IBANS, "coords": COORDS}


def pii_cases(count: int = 240, seed: int = 7) -> list[dict[str, Any]]:
    """Requests with the personal values they carry (deterministic)."""
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        template, slots = TEMPLATES[i % len(TEMPLATES)]
        values = {slot: rng.choice(POOLS[slot]) for slot in slots}
        cases.append({"id": i, "text": template.format(**values), "pii": sorted(set(values.values()))})
    return cases


def leaked(values: list[str], sent: str) -> list[str]:
    low = " ".join(sent.split()).casefold()
    out = []
    for value in values:
        core = value.removeprefix("Dr. ").removeprefix("Mrs. ")
        if " ".join(core.split()).casefold() in low:
            out.append(value)
    return out


async def test_240_pii_requests_leave_no_pii_and_are_restored(
    recording_chat_endpoint: tuple[str, list[bytes]],
) -> None:
    url, received = recording_chat_endpoint
    guard = PrivacyGuard("masked", PrivacyFilter(names=["Alex", "Sam"]), AuditLog(None))
    cases = pii_cases()
    restored_ok = 0
    leaks: list[tuple[int, list[str]]] = []
    async with ClientSession() as http:
        for case in cases:
            session = PseudonymSession()
            messages = [{"role": "system", "content": "You are a helpful assistant."},
                        {"role": "user", "content": case["text"]}]
            out = guard.outgoing(messages, session, who={"user_id": "u"}, endpoint=url)
            async with http.post(f"{url}/chat/completions", json={"model": "m", "messages": out}) as resp:
                answer = (await resp.json())["choices"][0]["message"]["content"]
            final = guard.incoming(answer, session)
            restored_ok += final == f"Noted: {case['text']}"
            sent = received[-1].decode("utf-8")
            found = leaked(case["pii"], sent) + leaked(case["pii"], json.dumps(json.loads(sent), ensure_ascii=False))
            if found:
                leaks.append((case["id"], found))
    assert len(cases) >= 200
    assert leaks == []
    assert restored_ok / len(cases) >= 0.95
    assert restored_ok == len(cases)
    assert len(guard.audit.recent(500)) == len(cases) if guard.audit else False


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Call John Smith at +1 (555) 123-4567", ["PERSON", "PHONE"]),
        ("write to maria.garcia@example.com", ["EMAIL"]),
        ("card 4111 1111 1111 1111 please", ["CARD"]),
        ("I live at 742 Evergreen Terrace, Springfield, IL 62704", ["ADDRESS"]),
        ("born on 12/03/1988", ["DATE"]),
        ("we are at 51.5074, -0.1278", ["LOCATION"]),
        ("IBAN GB29NWBK60161331926819", ["IBAN"]),
        ("my friend priya is here", ["PERSON"]),
        ("Tell Sarah I said hi", ["PERSON"]),
        ("Dr. Okonkwo is at Hauptstraße 5, 10115 Berlin", ["PERSON", "ADDRESS"]),
        ("postcode NW1 6XE", ["POSTCODE"]),
    ],
)
def test_detectors(text: str, kinds: list[str]) -> None:
    assert [s.kind for s in PrivacyFilter().find(text)] == kinds


@pytest.mark.parametrize(
    "text",
    ["Turn on the Kitchen Light", "Set a timer for 10 minutes", "It's 21.5 degrees in here", "What time is it?",
     "Book a table for 4 at 7:30 on Friday", "Play some jazz in the Living Room"],
)
def test_ordinary_requests_stay_readable(text: str) -> None:
    home_names = ["Kitchen Light", "Living Room"]
    assert PrivacyFilter(public=home_names).mask(text).text == text


def test_a_session_keeps_pseudonyms_consistent_and_restores_variants() -> None:
    privacy = PrivacyFilter(names=["Alex"])
    session = PseudonymSession()
    first = privacy.mask("Alex called Maria Garcia", session).text
    second = privacy.mask("Did alex call maria garcia back?", session).text
    assert first == "PERSON_1 called PERSON_2"
    assert second == "Did PERSON_1 call PERSON_2 back?"
    assert session.restore("Yes, [PERSON_1] called PERSON_2.") == "Yes, Alex called Maria Garcia."
    assert session.restore("PERSON_9 is unknown") == "PERSON_9 is unknown"


def test_the_household_setting() -> None:
    audit = AuditLog(None)
    messages = [{"role": "user", "content": "Call John Smith at 555-867-5309"}]
    with pytest.raises(RemotePrivacyError):
        PrivacyGuard("never", PrivacyFilter(), audit).outgoing(messages, PseudonymSession(), who={}, endpoint="x")
    allowed = PrivacyGuard("allowed", PrivacyFilter(), audit)
    session = PseudonymSession()
    assert allowed.outgoing(messages, session, who={}, endpoint="x") == messages
    assert allowed.incoming("PERSON_1", session) == "PERSON_1"
    masked = PrivacyGuard("masked", PrivacyFilter(), audit).outgoing(messages, session, who={}, endpoint="x")
    assert masked == [{"role": "user", "content": "Call PERSON_1 at PHONE_1"}]
    assert [e["decision"] for e in audit.recent()] == ["sent", "sent", "blocked"]
    assert audit.recent()[0]["args"] == {"masked": {"PERSON": 1, "PHONE": 1}}
    assert all(e["kind"] == "remote" for e in audit.recent())


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("tell okafor i'll be late", ["okafor"]),
        ("Jennifer's number is 415.555.2671", ["Jennifer", "415.555.2671"]),
        ("Kemi and Tunde are coming over", ["Kemi", "Tunde"]),
        ("remind wei to pick up xiaoming", ["wei", "xiaoming"]),
        ("we're at lat 48.8584 lon 2.2945", ["48.8584", "2.2945"]),
        ("I live on 5th Avenue apartment 12C", ["5th Avenue", "12C"]),
        ("Navigate to 1 Infinite Loop, Cupertino, CA 95014", ["1 Infinite Loop", "95014"]),
        ("my social security number is 078-05-1120", ["078-05-1120"]),
        ("visa 4532015112830366 exp 04/27", ["4532015112830366"]),
        ("Ich wohne in der Lindenstraße 12, 80331 München", ["Lindenstraße 12"]),
        ("my passport number is X12345678", ["X12345678"]),
        ("Ahmed bin Rashid called from 971 50 123 4567", ["Ahmed", "Rashid", "971 50 123 4567"]),
        ("my dentist dr. van der Berg moved", ["van der Berg"]),
    ],
)
def test_harder_phrasings_leak_nothing(text: str, values: list[str]) -> None:
    masked = PrivacyFilter().mask(text)
    assert leaked(values, masked.text) == []
    assert masked.session.restore(masked.text) == text


def test_the_gate_builds_the_households_guard() -> None:
    from hub.home.virtual import build_virtual_home
    from hub.policy.gate import PolicyGate
    from hub.policy.people import virtual_household

    gate = PolicyGate(virtual_household())
    guard = gate.privacy_guard(build_virtual_home(), extra_names=["Okonkwo"])
    assert guard.setting == "masked"
    session = PseudonymSession()
    [out] = guard.outgoing([{"role": "user", "content": "Ask grandma and okonkwo to dim the Kitchen Light"}],
                           session, who={}, endpoint="e")
    assert out["content"] == "Ask PERSON_1 and PERSON_2 to dim the Kitchen Light"
    assert gate.audit.recent()[0]["kind"] == "remote"


def test_a_system_prompt_keeps_tool_and_device_names() -> None:
    guard = PrivacyGuard("masked", PrivacyFilter(names=["Alex"], public=["Kitchen Light"]))
    system = ("You are Hearth. Tools: HassTurnOn, HassLightSet, MemoryRecall. Devices: Kitchen Light "
              "(light.kitchen_light), Alex's Lamp. Household contact: help@example.org. Reply in JSON.")
    [out, user] = guard.outgoing([{"role": "system", "content": system}, {"role": "user", "content": "Call Maria"}],
                                 PseudonymSession(), who={}, endpoint="e")
    assert "HassTurnOn, HassLightSet, MemoryRecall" in out["content"]
    assert "Kitchen Light (light.kitchen_light)" in out["content"]
    assert "Alex" not in out["content"]
    assert "help@example.org" not in out["content"]
    assert "JSON" in out["content"]
    assert user["content"] == "Call PERSON_2"
