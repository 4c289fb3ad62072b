#!/usr/bin/env python
"""Many respondents tapping at once: a load generator that speaks Streamlit's websocket
protocol (the messages a browser sends), no browser. Raati's answer page next to a bare
one-button Streamlit page, for N simultaneous respondents.

Usage (from the repo root, in the venv)::

    python bench/tap_load.py                       # N = 1 10 20 40 80
    python bench/tap_load.py --ns 1 10 --taps 10 --think 0.5

For each N, on each server (started here on free ports, with a fresh temp database and
a copy of survey_defs/; Raati through ``serve.py`` as ``scripts/start.sh`` does):

1. open: N simulated respondents connect at once to ``/_stcore/stream`` and ask for a
   run with the page's query string; Raati: the round link ``r=TOKEN`` → start screen →
   tap "Aloita" → first question; bare page: → its button.
2. taps: then all N tap concurrently, each one tap after another (the next when the
   previous run finished, plus ``--think`` seconds). A Raati respondent goes through the
   whole survey (a scale button, "Seuraava" where a comment box waits for it, a grade, the
   two text questions, "Lähetä vastaus"), as its buttons come from the server; a bare
   respondent taps its button ``--taps`` times (default 10; a Raati answer is 20).

Each respondent is one websocket session that behaves like a browser tab: it rebuilds the
page's widgets from the deltas of every run, sends the current values of the widgets on
screen with each tap (the tapped button as ``trigger_value``), and keeps Streamlit's
message cache (cacheable messages are stored by hash, forgotten after
``max_cached_message_age`` runs without use, and their hashes are sent back as
``cached_message_hashes``, so the server sends a reference instead of the full message).

Printed per page and N: tap → script_finished latency (median, p95), taps per second
(taps / wall time of the tap phase), server CPU per tap (utime+stime of the server
process from /proc), bytes per tap (protobuf payload, and on the wire as negotiated,
compressed if the server agreed to permessage-deflate), link → first question ready, and
Raati / bare ratios. At the end it checks that the database holds exactly the answers
whose thank-you screen was seen ("0 lost"). A benchmark, not a test: it only prints
figures (and exits 1 if an answer was lost).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from answer_speed import BARE_APP, SURVEY, bench_servers, pct  # noqa: E402

# For --freeze-bare: once per server process (a script's top level runs on every rerun).
BARE_FROZEN_PROLOGUE = """import gc
import sys

if not getattr(sys, "_bare_frozen", False):
    gc.collect()
    gc.freeze()
    sys._bare_frozen = True
"""
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

DEFAULT_NS = (1, 10, 20, 40, 80)
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
            ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
TRIGGER_KINDS = {"button", "download_button"}  # st.form_submit_button is a "button" too
# A widget's id is "$$ID-<hash>-<user key>" (streamlit.elements.lib.utils).
KEY_RE = re.compile(r"^\$\$ID-[0-9a-f]+-(.+)$")
TEXTS = ("Hyvä porukka ja mukavat ohjaajat.", "", "Enemmän tekemistä ja vaihtelua.",
         "Ruoka", "")
CLK_TCK = os.sysconf("SC_CLK_TCK")


class TapError(Exception):
    """A respondent could not go on: timeout, closed connection, unexpected screen."""


# -- one browser tab ------------------------------------------------------------------------

@dataclass
class Traffic:
    payload: int = 0          # bytes of the websocket messages (protobuf ForwardMsgs)
    wire: int = 0             # bytes read from the TCP socket (frames, deflated if agreed)
    frames: int = 0
    refs: int = 0             # ref_hash messages: the browser had the message cached
    cacheable: int = 0        # full messages marked cacheable (>= minCachedMessageSize)
    cacheable_bytes: int = 0
    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind -> [messages, bytes]

    def add(self, o: Traffic) -> None:
        for k, v in vars(o).items():
            if k == "kinds":
                for kind, (n, b) in v.items():
                    e = self.kinds.setdefault(kind, [0, 0])
                    e[0] += n
                    e[1] += b
            else:
                setattr(self, k, getattr(self, k) + v)

    def count(self, kind: str, size: int) -> None:
        e = self.kinds.setdefault(kind, [0, 0])
        e[0] += 1
        e[1] += size


@dataclass
class Widget:
    kind: str
    proto: object
    key: str | None


class CountingConnection(ClientConnection):
    """websockets' client connection, counting the raw bytes it reads from the socket."""

    sink = None

    def data_received(self, data: bytes) -> None:
        if self.sink is not None:
            self.sink.traffic[self.sink.phase].wire += len(data)
        super().data_received(data)


