"""flows.http + flows.netguard over real loopback HTTP: redirects, the address guard, caps, tags."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress

import pytest

from flows.demo import LoopbackSite, Route
from flows.net import FetchResult, address_problem, guarded_get, make_client
from flows.settings import Settings
from tests.helpers.ingest_site import FAST


def get(url: str, settings: Settings = FAST, max_bytes: int = 100_000, **headers: str) -> FetchResult:
    async def run() -> FetchResult:
        async with make_client(settings) as client:
            return await guarded_get(client, url, settings, headers=headers or None, max_bytes=max_bytes)

    return asyncio.run(run())


@pytest.mark.parametrize(
    "ip",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "fd00:ec2::254",
        "fc00::1",
        "fe80::1",
        "0.0.0.0",
        "224.0.0.1",
        "ff02::1",
        "100.64.0.1",
        "240.0.0.1",
        "127.0.0.1",
        "::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
    ],
)
def test_guard_refuses_non_public_literals(ip: str) -> None:
    strict = Settings.load(env={})
    assert address_problem(ipaddress.ip_address(ip), strict) is not None


@pytest.mark.parametrize("ip", ["8.8.8.8", "151.101.0.81", "2001:4860:4860::8888"])
def test_guard_allows_public_literals(ip: str) -> None:
    assert address_problem(ipaddress.ip_address(ip), Settings.load(env={})) is None


def test_allow_loopback_lets_only_loopback_through() -> None:
    loop_ok = Settings.load(env={}, allow_loopback=True)
    assert address_problem(ipaddress.ip_address("127.0.0.1"), loop_ok) is None
    assert address_problem(ipaddress.ip_address("::1"), loop_ok) is None
    for ip in ("10.0.0.1", "169.254.169.254", "192.168.0.10"):
        assert address_problem(ipaddress.ip_address(ip), loop_ok) is not None


def test_allow_hosts_cidr_exempts_a_range() -> None:
    lab = Settings.load(env={}, allow_hosts=("10.20.0.0/16",))
    assert address_problem(ipaddress.ip_address("10.20.3.4"), lab) is None
    assert address_problem(ipaddress.ip_address("10.21.3.4"), lab) == "private"


def test_loopback_refused_without_the_setting() -> None:
    with LoopbackSite(routes={"/x": Route(body=b"hi")}) as site:
        got = get(site.url("/x"), Settings.load(env={}, read_timeout=0.5))
        assert got.error == "blocked_address"
        assert site.hits["/x"] == 0  # refused before connecting


def test_redirect_followed_and_final_url_kept() -> None:
    routes = {"/old": Route(status=301, headers={"Location": "/new"}), "/new": Route(body=b"moved here")}
    with LoopbackSite(routes=routes) as site:
        got = get(site.url("/old"))
    assert got.ok and got.body == b"moved here"
    assert got.final_url == site.url("/new") and got.redirects == 1


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:192.168.0.1]/",
    ],
)
def test_redirect_to_blocked_address_refused_before_connecting(target: str) -> None:
    with LoopbackSite(routes={"/go": Route(status=302, headers={"Location": target})}) as site:
        got = get(site.url("/go"))
        assert site.hits["/go"] == 1
    assert got.error == "blocked_address", got.detail
    assert got.final_url == target and got.body is None


def test_redirect_loop_and_bad_scheme() -> None:
    routes = {
        "/loop": Route(status=302, headers={"Location": "/loop"}),
        "/ftp": Route(status=302, headers={"Location": "ftp://files.example/x"}),
    }
    with LoopbackSite(routes=routes) as site:
        loop = get(site.url("/loop"), FAST.replace(max_redirects=3))
        ftp = get(site.url("/ftp"))
        assert site.hits["/loop"] == 4
    assert loop.error == "too_many_redirects"
    assert ftp.error == "bad_scheme"


def test_status_timeout_and_size_tags() -> None:
    bomb = gzip.compress(b"a" * 200_000)  # tiny on the wire, large once decoded
    routes = {
        "/500": Route(status=500, body=b"oops"),
        "/stall": Route(stall=True),
        "/big": Route(body=b"x" * 5000),
        "/bomb": Route(body=bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}),
    }
    with LoopbackSite(routes=routes) as site:
        results = {p: get(site.url(p), max_bytes=10_000) for p in ("/404", "/500", "/stall", "/big", "/bomb")}
        capped = get(site.url("/big"), max_bytes=1000)
    assert results["/404"].error == "http_404" and results["/404"].status_code == 404
    assert results["/500"].error == "http_500"
    assert results["/stall"].error == "timeout"
    assert results["/big"].ok
    assert capped.error == "too_large" and capped.body is None
    assert results["/bomb"].error == "too_large"


def test_unresolvable_host_fails_fast_with_clear_message() -> None:
    got = get("http://no-such-host.invalid/feed.xml", Settings.load(env={}, connect_timeout=0.5))
    assert got.error == "dns_error"
    assert got.detail is not None and "no-such-host.invalid" in got.detail


def test_host_name_resolved_checked_and_connected() -> None:
    with LoopbackSite(routes={"/x": Route(body=b"by name")}) as site:
        port = site.base.rsplit(":", 1)[1]
        ok = get(f"http://localhost:{port}/x")
        refused = get(f"http://localhost:{port}/x", Settings.load(env={}, read_timeout=0.5))
        assert site.hits["/x"] == 1
    assert ok.ok and ok.body == b"by name" and ok.final_url == f"http://localhost:{port}/x"
    assert refused.error == "blocked_address" and "localhost" in (refused.detail or "")
