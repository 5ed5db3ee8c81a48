"""The one base of every error a user can act on.

Each family (a store that cannot be opened, a report that cannot be read, a permission the user
lacks, an export without a recipient...) derives from :class:`ThreadlineError`, whose message says
what to do. The command line and the workspace each catch it in one place and show the message,
never a traceback. Anything else is a bug and surfaces as one.
"""

from __future__ import annotations


class ThreadlineError(Exception):
    """A problem the user can act on; the message names what went wrong and what to do."""
