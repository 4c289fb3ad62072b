"""Several Raati app processes behind one HAProxy, on this machine: for the end-to-end
test, benchmarks, and trying a several-process setup by hand (issue 16).

    python -m raati.cluster --processes 2 --port 8080

starts two app processes (``python -m streamlit run serve.py``, headless, each on a free
port on 127.0.0.1) with the environment of the shell (RAATI_DB, RAATI_DEFS,
RAATI_FILES_DIR, ...), then HAProxy with deploy/haproxy.cfg, the same file that
deploy/README.md documents for production, rendered by :func:`render_haproxy_config`:
its ``BEGIN system`` block (chroot, user, daemon, syslog) is left out and its
``BEGIN servers`` block lists the started processes; the addresses come from the
file's ``RAATI_LB_*`` variables (``RAATI_LB_ERRORS``, the 503 page, is the repository's
deploy/errors/503.http). It prints the balancer's address and each app process's pid
and port, and runs until Ctrl-C or SIGTERM (or until HAProxy or the last app process
stops); when one app process stops (``kill PID``: trying failover by hand), it says so
and the others and HAProxy keep running. For trying and testing only: production runs systemd units and the system's HAProxy
(deploy/README.md). In Python::

    with cluster.run(2, env={"RAATI_DB": url}) as c:
        ...  # c.url is the balancer, c.app_urls the processes, c.stats() HAProxy's view

Needs the source checkout (serve.py, app.py, deploy/) and HAProxy (Debian: apt-get
install haproxy). Every process listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HAPROXY_CFG = REPO / "deploy" / "haproxy.cfg"
ERROR_503 = REPO / "deploy" / "errors" / "503.http"  # RAATI_LB_ERRORS for the cluster
BACKEND = "raati_app"  # the backend's name in deploy/haproxy.cfg
START_TIMEOUT_S = 90.0


class ClusterError(RuntimeError):
    """A process did not start, stopped, or did not become healthy in time; the message
    ends with the last lines of its log (and says where the logs were kept)."""


@dataclass
class Cluster:
    """A running cluster (made by :func:`start`, ended by :meth:`stop`).

    ``url``: the balancer's address (``http://127.0.0.1:PORT``), the only one a browser
    should use; ``app_urls``: each app process's own address, in the order of the
    server names ``app1``, ``app2``, ... (the values of the ``raati_srv`` affinity
    cookie); ``stats_url``: HAProxy's statistics page; ``root``: the folder holding the
    rendered haproxy.cfg and every process's log (``app1.log``, ..., ``haproxy.log``)."""

    url: str
    app_urls: list[str]
    stats_url: str
    root: Path
    procs: list[subprocess.Popen] = field(default_factory=list, repr=False)
    _logs: list = field(default_factory=list, repr=False)
    _own_root: bool = field(default=False, repr=False)

    @property
    def server_names(self) -> list[str]:
        """The HAProxy server names (= ``raati_srv`` cookie values): app1, app2, ..."""
        return [f"app{i}" for i in range(1, len(self.app_urls) + 1)]

    def stats(self) -> dict[str, dict[str, str]]:
        """HAProxy's view of the app processes, from its CSV statistics: server name ->
        that server's row (fields as HAProxy names them, all strings: ``status`` 'UP' or
        'DOWN'..., ``check_status`` 'L7OK' after a passed /_raati/health check, ``stot``
        sessions and ``req_tot`` HTTP requests served since start). Raises OSError when
        the statistics page cannot be read."""
        with urllib.request.urlopen(self.stats_url + ";csv", timeout=5) as response:
            text = response.read().decode("utf-8").lstrip("# ")
        return {row["svname"]: row for row in csv.DictReader(io.StringIO(text))
                if row.get("pxname") == BACKEND and row.get("svname") in self.server_names}

    def stop(self) -> None:
        """Stop HAProxy and every app process (SIGTERM, then SIGKILL after 10 s each)
        and close their logs; the folder is removed if :func:`start` made it. Safe to
        call twice."""
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in reversed(self.procs):
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.procs.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (the OS's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_haproxy_config(template: str, ports: list[int]) -> str:
    """deploy/haproxy.cfg's text ``template`` for processes on 127.0.0.1 at ``ports``:
    the lines between ``# BEGIN servers`` and ``# END servers`` become one ``server
    appN 127.0.0.1:PORT cookie appN`` line per port (N from 1), and the lines between
    ``# BEGIN system`` and ``# END system`` (chroot, user, daemon, syslog: for the
    system service) are left out. Raises ValueError when ``ports`` is empty or a
    marker is missing."""
    if not ports:
        raise ValueError("at least one app process is needed")

    def block(name: str, text: str, lines: list[str]) -> str:
        pattern = re.compile(rf"^([ \t]*)# BEGIN {name}\b.*?$\n(.*?)^[ \t]*# END {name}\b",
                             re.M | re.S)
        found = pattern.search(text)
        if found is None:
            raise ValueError(f"deploy/haproxy.cfg: no '# BEGIN {name}' ... '# END {name}'")
        indent = found.group(1)
        body = "".join(f"{indent}{line}\n" for line in lines)
        return text[:found.start(2)] + body + text[found.end(2):]

    text = block("servers", template, [f"server app{i} 127.0.0.1:{port} cookie app{i}"
                                       for i, port in enumerate(ports, start=1)])
    return block("system", text, [])


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _get(url: str, timeout_s: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _wait(what: str, ready, watched: list[tuple[str, subprocess.Popen, Path]],
          deadline: float, explain=None) -> None:
    """Poll ``ready()`` until it is true. ClusterError if a process of ``watched``
    ((name, process, its log) each) ended, with that process's log's end, or when the
    deadline passed, with ``explain()``'s text (what is missing) and the end of the
    first watched process's log."""
    while True:
        for name, proc, log in watched:
            if proc.poll() is not None:
                raise ClusterError(f"{name} stopped (exit {proc.returncode}); "
                                   f"the end of {log}:\n{_tail(log)}")
        try:
            if ready():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            why = ""
            if explain is not None:
                try:
                    why = explain()
                except OSError as exc:
                    why = f"(could not ask: {exc})"
            log = watched[0][2]
            raise ClusterError(f"{what} not ready in time{': ' + why if why else ''}\n"
                               f"the end of {log}:\n{_tail(log)}")
        time.sleep(0.2)


def start_haproxy(cluster: Cluster, program: str = "haproxy") -> subprocess.Popen:
    """Start HAProxy (``program``, in the foreground: ``-db``) with deploy/haproxy.cfg
    rendered for ``cluster``: it listens at ``cluster.url`` and ``cluster.stats_url``'s
    ports and sends to the processes at ``cluster.app_urls``' ports (whether they run or
    not), answers 503 with deploy/errors/503.http, and writes the config, its admin
    socket and ``haproxy.log`` into ``cluster.root``. The process is added to
    ``cluster.procs`` (stopped by :meth:`Cluster.stop`); returns at once, without
    waiting for it to serve."""
    ports = [int(url.rsplit(":", 1)[1]) for url in cluster.app_urls]
    cfg = cluster.root / "haproxy.cfg"
    cfg.write_text(render_haproxy_config(HAPROXY_CFG.read_text(), ports))
    lb_env = {**os.environ,
              "RAATI_LB_BIND": cluster.url.removeprefix("http://"),
              "RAATI_LB_STATS": cluster.stats_url.removeprefix("http://").split("/")[0],
              "RAATI_LB_SOCKET": str(cluster.root / "haproxy.sock"),
              "RAATI_LB_ERRORS": str(ERROR_503)}
    log = open(cluster.root / "haproxy.log", "wb")  # noqa: SIM115 - closed by stop()
    cluster._logs.append(log)
    proc = subprocess.Popen([program, "-db", "-f", str(cfg)], cwd=cluster.root,
                            env=lb_env, stdout=log, stderr=subprocess.STDOUT)
    cluster.procs.append(proc)
    return proc


def start(processes: int = 2, port: int | None = None, env: Mapping[str, str] | None = None,
          root: Path | None = None, haproxy: str = "haproxy",
          timeout_s: float = START_TIMEOUT_S) -> Cluster:
    """Start ``processes`` app processes and HAProxy in front of them, and return when
    all are ready: each process's /_stcore/health answers "ok", and HAProxy serves and
    reports every process UP with its /_raati/health check passed (L7OK) — so the
    database was readable from each.

    ``port``: the balancer's port on 127.0.0.1 (None: a free one). ``env``: variables
    set for the app processes over this process's environment (RAATI_DB, RAATI_DEFS,
    RAATI_FILES_DIR, RAATI_MIN_GROUP, ...; RAATI_BASE_URL is dropped unless given, so
    answer links use the balancer's address). ``root``: where the rendered config and the
    logs go (None: a temporary folder, removed by stop(), but kept when the start fails).
    ``haproxy``: the HAProxy program. ``timeout_s``: seconds for the whole start.
    Raises ClusterError (with the log's end and, when HAProxy does not see a process
    healthy, each such process's check result) when something does not come up;
    FileNotFoundError without HAProxy. What was started is stopped again before an
    error is raised."""
    if processes < 1:
        raise ValueError("processes must be at least 1")
    program = shutil.which(haproxy)
    if program is None:
        raise FileNotFoundError(f"{haproxy}: not found (Debian: apt-get install haproxy)")
    own_root = root is None
    root = Path(tempfile.mkdtemp(prefix="raati-cluster-")) if root is None else Path(root)
    root.mkdir(parents=True, exist_ok=True)
    lb_port = port or free_port()
    stats_port = free_port()
    ports = [free_port() for _ in range(processes)]
    cluster = Cluster(url=f"http://127.0.0.1:{lb_port}",
                      app_urls=[f"http://127.0.0.1:{p}" for p in ports],
                      stats_url=f"http://127.0.0.1:{stats_port}/stats", root=root,
                      _own_root=own_root)
    deadline = time.monotonic() + timeout_s
    app_env = {k: v for k, v in os.environ.items() if k != "RAATI_BASE_URL"}
    app_env.update(env or {})
    try:
        for i, app_port in enumerate(ports, start=1):
            log = open(root / f"app{i}.log", "wb")  # noqa: SIM115 - closed by stop()
            cluster._logs.append(log)
            cluster.procs.append(subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(REPO / "serve.py"),
                 "--server.port", str(app_port), "--server.address", "127.0.0.1",
                 "--server.headless", "true", "--browser.gatherUsageStats", "false",
                 "--server.fileWatcherType", "none"],
                cwd=REPO, env=app_env, stdout=log, stderr=subprocess.STDOUT))
        apps = [(f"app process {i} ({name}, {url}, pid {proc.pid})", proc,
                 root / f"{name}.log")
                for i, (name, url, proc) in enumerate(
                    zip(cluster.server_names, cluster.app_urls, cluster.procs, strict=True),
                    start=1)]
        for (what, proc, log), url in zip(apps, cluster.app_urls, strict=True):
            _wait(what, lambda url=url: _get(f"{url}/_stcore/health") == (200, b"ok"),
                  [(what, proc, log)], deadline)

        lb = start_haproxy(cluster, program)

        def balancer_ready() -> bool:
            rows = cluster.stats()
            return (len(rows) == processes
                    and all(r["status"] == "UP" and r["check_status"] == "L7OK"
                            for r in rows.values())
                    and _get(f"{cluster.url}/_stcore/health") == (200, b"ok"))

        def not_up() -> str:
            rows = cluster.stats()
            down = {name: row for name, row in rows.items()
                    if not (row["status"] == "UP" and row["check_status"] == "L7OK")}
            text = "; ".join(f"{name} {row['status']} (check {row['check_status']}"
                             f"{' ' + row['check_code'] if row.get('check_code') else ''})"
                             for name, row in down.items())
            if any(row.get("check_code") == "503" for row in down.values()):
                text += (" - /_raati/health answers 503 when the process cannot read its"
                         " database: is the database up, and RAATI_DB right?")
            for name in down:
                log = root / f"{name}.log"
                text += f"\nthe end of {log}:\n{_tail(log, 15)}"
            return text or "every process UP; the balancer's address does not answer"

        _wait("HAProxy", balancer_ready, [(f"HAProxy (pid {lb.pid})", lb, root / "haproxy.log"),
                                          *apps], deadline, explain=not_up)
    except BaseException as exc:
        if isinstance(exc, ClusterError) and own_root:
            cluster._own_root = False  # keep the logs for finding out why
            exc.args = (f"{exc}\n(config and logs kept in {root})",)
        cluster.stop()
        raise
    return cluster


