"""The address guard: which hosts the fetcher may connect to.

Refused unless allow-listed: loopback, private, link-local, reserved, multicast, unspecified,
shared (CGNAT) and every other non-global address, and the cloud metadata endpoints. IPv4-mapped
IPv6 addresses are judged as the IPv4 address they carry. `settings.allow_loopback` lets loopback
through (only loopback); `settings.allow_hosts` lists host names or CIDRs exempt from the guard.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from extractors.errors import MonitorError
from flows.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
METADATA = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})


class BlockedAddress(MonitorError):
    """The host is, or resolves to, an address the guard refuses."""


class ResolveError(MonitorError):
    """The host name could not be resolved (no network, no DNS, or no such host)."""


def address_problem(ip: IPAddress, settings: Settings) -> str | None:
    """Why `ip` is refused (e.g. "private"), or None when it may be contacted."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if _in_allow_list(ip, settings):
        return None
    if ip in METADATA:
        return "cloud metadata endpoint"
    if ip.is_loopback:
        return None if settings.allow_loopback else "loopback"
    for label, flag in (
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    ):
        if flag:
            return label
    return None if ip.is_global else "not globally routable"


async def resolve_checked(host: str, port: int, settings: Settings) -> list[str]:
    """Resolve `host` and check every address; return them all (to connect to, in order).

    Raises BlockedAddress when any address is refused, ResolveError when the name does not resolve.
    """
    host = host.strip("[]")
    try:
        ipaddress.ip_address(host)
        addresses = [host]
    except ValueError:
        if host.lower() in {h.lower() for h in settings.allow_hosts}:
            return [host]  # allow-listed by name: let the client resolve it normally
        addresses = await _resolve(host, port)
    for address in addresses:
        problem = address_problem(ipaddress.ip_address(address.split("%", 1)[0]), settings)
        if problem:
            raise BlockedAddress(f"refusing {host}: resolves to {address} ({problem} address)")
    return addresses


async def _resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ResolveError(f"cannot resolve host {host!r} ({exc}); is the network or DNS available?") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise ResolveError(f"host {host!r} resolved to no address")
    return addresses


def _in_allow_list(ip: IPAddress, settings: Settings) -> bool:
    for entry in settings.allow_hosts:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue  # a host name, matched before resolution
    return False
