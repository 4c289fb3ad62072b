"""Every page of the app: its URL path, its file, its title and who may open it.

The app builds its navigation from this table, every page checks it on every run
(``raati.ui.guard``), and ``raati routes`` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

from raati.auth import PUBLIC

STAFF = ("admin", "staff")
EVERY_ROLE = ("admin", "staff", "developer-client")


@dataclass(frozen=True)
class Route:
    path: str  # as in the browser
    page: str  # the page file, relative to the repository
    title_key: str  # raati.i18n key
    icon: str
    roles: tuple[str, ...]

    @property
    def url_path(self) -> str:
        return self.path.strip("/")


# In menu order. The round link /?r=TOKEN opens the answer page as well, the join link
# /?p=CODE the panel page, a unit's public link /?u=UNIT its "you said, we did" page.
ROUTES: tuple[Route, ...] = (
    Route("/", "pages/home.py", "nav_home", "🏠", EVERY_ROLE),
    Route("/kierrokset", "pages/rounds.py", "nav_rounds", "🔗", STAFF),
    Route("/tulokset", "pages/results.py", "nav_results", "📊", EVERY_ROLE),
    Route("/moderointi", "pages/moderation.py", "nav_moderation", "✍️", STAFF),
    Route("/raadit", "pages/panels.py", "nav_panels", "🗳️", STAFF),
    Route("/raatinaytto", "pages/panel_screen.py", "nav_panel_screen", "📺", STAFF),
    Route("/toimenpiteet", "pages/actions.py", "nav_actions", "✅", EVERY_ROLE),
    Route("/esitys", "pages/presentation.py", "nav_presentation", "🎞️", STAFF),
    Route("/aineisto", "pages/data.py", "nav_data", "📁", STAFF),
    Route("/kyselyt", "pages/surveys.py", "nav_surveys", "📋", STAFF),
    Route("/tili", "pages/account.py", "nav_account", "👤", EVERY_ROLE),
    Route("/kayttajat", "pages/users.py", "nav_users", "👥", ("admin",)),
    Route("/loki", "pages/audit.py", "nav_audit", "🧾", ("admin",)),
    Route("/vastaa", "pages/answer.py", "nav_answer", "💬", (PUBLIC,)),
    Route("/raati", "pages/panel.py", "nav_panel", "🗳️", (PUBLIC,)),
    Route("/teimme", "pages/said_did.py", "nav_said_did", "📣", (PUBLIC,)),
    Route("/tietoa", "pages/about.py", "nav_about", "ℹ️", (PUBLIC,)),
)


# Pages a client reaches by a link (/?r=TOKEN, /?p=CODE, /?u=UNIT) and never through the
# menu.
CLIENT_ONLY = frozenset({"pages/answer.py", "pages/panel.py", "pages/said_did.py"})


def route_for(page_file: str) -> Route:
    """The route of a page file (as given by a page's ``__file__``)."""
    normalized = page_file.replace("\\", "/")
    for route in ROUTES:
        if normalized.endswith(route.page):
            return route
    raise KeyError(f"{page_file} is not in raati.routes.ROUTES")


def by_path(path: str) -> Route | None:
    return next((r for r in ROUTES if r.path == path), None)
