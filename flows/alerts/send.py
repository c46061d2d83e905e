"""Delivering one alert to one destination: Apprise URLs, Prefect notification blocks.

Each delivery carries the alert's stable id (`alert_id`): in the JSON payload of `json://`/`jsons://`
webhooks, as an `X-Alert-Id` header there, and in the text of every other message, so a receiver can
drop a repeat if a crash ever forces one. Webhooks get the typed payload (flows/alerts/alert.py); a
failed send raises DeliveryError with Apprise's own words, the URL's tokens masked (`redact`).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from extractors.errors import MonitorError
from flows.alerts.destinations import Destination

log = logging.getLogger("sanctions_monitor.alerts")
_APPRISE_KEYS = {"version", "title", "message", "attachments", "type"}  # the json:// plugin's own


class DeliveryError(MonitorError):
    """A destination did not accept an alert (it is retried on the next run)."""


def send(dest: Destination, alert_id: str, title: str, body: str, payload: dict[str, Any]) -> None:
    """Deliver one alert; raises DeliveryError when the destination refuses or cannot be reached."""
    if dest.is_block:
        _send_block(dest.url.removeprefix("block:"), title, f"{body}\n\nalert id: {alert_id}")
    else:
        _send_apprise(dest, alert_id, title, body, payload)


def _send_apprise(dest: Destination, alert_id: str, title: str, body: str, payload: dict[str, Any]) -> None:
    import apprise

    url = dest.url
    if dest.carries_alert_id:
        url += ("&" if "?" in url else "?") + f"{quote('+X-Alert-Id')}={quote(alert_id)}"
    else:
        body = f"{body}\n\nalert id: {alert_id}"
    server: Any = apprise.Apprise.instantiate(url)
    if server is None:
        raise DeliveryError(f"{dest.name}: not a valid Apprise URL")
    if dest.carries_alert_id:
        # typed fields beside Apprise's own (version, title, message, type): `:key=value` URL arguments
        # would make every value a string, so they go into the plugin's payload extras as they are
        server.payload_extras.update({k: v for k, v in payload.items() if k not in _APPRISE_KEYS})
    notifier = apprise.Apprise()
    notifier.add(server)
    capture: Any = apprise.LogCapture  # untyped in apprise
    with capture(level=logging.DEBUG, fmt="%(levelname)s %(message)s") as captured:
        ok = notifier.notify(title=title, body=body)
    if not ok:
        raise DeliveryError(f"{dest.name}: {redact(_reason(str(captured.getvalue())), dest.url)}"[:500])


def _reason(log_text: str) -> str:
    """Apprise's own words for a failed send: its warnings and errors, and the socket error under them."""
    lines = [line.split(" ", 1)[1] for line in log_text.splitlines()
             if line.startswith(("WARNING ", "ERROR ", "DEBUG Socket Exception"))]
    return " ".join(" | ".join(lines).split()) or "refused, no reason given"


def redact(text: str, url: str) -> str:
    """`text` without the parts of a destination URL that can carry a token: user, password, path
    segments, query values, and a host with no dot (Apprise puts tokens there: slack://TokenA/...)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1].split(":", 1)[0]  # as written (.hostname is lower-cased)
    secrets = [parts.username, parts.password, *parts.path.split("/"),
               *(v for _, v in parse_qsl(parts.query)), None if "." in host else host]
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        text = text.replace(secret, "***").replace(quote(secret, safe=""), "***")
    return text


def _send_block(name: str, title: str, body: str) -> None:
    from prefect.blocks.abstract import NotificationBlock
    from prefect.blocks.core import Block

    try:
        block: Any = Block.load(name)  # "block-type-slug/name", e.g. "slack-webhook/desk"
        if not isinstance(block, NotificationBlock):
            raise DeliveryError(f"block:{name} is a {type(block).__name__}, not a notification block")
        notifier: Any = block  # notify() is sync from sync code (Prefect's async_dispatch)
        notifier.notify(body=body, subject=title)
    except DeliveryError:
        raise
    except Exception as exc:  # a block can fail in any way its service does
        raise DeliveryError(f"block:{name}: {exc}") from exc
