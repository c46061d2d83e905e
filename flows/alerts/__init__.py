"""Alerts: claim events -> a queue of (alert, destination) rows -> delivery, once each (webhooks: at
least once, with a stable id).

`queue_alerts` (after each claims refresh; no network) and `deliver_alerts` (the network; retried),
the destinations an operator configures (`load_destinations`, SANCTIONS_MONITOR_ALERTS[_CONFIG]),
how one alert is sent (`send`: Apprise URLs, Prefect notification blocks), its typed payload (`Alert`)
and what a run's delivery did (`attempts` before, `tally` after).
"""

from flows.alerts.alert import Alert, Evidence, Party
from flows.alerts.destinations import Destination, load_destinations
from flows.alerts.events import deliver_alerts, pending_alerts, queue_alerts
from flows.alerts.queue import DeliveryReport, deliver, queue
from flows.alerts.send import DeliveryError, send
from flows.alerts.tally import DeliveryTally, attempts, tally

__all__ = [
    "Alert", "DeliveryError", "DeliveryReport", "DeliveryTally", "Destination", "Evidence", "Party",
    "attempts", "deliver", "deliver_alerts", "load_destinations", "pending_alerts", "queue", "queue_alerts",
    "send", "tally",
]
