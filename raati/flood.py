"""Limits on how fast answers can come in, so that one person cannot flood a round.

Nothing here is stored about a person or a device: the counters live in the memory of
the app process (per round, and per browser session, i.e. per connection) and are gone
when it restarts. What the limits leave possible is documented in the README ("What
one person can still do"), as LimeSurvey and HappyOrNot document theirs:

- **Per connection**: a browser session on a phone answers a round once (and the
  ``raati_done_<round>`` cookie remembers it after a reload); answering again and again
  on one device needs kiosk mode, which staff switch on for the round or give as the
  round's kiosk link (its own token; ``&kiosk=1`` on a phone link does nothing).
- **Per round**: at most ``round_limit(expected)`` responses in any ``WINDOW_S``
  seconds, enough for a whole workshop answering at once after a briefing (twice the
  expected number, at least 30). A submission over the limit is refused with a kind
  message and kept on the person's screen (nothing is lost; sending again later
  works), and the refusal is counted per day for staff (Store.record_burst).
"""

from __future__ import annotations

import threading
import time
from collections import deque

WINDOW_S = 600.0
MIN_ROUND_LIMIT = 30


def round_limit(expected: int | None) -> int:
    """How many responses a round takes in any WINDOW_S seconds: twice the expected
    number of respondents (a whole group answering at once, with room), at least
    MIN_ROUND_LIMIT."""
    return max(MIN_ROUND_LIMIT, 2 * (expected or 0))


class RoundBursts:
    """Sliding-window counters of accepted responses per round, in memory, safe
    across the app's threads (one per browser session)."""

    def __init__(self, window_s: float = WINDOW_S):
        self.window_s = window_s
        self._times: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def admit(self, round_token: str, expected: int | None, now: float | None = None) -> bool:
        """Take one more response to the round (by its token: unique across databases)
        if it is under its limit (round_limit) in the window; False: refuse it for now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._times.setdefault(round_token, deque())
            while times and times[0] <= now - self.window_s:
                times.popleft()
            if len(times) >= round_limit(expected):
                return False
            times.append(now)
            return True

    def release(self, round_token: str) -> None:
        """Give back the last admission (the response could not be stored)."""
        with self._lock:
            times = self._times.get(round_token)
            if times:
                times.pop()


bursts = RoundBursts()  # one per app process


def admit_submission(store, rnd) -> bool:
    """Take one response to round ``rnd`` (a raati.store.Round) if its burst limit
    allows; otherwise count the refusal for staff (Store.record_burst, per day) and
    return False: the page keeps the answers on screen to send again."""
    if bursts.admit(rnd.token, rnd.expected):
        return True
    store.record_burst(rnd.id)
    return False
