"""Single sign-on (raati.sso): the rules of ``[[raati_sso.rules]]`` and the mapping of an
identity provider's claims to a role and units."""

from __future__ import annotations

import pytest

from raati.sso import SsoConfigError, SsoGrant, SsoRule, map_claims, parse_rules

RULES_RAW = [
    {"claim": "groups", "value": "raati-admins", "role": "admin"},
    {"claim": "groups", "value": "puupaja-ohjaajat", "role": "staff", "units": ["puupaja"]},
    {"claim": "groups", "value": "ompelimo-ohjaajat", "role": "staff", "units": ["ompelimo"]},
    {"claim": "groups", "value": "kehittajat", "role": "developer-client",
     "units": ["kahvila"]},
    {"claim": "department", "value": "kahvila", "role": "staff", "units": ["kahvila"]},
]
ISS = "https://login.example.fi"


@pytest.fixture
def rules() -> list[SsoRule]:
    return parse_rules(RULES_RAW)


def claims(**kw) -> dict:
    base = {"iss": ISS, "sub": "u-1", "email": "Matti.M@Kunta.fi"}
    base.update(kw)
    return base


# -- parse_rules -----------------------------------------------------------------------------


def test_parse_rules(rules):
    assert rules[0] == SsoRule("groups", "raati-admins", "admin", ())
    assert rules[1] == SsoRule("groups", "puupaja-ohjaajat", "staff", ("puupaja",))
    assert len(rules) == len(RULES_RAW)


def test_parse_rules_nothing_configured():
    assert parse_rules(None) == []
    assert parse_rules([]) == []


def test_parse_rules_tuple_units():
    [rule] = parse_rules(({"claim": "c", "value": "v", "role": "staff", "units": ("a", "b")},))
    assert rule.units == ("a", "b")


@pytest.mark.parametrize("raw, message", [
    ({"claim": "groups", "value": "x", "role": "admin"},
     "raati_sso.rules: must be a list of [[raati_sso.rules]] tables"),
    ("groups=x", "raati_sso.rules: must be a list of [[raati_sso.rules]] tables"),
    (42, "raati_sso.rules: must be a list of [[raati_sso.rules]] tables"),
    (["groups"], "raati_sso.rules[1]: must be a table with claim, value and role"),
    ([RULES_RAW[0], None], "raati_sso.rules[2]: must be a table with claim, value and role"),
    ([{"claim": "groups", "value": "x", "role": "admin", "unit": ["a"]}],
     "raati_sso.rules[1]: unknown key unit"),
    ([{"claim": "groups", "value": "x", "role": "admin", "zz": 1, "aa": 2}],
     "raati_sso.rules[1]: unknown key aa"),
    ([{"value": "x", "role": "admin"}],
     "raati_sso.rules[1]: claim and value must be non-empty texts"),
    ([{"claim": "groups", "role": "admin"}],
     "raati_sso.rules[1]: claim and value must be non-empty texts"),
    ([{"claim": "", "value": "x", "role": "admin"}],
     "raati_sso.rules[1]: claim and value must be non-empty texts"),
    ([{"claim": "groups", "value": "", "role": "admin"}],
     "raati_sso.rules[1]: claim and value must be non-empty texts"),
    ([{"claim": "groups", "value": 7, "role": "admin"}],
     "raati_sso.rules[1]: claim and value must be non-empty texts"),
    ([{"claim": ["groups"], "value": "x", "role": "admin"}],
     "raati_sso.rules[1]: claim and value must be non-empty texts"),
    ([{"claim": "groups", "value": "x", "role": "superuser"}],
     "raati_sso.rules[1]: role must be one of admin, staff, developer-client"),
    ([{"claim": "groups", "value": "x"}],
     "raati_sso.rules[1]: role must be one of admin, staff, developer-client"),
    ([{"claim": "groups", "value": "x", "role": "Admin"}],
     "raati_sso.rules[1]: role must be one of admin, staff, developer-client"),
    ([{"claim": "groups", "value": "x", "role": "staff", "units": "puupaja"}],
     "raati_sso.rules[1]: units must be a list of unit ids"),
    ([{"claim": "groups", "value": "x", "role": "staff", "units": None}],
     "raati_sso.rules[1]: units must be a list of unit ids"),
    ([{"claim": "groups", "value": "x", "role": "staff", "units": ["Puu Paja"]}],
     "raati_sso.rules[1]: units must be a list of unit ids"),
    ([{"claim": "groups", "value": "x", "role": "staff", "units": ["puupaja", 3]}],
     "raati_sso.rules[1]: units must be a list of unit ids"),
    ([{"claim": "groups", "value": "x", "role": "staff", "units": [""]}],
     "raati_sso.rules[1]: units must be a list of unit ids"),
])
def test_parse_rules_refusals(raw, message):
    with pytest.raises(SsoConfigError) as exc:
        parse_rules(raw)
    assert str(exc.value) == message