class Session:
    """One browser session: a websocket to /_stcore/stream, the page's widgets as of the
    last finished run, and the browser's ForwardMsg cache."""

    def __init__(self, http_url: str, query: str, timeout: float):
        self.url = http_url.replace("http://", "ws://") + "/_stcore/stream"
        self.origin = http_url
        self.query = query
        self.timeout = timeout
        self.page_hash = ""
        self.phase = "open"
        self.traffic = {"open": Traffic(), "tap": Traffic()}
        self.cache: dict[str, list] = {}         # hash -> [ForwardMsg, last run it was used]
        self.max_age = 2
        self.runs = 0
        self.widgets: dict[str, Widget] = {}      # on screen after the last finished run
        self.texts: list[str] = []
        self.alerts: list[str] = []
        self.exceptions: list[str] = []
        self.values: dict[str, object] = {}       # what this "person" typed or ticked
        self._run = self._new_run()
        self._waiter: asyncio.Future | None = None
        self.ws = None
        self.reader: asyncio.Task | None = None
        self.closed: str | None = None
        self.misses = 0
        self.deflate = ""

    @staticmethod
    def _new_run() -> dict:
        return {"widgets": {}, "texts": [], "alerts": [], "exceptions": []}

    async def connect(self) -> None:
        try:
            self.ws = await connect(
                self.url, subprotocols=["streamlit"], origin=self.origin, max_size=None,
                open_timeout=self.timeout, create_connection=CountingConnection,
                user_agent_header="raati-tap-load")
        except Exception as exc:  # noqa: BLE001 - any failure to connect is one error
            raise TapError(f"connect: {exc!r}") from exc
        self.deflate = self.ws.response.headers.get("Sec-WebSocket-Extensions", "") or ""
        self.ws.sink = self
        self.reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 5)
            except Exception:  # noqa: BLE001
                pass
        if self.reader is not None:
            self.reader.cancel()
            try:
                await self.reader
            except BaseException:  # noqa: BLE001
                pass

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                if isinstance(frame, bytes):
                    self._on_message(frame)
        except ConnectionClosed as exc:
            self.closed = f"closed: {exc}"
        except Exception as exc:  # noqa: BLE001
            self.closed = f"reader: {exc!r}"
        finally:
            self.closed = self.closed or "closed by the server"
            if self._waiter is not None and not self._waiter.done():
                self._waiter.set_exception(TapError(self.closed))

    def _on_message(self, frame: bytes) -> None:
        tr = self.traffic[self.phase]
        tr.payload += len(frame)
        tr.frames += 1
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        kind = msg.WhichOneof("type")
        was_ref = kind == "ref_hash"
        if was_ref:
            tr.refs += 1
            tr.count("ref_hash", len(frame))
            entry = self.cache.get(msg.ref_hash)
            if entry is None:  # the server referred to a message this tab does not have
                self.misses += 1
                return
            entry[1] = self.runs
            full = ForwardMsg()
            full.CopyFrom(entry[0])
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, full.WhichOneof("type")
        elif msg.metadata.cacheable:
            tr.cacheable += 1
            tr.cacheable_bytes += len(frame)
            self.cache[msg.hash] = [msg, self.runs]
        if not was_ref:
            label = kind
            if kind == "delta":
                d = msg.delta
                label = d.WhichOneof("type")
                if label == "new_element":
                    label = d.new_element.WhichOneof("type")
            tr.count(label + (" (cacheable)" if msg.metadata.cacheable else ""), len(frame))

        if kind == "new_session":  # sent at the start of every (non-fragment) run
            self._run = self._new_run()
            ns = msg.new_session
            if ns.page_script_hash:
                self.page_hash = ns.page_script_hash
            if ns.HasField("config") and ns.config.max_cached_message_age:
                self.max_age = ns.config.max_cached_message_age
        elif kind == "navigation":
            if msg.navigation.page_script_hash:
                self.page_hash = msg.navigation.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            et = el.WhichOneof("type")
            proto = getattr(el, et) if et else None
            wid = getattr(proto, "id", "") if proto is not None else ""
            if wid and isinstance(wid, str):
                m = KEY_RE.match(wid)
                self._run["widgets"][wid] = Widget(et, proto, m.group(1) if m else None)
            elif et in ("markdown", "html", "heading"):
                self._run["texts"].append(proto.body)
            elif et == "alert":
                self._run["alerts"].append(proto.body)
            elif et == "exception":
                self._run["exceptions"].append(f"{proto.type}: {proto.message}")
        elif kind == "script_finished" and msg.script_finished in FINISHED:
            run = self._run
            self.widgets, self.texts = run["widgets"], run["texts"]
            self.alerts, self.exceptions = run["alerts"], run["exceptions"]
            self.runs += 1
            # The browser forgets cached messages not used in the last max_age runs.
            for h in [h for h, (_, used) in self.cache.items()
                      if self.runs - used > self.max_age]:
                del self.cache[h]
            if self._waiter is not None and not self._waiter.done():
                self._waiter.set_result(None)

    # -- what the page shows ---------------------------------------------------------

    def by_key(self) -> dict[str, Widget]:
        return {w.key: w for w in self.widgets.values() if w.key}

    def find(self, key: str | None = None, label: str | None = None) -> Widget | None:
        """A widget on screen by its user key, else by its label (exact, or prefix)."""
        if key is not None:
            w = self.by_key().get(key)
            if w is not None:
                return w
        if label is not None:
            for w in self.widgets.values():
                lab = getattr(w.proto, "label", "")
                if lab == label or lab.startswith(label):
                    return w
        return None

    # -- what the browser sends -----------------------------------------------------

    async def rerun(self, tap: Widget | None = None) -> float:
        """Ask for a run (tapping ``tap`` if given) and wait for it to finish; returns
        the milliseconds from sending to script_finished."""
        if self.closed:
            raise TapError(self.closed)
        back = BackMsg()
        cs = back.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        cs.context_info.timezone = "Europe/Helsinki"
        cs.context_info.timezone_offset = -120
        cs.context_info.locale = "fi-FI"
        cs.context_info.url = f"{self.origin}/{'?' + self.query if self.query else ''}"
        for wid, w in self.widgets.items():
            if w.kind in TRIGGER_KINDS:
                if tap is not None and wid == tap.proto.id:
                    ws = cs.widget_states.widgets.add()
                    ws.id, ws.trigger_value = wid, True
                continue
            value = self.values.get(wid, self._shown_value(w))
            if value is None:
                continue
            ws = cs.widget_states.widgets.add()
            ws.id = wid
            if isinstance(value, bool):
                ws.bool_value = value
            else:
                ws.string_value = value
        cs.cached_message_hashes.extend(self.cache)
        loop = asyncio.get_running_loop()
        self._waiter = loop.create_future()
        t0 = time.perf_counter()
        try:
            await self.ws.send(back.SerializeToString())
            await asyncio.wait_for(self._waiter, self.timeout)
        except TimeoutError as exc:
            raise TapError(f"no script_finished in {self.timeout:.0f} s") from exc
        except ConnectionClosed as exc:
            raise TapError(f"send: {exc}") from exc
        finally:
            self._waiter = None
        if self.misses:
            raise TapError(f"{self.misses} reference(s) to uncached messages")
        if self.exceptions:
            raise TapError(f"exception on the page: {self.exceptions[0][:200]}")
        return (time.perf_counter() - t0) * 1000

    @staticmethod
    def _shown_value(w: Widget):
        p = w.proto
        if w.kind == "checkbox":
            return p.value if p.set_value else p.default
        if w.kind in ("text_area", "text_input"):
            if p.set_value:
                return p.value
            return p.default if p.HasField("default") else ""
        return None  # other widgets: the server keeps their defaults


