"""What the hub says when it asks for a confirmation or a PIN, or refuses: short, and naming the action."""

from __future__ import annotations

from collections.abc import Sequence

from hub.home.model import Home
from hub.llm.base import ToolCall
from hub.policy.gate import Verdict


def describe(call: ToolCall, home: Home) -> str:
    """"lock the Back Door", "open the Garage Door", "send a message to bob@example.com"."""
    names = [home.entities[e].name if e in home.entities else e for e in call.entities]
    target = " and ".join(f"the {n}" for n in names) or str(call.args.get("name") or "that")
    domains = {home.entities[e].domain for e in call.entities if e in home.entities}
    if call.tool == "HassTurnOn":
        verb = "lock" if domains == {"lock"} else "open" if domains <= {"cover", "valve"} and domains else "turn on"
    elif call.tool == "HassTurnOff":
        verb = "unlock" if domains == {"lock"} else "close" if domains <= {"cover", "valve"} and domains else "turn off"
    elif call.tool == "HassToggle":
        verb = "toggle"
    elif call.tool == "HassSetPosition":
        return f"set {target} to {call.args.get('position')} percent"
    elif call.tool == "SendMessage":
        return f"send a message to {call.args.get('to', 'someone')}"
    elif call.tool.startswith("Memory"):
        return "change what I remember" if call.tool != "MemoryRemember" else "remember that"
    else:
        verb = _words(call.tool.removeprefix("Hass"))
        return f"{verb} {target}" if call.entities else verb
    return f"{verb} {target}"


def _words(name: str) -> str:
    out = "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()
    return out or name


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def confirm_prompt(held: Sequence[Verdict], home: Home, *, tainted_by: Sequence[str] = ()) -> str:
    actions = _join([describe(v.call, home) for v in held])
    if any(v.decision == "pin" for v in held):
        return f"To {actions}, please say your PIN."
    origin = f"That came with outside content ({', '.join(tainted_by)}). " if tainted_by else ""
    return f"{origin}Do you want me to {actions}? Please say yes or no."


def refusal(refused: Sequence[Verdict], home: Home) -> str:
    actions = _join([describe(v.call, home) for v in refused])
    if any("PIN" in v.reason for v in refused):
        return f"Sorry, I can only {actions} with a household member's PIN."
    return f"Sorry, I'm not allowed to {actions} for you."
