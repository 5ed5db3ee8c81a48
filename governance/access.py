"""Who may sign in, what each role may do, and which cases each user may see (need-to-know).

Users and roles live in a TOML file (``config/users.toml``; see ``config/users.example.toml``)
holding bcrypt hashes, never passwords::

    [settings]
    grading_scheme = "admiralty"   # or "5x5x5"
    review_years = 5

    [users."a.brown"]
    role = "analyst"
    cases = ["ACKEE"]              # "*" for every case
    password_hash = "$2b$12$..."

The filters at the end cut a Subgraph, a list of Reports or SearchHits down to the cases a
user is assigned; the CLI, the workspace and exports all go through them.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import bcrypt

from graph.errors import ThreadlineError
from graph.model import Report, SearchHit, Subgraph

ALL_CASES = "*"
DEFAULT_USERS_FILE = "config/users.toml"

#: What each permission lets a user do.
PERMISSIONS: dict[str, str] = {
    "reveal_victims": "see a victim's real name after stating a reason (logged)",
    "merge": "merge and split entities, set roles",
    "export": "export target packages and graphs (logged with recipient and reason)",
    "purge": "purge reports and decide retention reviews",
    "cypher": "use the read-only Cypher console",
    "admin": "manage users and settings, read and export the audit log",
}

#: The permissions of each role unless the users file's ``[roles]`` table says otherwise.
DEFAULT_ROLES: dict[str, frozenset[str]] = {
    "admin": frozenset(PERMISSIONS),
    "analyst": frozenset({"reveal_victims", "merge", "export", "cypher"}),
    "viewer": frozenset(),
}

_BCRYPT_ROUNDS = 12
MIN_PASSWORD_LENGTH = 12
#: Failed sign-ins in a row allowed before each next attempt must wait (doubling, up to MAX_BACKOFF_S).
FREE_FAILED_SIGN_INS = 3
MAX_BACKOFF_S = 15 * 60


class AccessError(ThreadlineError):
    """A sign-in or permission problem a user can act on; the message says what to do."""


class PermissionDenied(AccessError):
    """The user's role does not allow this."""


@dataclass(frozen=True)
class User:
    """A person who signs in: a role, the cases assigned to them, and the hash of their password."""

    name: str
    role: str
    cases: tuple[str, ...] = ()
    password_hash: str = field(default="", repr=False)
    display_name: str = ""
    permissions: frozenset[str] = frozenset()
    email: str = ""  # the identity an OIDC provider signs in (Streamlit's st.login / st.user.email)

    def can(self, permission: str) -> bool:
        if permission not in PERMISSIONS:
            raise KeyError(f"unknown permission {permission!r}")
        return permission in self.permissions

    def require(self, permission: str) -> None:
        """Raise PermissionDenied unless the user has ``permission``."""
        if not self.can(permission):
            raise PermissionDenied(f"{self.name} ({self.role}) may not {PERMISSIONS[permission]}: ask an administrator")

    def sees_case(self, case: str) -> bool:
        return ALL_CASES in self.cases or case in self.cases


@dataclass
class Settings:
    """Deployment settings kept beside the users (``[settings]`` in the users file)."""

    grading_scheme: str = "admiralty"
    review_years: int = 5
    audit_path: str | None = None  # default: audit.db beside the case


@dataclass
class UserDirectory:
    """Everything the users file holds."""

    users: dict[str, User] = field(default_factory=dict)
    roles: dict[str, frozenset[str]] = field(default_factory=lambda: dict(DEFAULT_ROLES))
    settings: Settings = field(default_factory=Settings)
    path: Path | None = None

    def get(self, name: str) -> User | None:
        return self.users.get(name)


# --- the users file --------------------------------------------------------------------------


def users_file(path: str | os.PathLike[str] | None = None) -> Path:
    """The users file to use: ``path``, else ``THREADLINE_USERS``, else ``config/users.toml``."""
    return Path(path or os.environ.get("THREADLINE_USERS") or DEFAULT_USERS_FILE)


