"""Protocol v1 schemas: what is accepted, what is refused, and with which code."""

from __future__ import annotations

import json

import pytest
import voluptuous as vol

from hub.errors import ProtocolError
from hub.link import messages


def test_converse_defaults_and_limits() -> None:
    msg = messages.decode(json.dumps({"type": "converse", "request_id": "1", "text": "hi", "area_id": "kitchen"}))
    assert msg["language"] == "en"
    with pytest.raises(ProtocolError) as err:
        messages.decode(json.dumps({"type": "converse", "request_id": "1", "text": "x" * 2001}))
    assert err.value.code == "invalid_message"
    assert "text" in err.value.message


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (b"\xff\xfe", "invalid_message"),
        ("null", "invalid_message"),
        ('{"type": 3}', "unknown_type"),
        ('{"type": "hello"}', "invalid_message"),
        ('{"type": "hello", "protocol": 1, "extra": true}', "invalid_message"),
        ('{"type": "home_snapshot", "entities": [{"id": "not an id", "name": "x"}]}', "invalid_message"),
        ('{"type": "state_changed", "entity_id": "light.x"}', "invalid_message"),
    ],
)
def test_bad_frames_have_codes(frame: str | bytes, code: str) -> None:
    with pytest.raises(ProtocolError) as err:
        messages.decode(frame)
    assert err.value.code == code


def test_snapshot_error_names_the_path() -> None:
    frame = {"type": "home_snapshot", "entities": [{"id": "light.ok", "name": "Ok"}, {"id": "light.bad"}]}
    with pytest.raises(ProtocolError, match=r"entities/1/name"):
        messages.decode(json.dumps(frame))


def test_outbound_frames_are_validated_too() -> None:
    assert json.loads(messages.encode({"type": "pong", "nonce": 1})) == {"type": "pong", "nonce": 1}
    with pytest.raises(vol.Invalid):
        messages.encode({"type": "event", "event_id": "1", "event_type": "not_ours", "time": "t", "data": {}})


def test_every_message_type_is_documented() -> None:
    from pathlib import Path

    spec = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()
    for kind in [*messages.INBOUND, *messages.OUTBOUND]:
        assert f"| `{kind}` |" in spec, kind
    for code in messages.ERROR.schema[vol.Required("code")].container:
        assert f"`{code}`" in spec, code
