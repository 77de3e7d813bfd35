"""Hypothesis on the policy's own parsers: household files, replies, spoken PINs, and the untrusted-content
delimiter (no text can close its block or open a second one)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hub.policy.confirm import classify_reply
from hub.policy.content import Content, delimit
from hub.policy.errors import HouseholdConfigError
from hub.policy.people import household_from_dict
from hub.policy.pin import PIN_PATTERN, spoken_pin

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
values = st.recursive(
    scalars | st.sampled_from(["adult", "child", "guest", "read", "act", "sensitive", "critical", "masked"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "name", "role", "ha_users", "areas", "tools", "max_tier", "members", "roles",
                         "settings", "devices", "tiers", "remote_privacy", "confirm_timeout_s", "child", "x"]),
        inner, max_size=5),
    max_leaves=25,
)


@given(raw=st.dictionaries(st.sampled_from(["settings", "roles", "members", "devices", "tiers", "extra"]), values,
                           max_size=5))
@settings(max_examples=1000, deadline=None)
def test_household_files_are_accepted_or_refused_cleanly(raw: dict[str, Any]) -> None:
    try:
        household = household_from_dict(raw)
    except HouseholdConfigError:
        return
    for member in household.members.values():
        assert household.person_for(member.id).id == member.id
    assert household.person_for(None).id is None


@given(text=st.text(max_size=80))
@settings(max_examples=1000, deadline=None)
def test_replies_and_pins(text: str) -> None:
    assert classify_reply(text) in ("yes", "no", "other")
    pin = spoken_pin(text)
    assert pin is None or PIN_PATTERN.match(pin)


marker_bits = st.sampled_from(["<untrusted>", "</untrusted>", "< /untrusted >", "<UNTRUSTED source=\"user\">",
                               "</ untrusted", "<untrusted", "untrusted>", "<", ">", "/"])


@given(parts=st.lists(st.one_of(st.text(max_size=10), marker_bits), max_size=10))
@settings(max_examples=1000, deadline=None)
def test_delimited_content_has_exactly_one_block(parts: list[str]) -> None:
    wrapped = delimit(Content("".join(parts), "calendar"))
    lowered = wrapped.lower()
    assert lowered.count("<untrusted") == 1
    assert lowered.count("</untrusted>") == 1
    assert lowered.startswith('<untrusted source="calendar">')
    assert lowered.endswith("</untrusted>")