# -- simulated respondents ---------------------------------------------------------------

@dataclass
class Result:
    open_ms: list[float] = field(default_factory=list)
    taps: list[tuple[str, float]] = field(default_factory=list)   # (kind, ms)
    errors: list[str] = field(default_factory=list)
    done: int = 0          # respondents who finished (Raati: thank-you screen seen)
    traffic: dict[str, Traffic] = field(
        default_factory=lambda: {"open": Traffic(), "tap": Traffic()})
    deflate: str = ""


async def raati_open(s: Session, res: Result) -> None:
    t0 = time.perf_counter()
    await s.connect()
    res.deflate = s.deflate
    await s.rerun()
    start = s.find("start", "Aloita")
    if start is None:
        raise TapError(f"no Aloita on the start screen (texts: {s.texts[:3]}, "
                       f"alerts: {s.alerts[:1]})")
    await s.rerun(start)
    if not any("Kysymys 1 /" in t for t in s.texts) and _question(s)[0] is None:
        raise TapError("no first question after Aloita")
    res.open_ms.append((time.perf_counter() - t0) * 1000)


ANSWER_RE = re.compile(r"^(scale|grade)_(\d+)_(.+)$")
OPT_RE = re.compile(r"^opt_([^_]+)_(.+)$")


def _question(s: Session) -> tuple[str | None, str, list[Widget]]:
    """(question id, its type, its answer buttons) of the question on screen."""
    answers, qid, qtype = [], None, ""
    for key, w in s.by_key().items():
        m = ANSWER_RE.match(key)
        if m:
            qid, qtype = m.group(3), {"scale": "likert"}.get(m.group(1), m.group(1))
            answers.append(w)
            continue
        m = OPT_RE.match(key)
        if m:
            qid, qtype = m.group(1), "choice"
            answers.append(w)
        elif key.startswith("text_"):
            qid, qtype = key[5:], "text"
        elif key.startswith("multi_") and qid is None:
            qid, qtype = key.split("_")[1], "multi"
    return qid, qtype, answers


