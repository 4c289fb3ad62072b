"""Staff accounts: argon2id passwords, login with growing delays and lockouts, login
sessions with an idle timeout, and the roles. Clients never log in.

Roles:
- ``admin``: everything, including accounts;
- ``staff``: their units' rounds, QR codes, results, raw exports;
- ``developer-client``: aggregated, suppressed results of their units only.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from raati.store import Store, StoreError, User

ROLES = ("admin", "staff", "developer-client")
PUBLIC = "public"
ROLE_RANK = {"developer-client": 1, "staff": 2, "admin": 3}
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzåäö0123456789._-@")
MIN_PASSWORD = 10
MAX_PASSWORD = 256  # argon2 takes any length; a cap keeps a login request cheap
IDLE_TIMEOUT_S = 30 * 60
# Failed logins: the first FREE_FAILURES cost nothing, then each failure locks its
# buckets for a doubling time, at most MAX_LOCK_S. The buckets of an attempt are the
# browser's own and one for the account: the bucket of that browser's device cookie if
# it has logged in to this account before, else the account's bucket for all unknown
# browsers (OWASP, "Slow Down Online Guessing Attacks with Device Cookies").
FREE_FAILURES = 3
FIRST_LOCK_S = 5.0
MAX_LOCK_S = 15 * 60.0
DEVICE_COOKIE_DAYS = 180  # a browser unused for this long is unknown again
DEVICES_PER_USER = 10  # the newest device cookies of an account that are remembered

_hasher = PasswordHasher()  # argon2id with the library's current recommended cost
# Compared against when an account does not exist, so that a wrong name takes as long
# as a wrong password (no account enumeration by timing).
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AuthError(ValueError):
    """Refused account input; ``key`` names the message in raati.i18n, ``detail`` a
    sentence for the command line."""

    def __init__(self, key: str, detail: str, **values):
        self.key = key
        self.values = values
        super().__init__(detail)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash or len(password) > MAX_PASSWORD:
        _safe_verify(_DUMMY_HASH, password[:MAX_PASSWORD])
        return False
    return _safe_verify(password_hash, password)


def _safe_verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """A random password to be shown once: 16 characters, about 95 bits."""
    return secrets.token_urlsafe(12)


def check_new_password(name: str, password: str) -> None:
    """Refuse a weak new password (NIST SP 800-63B: length over composition rules)."""
    if len(password) < MIN_PASSWORD:
        raise AuthError("pw_too_short", f"the password must be at least {MIN_PASSWORD} "
                        "characters", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AuthError("pw_too_long", f"the password must be at most {MAX_PASSWORD} "
                        "characters", n=MAX_PASSWORD)
    if len(set(password)) < 4 or name.lower() in password.lower():
        raise AuthError("pw_too_simple", "the password is too easy to guess")


def check_name(name: str) -> str:
    name = (name or "").strip().lower()
    if not 2 <= len(name) <= 64 or not set(name) <= NAME_CHARS:
        raise AuthError("bad_user_name", "a user name is 2..64 characters: letters a-z, "
                        "å, ä, ö, digits and . _ - @")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError("bad_role", f"the role must be one of {', '.join(ROLES)}")
    return role


def create_user(store: Store, name: str, role: str, password: str | None,
                units: Iterable[str] = (), *, must_change: bool = False) -> User:
    """Create a local account. ``password`` None = an account that cannot log in with a
    password until one is set."""
    name = check_name(name)
    check_role(role)
    if password is not None:
        check_new_password(name, password)
    units = list(units)
    try:
        user_id = store.add_user(name, role, hash_password(password) if password else None,
                                 units, must_change=must_change)
    except StoreError as exc:
        if str(exc).startswith("unit:"):
            raise AuthError("bad_unit", str(exc)) from None
        raise AuthError("user_exists", str(exc), name=name) from None
    return store.user_by_id(user_id)


def change_password(store: Store, user: User, new_password: str, *,
                    must_change: bool = False) -> None:
    check_new_password(user.name, new_password)
    if user.password_hash and verify_password(user.password_hash, new_password):
        raise AuthError("pw_same", "the new password must differ from the old one")
    store.set_password_hash(user.id, hash_password(new_password), must_change=must_change)


def first_admin_waiting(store: Store) -> bool:
    """Whether the only account is the first ``admin`` made by :func:`ensure_first_admin`
    and it has never logged in: its one-time password is in the server's output (the
    login page then says where to find it)."""
    users = store.users()
    if len(users) != 1 or users[0].name != "admin" or not users[0].must_change:
        return False
    first = store.audit_entries(limit=10_000, actor="system", action="user_add")
    logins = store.audit_entries(limit=1, actor="admin", action="login")
    return any(e.target == "admin" for e in first) and not logins


def ensure_first_admin(store: Store, print_fn=print) -> str | None:
    """With no accounts at all, create ``admin`` with a one-time random password and
    print it (as Jupyter prints its token); it must be changed at the first login. If
    that admin has still not logged in at the next start, a new one-time password is
    printed. Returns the password printed, if any."""
    if store.count_users() == 0:
        password = generate_password()
        store.add_user("admin", "admin", hash_password(password), must_change=True)
        store.audit("system", "user_add", "admin", "first admin, one-time password")
    else:
        # Only the first admin made here, never yet logged in, gets a new one-time
        # password (an account made with `raati user add` keeps the one it printed).
        if not first_admin_waiting(store):
            return None
        users = store.users()
        password = generate_password()
        store.set_password_hash(users[0].id, hash_password(password), must_change=True)
        store.audit("system", "password_reset", "admin", "first admin, new one-time password")
    print_fn(
        "\n  Raati: the first admin account\n"
        "    user name: admin\n"
        f"    one-time password: {password}\n"
        "  Log in and choose a new password. This is shown only here, once.\n",
        flush=True,
    )
    return password


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    # an i18n key: 'login_failed', 'login_locked' or 'login_locked_untrusted' (the
    # account's bucket for unknown browsers is locked: a known browser still gets in)
    error: str | None = None
    wait_s: int = 0


def lock_seconds(failures: int) -> float:
    """How long a bucket is locked after its ``failures``-th failure in a row: nothing
    for the first FREE_FAILURES, then FIRST_LOCK_S doubling each time, at most MAX_LOCK_S."""
    if failures <= FREE_FAILURES:
        return 0.0
    doublings = min(failures - FREE_FAILURES - 1, 16)  # 5 s * 2^16 is past the cap already
    return min(FIRST_LOCK_S * 2**doublings, MAX_LOCK_S)


def _device_bucket(store: Store, user: User | None, device: str | None,
                   now: float) -> str | None:
    """The failure bucket of this browser's device cookie, if it is one this account
    was given at a login and it is not too old; else None (an unknown browser). The
    cookie is looked up whether or not the account exists (no enumeration by timing)."""
    if not isinstance(device, str) or not device or len(device) > 100:
        return None
    found = store.device_cookie(_token_hash(device))
    if (found is None or user is None or found[0] != user.id
            or now - found[1] > DEVICE_COOKIE_DAYS * 86400):
        return None
    return f"device:{_token_hash(device)[:32]}"


def _locked_error(keys: Iterable[str]) -> str:
    return ("login_locked_untrusted" if any(k.startswith("user:") for k in keys)
            else "login_locked")


def authenticate(store: Store, name: str, password: str, browser: str,
                 now: float | None = None, device: str | None = None) -> LoginResult:
    """Check a login: ``browser`` is the browser's anonymous key (raati.ui.browser_key),
    ``device`` the device cookie it sent, if any (from trust_device).

    Each attempt counts in two buckets: the browser's, and for the account either the
    bucket of a valid device cookie of this account or the account's bucket shared by
    all unknown browsers (OWASP device cookies: guessing from elsewhere locks only the
    unknown browsers, staff on their usual browser still log in). After FREE_FAILURES,
    each failure locks its buckets for a doubling time (5 s, 10 s, ..., at most 15 min);
    while a bucket is locked not even the right password gets in, and it is not checked.
    The attempt is counted before argon2 runs, in one transaction
    (Store.take_login_attempt), so parallel guesses cannot slip past the count; a right
    password clears the attempt's buckets. Never raises for a wrong login: the result
    carries an i18n key and the seconds to wait."""
    now = time.time() if now is None else now
    user = store.user_by_name(name.strip().lower())
    # A U+0000 cannot be stored on PostgreSQL: the bucket of a name with one (no account
    # has it) is counted under U+FFFD instead, so the attempt counts as any wrong name.
    bucket = name.strip().lower().replace("\x00", "\ufffd")
    account_key = _device_bucket(store, user, device, now) or f"user:{bucket}"
    keys = (account_key, f"browser:{browser}")
    attempt = store.take_login_attempt(keys, now, lock_seconds)
    if not attempt.allowed:
        return LoginResult(None, _locked_error(attempt.locked),
                           wait_s=int(max(attempt.locked.values())) + 1)
    ok = verify_password(user.password_hash if user else None, password)
    if ok and user and not user.disabled:
        store.clear_login_failures(keys)
        if _hasher.check_needs_rehash(user.password_hash):
            store.set_password_hash(user.id, hash_password(password),
                                    must_change=user.must_change)
        return LoginResult(user)
    if attempt.locked:
        return LoginResult(None, _locked_error(attempt.locked),
                           wait_s=int(max(attempt.locked.values())))
    return LoginResult(None, "login_failed")


def trust_device(store: Store, user: User, replacing: str | None = None,
                 now: float | None = None) -> str:
    """After a successful login: a new random device cookie for this browser (OWASP
    "Slow Down Online Guessing Attacks with Device Cookies": issued at every login, so a
    stolen old one stops working). Only its SHA-256 is stored, bound to ``user``; the
    cookie the browser had (``replacing``) is forgotten, and an account keeps at most
    DEVICES_PER_USER. Returns the token for the browser's HttpOnly cookie."""
    token = secrets.token_urlsafe(32)
    old = _token_hash(replacing) if isinstance(replacing, str) and replacing else None
    store.add_device_cookie(_token_hash(token), user.id, time.time() if now is None else now,
                            replacing=old, keep=DEVICES_PER_USER)
    return token


