"""A phone as the Streamlit server sees it, without a browser: for benchmarks that need
many clients on a machine that cannot run as many Chromium pages beside the server.

:class:`WireTab` speaks Streamlit's own websocket protocol (``/_stcore/stream``, the
``BackMsg`` / ``ForwardMsg`` protobufs that ship with Streamlit) as one browser tab does:
it asks for a run of the page with the tab's query string, keeps the widget ids the
server sends, reruns a fragment when the server asks it to (``auto_rerun``, as the
browser's timer does for ``st.fragment(run_every=...)``) and clicks a button by its
widget key (a trigger value in a rerun of the button's fragment, as the browser sends).
So the server does for it what it does for a real phone — a session, every script run,
every delta — while the phone's drawing, which a real phone does on its own processor,
is left out. Nothing is drawn; the HTML of ``st.html`` elements can be watched.

Used by bench/panel_live.py. A benchmark helper, not part of Raati.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


def epoch_ms() -> float:
    """Now in epoch milliseconds (the clock a browser page's
    ``performance.timeOrigin + performance.now()`` follows)."""
    return time.time() * 1000


class WireTab:
    """One tab of ``url`` with ``query`` (``"p=ABC123"``), kept open until :meth:`close`."""

    def __init__(self, url: str, query: str):
        self.url, self.query = url, query
        self.page_hash = ""
        self.buttons: dict[str, tuple[str, str]] = {}   # key -> (widget id, fragment id)
        self.checkboxes: dict[str, bool] = {}            # widget id -> its value
        self.runs = 0                                    # script runs finished
        self.elements = 0                                # elements the server sent
        self._ws = None
        self._tasks: list[asyncio.Task] = []
        self._timers: dict[str, asyncio.Task] = {}
        self._watchers: list[tuple[Callable[[str], bool], asyncio.Future]] = []
        self._finished = asyncio.Event()

    async def open(self, timeout: float = 60) -> None:
        """Connect and wait for the first run of the page to finish."""
        uri = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        self._ws = await websockets.connect(uri, subprotocols=["streamlit"], origin=self.url,
                                            max_size=None, open_timeout=timeout)
        self._tasks.append(asyncio.create_task(self._read()))
        self._finished.clear()
        await self._send_rerun()
        await asyncio.wait_for(self._finished.wait(), timeout)

    async def close(self) -> None:
        for task in (*self._tasks, *self._timers.values()):
            task.cancel()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()

    def watch_html(self, predicate: Callable[[str], bool], timeout: float) -> asyncio.Future:
        """A future set to the epoch ms of the first ``st.html`` body from now on for which
        ``predicate`` holds, or to None after ``timeout`` s."""
        future = asyncio.get_running_loop().create_future()
        self._watchers.append((predicate, future))
        asyncio.get_running_loop().call_later(
            timeout, lambda: future.done() or future.set_result(None))
        return future

    async def wait_runs(self, n: int, timeout: float) -> None:
        """Wait until ``n`` script runs (the page's or a fragment's) have finished."""
        async def reached():
            while self.runs < n:
                self._finished.clear()
                await self._finished.wait()
        await asyncio.wait_for(reached(), timeout)

    async def click(self, key: str) -> bool:
        """Click the button with widget ``key`` (False if this tab has no such button)."""
        if key not in self.buttons:
            return False
        widget_id, fragment = self.buttons[key]
        await self._send_rerun(fragment, trigger=widget_id)
        return True

    async def _send_rerun(self, fragment: str = "", trigger: str | None = None,
                          auto: bool = False) -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.fragment_id = fragment
        state.is_auto_rerun = auto
        for widget_id, value in self.checkboxes.items():
            w = state.widget_states.widgets.add()
            w.id, w.bool_value = widget_id, value
        if trigger:
            w = state.widget_states.widgets.add()
            w.id, w.trigger_value = trigger, True
        await self._ws.send(msg.SerializeToString())

    async def _every(self, fragment: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            await self._send_rerun(fragment, auto=True)

    async def _read(self) -> None:
        async for raw in self._ws:
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "navigation" and msg.navigation.page_script_hash:
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "auto_rerun":
                frag, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
                if frag not in self._timers:
                    self._timers[frag] = asyncio.create_task(self._every(frag, interval))
            elif kind == "script_finished":
                self.runs += 1
                self._finished.set()
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, msg.delta.fragment_id)

    def _element(self, element, fragment: str) -> None:
        self.elements += 1
        kind = element.WhichOneof("type")
        if kind == "button":
            widget_id = element.button.id
            # "$$ID-<hash>-<user key>": the key the page gave the widget.
            self.buttons[widget_id.split("-", 2)[-1]] = (widget_id, fragment)
        elif kind == "checkbox":
            self.checkboxes.setdefault(element.checkbox.id, element.checkbox.default)
        elif kind == "html" and self._watchers:
            now = epoch_ms()
            body = element.html.body
            for predicate, future in list(self._watchers):
                if future.done():
                    self._watchers.remove((predicate, future))
                elif predicate(body):
                    future.set_result(now)
                    self._watchers.remove((predicate, future))