async def tap(s: Session, res: Result, w: Widget, kind: str, think: float,
              rng: random.Random) -> None:
    if think > 0:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    res.taps.append((kind, await s.rerun(w)))


async def raati_answer(s: Session, res: Result, think: float, rng: random.Random,
                       max_taps: int) -> None:
    """Answer the question on screen until the thank-you screen, as the buttons come."""
    from raati.i18n import t

    thanks, burst = t("thanks_title", "fi"), t("burst_wait", "fi")
    sent = False
    for _ in range(max_taps):
        keys = s.by_key()
        if sent and "send" not in keys:
            if any(thanks in x for x in s.texts):
                res.done += 1
                return
            raise TapError(f"after sending: no thank-you screen (alerts {s.alerts[:1]})")
        if sent and any(burst in a for a in s.alerts):
            raise TapError("refused by the burst limit (raati.flood)")
        send = s.find("send", "Lähetä vastaus")
        if send is not None:
            if getattr(send.proto, "disabled", False):
                raise TapError(f"send is disabled: {s.alerts[:1]}")
            await tap(s, res, send, "send", think, rng)
            sent = True
            continue
        nxt = s.find("next", "Seuraava")
        qid, qtype, answers = _question(s)
        if qid is None:
            raise TapError(f"unknown screen: keys {sorted(keys)[:8]}")
        comment = keys.get(f"comment_{qid}")
        if comment is not None and comment.proto.id not in s.values:
            s.values[comment.proto.id] = rng.choice(TEXTS)  # typed before tapping
        if qtype == "text":
            box = keys[f"text_{qid}"]
            s.values[box.proto.id] = rng.choice(TEXTS)
            if nxt is None:
                raise TapError(f"{qid}: no Seuraava under the text box")
            await tap(s, res, nxt, "next", think, rng)
        elif qtype == "multi":
            for key, w in keys.items():
                if key.startswith(f"multi_{qid}_"):
                    s.values[w.proto.id] = rng.random() < 0.5
            await tap(s, res, nxt, "next", think, rng)
        elif any(getattr(w.proto, "type", "") == "primary" for w in answers) and nxt:
            await tap(s, res, nxt, "next", think, rng)     # answer marked: move on
        else:
            await tap(s, res, rng.choice(answers), "answer", think, rng)
            if _question(s)[0] == qid and not any(
                    getattr(w.proto, "type", "") == "primary" for w in _question(s)[2]):
                raise TapError(f"{qid}: the tapped answer was not taken {s.alerts[:1]}")
    raise TapError(f"not done after {max_taps} taps")


