"""The database health route (raati.health) and the rendering of deploy/haproxy.cfg for
a local cluster (raati.cluster)."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time

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
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "RAATI_LB_SOCKET": str(tmp_path / "s")}
    for cfg in (cluster.HAPROXY_CFG, rendered):
        done = subprocess.run(["haproxy", "-c", "-f", str(cfg)], env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
