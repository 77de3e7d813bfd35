"""Repair issues: an incompatible hub, a hub model that failed to load, and Assist pipelines that would answer
commands locally before Hearth sees them (bypassing its confirmations); the last one can be fixed here."""

from __future__ import annotations

from typing import Final

import probatio as vol
from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, LOGGER
from .protocol import PROTOCOL_VERSION, HubInfo

ISSUE_PROTOCOL: Final = "protocol_incompatible"
ISSUE_MODEL: Final = "model_failed"
ISSUE_PIPELINE: Final = "pipeline_prefers_local"


def _issue_id(kind: str, key: str) -> str:
    return f"{kind}_{key}"


@callback
def async_check_protocol(hass: HomeAssistant, entry_id: str, title: str, protocol: int | None) -> bool:
    """Raise (or clear) the incompatible-protocol issue; True when the hub speaks our protocol."""
    issue_id = _issue_id(ISSUE_PROTOCOL, entry_id)
    if protocol == PROTOCOL_VERSION:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return True
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=ISSUE_PROTOCOL,
        translation_placeholders={
            "name": title,
            "hub_protocol": "?" if protocol is None else str(protocol),
            "protocol": str(PROTOCOL_VERSION),
        },
    )
    return False


@callback
def async_check_models(hass: HomeAssistant, entry_id: str, title: str, info: HubInfo) -> None:
    """Raise (or clear) the failed-model issue from the hub's `models`."""
    issue_id = _issue_id(ISSUE_MODEL, entry_id)
    failed = [model for model in info.models if model.status == "failed"]
    if not failed:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_MODEL,
        translation_placeholders={
            "name": title,
            "models": ", ".join(model.name for model in failed),
            "error": "; ".join(f"{model.name}: {model.error or 'unknown error'}" for model in failed),
        },
    )


@callback
def async_check_pipelines(hass: HomeAssistant) -> None:
    """One issue per Assist pipeline that uses a Hearth agent with "prefer handling commands locally" on."""
    if "assist_pipeline" not in hass.config.components:
        return
    from homeassistant.components.assist_pipeline import async_get_pipelines

    registry = er.async_get(hass)
    ours = {
        entity.entity_id
        for entity in registry.entities.values()
        if entity.platform == DOMAIN and entity.domain == "conversation"
    }
    wanted: dict[str, str] = {}
    for pipeline in async_get_pipelines(hass):
        if pipeline.conversation_engine in ours and pipeline.prefer_local_intents:
            wanted[_issue_id(ISSUE_PIPELINE, pipeline.id)] = pipeline.name
    issues = ir.async_get(hass)
    for (domain, issue_id), _issue in list(issues.issues.items()):
        if domain == DOMAIN and issue_id.startswith(f"{ISSUE_PIPELINE}_") and issue_id not in wanted:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
    for issue_id, name in wanted.items():
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=True,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_PIPELINE,
            translation_placeholders={"pipeline": name},
            data={"pipeline_id": issue_id.removeprefix(f"{ISSUE_PIPELINE}_")},
        )


class PreferLocalRepairFlow(RepairsFlow):
    """Turn off "prefer handling commands locally" on one pipeline, so every command reaches Hearth."""

    def __init__(self, pipeline_id: str) -> None:
        self._pipeline_id = pipeline_id

    async def async_step_init(self, user_input: dict[str, str] | None = None) -> RepairsFlowResult:
        """Start with the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(self, user_input: dict[str, str] | None = None) -> RepairsFlowResult:
        """Ask, then change the pipeline."""
        from homeassistant.components.assist_pipeline import (
            PipelineNotFound,
            async_update_pipeline,
        )
        from homeassistant.components.assist_pipeline.pipeline import async_get_pipeline

        if user_input is not None:
            try:
                pipeline = async_get_pipeline(self.hass, self._pipeline_id)
            except PipelineNotFound:
                return self.async_abort(reason="pipeline_gone")
            await async_update_pipeline(self.hass, pipeline, prefer_local_intents=False)
            LOGGER.debug("Turned off local-first handling on pipeline %s", self._pipeline_id)
            async_check_pipelines(self.hass)
            return self.async_create_entry(data={})
        return self.async_show_form(step_id="confirm", data_schema=vol.Schema({}))


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """The fix for a pipeline issue (the other issues are not fixable from Home Assistant)."""
    pipeline_id = str((data or {}).get("pipeline_id", ""))
    return PreferLocalRepairFlow(pipeline_id)