@contextlib.contextmanager
def run(processes: int = 2, port: int | None = None, env: Mapping[str, str] | None = None,
        root: Path | None = None, haproxy: str = "haproxy",
        timeout_s: float = START_TIMEOUT_S) -> Iterator[Cluster]:
    """:func:`start` as a context manager: the cluster is stopped on leaving."""
    cluster = start(processes, port, env, root, haproxy, timeout_s)
    try:
        yield cluster
    finally:
        cluster.stop()


def _watch(cluster: Cluster, out=sys.stdout, poll_s: float = 1.0) -> int:
    """Wait while HAProxy and at least one app process run: say on ``out`` when an app
    process stops (the others and HAProxy go on: HAProxy sends its browsers to them).
    Returns 1 when HAProxy or the last app process has stopped."""
    *apps, lb = cluster.procs
    names = dict(zip(cluster.server_names, cluster.app_urls, strict=True))
    running = dict(zip(names, apps, strict=True))
    while True:
        for name, proc in list(running.items()):
            if proc.poll() is not None:
                del running[name]
                left = ", ".join(running) or "none"
                print(f"{name} (pid {proc.pid}, {names[name]}) stopped (exit "
                      f"{proc.returncode}); still running: {left}. Its log: "
                      f"{cluster.root / (name + '.log')}", file=out, flush=True)
        if not running:
            print("every app process has stopped; stopping HAProxy", file=out, flush=True)
            return 1
        if lb.poll() is not None:
            print(f"HAProxy stopped (exit {lb.returncode}); stopping the app processes. "
                  f"Its log: {cluster.root / 'haproxy.log'}", file=out, flush=True)
            return 1
        time.sleep(poll_s)


