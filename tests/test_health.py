"""The database health route (raati.health) and the rendering of deploy/haproxy.cfg for
a local cluster (raati.cluster)."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pytest

from raati import cluster, health

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

UNREACHABLE = "postgresql://raati:sal4sana@127.0.0.1:1/x"


def _client(base: str = ""):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    return TestClient(Starlette(routes=health.routes(base)), base_url="http://raati.test")


def test_ok_when_the_sqlite_database_reads(monkeypatch, clean_env, tmp_path):
    monkeypatch.setenv("RAATI_DB", str(tmp_path / "raati.db"))
    response = _client().get("/_raati/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_ok_on_postgresql(monkeypatch, clean_env, pg_store):
    monkeypatch.setenv("RAATI_DB", pg_store.target.conninfo)
    assert _client().get("/_raati/health").json() == {"status": "ok"}


def test_unreachable_database_is_503_and_says_nothing_more(monkeypatch, clean_env):
    monkeypatch.setenv("RAATI_DB", UNREACHABLE)
    started = time.monotonic()
    response = _client().get("/_raati/health")
    assert time.monotonic() - started < health.CHECK_TIMEOUT_S + 1.5
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    for secret in ("sal4sana", "127.0.0.1", "raati", "refused", "Error"):
        assert secret not in response.text


def test_a_hanging_database_is_503_within_the_bound_and_read_once(monkeypatch, clean_env):
    release = threading.Event()
    calls = []

    def hang(future):
        calls.append(1)
        release.wait(30)
        future.set_result(1)

    monkeypatch.setattr(health, "_read_database", hang)
    monkeypatch.setattr(health, "CHECK_TIMEOUT_S", 0.3)
    client = _client()
    try:
        for _ in range(3):
            started = time.monotonic()
            response = client.get("/_raati/health")
            assert response.status_code == 503
            assert time.monotonic() - started < 2.0
        assert len(calls) == 1  # later checks wait for the read under way
    finally:
        release.set()
    # The read under way now ends well, and the check after it reads anew.
    assert health.database_ok(timeout_s=5) and len(calls) == 1
    assert health.database_ok(timeout_s=5) and len(calls) == 2


def test_route_under_base_url_path_and_head(monkeypatch, clean_env, tmp_path):
    monkeypatch.setenv("RAATI_DB", str(tmp_path / "raati.db"))
    client = _client("/raati/")
    assert client.get("/raati/_raati/health").status_code == 200
    assert client.head("/raati/_raati/health").status_code == 200
    assert client.get("/_raati/health").status_code == 404
    assert client.post("/raati/_raati/health").status_code == 405


# -- deploy/haproxy.cfg rendered for raati.cluster -----------------------------------------

def test_render_haproxy_config_lists_the_processes_and_drops_the_system_block():
    template = cluster.HAPROXY_CFG.read_text()
    text = cluster.render_haproxy_config(template, [4101, 4102, 4103])
    servers = [line.strip() for line in text.splitlines()
               if line.strip().startswith("server ")]
    assert servers == [f"server app{i} 127.0.0.1:{4100 + i} cookie app{i}"
                       for i in (1, 2, 3)]
    for gone in ("chroot", "user haproxy", "daemon", "/dev/log", ":8501", ":8502"):
        assert gone not in text
    # What production relies on stays as it is.
    for kept in ("cookie raati_srv insert indirect nocache httponly",
                 "http-check send meth GET uri /_raati/health", "timeout tunnel 1h",
                 "balance roundrobin", "http-check expect status 200"):
        assert kept in text and kept in template
    assert "chroot /var/lib/haproxy" in template and "server app1 127.0.0.1:8501" in template
    with pytest.raises(ValueError):
        cluster.render_haproxy_config(template, [])
    with pytest.raises(ValueError, match="BEGIN servers"):
        cluster.render_haproxy_config("global\n", [1])


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="HAProxy is not installed")
def test_haproxy_accepts_both_the_shipped_and_the_rendered_config(tmp_path):
    rendered = tmp_path / "rendered.cfg"
    rendered.write_text(cluster.render_haproxy_config(cluster.HAPROXY_CFG.read_text(),
                                                      [4101, 4102]))
    # The shipped config's 503 page is /etc/haproxy/errors/raati-503.http (copied there in
    # production, deploy/README.md); here, the repository's file.
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "RAATI_LB_SOCKET": str(tmp_path / "s"),
           "RAATI_LB_ERRORS": str(cluster.ERROR_503)}
    for cfg in (cluster.HAPROXY_CFG, rendered):
        done = subprocess.run(["haproxy", "-c", "-f", str(cfg)], env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    assert "option redispatch" in cluster.HAPROXY_CFG.read_text()
    assert '/etc/haproxy/errors/raati-503.http' in cluster.HAPROXY_CFG.read_text()


# -- the 503 page (deploy/errors/503.http) --------------------------------------------------

def _split_503() -> tuple[str, dict[str, str], str]:
    raw = cluster.ERROR_503.read_bytes()
    head, sep, body = raw.partition(b"\r\n\r\n")
    assert sep, "the header block must end with an empty CRLF line"
    status, *lines = head.decode("ascii").split("\r\n")
    return status, dict(line.split(": ", 1) for line in lines), body.decode("utf-8")


def test_the_503_page_is_a_small_self_contained_http_response_in_three_languages():
    # HAProxy refuses an errorfile larger than its buffer (tune.bufsize, 16 kB).
    assert cluster.ERROR_503.stat().st_size < 4096
    status, headers, body = _split_503()
    assert status == "HTTP/1.0 503 Service Unavailable"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Retry-After"] == "30"
    assert '<html lang="fi">' in body and 'name="viewport"' in body
    for external in ("http:", "https:", "//", "src=", "href=", "@import", "url("):
        assert external not in body
    # Finnish first, then Swedish, then English; only answers already sent are safe.
    fi = body.index("Jo lähetetyt vastaukset ovat tallessa.")
    sv = body.index('lang="sv"')
    en = body.index('lang="en"')
    assert fi < sv < en
    assert "Yritä hetken päästä uudelleen" in body


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="HAProxy is not installed")
def test_the_rendered_config_answers_with_the_503_page_when_no_process_is_up(tmp_path):
    # One app process on a port where nothing listens: HAProxy's first check marks it
    # DOWN at once (L4CON), and every request then gets the 503 page.
    lb = cluster.Cluster(url=f"http://127.0.0.1:{cluster.free_port()}",
                         app_urls=[f"http://127.0.0.1:{cluster.free_port()}"],
                         stats_url=f"http://127.0.0.1:{cluster.free_port()}/stats",
                         root=tmp_path)
    proc = cluster.start_haproxy(lb)
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None, (tmp_path / "haproxy.log").read_text()
            try:
                if lb.stats()["app1"]["status"] == "DOWN":
                    break
            except (OSError, KeyError):
                pass
            assert time.monotonic() < deadline, (tmp_path / "haproxy.log").read_text()
            time.sleep(0.05)
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"{lb.url}/?r=abc", timeout=10)
        answer = caught.value
        _, headers, body = _split_503()
        assert answer.code == 503
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
        assert answer.headers["Retry-After"] == "30"
        assert answer.read().decode("utf-8") == body
        # Any path: /_raati/health too (no process is there to answer it).
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"{lb.url}/_raati/health", timeout=10)
        assert caught.value.code == 503
        assert "Jo lähetetyt vastaukset" in caught.value.read().decode("utf-8")
    finally:
        lb.stop()
    assert proc.poll() is not None


# -- python -m raati.cluster: one process stopping, a failed start ---------------------------

def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_one_app_process_stopping_leaves_the_others_and_haproxy_running(tmp_path):
    app1, app2, lb_proc = _sleeper(), _sleeper(), _sleeper()
    lb = cluster.Cluster(url="http://127.0.0.1:1",
                         app_urls=["http://127.0.0.1:2", "http://127.0.0.1:3"],
                         stats_url="http://127.0.0.1:4/stats", root=tmp_path,
                         procs=[app1, app2, lb_proc])
    out = io.StringIO()
    result = []
    watcher = threading.Thread(target=lambda: result.append(
        cluster._watch(lb, out=out, poll_s=0.02)))
    try:
        watcher.start()
        app1.kill()
        deadline = time.monotonic() + 10
        while "app1" not in out.getvalue():
            assert time.monotonic() < deadline and watcher.is_alive()
            time.sleep(0.02)
        line = out.getvalue()
        assert f"app1 (pid {app1.pid}, http://127.0.0.1:2) stopped" in line
        assert "still running: app2" in line
        assert watcher.is_alive() and app2.poll() is None and lb_proc.poll() is None
        app2.kill()
        watcher.join(10)
        assert not watcher.is_alive() and result == [1]
        assert "every app process has stopped" in out.getvalue()
    finally:
        lb.stop()
        watcher.join(10)


def test_a_failed_start_keeps_the_logs_and_says_where(tmp_path, monkeypatch):
    # A stand-in app process that "serves" (its health is faked) and an "HAProxy" that
    # fails at once: the error has HAProxy's log's end and the kept folder's path.
    fake_app = tmp_path / "fake-python"
    fake_app.write_text("#!/bin/sh\necho fake app\nexec sleep 60\n")
    fake_app.chmod(0o755)
    fake_haproxy = tmp_path / "fake-haproxy"
    fake_haproxy.write_text("#!/bin/sh\necho 'ALERT: a broken line 7' >&2\nexit 3\n")
    fake_haproxy.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(fake_app))
    monkeypatch.setattr(cluster, "_get", lambda url, timeout_s=2.0: (200, b"ok"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(cluster.ClusterError) as caught:
        cluster.start(1, haproxy=str(fake_haproxy), timeout_s=20)
    message = str(caught.value)
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("raati-cluster-")]
    assert len(kept) == 1
    assert "HAProxy" in message and "exit 3" in message
    assert "ALERT: a broken line 7" in message
    assert f"kept in {kept[0]}" in message
    assert (kept[0] / "haproxy.log").read_text().strip() == "ALERT: a broken line 7"
    assert (kept[0] / "app1.log").read_text().strip() == "fake app"