def set_kiosk_pin(store: Store, round_id: int, pin: str, *, enabled: bool = True,
                  thanks_s: int = 15, idle_s: int = 120) -> None:
    """Kiosk mode for a round, with the PIN staff use to leave it (4..12 digits)."""
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 12):
        raise AuthError("bad_pin", "a kiosk PIN is 4..12 digits")
    store.set_kiosk(round_id, enabled=enabled, thanks_s=thanks_s, idle_s=idle_s,
                    pin_hash=hash_password(pin))


@dataclass(frozen=True)
class KioskPinResult:
    """The answer to one try of a kiosk PIN: ``ok``, or refused; ``wait_s`` (whole
    seconds, rounded up, 0 = none) is how long the tablet must wait before the next try
    is even checked: the lock this wrong try started, or the one still running (then
    not even the right PIN was checked)."""
    ok: bool
    wait_s: int = 0

    def __bool__(self) -> bool:
        return self.ok


def try_kiosk_pin(store: Store, rnd, pin: str, browser: str,
                  now: float | None = None) -> KioskPinResult:
    """Is this the round's kiosk PIN? Wrong tries lock as logins do (per round and
    per browser, each try counted before the PIN is checked: FREE_FAILURES free, then
    5 s doubling up to MAX_LOCK_S), so a PIN cannot be guessed at the tablet, not even
    by many tries at once. During a lock the PIN is not checked at all and the result
    says how many seconds are left, so the screen can say "wait N s" instead of "wrong
    PIN" to staff who typed the right one."""
    now = time.time() if now is None else now
    keys = (f"kiosk:{rnd.id}", f"browser:{browser}")
    # counted before the PIN is checked, as a login is (see authenticate)
    attempt = store.take_login_attempt(keys, now, lock_seconds)
    if not attempt.allowed:
        return KioskPinResult(False, math.ceil(max(attempt.locked.values())))
    if rnd.kiosk_pin_hash and verify_password(rnd.kiosk_pin_hash, pin or ""):
        store.clear_login_failures(keys)
        return KioskPinResult(True)
    return KioskPinResult(False, math.ceil(max(attempt.locked.values(), default=0)))


