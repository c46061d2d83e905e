"""The offline demo: a bundled sample news site served on loopback, and the account printed afterwards.

`demo_site()` serves flows/demo/site/ (package data: pages, feed templates, expected findings) on
127.0.0.1 and lists its feeds; `LoopbackSite` is the small real HTTP server behind it (the tests and
benches use it too); `print_stored` / `print_demo_end` are the demo's printout.
"""

from flows.demo.account import print_demo_end, print_stored
from flows.demo.loopback import Handler, LoopbackSite, Route
from flows.demo.server import (
    FEEDS,
    SITE_DIR,
    DemoFeed,
    DemoSite,
    demo_site,
    expected,
    feed_configs,
    render_feed,
)

__all__ = [
    "FEEDS", "SITE_DIR", "DemoFeed", "DemoSite", "Handler", "LoopbackSite", "Route", "demo_site", "expected",
    "feed_configs", "print_demo_end", "print_stored", "render_feed",
]
