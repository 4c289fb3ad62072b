"""Single sign-on: map the claims of an organisation's identity provider (OIDC, through
Streamlit's ``st.login``) to a Raati role and units.

The mapping lives beside Streamlit's ``[auth]`` settings in ``.streamlit/secrets.toml``::

    [[raati_sso.rules]]
    claim = "groups"            # a claim of the ID token (a text or a list of texts)
    value = "raati-admins"      # the value that must be in it
    role = "admin"

    [[raati_sso.rules]]
    claim = "groups"
    value = "puupaja-ohjaajat"
    role = "staff"
    units = ["puupaja"]

A person gets the highest role of all rules that match, and the units of every
matching rule with that role. No matching rule = no access.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from raati.auth import ROLE_RANK, ROLES
from raati.store import UNIT_ID_RE


class SsoConfigError(ValueError):
    pass


@dataclass(frozen=True)
class SsoRule:
    claim: str
    value: str
    role: str
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class SsoGrant:
    subject: str  # issuer + sub: stable, unique
    name: str  # shown in the app and the audit log
    role: str
    units: tuple[str, ...]


def parse_rules(raw: object) -> list[SsoRule]:
    """Rules from the ``raati_sso.rules`` list of the secrets; refuse a broken one with
    a sentence naming the rule and field."""
    if raw is None:
        return []
    if not isinstance(raw, (list, tuple)):
        raise SsoConfigError("raati_sso.rules: must be a list of [[raati_sso.rules]] tables")
    rules = []
    for i, item in enumerate(raw, start=1):
        where = f"raati_sso.rules[{i}]"
        if not isinstance(item, Mapping):
            raise SsoConfigError(f"{where}: must be a table with claim, value and role")
        unknown = set(item) - {"claim", "value", "role", "units"}
        if unknown:
            raise SsoConfigError(f"{where}: unknown key {sorted(unknown)[0]}")
        claim, value, role = item.get("claim"), item.get("value"), item.get("role")
        if not isinstance(claim, str) or not claim or not isinstance(value, str) or not value:
            raise SsoConfigError(f"{where}: claim and value must be non-empty texts")
        if role not in ROLES:
            raise SsoConfigError(f"{where}: role must be one of {', '.join(ROLES)}")
        units = item.get("units", [])
        if not isinstance(units, (list, tuple)) or not all(
            isinstance(u, str) and UNIT_ID_RE.match(u) for u in units
        ):
            raise SsoConfigError(f"{where}: units must be a list of unit ids")
        rules.append(SsoRule(claim, value, role, tuple(units)))
    return rules


def _claim_values(claims: Mapping, claim: str) -> set[str]:
    value = claims.get(claim)
    if isinstance(value, str):
        return {value}
    if isinstance(value, (list, tuple, set)):
        return {v for v in value if isinstance(v, str)}
    return set()


def map_claims(claims: Mapping, rules: list[SsoRule]) -> SsoGrant | None:
    """The role and units the claims give, or None when no rule matches."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        return None
    matched = [r for r in rules if r.value in _claim_values(claims, r.claim)]
    if not matched:
        return None
    role = max((r.role for r in matched), key=ROLE_RANK.get)
    units = sorted({u for r in matched if r.role == role for u in r.units})
    issuer = claims.get("iss") if isinstance(claims.get("iss"), str) else ""
    name = next((claims[k] for k in ("email", "preferred_username", "name")
                 if isinstance(claims.get(k), str) and claims[k]), sub)
    return SsoGrant(subject=f"{issuer}|{sub}", name=str(name).lower()[:64], role=role,
                    units=tuple(units))