def check_kiosk_pin(store: Store, rnd, pin: str, browser: str,
                    now: float | None = None) -> bool:
    """try_kiosk_pin as a plain yes or no."""
    return try_kiosk_pin(store, rnd, pin, browser, now).ok


# -- login sessions ------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(store: Store, user: User, now: float | None = None) -> str:
    """A new login session; returns the token for the browser's cookie."""
    token = secrets.token_urlsafe(32)
    store.create_session(_token_hash(token), user.id, time.time() if now is None else now)
    return token


def session_user(store: Store, token: str | None, now: float | None = None,
                 idle_timeout_s: float = IDLE_TIMEOUT_S) -> User | None:
    """The user of a login session that is still alive; an idle session ends."""
    if not isinstance(token, str) or not token or len(token) > 100:
        return None
    now = time.time() if now is None else now
    found = store.session(_token_hash(token))
    if found is None:
        return None
    user_id, last_seen = found
    if now - last_seen > idle_timeout_s:
        store.delete_session(_token_hash(token))
        return None
    user = store.user_by_id(user_id)
    if user is None or user.disabled:
        store.delete_session(_token_hash(token))
        return None
    if now - last_seen > 60:  # one write a minute is enough to keep it alive
        store.touch_session(_token_hash(token), now)
    return user


