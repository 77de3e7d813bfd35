"""The zeroconf advertisement HA's matcher looks for, checked with a real mDNS query on loopback."""

from __future__ import annotations

import asyncio

from zeroconf import IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from hub.server.advertise import SERVICE_TYPE, Advertiser, service_info

HUB_ID = "abcdef0123456789abcdef0123456789"


async def test_hub_is_discoverable_with_its_stable_id() -> None:
    info = service_info(name="Hearth", hub_id=HUB_ID, port=8765, addresses=["127.0.0.1"])
    advertiser = Advertiser(info, interfaces=["127.0.0.1"])
    await advertiser.start()
    browser_zc = AsyncZeroconf(interfaces=["127.0.0.1"], ip_version=IPVersion.V4Only)
    seen: asyncio.Queue[str] = asyncio.Queue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            seen.put_nowait(name)

    browser = AsyncServiceBrowser(browser_zc.zeroconf, [SERVICE_TYPE], handlers=[on_change])
    try:
        name = await asyncio.wait_for(seen.get(), 10)
        found = AsyncServiceInfo(SERVICE_TYPE, name)
        assert await found.async_request(browser_zc.zeroconf, 3000)
        assert found.properties[b"id"] == HUB_ID.encode()
        assert found.properties[b"protocol"] == b"1"
        assert found.properties[b"api"] == b"/api/v1"
        assert found.port == 8765
        assert found.parsed_addresses() == ["127.0.0.1"]
    finally:
        await browser.async_cancel()
        await browser_zc.async_close()
        await advertiser.stop()