def load_users(path: str | os.PathLike[str] | None = None, *, missing_ok: bool = False) -> UserDirectory:
    """Read the users file; a broken one is an AccessError.

    A file named by ``path`` or ``THREADLINE_USERS`` that does not exist is an AccessError too
    (a typo must not open the case to everyone); only the default ``config/users.toml`` may be
    missing (single-user mode), or any file with ``missing_ok`` (adding the first user)."""
    named = path or os.environ.get("THREADLINE_USERS")
    path = users_file(path)
    if not path.exists():
        if named and not missing_ok:
            raise AccessError(
                f"{path}: the users file named (--config or THREADLINE_USERS) does not exist. "
                "Check the path; `threadline user add NAME --config PATH` creates one."
            )
        return UserDirectory(path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise AccessError(f"{path}: not a valid users file ({error})") from error
    roles = dict(DEFAULT_ROLES)
    for role, table in (data.get("roles") or {}).items():
        permissions = frozenset(table.get("permissions", []))
        unknown = permissions - set(PERMISSIONS)
        if unknown:
            raise AccessError(f"{path}: role {role!r} has unknown permissions {sorted(unknown)}")
        roles[role] = permissions
    raw_settings = data.get("settings") or {}
    settings = Settings(
        grading_scheme=str(raw_settings.get("grading_scheme", "admiralty")),
        review_years=int(raw_settings.get("review_years", 5)),
        audit_path=raw_settings.get("audit_path"),
    )
    users: dict[str, User] = {}
    for name, table in (data.get("users") or {}).items():
        role = table.get("role", "viewer")
        if role not in roles:
            raise AccessError(f"{path}: user {name!r} has unknown role {role!r} (roles: {', '.join(roles)})")
        password_hash = table.get("password_hash", "")
        if "password" in table:
            raise AccessError(
                f"{path}: user {name!r} has a plain-text password: remove it and run `threadline user add`"
            )
        if password_hash and not password_hash.startswith(("$2a$", "$2b$", "$2y$")):
            raise AccessError(f"{path}: user {name!r}: password_hash is not a bcrypt hash")
        cases = table.get("cases", [])
        users[name] = User(
            name=name,
            role=role,
            cases=tuple([cases] if isinstance(cases, str) else cases),
            password_hash=password_hash,
            display_name=table.get("display_name", ""),
            permissions=roles[role],
            email=table.get("email", ""),
        )
    return UserDirectory(users=users, roles=roles, settings=settings, path=path)


def hash_password(password: str) -> str:
    """A salted bcrypt hash of a password (bcrypt reads at most 72 bytes of it)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccessError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters (a phrase of a few words)")
    if len(password.encode("utf-8")) > 72:
        raise AccessError("A password can be at most 72 bytes long (bcrypt reads no more)")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(_BCRYPT_ROUNDS)).decode("ascii")


def add_user(
    directory: UserDirectory,
    name: str,
    role: str,
    password: str,
    cases: Iterable[str] = (),
    display_name: str = "",
    replace_existing: bool = False,
    email: str = "",
) -> User:
    """Add (or, with ``replace_existing``, replace) a user in the directory; the password is hashed."""
    name = name.strip()
    if not name or any(c in name for c in '\n\r"\\'):
        raise AccessError(f"{name!r} is not a usable user name")
    if role not in directory.roles:
        raise AccessError(f"Unknown role {role!r}: choose one of {', '.join(directory.roles)}")
    if name in directory.users and not replace_existing:
        raise AccessError(f"User {name!r} exists already: use --replace to change them")
    user = User(
        name=name,
        role=role,
        cases=tuple(dict.fromkeys(c.strip() for c in cases if c.strip())),
        password_hash=hash_password(password),
        display_name=display_name,
        permissions=directory.roles[role],
        email=email.strip(),
    )
    directory.users[name] = user
    return user


def save_users(directory: UserDirectory, path: str | os.PathLike[str] | None = None) -> Path:
    """Write the directory back as TOML (readable only by its owner), replacing the file atomically."""
    path = Path(path or directory.path or users_file())
    lines = [
        "# Threadline users and roles. Passwords are bcrypt hashes: add users with",
        "#   threadline user add NAME --role analyst --case CASE",
        "",
        "[settings]",
        f"grading_scheme = {_toml_string(directory.settings.grading_scheme)}",
        f"review_years = {int(directory.settings.review_years)}",
    ]
    if directory.settings.audit_path:
        lines.append(f"audit_path = {_toml_string(directory.settings.audit_path)}")
    for role, permissions in directory.roles.items():
        if DEFAULT_ROLES.get(role) != permissions:
            lines += ["", f"[roles.{_toml_string(role)}]", f"permissions = {_toml_list(sorted(permissions))}"]
    for user in directory.users.values():
        lines += [
            "",
            f"[users.{_toml_string(user.name)}]",
            f"role = {_toml_string(user.role)}",
            f"cases = {_toml_list(user.cases)}",
            f"password_hash = {_toml_string(user.password_hash)}",
        ]
        if user.display_name:
            lines.append(f"display_name = {_toml_string(user.display_name)}")
        if user.email:
            lines.append(f"email = {_toml_string(user.email)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    os.replace(temporary, path)
    directory.path = path
    return path


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _toml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


# --- signing in ------------------------------------------------------------------------------


@functools.cache
def _dummy_hash() -> bytes:
    """Checked against when the user does not exist, so an unknown name costs as long as a wrong password."""
    return bcrypt.hashpw(b"threadline-no-such-user", bcrypt.gensalt(_BCRYPT_ROUNDS))


def authenticate(users: UserDirectory | Mapping[str, User], name: str, password: str) -> User | None:
    """The user when ``password`` is theirs, else None. Unknown names and users without a hash
    cost one bcrypt check too, so timing does not tell which names exist."""
    table = users.users if isinstance(users, UserDirectory) else users
    user = table.get(name)
    candidate = password.encode("utf-8")[:72]
    if user is None or not user.password_hash:
        bcrypt.checkpw(candidate, _dummy_hash())
        return None
    try:
        ok = bcrypt.checkpw(candidate, user.password_hash.encode("ascii"))
    except ValueError:  # a malformed hash in the file
        return None
    return user if ok else None


def sign_in_wait(failures_since_success: int, last_failure: datetime | None, now: datetime) -> float:
    """Seconds the next sign-in of a name must still wait: none for the first
    FREE_FAILED_SIGN_INS failures in a row, then 2, 4, 8... seconds after the last one, at most
    MAX_BACKOFF_S."""
    if failures_since_success < FREE_FAILED_SIGN_INS or last_failure is None:
        return 0.0
    delay = min(2.0 ** (failures_since_success - FREE_FAILED_SIGN_INS + 1), MAX_BACKOFF_S)
    return max(0.0, delay - (now - last_failure).total_seconds())


class SignInRefused(AccessError):
    """Too many failed sign-ins in a row: the message says how long to wait."""


def sign_in(directory: UserDirectory, name: str, password: str, audit, via: str) -> User | None:
    """Check a password with back-off, writing the outcome to ``audit`` (a governance.audit.AuditLog).

    Failed sign-ins of a name since its last success are counted in the audit log; past
    FREE_FAILED_SIGN_INS the next attempt is refused (SignInRefused, and logged) until the wait
    has passed, whatever the password. Returns the user, or None for a wrong name or password.
    """
    name = name.strip() or "(no name given)"
    failures, last = 0, None
    for record in audit.records(who=name):
        if record.action == "sign-in":
            failures, last = 0, None
        elif record.action == "sign-in-failed" and not record.detail.get("refused"):
            failures, last = failures + 1, datetime.fromisoformat(record.at)
    wait = sign_in_wait(failures, last, datetime.now(UTC))
    if wait > 0:
        audit.record(name, "sign-in-failed", detail={"via": via, "refused": "back-off"})
        raise SignInRefused(f"Too many failed sign-ins for {name}: wait {wait:.0f} s before trying again")
    user = authenticate(directory, name, password)
    if user is None:
        audit.record(name, "sign-in-failed", detail={"via": via})
        return None
    audit.record(user.name, "sign-in", detail={"via": via})
    return user


def require_admin_to_change_users(directory: UserDirectory, admin: User | None) -> None:
    """Once a users file has users, only an authenticated admin may add or replace one."""
    if not directory.users:
        return
    if admin is None:
        raise PermissionDenied("Changing users needs an administrator: sign in with --by ADMIN (password asked)")
    admin.require("admin")


def require_single_user_mode_allowed(audit) -> None:
    """Single-user mode (no users file) is refused on a case whose audit log shows users were
    ever added: unsetting THREADLINE_USERS must not make everyone the local admin."""
    if audit.records(action="user-change", limit=1):
        raise AccessError(
            "This case has users (its audit log records them) but no users file was found: "
            "set THREADLINE_USERS (or --config) to the deployment's users file"
        )


def user_for_identity(directory: UserDirectory, email: str | None) -> User | None:
    """The user an OIDC sign-in (``st.login``; ``st.user.email``) stands for: the one whose
    ``email`` (or name) is that address, case-insensitively. The provider proves who someone
    is; only the users file says what they may see, so an unknown address gets None."""
    if not email or not email.strip():
        return None
    wanted = email.strip().casefold()
    for user in directory.users.values():
        if wanted in (user.email.casefold(), user.name.casefold()):
            return user
    return None


# --- need-to-know ------------------------------------------------------------------------------


def visible_cases(user: User, known_cases: Iterable[str] | None = None) -> set[str] | None:
    """The cases a user may see: None means every case (``"*"``); with ``known_cases`` given,
    the intersection (so "*" becomes the list of cases that exist)."""
    if ALL_CASES in user.cases:
        return set(known_cases) if known_cases is not None else None
    assigned = set(user.cases)
    return assigned & set(known_cases) if known_cases is not None else assigned


@dataclass(frozen=True)
class CaseScope:
    """What of a store one user may see: the reports of their cases, and the entities named in them."""

    cases: frozenset[str] | None  # None: every case
    report_ids: frozenset[str]
    entity_ids: frozenset[str]

    def admits_report(self, report_id: str) -> bool:
        return report_id in self.report_ids

    def admits_entity(self, entity_id: str) -> bool:
        return entity_id in self.entity_ids


def case_scope(store, user: User) -> CaseScope:
    """The reports and entities of ``user``'s cases in ``store`` (any GraphStore)."""
    cases = visible_cases(user)
    reports = store.reports()
    report_ids = frozenset(r.id for r in reports if cases is None or r.case in cases)
    if cases is None:
        entity_ids = frozenset(e.id for e in store.entities())
    else:
        entity_ids = frozenset(e.id for case in cases for e in store.entities(case=case))
    return CaseScope(frozenset(cases) if cases is not None else None, report_ids, entity_ids)


def filter_reports(reports: Iterable[Report], user: User) -> list[Report]:
    """Only the reports of the user's cases."""
    return [r for r in reports if user.sees_case(r.case)]


def filter_hits(hits: Iterable[SearchHit], scope: CaseScope) -> list[SearchHit]:
    """Only the search hits on entities named in the user's cases."""
    return [h for h in hits if scope.admits_entity(h.entity.id)]


def filter_subgraph(subgraph: Subgraph, scope: CaseScope) -> Subgraph:
    """The part of a Subgraph the user may see: links whose report is in their cases, entities
    named in their cases (or at the end of such a link), and calls between those entities.

    A link's evidence sentence comes from its report, so a link from another case is dropped
    even when both its ends are visible.
    """
    links = [k for k in subgraph.links if scope.admits_report(k.report_id)]
    ends = {e for k in links for e in (k.source, k.target)}
    entities = [e for e in subgraph.entities if scope.admits_entity(e.id) or e.id in ends]
    kept = {e.id for e in entities}
    calls = [c for c in subgraph.calls if c.caller in kept and c.callee in kept]
    return Subgraph(entities, links, calls)


def require_case(user: User, case: str) -> None:
    """Raise PermissionDenied unless the user is assigned ``case``."""
    if not user.sees_case(case):
        raise PermissionDenied(f"{user.name} is not assigned case {case!r}: ask an administrator")
