"""Who is using the workspace: sign-in against the users file (or an OIDC provider), sign-out.

With no users file (``THREADLINE_USERS`` or ``config/users.toml``) the workspace runs for a
single "local analyst" who may do everything, and says so in the sidebar. With one, nothing
is shown until someone signs in: with a name and password checked against the bcrypt hashes
(:func:`governance.access.authenticate`), or, when ``[auth]`` is set in Streamlit's secrets,
with ``st.login`` and the provider's e-mail looked up in the users file. Sign-in, failed
sign-in and sign-out go to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from casework.session import SignInError, is_server_url, sign_in
from governance.access import (
    AccessError,
    Settings,
    User,
    UserDirectory,
    load_users,
    require_single_user_mode_allowed,
    user_for_identity,
)
from governance.audit import AuditLog, StoreAnchor, audit_path_for
from governance.guard import LOCAL_ANALYST
from governance.redaction import PseudonymKeyError, check_pseudonym_key
from graph.backends import configured_store_url
from graph.model import now_iso
from ui.store_choice import store_url

SESSION_KEY = "governance_session"


@dataclass
class WorkspaceSession:
    """One person's time in the workspace: who, since when, where their actions are logged."""

    user: User
    audit: AuditLog
    started: str
    settings: Settings = field(default_factory=Settings)
    local: bool = False
    logged: set[str] = field(default_factory=set)  # routine audit records already written this session


def users_directory() -> UserDirectory:
    """The users file, or a message and a stopped page when it cannot be read."""
    try:
        return load_users()
    except AccessError as error:
        st.error(f"**The users file cannot be read.** {error}")
        st.stop()
        raise


@st.cache_resource(max_entries=8)
def open_audit(path: str, url: str | None = None) -> AuditLog:
    """The audit log at ``path`` (its head anchored in the case at ``url``), opened once per server process."""
    return AuditLog(path, anchor=StoreAnchor(url))


def _audit_for(directory: UserDirectory, local: bool) -> AuditLog:
    # With users configured the log belongs to the deployment's case store, not to a URL typed in the sidebar.
    url = store_url() if local else configured_store_url()
    return open_audit(str(audit_path_for(url, directory.settings.audit_path)), url)


def _pseudonym_key_warning(local: bool) -> None:
    """Stop a multi-user or server deployment on the development pseudonym key; warn in single-user mode."""
    url = store_url() if local else configured_store_url()
    try:
        warning = check_pseudonym_key(not local, is_server_url(url))
    except PseudonymKeyError as error:
        st.error(str(error))
        st.stop()
        raise
    if warning:
        st.sidebar.warning(warning)


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def current_session() -> WorkspaceSession:
    """The signed-in session; shows the sign-in form and stops the page when there is none."""
    session = st.session_state.get(SESSION_KEY)
    if isinstance(session, WorkspaceSession):
        _pseudonym_key_warning(session.local)
        return session
    directory = users_directory()
    _pseudonym_key_warning(not directory.users)
    if not directory.users:
        audit = _audit_for(directory, True)
        try:
            require_single_user_mode_allowed(audit)
        except AccessError as error:
            st.error(f"Single-user mode is refused. {error}")
            st.stop()
            raise
        session = WorkspaceSession(LOCAL_ANALYST, audit, now_iso(), directory.settings, True)
        st.session_state[SESSION_KEY] = session
        return session
    audit = _audit_for(directory, False)
    user = _oidc_sign_in(directory, audit) if _oidc_configured() else _password_sign_in(directory, audit)
    if user is None:
        st.stop()
    session = WorkspaceSession(user, audit, now_iso(), directory.settings)
    st.session_state[SESSION_KEY] = session
    return session


def _password_sign_in(directory: UserDirectory, audit: AuditLog) -> User | None:
    st.title("Threadline")
    st.caption("Sign in to open the case workspace.")
    with st.form("sign_in"):
        name = st.text_input("User name", key="signin_name")
        password = st.text_input("Password", type="password", key="signin_password")
        submitted = st.form_submit_button("Sign in")
    if not submitted:
        return None
    try:
        return sign_in(directory, name.strip(), password, audit, via="password")
    except SignInError as error:
        st.error(str(error))
        return None


def _oidc_sign_in(directory: UserDirectory, audit: AuditLog) -> User | None:
    st.title("Threadline")
    if not st.user.is_logged_in:
        st.button("Sign in", key="signin_oidc", on_click=st.login)
        return None
    email = str(st.user.get("email") or "")
    user = user_for_identity(directory, email)
    if user is None:
        audit.record(email or "(no e-mail)", "sign-in-failed", detail={"via": "oidc"})
        st.error(f"{email or 'This account'} is not in the users file: ask an administrator to add you.")
        st.button("Sign out", key="signout_oidc", on_click=st.logout)
        return None
    audit.record(user.name, "sign-in", detail={"via": "oidc", "email": email})
    return user


def sign_out() -> None:
    session = st.session_state.pop(SESSION_KEY, None)
    if isinstance(session, WorkspaceSession) and not session.local:
        session.audit.record(session.user.name, "sign-out")
    for key in list(st.session_state):
        del st.session_state[key]
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()


def session_sidebar(session: WorkspaceSession) -> None:
    """Sidebar: who is signed in (or that this is single-user mode), and sign-out."""
    with st.sidebar:
        if session.local:
            st.caption(
                "**Single-user mode: local analyst.** No users file is configured, so everything is open to "
                "whoever runs this workspace. Victims still appear as pseudonyms until revealed with a reason. "
                "See config/users.example.toml to add users."
            )
            return
        user = session.user
        cases = "every case" if "*" in user.cases else ", ".join(user.cases) or "no case"
        st.caption(f"Signed in as **{user.display_name or user.name}** ({user.role}) · {cases}")
        if st.button("Sign out", key="signout"):
            sign_out()
            st.rerun()
