"""Announce the hub as `_hearth._tcp.local.` so Home Assistant's zeroconf matcher finds it."""

from __future__ import annotations

import logging
import socket
from typing import Final

import ifaddr
from zeroconf import IPVersion
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from hub import __version__
from hub.link.messages import PROTOCOL_VERSION

_LOGGER = logging.getLogger(__name__)
SERVICE_TYPE: Final = "_hearth._tcp.local."


def service_info(*, name: str, hub_id: str, port: int, addresses: list[str]) -> AsyncServiceInfo:
    """TXT carries the stable id (HA's unique id, never the IP), the version and where the API lives."""
    instance = f"{name} {hub_id[:6]}"
    return AsyncServiceInfo(
        SERVICE_TYPE,
        f"{instance}.{SERVICE_TYPE}",
        port=port,
        properties={"id": hub_id, "version": __version__, "protocol": str(PROTOCOL_VERSION), "api": "/api/v1"},
        server=f"hearth-{hub_id[:8]}.local.",
        parsed_addresses=addresses,
    )


def lan_addresses(host: str) -> list[str]:
    """The bound address if specific, else every non-loopback IPv4 address of this machine."""
    if host not in ("0.0.0.0", "", "::"):
        return [socket.gethostbyname(host)]
    found = [
        str(ip.ip)
        for adapter in ifaddr.get_adapters()
        for ip in adapter.ips
        if ip.is_IPv4 and not str(ip.ip).startswith("127.")
    ]
    return found or ["127.0.0.1"]


class Advertiser:
    """Owns the zeroconf instance for the lifetime of `serve`."""

    def __init__(self, info: AsyncServiceInfo, *, interfaces: list[str] | None = None) -> None:
        self.info = info
        self._interfaces = interfaces
        self._zc: AsyncZeroconf | None = None

    async def start(self) -> None:
        if self._interfaces is None:
            self._zc = AsyncZeroconf(ip_version=IPVersion.V4Only)
        else:
            self._zc = AsyncZeroconf(interfaces=self._interfaces, ip_version=IPVersion.V4Only)
        await self._zc.async_register_service(self.info, allow_name_change=True)
        _LOGGER.info("Advertising %s on %s", self.info.name, ", ".join(self.info.parsed_addresses()))

    async def stop(self) -> None:
        if self._zc is not None:
            await self._zc.async_unregister_service(self.info)
            await self._zc.async_close()
            self._zc = None