def test_parse_rules_refuses_the_whole_list_for_one_bad_rule():
    with pytest.raises(SsoConfigError, match=r"rules\[3\]"):
        parse_rules([RULES_RAW[0], RULES_RAW[1], {"claim": "groups"}])


# -- map_claims ------------------------------------------------------------------------------


def test_string_claim_matches(rules):
    grant = map_claims(claims(department="kahvila"), rules)
    assert grant == SsoGrant(subject=f"{ISS}|u-1", name="matti.m@kunta.fi", role="staff",
                             units=("kahvila",))


def test_list_claim_matches(rules):
    grant = map_claims(claims(groups=["muut", "puupaja-ohjaajat"]), rules)
    assert (grant.role, grant.units) == ("staff", ("puupaja",))
    grant = map_claims(claims(groups=("ompelimo-ohjaajat",)), rules)
    assert (grant.role, grant.units) == ("staff", ("ompelimo",))


def test_no_match_is_no_access(rules):
    assert map_claims(claims(), rules) is None
    assert map_claims(claims(groups=["muut"]), rules) is None
    assert map_claims(claims(groups="muut"), rules) is None
    assert map_claims(claims(groups=[]), rules) is None
    assert map_claims(claims(groups=None), rules) is None
    assert map_claims(claims(groups=[["raati-admins"]]), rules) is None  # not a text
    assert map_claims(claims(groups={"raati-admins": True}), rules) is None  # a mapping
    assert map_claims(claims(groups="raati-admins-old"), rules) is None  # exact value only
    assert map_claims(claims(groups="RAATI-ADMINS"), rules) is None
    assert map_claims(claims(department="puupaja-ohjaajat"), rules) is None  # wrong claim
    assert map_claims(claims(groups=["raati-admins"]), []) is None


def test_highest_role_wins(rules):
    grant = map_claims(claims(groups=["kehittajat", "puupaja-ohjaajat", "raati-admins"]), rules)
    assert grant.role == "admin"
    assert grant.units == ()  # the admin rule has no units; staff units do not carry over
    grant = map_claims(claims(groups=["kehittajat", "puupaja-ohjaajat"]), rules)
    assert grant.role == "staff"


def test_units_only_from_the_winning_role(rules):
    grant = map_claims(claims(groups=["kehittajat", "puupaja-ohjaajat", "ompelimo-ohjaajat"],
                              department="kahvila"), rules)
    # staff wins: units of every staff rule (sorted), not the developer-client's
    assert (grant.role, grant.units) == ("staff", ("kahvila", "ompelimo", "puupaja"))
    grant = map_claims(claims(groups=["kehittajat", "puupaja-ohjaajat"]), rules)
    assert grant.units == ("puupaja",)
    grant = map_claims(claims(groups=["kehittajat"]), rules)
    assert (grant.role, grant.units) == ("developer-client", ("kahvila",))


def test_duplicate_units_once(rules):
    more = rules + parse_rules([{"claim": "groups", "value": "toinen", "role": "staff",
                                 "units": ["puupaja"]}])
    grant = map_claims(claims(groups=["puupaja-ohjaajat", "toinen"]), more)
    assert grant.units == ("puupaja",)


@pytest.mark.parametrize("sub", [None, "", 123, ["u-1"]])
def test_missing_sub_is_no_access(rules, sub):
    c = claims(groups=["raati-admins"], sub=sub)
    if sub is None:
        del c["sub"]
    assert map_claims(c, rules) is None


@pytest.mark.parametrize("extra, name", [
    ({"email": "Matti@Kunta.fi", "preferred_username": "mmatti", "name": "Matti M"},
     "matti@kunta.fi"),
    ({"email": "", "preferred_username": "MMatti", "name": "Matti M"}, "mmatti"),
    ({"email": None, "name": "Matti Meikäläinen"}, "matti meikäläinen"),
    ({"email": 5, "preferred_username": ["x"]}, "u-1"),
    ({"email": "x" * 80 + "@kunta.fi"}, "x" * 64),
])
def test_name_from_email_username_name_or_sub(rules, extra, name):
    c = {"iss": ISS, "sub": "u-1", "groups": "raati-admins", **extra}
    assert map_claims(c, rules).name == name


def test_subject_includes_the_issuer(rules):
    a = map_claims(claims(groups="raati-admins"), rules)
    b = map_claims(claims(groups="raati-admins", iss="https://toinen.example"), rules)
    assert a.subject == f"{ISS}|u-1"
    assert b.subject == "https://toinen.example|u-1"
    assert a.subject != b.subject  # the same sub at two providers is two people
    no_iss = {"sub": "u-1", "groups": "raati-admins"}
    assert map_claims(no_iss, rules).subject == "|u-1"
