"""The pipeline repair: an Assist pipeline that uses a Hearth agent with "prefer handling commands locally" on
raises a fixable issue; the fix turns the setting off and clears it.

HA's `assist_pipeline` cannot be imported in the test root (its `pymicro-vad` and `pyspeex-noise` requirements
publish no Python 3.14 wheels and the root has no compiler), so this test stands in for the three functions the
integration calls (`async_get_pipelines`, `async_get_pipeline`, `async_update_pipeline`) and the pipeline store's
change listener: a seam, not HA's behaviour. The rest (issue registry, repairs flow manager) is real.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hearth.const import DOMAIN

from .fake_hub import FakeHub
from .helpers import agent_entity_id, async_setup_base, setup_entry


@dataclass
class Pipeline:
    id: str
    name: str
    conversation_engine: str
    prefer_local_intents: bool


class PipelineNotFoundError(Exception):
    pass


@pytest.fixture
def pipelines(hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch) -> list[Pipeline]:
    items: list[Pipeline] = []
    listeners: list[Callable[[Any], Any]] = []
    package = types.ModuleType("homeassistant.components.assist_pipeline")
    module = types.ModuleType("homeassistant.components.assist_pipeline.pipeline")

    def get(_hass: HomeAssistant, pipeline_id: str) -> Pipeline:
        for item in items:
            if item.id == pipeline_id:
                return item
        raise PipelineNotFoundError(pipeline_id)

    async def update(_hass: HomeAssistant, pipeline: Pipeline, *, prefer_local_intents: bool) -> None:
        pipeline.prefer_local_intents = prefer_local_intents
        for listener in listeners:
            await listener([])

    def add_listener(listener: Callable[[Any], Any]) -> Callable[[], None]:
        listeners.append(listener)
        return lambda: listeners.remove(listener)

    package.async_get_pipelines = lambda _hass: list(items)  # type: ignore[attr-defined]
    package.async_update_pipeline = update  # type: ignore[attr-defined]
    package.PipelineNotFound = PipelineNotFoundError  # type: ignore[attr-defined]
    module.async_get_pipeline = get  # type: ignore[attr-defined]
    module.KEY_ASSIST_PIPELINE = "hearth_test_assist_pipeline"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, package.__name__, package)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    hass.data["hearth_test_assist_pipeline"] = types.SimpleNamespace(
        pipeline_store=types.SimpleNamespace(async_add_change_set_listener=add_listener)
    )
    hass.config.components.add("assist_pipeline")
    return items


async def test_local_first_pipeline_is_a_fixable_repair(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry, pipelines: list[Pipeline]
) -> None:
    await async_setup_base(hass)
    assert await async_setup_component(hass, "repairs", {})
    await setup_entry(hass, mock_config_entry, fake_hub)
    agent = agent_entity_id(hass, fake_hub.hub_id)
    pipelines.extend([
        Pipeline("p1", "Kitchen", agent, prefer_local_intents=True),
        Pipeline("p2", "Office", agent, prefer_local_intents=False),
        Pipeline("p3", "Other agent", "conversation.home_assistant", prefer_local_intents=True),
    ])
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    issues = ir.async_get(hass)
    assert [key for key in issues.issues if key[0] == DOMAIN] == [(DOMAIN, "pipeline_prefers_local_p1")]
    issue = issues.async_get_issue(DOMAIN, "pipeline_prefers_local_p1")
    assert issue is not None
    assert issue.is_fixable
    assert issue.translation_placeholders == {"pipeline": "Kitchen"}

    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": "pipeline_prefers_local_p1"})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "confirm"
    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert pipelines[0].prefer_local_intents is False
    assert issues.async_get_issue(DOMAIN, "pipeline_prefers_local_p1") is None


async def test_fix_for_a_deleted_pipeline_aborts(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry, pipelines: list[Pipeline]
) -> None:
    await async_setup_base(hass)
    assert await async_setup_component(hass, "repairs", {})
    await setup_entry(hass, mock_config_entry, fake_hub)
    pipelines.append(Pipeline("p9", "Gone", agent_entity_id(hass, fake_hub.hub_id), prefer_local_intents=True))
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    pipelines.clear()
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": "pipeline_prefers_local_p9"})
    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "pipeline_gone"
