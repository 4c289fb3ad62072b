"""Staff accounts (raati.auth): argon2id hashes, the password and name rules, login with
free failures then doubling lockouts per account and per browser, login sessions with an
idle timeout, the first admin, the roles and single-sign-on accounts.

Real argon2id (about a quarter of a second a hash here) is used where the hash itself is
tested; elsewhere ``fast_argon2`` swaps in a cheap argon2id so that the many logins stay
fast. Time is always given with ``now=``; nothing sleeps."""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from _helpers import db_fingerprint, raw_rows
from argon2 import PasswordHasher

from raati import auth
from raati.auth import (
    FIRST_LOCK_S,
    FREE_FAILURES,
    IDLE_TIMEOUT_S,
    MAX_LOCK_S,
    MAX_PASSWORD,
    MIN_PASSWORD,
    AuthError,
)
from raati.i18n import MESSAGES, translated_languages
from raati.sso import SsoGrant
from raati.store import User

pytestmark = pytest.mark.usefixtures("clean_env")

PW = "Kuusi-puuta-metsässä"
T0 = 1_800_000_000.0  # a fixed "now" for logins and sessions


@pytest.fixture
def fast_argon2(monkeypatch):
    """A cheap argon2id (still argon2id) for tests that log in many times."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", cheap)
    monkeypatch.setattr(auth, "_DUMMY_HASH", cheap.hash("dummy-password"))
    return cheap


def _db_bytes(store) -> bytes:
    """Everything the store holds: on SQLite the database file and what is still in its
    write-ahead log; on PostgreSQL every row of every table (db_fingerprint's dump)."""
    if store.is_postgres:
        return "\n".join(db_fingerprint(store)[1]).encode("utf-8", "surrogatepass")
    data = store.path.read_bytes()
    wal = Path(str(store.path) + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def _user(role: str, units=(), disabled=False) -> User:
    return User(id=1, name="u", role=role, units=tuple(units), must_change=False,
                disabled=disabled, password_hash=None)


# -- hashes ------------------------------------------------------------------------------------


def test_password_hash_is_argon2id_and_verifies():
    h = auth.hash_password(PW)
    assert h.startswith("$argon2id$")
    assert PW not in h
    assert auth.verify_password(h, PW)
    assert not auth.verify_password(h, PW + "x")


def test_verify_password_refusals(fast_argon2):
    h = auth.hash_password(PW)
    assert h.startswith("$argon2id$")  # the cheap one is argon2id too
    assert auth.verify_password(h, PW)
    assert not auth.verify_password(h, "")
    assert not auth.verify_password(None, PW)
    assert not auth.verify_password("", PW)
    assert not auth.verify_password("not-a-hash", PW)
    long_pw = "x" * (MAX_PASSWORD + 1)
    assert not auth.verify_password(auth.hash_password(long_pw), long_pw)  # over the cap


def test_create_user_stores_no_plaintext(store):
    user = auth.create_user(store, "Matti", "staff", PW, ["puupaja"])
    assert (user.name, user.role, user.units) == ("matti", "staff", ("puupaja",))
    assert not user.must_change and not user.disabled
    assert user.password_hash.startswith("$argon2id$")
    assert auth.verify_password(store.user_by_name("matti").password_hash, PW)
    raw = _db_bytes(store)
    assert PW.encode() not in raw
    assert PW.encode("utf-16-le") not in raw
    assert b"$argon2id$" in raw  # the hash is what is there
    assert raw_rows(store, "SELECT count(*) FROM users WHERE password_hash LIKE '%metsässä%'"
                 ) == [(0,)]


def test_create_user_without_password_cannot_log_in(store, fast_argon2):
    auth.create_user(store, "paula", "staff", None)
    assert store.user_by_name("paula").password_hash is None
    assert auth.authenticate(store, "paula", "", "b", now=T0).error == "login_failed"
    assert auth.authenticate(store, "paula", PW, "b2", now=T0).error == "login_failed"


# -- password and name rules -------------------------------------------------------------------


@pytest.mark.parametrize("password, key", [
    ("", "pw_too_short"),
    ("a1b2c3d4e", "pw_too_short"),  # MIN_PASSWORD - 1
    ("x" * (MAX_PASSWORD + 1), "pw_too_long"),
    ("aaaaaaaaaaaa", "pw_too_simple"),
    ("abcabcabcabc", "pw_too_simple"),  # 3 different characters
    ("1234-matti-5678", "pw_too_simple"),  # contains the name
    ("xxMATTIxx123", "pw_too_simple"),  # ... in any case
])
def test_weak_passwords_are_refused(password, key):
    with pytest.raises(AuthError) as exc:
        auth.check_new_password("matti", password)
    assert exc.value.key == key
    assert exc.value.key in MESSAGES
    MESSAGES[key]["fi"].format(**exc.value.values)  # the i18n text gets its values


@pytest.mark.parametrize("password", [
    "abcdabcdab",  # exactly MIN_PASSWORD, 4 different characters
    "y" * (MAX_PASSWORD - 4) + "abcd",  # exactly MAX_PASSWORD
    "oikea hevonen akku niitti",
])
def test_acceptable_passwords(password):
    assert len("abcdabcdab") == MIN_PASSWORD
    auth.check_new_password("matti", password)  # no exception


def test_create_user_refuses_a_weak_password(store):
    with pytest.raises(AuthError) as exc:
        auth.create_user(store, "matti", "staff", "lyhyt")
    assert exc.value.key == "pw_too_short"
    assert store.count_users() == 0


@pytest.mark.parametrize("name, expected", [
    ("matti", "matti"),
    ("  Matti.Meikäläinen ", "matti.meikäläinen"),
    ("ÄIJÄ", "äijä"),
    ("m.m-2_x@kunta.fi", "m.m-2_x@kunta.fi"),
    ("ab", "ab"),
    ("a" * 64, "a" * 64),
])
def test_good_user_names(name, expected):
    assert auth.check_name(name) == expected


@pytest.mark.parametrize("name", [
    "", "   ", None, "a", "a" * 65, "matti meikäläinen", "matti!", "<script>", "mätti/x",
    "ñandú",
])
def test_bad_user_names(name):
    with pytest.raises(AuthError) as exc:
        auth.check_name(name)
    assert exc.value.key == "bad_user_name"


def test_bad_role_is_refused(store):
    with pytest.raises(AuthError) as exc:
        auth.create_user(store, "matti", "superuser", PW)
    assert exc.value.key == "bad_role"
    assert store.count_users() == 0


def test_create_user_duplicate(store, fast_argon2):
    auth.create_user(store, "matti", "staff", PW)
    for name in ("matti", "MATTI", " matti "):
        with pytest.raises(AuthError) as exc:
            auth.create_user(store, name, "admin", PW + "2")
        assert exc.value.key == "user_exists"
        assert exc.value.values == {"name": "matti"}
    assert store.count_users() == 1
    assert store.user_by_name("matti").role == "staff"  # the first one is untouched


def test_change_password(store, fast_argon2):
    user = auth.create_user(store, "matti", "staff", PW, must_change=True)
    assert user.must_change
    with pytest.raises(AuthError) as exc:
        auth.change_password(store, user, PW)
    assert exc.value.key == "pw_same"
    with pytest.raises(AuthError) as exc:
        auth.change_password(store, user, "matti12345678")
    assert exc.value.key == "pw_too_simple"
    assert store.user_by_id(user.id).must_change  # nothing changed yet
    auth.change_password(store, user, "uusi salasana 2027")
    changed = store.user_by_id(user.id)
    assert not changed.must_change
    assert auth.verify_password(changed.password_hash, "uusi salasana 2027")
    assert not auth.verify_password(changed.password_hash, PW)


# -- logging in ------------------------------------------------------------------------------


@pytest.fixture
def matti(store, fast_argon2):
    return auth.create_user(store, "matti", "staff", PW, ["puupaja"])


def _failures(store) -> dict[str, tuple[int, float]]:
    return {k: (f, u) for k, f, u in
            raw_rows(store, "SELECT key, failures, locked_until FROM login_failures")}


def test_right_password_logs_in(store, matti):
    result = auth.authenticate(store, "matti", PW, "selain-1", now=T0)
    assert result.user is not None and result.user.id == matti.id
    assert result.error is None and result.wait_s == 0
    # the name is taken in any case and with spaces around it
    assert auth.authenticate(store, " MATTI ", PW, "selain-1", now=T0).user.id == matti.id


def test_wrong_password_counts_per_account_and_per_browser(store, matti):
    result = auth.authenticate(store, "matti", "väärä salasana", "selain-1", now=T0)
    assert (result.user, result.error, result.wait_s) == (None, "login_failed", 0)
    assert _failures(store) == {"user:matti": (1, T0), "browser:selain-1": (1, T0)}
    auth.authenticate(store, "Matti", "väärä salasana", "selain-2", now=T0 + 1)
    assert _failures(store) == {"user:matti": (2, T0 + 1), "browser:selain-1": (1, T0),
                                "browser:selain-2": (1, T0 + 1)}


def test_free_failures_then_doubling_lock(store, matti):
    now = T0
    for _ in range(FREE_FAILURES):
        result = auth.authenticate(store, "matti", "väärin", "b", now=now)
        assert result.error == "login_failed" and result.wait_s == 0
    expected_waits = []
    lock = FIRST_LOCK_S
    while lock < MAX_LOCK_S:
        expected_waits.append(int(lock))
        lock *= 2
    expected_waits += [int(MAX_LOCK_S)] * 2  # capped, and stays capped
    assert expected_waits[:4] == [5, 10, 20, 40]
    waits = []
    for _ in expected_waits:
        result = auth.authenticate(store, "matti", "väärin", "b", now=now)
        # the account's bucket for unknown browsers is locked (a known one would not be)
        assert result.user is None and result.error == "login_locked_untrusted"
        waits.append(result.wait_s)
        now += result.wait_s  # wait exactly the lock out, then try again
    assert waits == expected_waits
    assert max(waits) == MAX_LOCK_S == 900


def test_while_locked_even_the_right_password_is_refused(store, matti):
    for _ in range(FREE_FAILURES + 1):
        auth.authenticate(store, "matti", "väärin", "b", now=T0)
    state = _failures(store)
    assert state["user:matti"] == (FREE_FAILURES + 1, T0 + FIRST_LOCK_S)
    # refused attempts during the lock are not counted (and cost no hash)
    for dt_ in (0.0, 1.0, FIRST_LOCK_S - 0.5):
        result = auth.authenticate(store, "matti", PW, "b", now=T0 + dt_)
        assert (result.user, result.error) == (None, "login_locked_untrusted")
        assert 1 <= result.wait_s <= FIRST_LOCK_S + 1
        assert result.wait_s >= FIRST_LOCK_S - dt_
    assert _failures(store) == state
    # when the lock is over, the right password gets in and the counts are cleared
    result = auth.authenticate(store, "matti", PW, "b", now=T0 + FIRST_LOCK_S)
    assert result.user is not None and result.user.id == matti.id
    assert _failures(store) == {}


def test_lock_holds_for_another_browser_and_another_account(store, matti, fast_argon2):
    auth.create_user(store, "liisa", "staff", PW + "!")
    for _ in range(FREE_FAILURES + 1):
        auth.authenticate(store, "matti", "väärin", "hyökkääjä", now=T0)
    # another browser unknown to matti's account: the account key still blocks matti
    result = auth.authenticate(store, "matti", PW, "toimisto", now=T0 + 1)
    assert result.error == "login_locked_untrusted"
    # the same browser: blocked for another account too
    result = auth.authenticate(store, "liisa", PW + "!", "hyökkääjä", now=T0 + 1)
    assert result.error == "login_locked"
    # another account from another browser is not affected
    assert auth.authenticate(store, "liisa", PW + "!", "toimisto", now=T0 + 1).user is not None


def test_browser_key_counts_across_accounts(store, matti, fast_argon2):
    """Guessing a different account each time does not escape the browser's count."""
    for i in range(FREE_FAILURES):
        r = auth.authenticate(store, f"tunnus{i}", "väärin", "b", now=T0)
        assert r.error == "login_failed"
    r = auth.authenticate(store, "tunnus-x", "väärin", "b", now=T0)
    assert (r.error, r.wait_s) == ("login_locked", int(FIRST_LOCK_S))
    assert auth.authenticate(store, "matti", PW, "b", now=T0 + 1).error == "login_locked"


def test_success_clears_failures(store, matti):
    for _ in range(FREE_FAILURES):
        auth.authenticate(store, "matti", "väärin", "b", now=T0)
    assert auth.authenticate(store, "matti", PW, "b", now=T0).user is not None
    assert _failures(store) == {}
    # the count starts again from zero: FREE_FAILURES more cost nothing
    for _ in range(FREE_FAILURES):
        assert auth.authenticate(store, "matti", "väärin", "b", now=T0).error == "login_failed"
    assert auth.authenticate(store, "matti", "väärin", "b", now=T0).error == \
        "login_locked_untrusted"


def test_disabled_user_cannot_log_in(store, matti):
    store.update_user(matti.id, disabled=True)
    result = auth.authenticate(store, "matti", PW, "b", now=T0)
    assert (result.user, result.error) == (None, "login_failed")
    assert _failures(store)["user:matti"][0] == 1  # counted as a failure


def test_unknown_user_looks_like_a_wrong_password(store, matti):
    unknown = auth.authenticate(store, "eiole", PW, "b1", now=T0)
    wrong = auth.authenticate(store, "matti", "väärin", "b2", now=T0)
    assert unknown == wrong == auth.LoginResult(None, "login_failed", 0)
    assert _failures(store)["user:eiole"] == (1, T0)


def test_unknown_user_is_checked_against_a_dummy_hash(store, monkeypatch, fast_argon2):
    calls = []
    real = auth._safe_verify
    monkeypatch.setattr(auth, "_safe_verify", lambda h, p: calls.append(h) or real(h, p))
    assert auth.authenticate(store, "eiole", PW, "b", now=T0).error == "login_failed"
    assert calls == [auth._DUMMY_HASH]  # as much work as for a real account


def test_login_rehashes_an_outdated_hash(store, fast_argon2, monkeypatch):
    old = PasswordHasher(time_cost=1, memory_cost=16, parallelism=1)
    user_id = store.add_user("vanha", "staff", old.hash(PW))
    result = auth.authenticate(store, "vanha", PW, "b", now=T0)
    assert result.user is not None
    new_hash = store.user_by_id(user_id).password_hash
    assert new_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert auth.verify_password(new_hash, PW)


# -- parallel guesses: every attempt is counted before its password is checked ---------------

PARALLEL = 40
ALLOWED_CHECKS = FREE_FAILURES + 1  # the free failures, then the one that sets the lock


def _counting_verify(monkeypatch) -> list[str]:
    """Count the passwords argon2 really checks; each check takes 50 ms (a real argon2id
    check here takes about 250 ms), so that parallel attempts overlap as they would."""
    checked: list[str] = []
    lock = threading.Lock()
    real = auth._safe_verify

    def counting(password_hash: str, password: str) -> bool:
        with lock:
            checked.append(password)
        time.sleep(0.05)
        return real(password_hash, password)

    monkeypatch.setattr(auth, "_safe_verify", counting)
    return checked


def _all_at_once(n: int, attempt) -> list:
    """Run ``attempt(i)`` for i in range(n) in n threads released together."""
    start = threading.Barrier(n)

    def run(i: int):
        start.wait()
        return attempt(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_parallel_wrong_passwords_are_counted_before_any_is_checked(store, matti, monkeypatch):
    """40 guesses at once against a real database file: only the allowed number reach
    argon2, each of them is counted, and then even the right password waits."""
    checked = _counting_verify(monkeypatch)
    results = _all_at_once(PARALLEL, lambda i: auth.authenticate(
        store, "matti", f"arvaus-{i}", "hyökkääjä", now=T0))
    assert len(checked) == ALLOWED_CHECKS  # the old read-check-write code checked 40
    assert all(r.user is None for r in results)
    assert sum(r.error == "login_failed" for r in results) == FREE_FAILURES
    assert sum(r.error == "login_locked_untrusted" for r in results) == PARALLEL - FREE_FAILURES
    state = _failures(store)
    # the counters hold every checked attempt (the old code lost all but one)
    assert state["user:matti"][0] == state["browser:hyökkääjä"][0] == len(checked)
    assert state["user:matti"][1] == T0 + FIRST_LOCK_S
    # the right password, from the same browser or another one, is refused unchecked
    for browser in ("hyökkääjä", "toimisto"):
        result = auth.authenticate(store, "matti", PW, browser, now=T0 + 1)
        assert (result.user, result.error) == (None, "login_locked_untrusted")
    assert len(checked) == ALLOWED_CHECKS


def test_parallel_wrong_kiosk_pins_are_counted_before_any_is_checked(store, monkeypatch,
                                                                     fast_argon2):
    rnd = store.open_round("viikkofiilis", "puupaja")
    auth.set_kiosk_pin(store, rnd.id, "4321")
    rnd = store.round_by_id(rnd.id)
    checked = _counting_verify(monkeypatch)
    results = _all_at_once(PARALLEL, lambda i: auth.check_kiosk_pin(
        store, rnd, f"{1000 + i}", "tabletti", now=T0))
    assert not any(results)
    assert len(checked) == ALLOWED_CHECKS  # the old code checked 40
    state = _failures(store)
    assert state[f"kiosk:{rnd.id}"][0] == state["browser:tabletti"][0] == len(checked)
    # locked: the right PIN waits too, and is not even checked
    assert not auth.check_kiosk_pin(store, rnd, "4321", "toinen-tabletti", now=T0 + 1)
    assert len(checked) == ALLOWED_CHECKS
    assert auth.check_kiosk_pin(store, rnd, "4321", "toinen-tabletti", now=T0 + FIRST_LOCK_S)
    assert set(_failures(store)) == {"browser:tabletti"}  # the round's count is cleared


# -- device cookies: an attacker locks only the browsers an account has never used ---------------


def _lock_out_unknown_browsers(store, name: str = "matti") -> None:
    """Guess from several attacker browsers until the account's bucket for unknown
    browsers is locked."""
    for i in range(FREE_FAILURES + 1):
        auth.authenticate(store, name, "arvaus", f"hyökkääjä-{i}", now=T0)
    assert _failures(store)[f"user:{name}"][1] > T0


def test_device_cookie_lets_staff_in_while_unknown_browsers_are_locked(store, matti):
    device = auth.trust_device(store, matti, now=T0 - 86400)  # at yesterday's login
    _lock_out_unknown_browsers(store)
    # matti's usual browser, with its device cookie and the right password: in
    result = auth.authenticate(store, "matti", PW, "toimisto", now=T0 + 1, device=device)
    assert result.user is not None and result.user.id == matti.id
    # the same password from a browser without the cookie waits, with the hint
    result = auth.authenticate(store, "matti", PW, "kotikone", now=T0 + 1)
    assert (result.user, result.error) == (None, "login_locked_untrusted")
    assert result.wait_s >= FIRST_LOCK_S - 1
    assert "{s}" in MESSAGES["login_locked_untrusted"]["fi"]
    # the attacker's lock stays: matti's login does not clear the unknown browsers' bucket
    assert _failures(store)["user:matti"][0] == FREE_FAILURES + 1


def test_failures_with_a_device_cookie_count_in_its_own_bucket(store, matti):
    device = auth.trust_device(store, matti, now=T0)
    for _ in range(FREE_FAILURES):
        r = auth.authenticate(store, "matti", "väärin", "toimisto", now=T0, device=device)
        assert r.error == "login_failed"
    r = auth.authenticate(store, "matti", "väärin", "toimisto", now=T0, device=device)
    assert (r.error, r.wait_s) == ("login_locked", int(FIRST_LOCK_S))  # no hint: it is known
    state = _failures(store)
    assert "user:matti" not in state  # unknown browsers are not held by it
    [device_key] = [k for k in state if k.startswith("device:")]
    assert device not in device_key and state[device_key][0] == FREE_FAILURES + 1
    # the device is locked, even with the right password ...
    assert auth.authenticate(store, "matti", PW, "toimisto", now=T0 + 1,
                             device=device).error == "login_locked"
    # ... another browser of matti's is not
    assert auth.authenticate(store, "matti", PW, "kotikone", now=T0 + 1).user is not None


def test_device_cookie_counts_only_for_its_own_account(store, matti):
    liisa = auth.create_user(store, "liisa", "staff", PW + "!")
    liisas_device = auth.trust_device(store, liisa, now=T0)
    _lock_out_unknown_browsers(store)
    # an attacker with a device cookie of their own account gains nothing against matti
    r = auth.authenticate(store, "matti", PW, "hyökkääjä-x", now=T0 + 1, device=liisas_device)
    assert r.error == "login_locked_untrusted"
    for forged in ("", "x" * 500, "keksitty-arvo", None, 12345):
        r = auth.authenticate(store, "matti", PW, "hyökkääjä-y", now=T0 + 1, device=forged)
        assert r.error == "login_locked_untrusted"


def test_device_cookie_is_stored_as_sha256_renewed_and_expires(store, matti):
    first = auth.trust_device(store, matti, now=T0)
    rows = raw_rows(store, "SELECT token_hash, user_id FROM device_cookies")
    assert rows == [(hashlib.sha256(first.encode()).hexdigest(), matti.id)]
    assert first.encode() not in _db_bytes(store)
    # a new login gives a new cookie; the browser's old one no longer counts as known
    second = auth.trust_device(store, matti, replacing=first, now=T0 + 10)
    assert second != first and len(second) >= 40
    _lock_out_unknown_browsers(store)
    assert auth.authenticate(store, "matti", PW, "b", now=T0 + 1,
                             device=first).error == "login_locked_untrusted"
    assert auth.authenticate(store, "matti", PW, "b", now=T0 + 1, device=second).user
    # unused for DEVICE_COOKIE_DAYS, it is an unknown browser again
    late = T0 + 10 + auth.DEVICE_COOKIE_DAYS * 86400 + 1
    _lock_out_unknown_browsers_at(store, late)
    assert auth.authenticate(store, "matti", PW, "b", now=late + 1,
                             device=second).error == "login_locked_untrusted"


def _lock_out_unknown_browsers_at(store, now: float) -> None:
    for i in range(FREE_FAILURES + 1):
        auth.authenticate(store, "matti", "arvaus", f"myöhemmin-{i}", now=now)


def test_an_account_keeps_only_its_newest_device_cookies(store, matti):
    tokens = [auth.trust_device(store, matti, now=T0 + i)
              for i in range(auth.DEVICES_PER_USER + 3)]
    assert raw_rows(store, "SELECT count(*) FROM device_cookies") == [
        (auth.DEVICES_PER_USER,)]
    _lock_out_unknown_browsers(store)
    assert auth.authenticate(store, "matti", PW, "b", now=T0 + 1,
                             device=tokens[0]).error == "login_locked_untrusted"
    assert auth.authenticate(store, "matti", PW, "b", now=T0 + 1, device=tokens[-1]).user


def test_device_cookies_go_with_their_account(store, matti):
    auth.trust_device(store, matti, now=T0)
    store.delete_user(matti.id)
    assert raw_rows(store, "SELECT count(*) FROM device_cookies") == [(0,)]


def test_lock_seconds_stay_capped_for_any_count():
    assert [auth.lock_seconds(n) for n in range(1, FREE_FAILURES + 1)] == [0.0] * FREE_FAILURES
    assert auth.lock_seconds(FREE_FAILURES + 1) == FIRST_LOCK_S
    assert auth.lock_seconds(FREE_FAILURES + 2) == 2 * FIRST_LOCK_S
    assert auth.lock_seconds(10**6) == MAX_LOCK_S  # no float overflow after years of guessing


# -- the cookie route: HttpOnly login cookies set by the server (raati.cookies) --------------


def _xsrf(secret: bytes, mask: bytes) -> str:
    """A Streamlit XSRF cookie value (2|mask|masked|time) for ``secret``."""
    masked = bytes(b ^ mask[i % len(mask)] for i, b in enumerate(secret))
    return f"2|{mask.hex()}|{masked.hex()}|1800000000"


def test_browser_key_from_xsrf_is_stable_across_masks():
    from raati.cookies import browser_key_from_xsrf

    secret = bytes(range(16))
    a = browser_key_from_xsrf(_xsrf(secret, b"\x01\x02\x03\x04"))
    b = browser_key_from_xsrf(_xsrf(secret, b"\xaa\xbb\xcc\xdd"))
    assert a == b and len(a) == 32 and secret.hex() not in a
    assert browser_key_from_xsrf(_xsrf(bytes(16), b"\x01\x02\x03\x04")) != a
    for bad in (None, "", "1|x", "2|zz|yy|1", 5):
        assert browser_key_from_xsrf(bad) is None


def test_tickets_are_one_time_bound_to_the_browser_and_short_lived():
    from raati import cookies

    change = (cookies.CookieChange(cookies.SESSION_COOKIE, "tunnus"),)
    ticket = cookies.issue_ticket(change, "selain-1", now=100.0)
    assert cookies.redeem_ticket(ticket, "selain-1", now=101.0) == change
    assert cookies.redeem_ticket(ticket, "selain-1", now=101.0) is None  # used
    ticket = cookies.issue_ticket(change, "selain-1", now=100.0)
    assert cookies.redeem_ticket(ticket, "toinen-selain", now=101.0) is None
    assert cookies.redeem_ticket(ticket, "selain-1", now=101.0) is None  # one try only
    ticket = cookies.issue_ticket(change, "selain-1", now=100.0)
    assert cookies.redeem_ticket(ticket, "selain-1",
                                 now=100.0 + cookies.TICKET_TTL_S) is None  # too late
    unbound = cookies.issue_ticket(change, None, now=100.0)
    assert cookies.redeem_ticket(unbound, "mikä-tahansa", now=101.0) == change
    for junk in (None, "", "x" * 500, 42):
        assert cookies.redeem_ticket(junk, "selain-1") is None


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_cookie_route_sets_httponly_strict_cookies(monkeypatch, clean_env):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from raati import cookies

    monkeypatch.setattr(cookies, "_route_installed", False)  # restored after the test
    app = Starlette(routes=cookies.routes())
    assert cookies.route_installed()
    xsrf = _xsrf(b"s" * 16, b"\x05\x06\x07\x08")
    browser = cookies.browser_key_from_xsrf(xsrf)
    ticket = cookies.issue_ticket([
        cookies.CookieChange(cookies.SESSION_COOKIE, "istunto-123"),
        cookies.CookieChange(cookies.DEVICE_COOKIE, "laite-456", max_age=3600),
    ], browser)
    client = TestClient(app, base_url="http://raati.test")
    client.cookies.set("_streamlit_xsrf", xsrf)
    assert client.get(cookies.ROUTE).status_code == 405  # POST only
    response = client.post(cookies.ROUTE, content=ticket)
    assert response.status_code == 204
    assert response.headers["cache-control"] == "no-store"
    session, device = response.headers.get_list("set-cookie")
    assert session.startswith("raati_session=istunto-123;")
    assert device.startswith("raati_device=laite-456;")
    for header in (session, device):
        attrs = {a.strip().split("=")[0].lower() for a in header.split(";")[1:]}
        assert {"httponly", "path"} <= attrs and "secure" not in attrs  # http here
        assert "samesite=strict" in header.lower() and "path=/" in header.lower()
    assert "max-age=3600" in device.lower() and "max-age" not in session.lower()
    # used once only; another browser's ticket is refused
    assert client.post(cookies.ROUTE, content=ticket).status_code == 403
    other = cookies.issue_ticket([cookies.CookieChange(cookies.SESSION_COOKIE, "x")], "muu")
    assert client.post(cookies.ROUTE, content=other).status_code == 403
    # clearing, and Secure when the app is on https
    monkeypatch.setenv("RAATI_BASE_URL", "https://raati.example.fi")
    clear = cookies.issue_ticket([cookies.CookieChange(cookies.SESSION_COOKIE, None)], browser)
    response = client.post(cookies.ROUTE, content=clear)
    [cleared] = response.headers.get_list("set-cookie")
    assert cleared.startswith('raati_session="";') or cleared.startswith("raati_session=;")
    assert "max-age=0" in cleared.lower() and "secure" in cleared.lower()
    assert "httponly" in cleared.lower()


def test_cookie_route_under_a_base_url_path(monkeypatch):
    from raati import cookies

    monkeypatch.setattr(cookies, "_route_installed", False)  # restored after the test
    assert cookies.route_path("") == "/_raati/cookie"
    assert cookies.route_path("/raati/") == "/raati/_raati/cookie"
    assert [r.path for r in cookies.routes("raati")] == ["/raati/_raati/cookie"]


# -- sessions ------------------------------------------------------------------------------------


def test_session_start_and_user(store, matti):
    token = auth.start_session(store, matti, now=T0)
    assert len(token) >= 40
    assert auth.session_user(store, token, now=T0 + 10).id == matti.id
    assert auth.session_user(store, token + "x", now=T0) is None
    assert auth.session_user(store, None, now=T0) is None
    assert auth.session_user(store, "", now=T0) is None
    assert auth.session_user(store, "x" * 101, now=T0) is None
    other = auth.start_session(store, matti, now=T0)
    assert other != token


def test_session_tokens_are_stored_only_as_sha256(store, matti):
    token = auth.start_session(store, matti, now=T0)
    rows = raw_rows(store, "SELECT token_hash, user_id, created_at, last_seen FROM sessions")
    assert rows == [(hashlib.sha256(token.encode()).hexdigest(), matti.id, T0, T0)]
    assert token.encode() not in _db_bytes(store)


def test_idle_session_ends_and_is_deleted(store, matti):
    token = auth.start_session(store, matti, now=T0)
    assert auth.session_user(store, token, now=T0 + IDLE_TIMEOUT_S) is not None
    assert auth.session_user(store, token, now=T0 + 2 * IDLE_TIMEOUT_S + 1) is None
    assert raw_rows(store, "SELECT count(*) FROM sessions") == [(0,)]
    # ended for good, even if asked with an earlier time
    assert auth.session_user(store, token, now=T0 + 1) is None


def test_use_keeps_a_session_alive(store, matti):
    token = auth.start_session(store, matti, now=T0)
    now = T0
    for _ in range(4):  # used every 20 minutes for over an hour
        now += 20 * 60
        assert auth.session_user(store, token, now=now) is not None
    assert raw_rows(store, "SELECT last_seen FROM sessions") == [(now,)]
    assert auth.session_user(store, token, now=now + IDLE_TIMEOUT_S + 1) is None


def test_custom_idle_timeout(store, matti):
    token = auth.start_session(store, matti, now=T0)
    assert auth.session_user(store, token, now=T0 + 61, idle_timeout_s=60) is None


def test_session_of_a_disabled_or_deleted_user_ends(store, matti, fast_argon2):
    token = auth.start_session(store, matti, now=T0)
    store.update_user(matti.id, disabled=True)
    assert auth.session_user(store, token, now=T0 + 1) is None
    store.update_user(matti.id, disabled=False)
    assert auth.session_user(store, token, now=T0 + 1) is None  # not revived

    liisa = auth.create_user(store, "liisa", "staff", PW + "!")
    token = auth.start_session(store, liisa, now=T0)
    store.delete_user(liisa.id)
    assert auth.session_user(store, token, now=T0 + 1) is None
    assert raw_rows(store, "SELECT count(*) FROM sessions") == [(0,)]


def test_disabled_user_session_row_is_deleted_by_session_user(store, matti):
    """Even if the row survives the disabling, session_user removes it."""
    token = auth.start_session(store, matti, now=T0)
    raw_rows(store, "UPDATE users SET disabled = 1 WHERE id = ?", [matti.id])
    assert auth.session_user(store, token, now=T0 + 1) is None
    assert raw_rows(store, "SELECT count(*) FROM sessions") == [(0,)]


def test_end_session(store, matti):
    token = auth.start_session(store, matti, now=T0)
    keep = auth.start_session(store, matti, now=T0)
    auth.end_session(store, token)
    auth.end_session(store, None)
    auth.end_session(store, "")
    assert auth.session_user(store, token, now=T0) is None
    assert auth.session_user(store, keep, now=T0) is not None


# -- the first admin -------------------------------------------------------------------------


def test_ensure_first_admin_creates_admin_and_prints_password(store):
    printed = []
    password = auth.ensure_first_admin(store, print_fn=lambda *a, **k: printed.append(a[0]))
    assert password and len(printed) == 1
    assert f"one-time password: {password}\n" in printed[0]
    assert "user name: admin" in printed[0]
    [admin] = store.users()
    assert (admin.name, admin.role, admin.must_change) == ("admin", "admin", True)
    assert admin.password_hash.startswith("$argon2id$")
    assert auth.verify_password(admin.password_hash, password)
    assert password.encode() not in _db_bytes(store)
    assert [(e.actor, e.action, e.target) for e in store.audit_entries()] == [
        ("system", "user_add", "admin")]


def test_ensure_first_admin_reissues_while_not_logged_in(store, fast_argon2):
    printed = []
    first = auth.ensure_first_admin(store, print_fn=lambda *a, **k: printed.append(a[0]))
    second = auth.ensure_first_admin(store, print_fn=lambda *a, **k: printed.append(a[0]))
    assert first and second and first != second
    assert len(printed) == 2 and second in printed[1] and first not in printed[1]
    [admin] = store.users()
    assert admin.must_change
    assert auth.verify_password(admin.password_hash, second)
    assert not auth.verify_password(admin.password_hash, first)  # the old one stops working
    assert store.count_users() == 1


def test_ensure_first_admin_quiet_once_password_changed(store, fast_argon2):
    password = auth.ensure_first_admin(store, print_fn=lambda *a, **k: None)
    admin = store.users()[0]
    auth.change_password(store, admin, "oma hyvä salasana")
    printed = []
    assert auth.ensure_first_admin(store, print_fn=lambda *a, **k: printed.append(a)) is None
    assert printed == []
    assert password  # the first one was printed
    assert auth.verify_password(store.users()[0].password_hash, "oma hyvä salasana")


@pytest.mark.parametrize("existing", [
    ("liisa", "staff", False),  # some other account
    ("paaka", "admin", False),  # an admin who chose a password
])
def test_ensure_first_admin_prints_nothing_with_other_accounts(store, fast_argon2, existing):
    name, role, must_change = existing
    auth.create_user(store, name, role, PW, must_change=must_change)
    before = store.users()
    printed = []
    assert auth.ensure_first_admin(store, print_fn=lambda *a, **k: printed.append(a)) is None
    assert printed == []
    assert store.users() == before


def test_ensure_first_admin_not_reissued_when_another_account_exists(store, fast_argon2):
    first = auth.ensure_first_admin(store, print_fn=lambda *a, **k: None)
    auth.create_user(store, "liisa", "staff", PW)
    printed = []
    assert auth.ensure_first_admin(store, print_fn=lambda *a, **k: printed.append(a)) is None
    assert printed == []
    assert auth.verify_password(store.user_by_name("admin").password_hash, first)


# -- roles ------------------------------------------------------------------------------------


def test_can_open_by_role():
    admin, staff, dev = _user("admin"), _user("staff", ["a"]), _user("developer-client", ["a"])
    everyone = ("admin", "staff", "developer-client")
    assert auth.can_open([auth.PUBLIC], None)
    assert auth.can_open((auth.PUBLIC,), dev)
    for roles in (("admin",), ("admin", "staff"), everyone):
        assert not auth.can_open(roles, None)
    assert auth.can_open(("admin",), admin)
    assert not auth.can_open(("admin",), staff)
    assert not auth.can_open(("admin",), dev)
    assert auth.can_open(("admin", "staff"), staff)
    assert not auth.can_open(("admin", "staff"), dev)
    assert auth.can_open(everyone, dev)
    assert not auth.can_open(everyone, _user("admin", disabled=True))
    assert auth.can_open((auth.PUBLIC,), _user("admin", disabled=True))


def test_unit_filter_visible_units_and_raw():
    admin = _user("admin", ["a"])
    staff = _user("staff", ["a", "b"])
    dev = _user("developer-client", ["b"])
    lonely = _user("staff", [])
    assert auth.unit_filter(admin) is None
    assert auth.unit_filter(staff) == ["a", "b"]
    assert auth.unit_filter(dev) == ["b"]
    assert auth.unit_filter(lonely) == []  # sees nothing, not everything
    every = ["a", "b", "c"]
    assert auth.visible_units(admin, every) == every
    assert auth.visible_units(staff, every) == ["a", "b"]
    assert auth.visible_units(dev, every) == ["b"]
    assert auth.visible_units(lonely, every) == []
    assert auth.may_see_raw(admin) and auth.may_see_raw(staff)
    assert not auth.may_see_raw(dev)
    assert not auth.may_see_raw(None)


def test_every_auth_error_key_has_a_text():
    for key in ("pw_too_short", "pw_too_long", "pw_too_simple", "pw_same", "bad_user_name",
                "bad_role", "user_exists", "login_failed", "login_locked",
                "login_locked_untrusted"):
        assert translated_languages(key) >= {"fi", "sv", "en"}, key


# -- single sign-on accounts --------------------------------------------------------------------


def _grant(**kw) -> SsoGrant:
    fields = dict(subject="https://idp.example|abc-123", name="matti@kunta.fi", role="staff",
                  units=("puupaja",))
    fields.update(kw)
    return SsoGrant(**fields)


def test_sso_user_created_on_first_login(store):
    user = auth.sso_user(store, _grant())
    assert (user.name, user.role, user.units) == ("matti@kunta.fi", "staff", ("puupaja",))
    assert user.sso_subject == "https://idp.example|abc-123"
    assert user.password_hash is None and not user.must_change
    assert [(e.actor, e.action, e.target) for e in store.audit_entries()] == [
        ("matti@kunta.fi", "user_add", "matti@kunta.fi")]
    # the next login finds the same account
    again = auth.sso_user(store, _grant())
    assert again == user
    assert store.count_users() == 1
    assert len(store.audit_entries()) == 1  # nothing changed, nothing logged


def test_sso_user_follows_the_identity_provider(store):
    user = auth.sso_user(store, _grant())
    later = auth.sso_user(store, _grant(role="admin", units=("ompelimo", "puupaja")))
    assert later.id == user.id
    assert (later.role, later.units) == ("admin", ("ompelimo", "puupaja"))
    assert store.user_by_id(user.id).role == "admin"
    assert store.audit_entries()[0].action == "user_update"
    fewer = auth.sso_user(store, _grant(role="developer-client", units=()))
    assert (fewer.role, fewer.units) == ("developer-client", ())
    assert store.count_users() == 1


def test_sso_user_does_not_take_a_local_account(store, fast_argon2):
    local = auth.create_user(store, "matti@kunta.fi", "developer-client", PW)
    sso = auth.sso_user(store, _grant(role="admin"))
    assert sso.id != local.id
    assert sso.name == "matti@kunta.fi-2"
    assert sso.role == "admin"
    kept = store.user_by_id(local.id)
    assert (kept.role, kept.sso_subject, kept.password_hash) == (
        "developer-client", None, local.password_hash)
    # a third person with the same name gets the next free one
    third = auth.sso_user(store, _grant(subject="https://idp.example|zzz"))
    assert third.name == "matti@kunta.fi-3"
    # and the second login of the clashing person finds their own account
    assert auth.sso_user(store, _grant(role="admin")).id == sso.id


def test_sso_account_has_no_password_login(store, fast_argon2):
    auth.sso_user(store, _grant())
    assert auth.authenticate(store, "matti@kunta.fi", "", "b", now=T0).user is None


def test_disabled_sso_account_stays_disabled(store):
    user = auth.sso_user(store, _grant())
    store.update_user(user.id, disabled=True)
    again = auth.sso_user(store, _grant(role="admin"))
    assert again.disabled
    assert not auth.can_open(("admin",), again)


def test_ensure_first_admin_leaves_a_cli_made_admin_alone(store, fast_argon2):
    # `raati user add admin --role admin` with a generated password printed by the CLI.
    made = auth.create_user(store, "admin", "admin", "Kertakäyttö-123", must_change=True)
    assert auth.ensure_first_admin(store, print_fn=lambda *a, **k: None) is None
    assert store.user_by_name("admin").password_hash == made.password_hash


def test_ensure_first_admin_not_reissued_after_a_login(store, fast_argon2):
    password = auth.ensure_first_admin(store, print_fn=lambda *a, **k: None)
    assert auth.authenticate(store, "admin", password, "b", now=1000.0).user is not None
    store.audit("admin", "login")
    assert auth.ensure_first_admin(store, print_fn=lambda *a, **k: None) is None
    assert auth.verify_password(store.user_by_name("admin").password_hash, password)


def test_sso_user_name_is_made_to_fit_the_name_rules(store):
    grant = _grant()
    from dataclasses import replace

    user = auth.sso_user(store, replace(grant, name="Matti Meikäläinen (Puupaja)"))
    assert user.name == "matti.meikäläinen.puupaja"
    assert auth.check_name(user.name) == user.name