async def bare_open(s: Session, res: Result) -> None:
    t0 = time.perf_counter()
    await s.connect()
    res.deflate = s.deflate
    await s.rerun()
    if s.find("b", "Paina") is None:
        raise TapError("no button on the bare page")
    res.open_ms.append((time.perf_counter() - t0) * 1000)


async def bare_taps(s: Session, res: Result, n_taps: int, think: float,
                    rng: random.Random) -> None:
    for k in range(1, n_taps + 1):
        await tap(s, res, s.find("b", "Paina"), "tap", think, rng)
        if not any(t.strip("`") == str(k) for t in s.texts):  # st.write(n) -> "`n`"
            raise TapError(f"tap {k}: the counter shows {s.texts}")
    res.done += 1


# -- one N on one server --------------------------------------------------------------------

def proc_cpu_s(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


@dataclass
class RunStats:
    page: str
    n: int
    res: Result
    open_wall: float = 0.0
    tap_wall: float = 0.0
    open_cpu: float = 0.0
    tap_cpu: float = 0.0
    client_cpu: float = 0.0
    stored: int | None = None

    @property
    def n_taps(self) -> int:
        return len(self.res.taps)

    def lat(self, p: float, kind: str | None = None) -> float:
        return pct([ms for k, ms in self.res.taps if kind in (None, k)], p)

    @property
    def taps_per_s(self) -> float:
        return self.n_taps / self.tap_wall if self.tap_wall > 0 else float("nan")

    def per_tap(self, x: float) -> float:
        return x / self.n_taps if self.n_taps else float("nan")


async def run_n(page: str, url: str, query: str, n: int, args, pid: int,
                seed: int) -> RunStats:
    res = Result()
    stats = RunStats(page, n, res)
    sessions = [Session(url, query, args.timeout) for _ in range(n)]
    rngs = [random.Random(seed * 1000 + i) for i in range(n)]
    opener = raati_open if page == "Raati" else bare_open

    async def guarded(coro, s: Session) -> bool:
        try:
            await coro
            return True
        except TapError as exc:
            res.errors.append(f"{s.phase}: {exc}")
        except Exception as exc:  # noqa: BLE001 - counted, printed, never fatal
            res.errors.append(f"{s.phase}: {exc!r}")
        await s.close()
        return False

    async def phase(coros) -> list[bool]:
        tasks = [asyncio.ensure_future(c) for c in coros]
        done, pending = await asyncio.wait(tasks, timeout=args.deadline)
        for tk in pending:
            tk.cancel()
        if pending:
            res.errors.extend([f"deadline {args.deadline:.0f} s passed"] * len(pending))
            await asyncio.gather(*pending, return_exceptions=True)
        return [tk.done() and not tk.cancelled() and tk.result() is True for tk in tasks]

    try:
        cpu0, ccpu0, t0 = proc_cpu_s(pid), time.process_time(), time.perf_counter()
        opened = await phase([guarded(opener(s, res), s) for s in sessions])
        cpu1, t1 = proc_cpu_s(pid), time.perf_counter()
        live = [(s, r) for s, r, ok in zip(sessions, rngs, opened, strict=True) if ok]
        for s, _ in live:
            s.phase = "tap"
        if page == "Raati":
            coros = [guarded(raati_answer(s, res, args.think, r, args.max_taps), s)
                     for s, r in live]
        else:
            coros = [guarded(bare_taps(s, res, args.taps, args.think, r), s) for s, r in live]
        await phase(coros)
        cpu2, ccpu2, t2 = proc_cpu_s(pid), time.process_time(), time.perf_counter()
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    stats.open_wall, stats.tap_wall = t1 - t0, t2 - t1
    stats.open_cpu, stats.tap_cpu = cpu1 - cpu0, cpu2 - cpu1
    stats.client_cpu = ccpu2 - ccpu0
    for s in sessions:
        for ph in ("open", "tap"):
            res.traffic[ph].add(s.traffic[ph])
    return stats


# -- report ---------------------------------------------------------------------------------

def versions() -> str:
    from importlib.metadata import version

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pk = ", ".join(f"{p} {version(p)}" for p in
                   ("streamlit", "uvicorn", "starlette", "websockets", "protobuf"))
    return (f"nproc {os.cpu_count()}{f' ({cpu})' if cpu else ''}; Python "
            f"{platform.python_version()}; {pk}; {platform.system()} {platform.release()}")


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def report(runs: list[RunStats], args, machine: str, load_before: str, wall: float,
           checks: list[str], deflate: str) -> None:
    def f0(x: float) -> str:
        return "-" if x != x else f"{x:.0f}"

    def f1(x: float) -> str:
        return "-" if x != x else f"{x:.1f}"

    print()
    print(f"tap_load: survey {SURVEY}; N respondents at once, each tapping one after another"
          f" (think {args.think:g} s); bare page: {args.taps} taps each")
    print(f"machine: {machine}; load average at start {load_before}, at end {load()}")
    print(f"Streamlit options given: {', '.join(args.st) or 'none (repo .streamlit/config.toml)'}")
    print(f"websocket extensions agreed: {deflate or 'none (no compression)'}")
    head = (f"{'page':<6}{'N':>4}{'ok':>4}{'err':>4}{'taps':>6}{'med ms':>8}{'p95 ms':>8}"
            f"{'taps/s':>8}{'CPU ms':>8}{'cl.CPU':>8}{'B/tap':>8}{'wire B':>8}{'refs':>6}"
            f"{'open med':>9}{'open p95':>9}")
    print()
    print("tap -> script_finished (ms), taps/s = taps / wall time of the tap phase;")
    print("CPU ms = server CPU per tap; cl.CPU = this generator's CPU per tap; B/tap =")
    print("payload received per tap; wire B = socket bytes per tap; refs = cache references")
    print("per tap; open = link -> first question ready (Raati, Aloita included) or -> button")
    print(head)
    print("-" * len(head))
    for r in runs:
        tr = r.res.traffic["tap"]
        print(f"{r.page:<6}{r.n:>4}{r.res.done:>4}{len(r.res.errors):>4}{r.n_taps:>6}"
              f"{f0(r.lat(50)):>8}{f0(r.lat(95)):>8}{f1(r.taps_per_s):>8}"
              f"{f1(r.per_tap(r.tap_cpu) * 1000):>8}{f1(r.per_tap(r.client_cpu) * 1000):>8}"
              f"{f0(r.per_tap(tr.payload)):>8}{f0(r.per_tap(tr.wire)):>8}"
              f"{f1(r.per_tap(tr.refs)):>6}"
              f"{f0(pct(r.res.open_ms, 50)):>9}{f0(pct(r.res.open_ms, 95)):>9}")
    print()
    print("Raati / bare (x):")
    head2 = (f"{'N':>4}{'med':>8}{'p95':>8}{'taps/s':>8}{'CPU/tap':>9}{'B/tap':>8}"
             f"{'wire B':>8}{'open med':>9}{'open p95':>9}")
    print(head2)
    print("-" * len(head2))
    by = {(r.page, r.n): r for r in runs}
    for n in args.ns:
        a, b = by.get(("Raati", n)), by.get(("bare", n))
        if not a or not b:
            continue

        def q(x: float, y: float) -> str:
            return "-" if not (y == y and x == x) or y == 0 else f"{x / y:.1f}"

        ta, tb = a.res.traffic["tap"], b.res.traffic["tap"]
        print(f"{n:>4}{q(a.lat(50), b.lat(50)):>8}{q(a.lat(95), b.lat(95)):>8}"
              f"{q(a.taps_per_s, b.taps_per_s):>8}"
              f"{q(a.per_tap(a.tap_cpu), b.per_tap(b.tap_cpu)):>9}"
              f"{q(a.per_tap(ta.payload), b.per_tap(tb.payload)):>8}"
              f"{q(a.per_tap(ta.wire), b.per_tap(tb.wire)):>8}"
              f"{q(pct(a.res.open_ms, 50), pct(b.res.open_ms, 50)):>9}"
              f"{q(pct(a.res.open_ms, 95), pct(b.res.open_ms, 95)):>9}")
    print()
    print("Raati taps by kind (median / p95 ms): ", end="")
    print("; ".join(
        f"N={r.n} " + ", ".join(
            f"{k} {f0(r.lat(50, k))}/{f0(r.lat(95, k))} ({sum(1 for x, _ in r.res.taps if x == k)})"
            for k in ("answer", "next", "send"))
        for r in runs if r.page == "Raati"))
    print("open phase (per respondent): " + "; ".join(
        f"{r.page} N={r.n}: server CPU {r.open_cpu / max(1, len(r.res.open_ms)) * 1000:.0f} ms,"
        f" {r.res.traffic['open'].payload / max(1, len(r.res.open_ms)) / 1000:.0f} kB"
        for r in runs))
    cache = []
    for page in ("Raati", "bare"):
        tr = Traffic()
        for r in runs:
            if r.page == page:
                tr.add(r.res.traffic["open"])
                tr.add(r.res.traffic["tap"])
        cache.append(f"{page}: {tr.frames} messages, {tr.cacheable} cacheable sent in full "
                     f"({tr.cacheable_bytes / 1000:.0f} kB), {tr.refs} sent as references")
    print("message cache (all phases): " + "; ".join(cache))
    for page in ("Raati", "bare"):
        tr, taps = Traffic(), 0
        for r in runs:
            if r.page == page:
                tr.add(r.res.traffic["tap"])
                taps += r.n_taps
        if taps:
            top = sorted(tr.kinds.items(), key=lambda kv: -kv[1][1])[:8]
            print(f"{page} bytes per tap by message (messages per tap): " + ", ".join(
                f"{k} {b / taps:.0f} B ({n / taps:.1f})" for k, (n, b) in top))
    for line in checks:
        print(line)
    errs = [(r.page, r.n, e) for r in runs for e in r.res.errors]
    if errs:
        print(f"errors ({len(errs)}; first 10):")
        for page, n, e in errs[:10]:
            print(f"  {page} N={n}: {e}")
    else:
        print("errors: none")
    print(f"whole run {wall:.0f} s")


# -- main -------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ns", type=int, nargs="+", default=list(DEFAULT_NS),
                    help="numbers of simultaneous respondents (default 1 10 20 40 80)")
    ap.add_argument("--taps", type=int, default=10,
                    help="taps per respondent on the bare page (default 10; 0: as many as "
                         "one Raati answer takes, 20); Raati respondents always answer the "
                         "whole survey and send")
    ap.add_argument("--think", type=float, default=0.0,
                    help="think time before each tap, seconds (0.5x-1.5x at random; "
                         "default 0)")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds a tap (or a connect) may take before the respondent "
                         "gives up (default 60: at saturation a tap waits for the other "
                         "N-1 respondents' runs)")
    ap.add_argument("--deadline", type=float, default=600.0,
                    help="seconds a phase (open, taps) of one N may take (default 600)")
    ap.add_argument("--pages", nargs="+", choices=("Raati", "bare"),
                    default=["Raati", "bare"], help="which servers to load (default both)")
    ap.add_argument("--st", action="append", default=[], metavar="OPTION=VALUE",
                    help="a Streamlit config option for both servers, e.g. "
                         "runner.postScriptGC=false (repeatable)")
    ap.add_argument("--freeze-bare", action="store_true",
                    help="the bare page also moves its startup objects out of the garbage"
                         " collector's way (gc.freeze once per process), as serve.py does"
                         " for Raati: the like-for-like reference")
    args = ap.parse_args()
    st_env = {}
    from streamlit import config as st_config

    for item in args.st:
        key, sep, value = item.partition("=")
        option = st_config._config_options_template.get(key)
        if not sep or option is None:
            ap.error(f"--st {item}: not OPTION=VALUE with a Streamlit option")
        st_env[option.env_var] = value
    if any(n < 1 for n in args.ns) or args.taps < 0 or args.think < 0:
        ap.error("--ns must be 1 or more; --taps and --think 0 or more")

    started = time.perf_counter()
    load_before = load()
    bare_app = BARE_FROZEN_PROLOGUE + BARE_APP if args.freeze_bare else BARE_APP
    with bench_servers("raati-tapload-", bare_app, st_env) as (_tmp, db, defs, raati, bare):
        from raati.store import Store
        from raati.surveys import load_surveys

        survey = load_surveys(defs)[SURVEY]
        store = Store(db)
        # Taps of one answer: an answer button, plus "Seuraava" where a comment box
        # waits for it; only "Seuraava" on text questions; and "Lähetä vastaus".
        per_answer = sum(1 if q.type in ("text", "multi") else 1 + bool(q.comment)
                         for q in survey.questions) + 1
        args.taps = args.taps or per_answer
        args.max_taps = 4 * len(survey.questions) + 10

        runs: list[RunStats] = []
        checks: list[str] = []
        deflate = ""
        lost_any = False

        async def go() -> None:
            nonlocal deflate, lost_any
            # Warm-up (not in the figures): one respondent through each page.
            for page in args.pages:
                if page == "Raati":
                    rnd = store.open_round(SURVEY, "puupaja", name="warm-up")
                    w = await run_n("Raati", raati.url, f"r={rnd.token}", 1, args,
                                    raati.proc.pid, 0)
                else:
                    w = await run_n("bare", bare.url, "", 1, args, bare.proc.pid, 0)
                print(f"  warm-up {page}: {w.res.done} done, errors {w.res.errors[:2]}",
                      file=sys.stderr, flush=True)
            for n in args.ns:
                for page in args.pages:
                    if page == "Raati":
                        # A round per N, expecting N people: the burst limit
                        # (raati.flood) takes max(30, 2N) answers per 10 minutes.
                        rnd = store.open_round(SURVEY, "puupaja", name=f"tap_load N={n}",
                                               expected=n)
                        r = await run_n("Raati", raati.url, f"r={rnd.token}", n, args,
                                        raati.proc.pid, n)
                        r.stored = store.count_responses(SURVEY, round_id=rnd.id)
                        lost = r.res.done - r.stored
                        lost_any |= lost != 0
                        checks.append(
                            f"database, N={n}: {r.res.done} thank-you screens seen, "
                            f"{r.stored} responses stored in the round -> "
                            f"{'0 lost' if lost == 0 else f'{lost} LOST' if lost > 0 else f'{-lost} more stored than confirmed'}"
                            f"{'' if r.res.done == n else f' ({n - r.res.done} respondents did not finish)'}")
                    else:
                        r = await run_n("bare", bare.url, "", n, args, bare.proc.pid, n)
                    deflate = deflate or r.res.deflate
                    runs.append(r)
                    print(f"  {page} N={n}: {r.res.done}/{n} done, {r.n_taps} taps, "
                          f"median {r.lat(50):.0f} ms, {r.taps_per_s:.1f} taps/s, "
                          f"{len(r.res.errors)} errors", file=sys.stderr, flush=True)
                    await asyncio.sleep(1)  # let the server drop the closed sessions

        asyncio.run(go())
        machine = versions()
        raati.stop()
        bare.stop()
        report(runs, args, machine, load_before, time.perf_counter() - started, checks,
               deflate)
        return 1 if lost_any else 0


if __name__ == "__main__":
    sys.exit(main())