def main(argv: list[str] | None = None) -> int:
    """``python -m raati.cluster [--processes N] [--port PORT] [--logs DIR]``: start a
    cluster with this shell's RAATI_* settings, print its addresses and each process's
    pid, run until Ctrl-C (or SIGTERM) or until HAProxy or every app process has
    stopped. One app process stopping (``kill PID``) leaves the others serving."""
    import argparse
    import signal

    parser = argparse.ArgumentParser(
        prog="python -m raati.cluster",
        description="Raati app processes behind HAProxy, for trying and testing "
                    "(production: systemd units and the system's HAProxy, deploy/README.md)")
    parser.add_argument("--processes", type=int, default=2, help="app processes (2)")
    parser.add_argument("--port", type=int, default=8080, help="the balancer's port (8080)")
    parser.add_argument("--logs", type=Path, help="keep the config and logs in this folder")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"starting {args.processes} app processes and HAProxy...", flush=True)
    try:
        with run(args.processes, args.port, root=args.logs) as cluster:
            print(f"Raati: {cluster.url}", flush=True)
            *apps, lb = cluster.procs
            for name, url, proc in zip(cluster.server_names, cluster.app_urls, apps,
                                       strict=True):
                print(f"  {name}: pid {proc.pid}, {url}", flush=True)
            print(f"  HAProxy: pid {lb.pid}, statistics {cluster.stats_url}", flush=True)
            kept = "" if args.logs else " (removed on exit; --logs DIR keeps them)"
            print(f"  config and logs: {cluster.root}{kept}", flush=True)
            print("Try failover: kill one app process's pid; the others keep serving.\n"
                  "Ctrl-C stops everything.", flush=True)
            return _watch(cluster)
    except KeyboardInterrupt:
        return 0
    except (ClusterError, FileNotFoundError, ValueError) as exc:
        print(f"raati.cluster: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
