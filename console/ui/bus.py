"""A small publish/subscribe bus so panels can talk without importing each other."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

# Topics used by the built-in panels (payloads are plain dicts):
SEGMENT_CHOSEN = "segment.chosen"  # {"segment", "customer_ids", "size", "channels", "as_of"}
CUSTOMER_OPEN = "customer.open"  # {"customer_id"}
DEALER_OPEN = "dealer.open"  # {"dealer_id"}
DATA_CHANGED = "data.changed"  # {"entity"}: something was written; views may refresh
CONNECTION_RESTORED = "connection.restored"  # None: the database answers again after an outage


class EventBus(QObject):
    published = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._subscribers: dict[str, list[Callable[[object], None]]] = defaultdict(list)
        self._last: dict[str, object] = {}

    def publish(self, topic: str, payload: object = None) -> None:
        self._last[topic] = payload
        self.published.emit(topic, payload)
        for callback in list(self._subscribers.get(topic, ())):
            try:
                callback(payload)
            except Exception:  # one panel's bug must not break the publisher
                log.exception("subscriber of %s failed", topic)

    def subscribe(self, topic: str, callback: Callable[[object], None]) -> Callable[[], None]:
        self._subscribers[topic].append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers[topic]:
                self._subscribers[topic].remove(callback)

        return unsubscribe

    def last(self, topic: str) -> object:
        """The last payload published on a topic (a panel opened later can catch up)."""
        return self._last.get(topic)