def end_session(store: Store, token: str | None) -> None:
    if isinstance(token, str) and token:
        store.delete_session(_token_hash(token))


# -- roles ---------------------------------------------------------------------------------


def can_open(roles: Iterable[str], user: User | None) -> bool:
    """May ``user`` (None = not logged in) open a page meant for ``roles``?"""
    roles = tuple(roles)
    if PUBLIC in roles:
        return True
    return user is not None and not user.disabled and user.role in roles


def visible_units(user: User, all_units: Iterable[str]) -> list[str]:
    """The units whose data ``user`` may see: all for an admin, else their own."""
    all_units = list(all_units)
    if user.role == "admin":
        return all_units
    return [u for u in all_units if u in user.units]


def may_see_raw(user: User | None) -> bool:
    """Raw answers and raw exports: staff and admins only, never developer-clients."""
    return user is not None and user.role in ("admin", "staff")


def may_act_on_unit(user: User, unit: str | None) -> bool:
    """Whether ``user`` may act on something of ``unit`` (a round, a text): admins and
    accounts without units on everything, others only on their own units."""
    units = unit_filter(user)
    return units is None or unit in units


STAFF_ROLES = ("admin", "staff")  # who may open the rounds and moderation pages


def acting_user(store: Store, login: tuple[int, str | None],
                roles: Iterable[str] = STAFF_ROLES,
                idle_timeout_s: float = IDLE_TIMEOUT_S) -> User | None:
    """The user a button callback acts for, checked again in the database (the callback
    runs before the page's own guard): ``login`` is ``(user id, session token or None)``
    as the page had them when it drew the button. With a token, the login session must
    still be alive (session_user, ``idle_timeout_s``) and belong to that user; without
    one (single sign-on: no session token of our own), the account must still exist and
    not be disabled. The user must also still have one of ``roles`` (can_open).

    Returns the User, or None when any of this fails; raises nothing. Reads no
    Streamlit state, so a callback can call it before its decision is written."""
    user_id, token = login
    if token:
        who = session_user(store, token, idle_timeout_s=idle_timeout_s)
    else:
        who = store.user_by_id(user_id)
        who = None if who is None or who.disabled else who
    if who is None or who.id != user_id or not can_open(roles, who):
        return None
    return who


def unit_filter(user: User) -> list[str] | None:
    """The store filter for a user's data: None (everything) for an admin, else the
    user's own units (an empty list sees nothing)."""
    return None if user.role == "admin" else list(user.units)


def sso_user(store: Store, grant) -> User:
    """The account of a person who logged in through single sign-on (raati.sso.SsoGrant),
    created on the first login and kept in line with the identity provider's claims."""
    user = store.user_by_sso_subject(grant.subject)
    if user is None:
        # A user name from the claims, made to fit check_name (no spaces, 2..64 chars).
        base = "".join(c for c in grant.name.lower().replace(" ", ".") if c in NAME_CHARS)
        base = (base or "sso")[:58].ljust(2, "_")
        name, n = base, 1
        while store.user_by_name(name) is not None:  # a local account has that name
            n += 1
            name = f"{base}-{n}"
        user_id = store.add_user(name, grant.role, None, grant.units,
                                 sso_subject=grant.subject)
        store.audit(name, "user_add", name, f"single sign-on, role {grant.role}")
        return store.user_by_id(user_id)
    if user.role != grant.role or user.units != tuple(sorted(grant.units)):
        store.update_user(user.id, role=grant.role, units=grant.units)
        store.audit(user.name, "user_update", user.name,
                    f"single sign-on: role {grant.role}, units {', '.join(grant.units)}")
        user = store.user_by_id(user.id)
    return user
