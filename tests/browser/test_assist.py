"""Assist in a real browser, against the real demo stack (HA 2026.10.4 + the Hearth hub, `scripts/ha_demo`'s).

Logs in through HA's login page, opens the Assist dialog from Overview's toolbar, types a request and reads the
reply from the dialog; HA's REST API and the hub's audit log confirm what happened. The second test stops the
hub and checks that Assist says so and nothing changes: with the hub down, the first test fails (its reply is
that same error and the light stays off).

Run: tests/browser/run.sh (sets up Chromium, the venv and the HA root first; scripts/test runs it too).
"""

from __future__ import annotations

import json
import time
from typing import Any

from playwright.sync_api import Page

from demo_ha.stack import REPO, DemoStack

from .conftest import ARTIFACTS, TIMEOUT_MS

KITCHEN_LIGHTS = "light.kitchen_lights"
HUB_DOWN_REPLY = json.loads((REPO / "custom_components/hearth/translations/en.json").read_text())["exceptions"][
    "hub_not_connected"
]["message"]
"""What the integration's agent says while the link to the hub is down ("Sorry, I can't reach the Hearth hub
right now.")."""

_DEEP_TEXT = """
el => {
    const walk = n => {
        if (n.nodeType === Node.TEXT_NODE) return n.textContent;
        if (n.nodeType !== Node.ELEMENT_NODE || ['STYLE', 'SCRIPT'].includes(n.tagName)) return '';
        const kids = [...(n.shadowRoot ? n.shadowRoot.childNodes : []), ...n.childNodes];
        return kids.map(walk).join('');
    };
    return walk(el).replace(/\\s+/g, ' ').trim();
}
"""
"""An element's text with its shadow roots' (HA renders Assist's replies inside shadow DOM)."""


def ask_assist(page: Page, text: str) -> str:
    """Open Assist from Overview's toolbar, send `text`, return the reply shown for it."""
    page.locator("button[aria-label^='Assist']").click()
    dialog = page.locator("ha-voice-command-dialog")
    prompt = dialog.locator("input").first
    prompt.wait_for()
    replies = dialog.locator(".message.hass")
    replies.first.wait_for()  # "How can I assist?"
    before = replies.count()
    prompt.fill(text)
    prompt.press("Enter")
    # The reply's bubble shows "…" until the pipeline's answer arrives, which may come in pieces: wait for text
    # that is more than the placeholder and has stopped changing.
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    last, steady = "", 0
    while time.monotonic() < deadline:
        reply = str(replies.last.evaluate(_DEEP_TEXT)) if replies.count() > before else ""
        steady = steady + 1 if reply == last else 0
        last = reply
        if reply.strip(" .…") and steady >= 3:
            return reply
        time.sleep(0.2)
    raise AssertionError(f"no Assist reply to {text!r} within {TIMEOUT_MS / 1000:.0f} s (last seen: {last!r})")


def wait_for_state(stack: DemoStack, entity_id: str, want: str, timeout: float = 10) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while (state := stack.state(entity_id))["state"] != want and time.monotonic() < deadline:
        time.sleep(0.2)
    return state


def hub_tool_calls(stack: DemoStack) -> list[dict[str, Any]]:
    """The tool calls the hub made, from its audit log (hub data folder, one JSON object a line)."""
    audit = stack.hub_dir / "audit.jsonl"
    if not audit.exists():
        return []
    return [row for line in audit.read_text().splitlines() if (row := json.loads(line)).get("kind") == "tool"]


def test_assist_turns_on_the_kitchen_lights(stack: DemoStack, page: Page) -> None:
    """Typed into Assist in the browser, answered by the hub, done by HA."""
    stack.call_service("light", "turn_off", {"entity_id": KITCHEN_LIGHTS})
    assert wait_for_state(stack, KITCHEN_LIGHTS, "off")["state"] == "off"
    calls_before = len(hub_tool_calls(stack))

    reply = ask_assist(page, "turn on the kitchen lights")
    page.screenshot(path=ARTIFACTS / "assist.png")

    assert reply != HUB_DOWN_REPLY, "the Hearth hub is down"
    assert "turned on" in reply.lower(), reply
    assert "kitchen lights" in reply.lower(), reply
    assert wait_for_state(stack, KITCHEN_LIGHTS, "on")["state"] == "on", reply
    new_calls = hub_tool_calls(stack)[calls_before:]
    assert any(
        call["decision"] == "executed" and KITCHEN_LIGHTS in call.get("entities", []) for call in new_calls
    ), f"the hub did not record turning on {KITCHEN_LIGHTS}: {new_calls}"


def test_assist_says_so_when_the_hub_is_down(stack: DemoStack, page: Page) -> None:
    """Stop the hub: Assist answers with the integration's hub-unavailable error and nothing changes."""
    stack.call_service("light", "turn_on", {"entity_id": KITCHEN_LIGHTS})
    assert wait_for_state(stack, KITCHEN_LIGHTS, "on")["state"] == "on"
    stack.stop_hub()
    try:
        deadline = time.monotonic() + 30
        while stack.hub_link_state() != "off" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert stack.hub_link_state() == "off", "HA did not notice that the hub stopped"

        reply = ask_assist(page, "turn off the kitchen lights")
        page.screenshot(path=ARTIFACTS / "assist-hub-down.png")

        assert reply == HUB_DOWN_REPLY
        time.sleep(1)
        assert stack.state(KITCHEN_LIGHTS)["state"] == "on"
    finally:
        stack.start_hub()
