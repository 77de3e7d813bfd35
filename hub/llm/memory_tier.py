"""The memory tier: "remember that…", "forget that", "what do you remember about me", recall questions, and
"set it to my usual temperature", "what's my usual bedtime?", placed before the template tier.

Explicit memory phrases become memory tool calls (run on the hub by `MemoryToolbox`). A question is first offered
to the template tier, so "what's the temperature in here" still reads the thermostat; only when the templates
have no answer and a memory clearly matches does this tier answer from memory. "My usual temperature" is looked
up in the speaker's preferences and the sentence is handed to the template tier with the number filled in.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from typing import Final

from hub.home.model import Home
from hub.llm.base import ToolCall, TurnRequest, Understanding, UnderstandingBackend
from hub.memory.model import Memory
from hub.memory.text import temperature_in
from hub.memory.tools import FORGET, LIST, RECALL, RECALL_MIN_SIMILARITY, REMEMBER, MemoryToolbox

_REMEMBER: Final = re.compile(
    r"^(?:(?:hey|ok|okay),?\s+)?(?:please\s+)?(?:remember|note|make a note|keep in mind|don't forget|do not forget)"
    r"(?:\s+(?:that|this))?[:,]?\s+(?P<text>.+?)[.!]?$",
    re.IGNORECASE,
)
_FORGET: Final = re.compile(
    r"^(?:please\s+)?forget\s+(?:(?P<that>that|it|this|what i (?:just )?(?:said|told you))|about\s+(?P<about>.+?)|"
    r"(?:that\s+)?(?P<text>.+?))[.!]?$",
    re.IGNORECASE,
)
_LIST: Final = re.compile(
    r"^what (?:do|did) you (?:remember|know|keep|store)\s+(?:about|on|of)\s+(?P<who>me|us|the household|the family|"
    r"everyone)\??$|^what have you remembered(?: about me)?\??$",
    re.IGNORECASE,
)
_RECALL_EXPLICIT: Final = re.compile(
    r"^(?:do you remember|what did (?:i|we) tell you about|what do you remember about|remind me)\s+(?P<q>.+?)\??$",
    re.IGNORECASE,
)
_QUESTION: Final = re.compile(
    r"^(?:where|what|when|who|which|how|whose|is|are|do|does|did|can|have|has)\b|\?\s*$", re.IGNORECASE
)
_USUAL_TEMPERATURE: Final = re.compile(
    r"\b(?:my|the)\s+(?:usual|normal|preferred|favou?rite|regular)\s+temperature\b"
    r"|\bthe temperature i (?:like|prefer)\b",
    re.IGNORECASE,
)
_USUAL_BEDTIME: Final = re.compile(
    r"\b(?:my|the)\s+(?:usual|normal|regular|typical)\s+bed\s?-?time\b"
    r"|\bwhen do i (?:usually|normally|typically) go to (?:bed|sleep)\b"
    r"|\bwhat time do i (?:usually|normally) go to bed\b",
    re.IGNORECASE,
)
_SET_IT: Final = re.compile(r"\bset (?:it|things|the heat(?:ing)?)\s+to\b", re.IGNORECASE)


class MemoryBackend:
    """`UnderstandingBackend` for household memory; its tier name is "memory"."""

    def __init__(self, toolbox: MemoryToolbox, templates: UnderstandingBackend) -> None:
        self._toolbox = toolbox
        self._templates = templates

    @property
    def name(self) -> str:
        return "memory"

    async def async_prepare(self) -> None:
        await self._templates.async_prepare()

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        text = request.text.strip()
        if not text:
            return None
        if (match := _LIST.match(text)) is not None:
            return self._call(LIST, {"about_me": (match["who"] or "me").lower() == "me"})
        if (match := _REMEMBER.match(text)) is not None and not text.lower().startswith("remind me"):
            return self._call(REMEMBER, {"text": match["text"]})
        if (match := _FORGET.match(text)) is not None:
            if match["that"]:
                return self._call(FORGET, {})
            return self._call(FORGET, {"query": match["about"] or match["text"]})
        if (match := _RECALL_EXPLICIT.match(text)) is not None:
            return self._call(RECALL, {"query": match["q"]})
        if _USUAL_BEDTIME.search(text):
            return await asyncio.to_thread(self._usual_bedtime, request)
        if _USUAL_TEMPERATURE.search(text):
            return await self._usual_temperature(request, home)
        if _QUESTION.search(text):
            return await self._maybe_recall(request, home)
        return None

    def _call(self, tool: str, args: dict[str, object], confidence: float = 0.95) -> Understanding:
        return Understanding(tier=self.name, confidence=confidence, calls=(ToolCall(tool, dict(args)),))

    async def _maybe_recall(self, request: TurnRequest, home: Home) -> Understanding | None:
        template = await self._templates.async_understand(request, home)
        if template is not None and template.calls:
            return template
        hits = await asyncio.to_thread(self._toolbox.recall, request.text, request, k=1)
        if not hits or (hits[0].similarity or 0.0) < RECALL_MIN_SIMILARITY:
            return template
        return self._call(RECALL, {"query": request.text}, confidence=round(hits[0].similarity or 0.0, 3))

    async def _usual_temperature(self, request: TurnRequest, home: Home) -> Understanding:
        preference = await asyncio.to_thread(self._temperature_preference, request)
        if preference is None:
            return Understanding(
                tier=self.name, confidence=0.9,
                failure="I don't know your usual temperature yet. Tell me, for example: remember that I like it "
                "at 21 degrees.",
            )
        degrees = preference.data["temperature"]
        value = int(degrees) if float(degrees).is_integer() else degrees
        rewritten = _USUAL_TEMPERATURE.sub(f"{value} degrees", request.text)
        rewritten = _SET_IT.sub("set the temperature to", rewritten)
        understanding = await self._templates.async_understand(
            TurnRequest(rewritten, request.language, request.area_id, request.user_id, request.device_id,
                        request.conversation_id),
            home,
        )
        if understanding is None:
            return Understanding(tier=self.name, confidence=0.5, failure="Sorry, I couldn't set that temperature.")
        self._toolbox.note_touched(request, preference.id)
        return Understanding(
            tier=self.name, confidence=understanding.confidence, calls=understanding.calls,
            clarification=understanding.clarification, failure=understanding.failure,
            details={**understanding.details, "memory": preference.id, "rewritten": rewritten},
        )

    def _usual_bedtime(self, request: TurnRequest) -> Understanding:
        """The speaker's current inferred bedtime (from their sleep reports), spoken by the recall tool."""
        viewer = self._toolbox.viewer(request)
        habit = None
        if viewer.member is not None:
            habit = next(
                (m for m in self._toolbox.store.list_memories(viewer, about_me=True, kinds=["preference"])
                 if isinstance(m.data.get("bedtime"), str)),
                None,
            )
        if habit is None:
            return Understanding(
                tier=self.name, confidence=0.9,
                failure="I don't know your usual bedtime yet; I learn it after a few nights of sleep reports.",
            )
        return self._call(RECALL, {"query": request.text, "memory_id": habit.id})

    def _temperature_preference(self, request: TurnRequest) -> Memory | None:
        """The speaker's current temperature preference, the one for the speaker's room first."""
        viewer = self._toolbox.viewer(request)
        if viewer.member is None:
            return None
        candidates = [
            m for m in self._toolbox.store.list_memories(viewer, about_me=True)
            if isinstance(m.data.get("temperature"), int | float)
        ]
        if not candidates:
            hits = self._toolbox.store.search("my usual preferred temperature degrees", viewer, k=5)
            candidates = [
                replace(h.memory, data={**h.memory.data, "temperature": degrees})
                for h in hits
                if h.memory.person == viewer.member and (degrees := temperature_in(h.memory.text)) is not None
            ]
        if not candidates:
            return None
        in_room = [m for m in candidates if m.data.get("area") == request.area_id]
        return (in_room or [m for m in candidates if not m.data.get("area")] or candidates)[0]

