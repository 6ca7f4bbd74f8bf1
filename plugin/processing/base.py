"""What every constellr Processing algorithm shares: its group, the headless connection, plain errors.

An algorithm calls the same operations ``op(client, feedback, …)`` the dock runs in tasks, with its
``QgsProcessingFeedback`` as the ``Progress``: :meth:`ConstellrAlgorithm.call` makes the client, lets a
cancel abort the request under way and turns any error into a ``QgsProcessingException`` with the
client's plain message.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from qgis.core import (
    QgsApplication,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeedback,
)
from qgis.PyQt.QtGui import QIcon

from ..api import ConstellrClient, cancellable
from ..connection import (
    API_KEY_USERNAME,
    ENV_API_KEY,
    AuthMode,
    ConnectionSettings,
    CredentialsError,
    load_settings,
    make_client,
    stored_username,
)
from ..i18n import tr
from ..tasks import user_message

T = TypeVar("T")
ENV_AUTHCFG = "CONSTELLR_AUTHCFG"
ICON = Path(__file__).resolve().parents[2] / "resources" / "icon.svg"


def headless_hint() -> str:
    """What to set to run the algorithms without the QGIS window."""
    return tr(
        "Without the QGIS window, set CONSTELLR_API_URL and CONSTELLR_API_KEY; or set CONSTELLR_AUTHCFG to "
        "the id of an authentication configuration holding the key, with QGIS_AUTH_PASSWORD_FILE naming a "
        "file that holds the QGIS master password."
    )


def auth_database_locked_here() -> bool:
    """True when reading the authentication database would need its master password and nobody can type
    it: outside the QGIS window (qgis_process) with no QGIS_AUTH_PASSWORD_FILE that unlocked it."""
    from qgis.utils import iface

    manager = QgsApplication.authManager()
    in_the_window = iface is not None and QgsApplication.instance().platform() == "desktop"
    return not manager.isDisabled() and not manager.masterPasswordIsSet() and not in_the_window


def _auth_database_connection() -> ConnectionSettings:
    """The connection whose secret is in the authentication database: CONSTELLR_AUTHCFG, else the saved one.

    Raises CredentialsError, saying what to set, where reading it would prompt for the master password.
    """
    connection = load_settings()
    authcfg = os.environ.get(ENV_AUTHCFG, "").strip()
    manager = QgsApplication.authManager()
    if not authcfg and not connection.authcfg:
        raise CredentialsError(
            tr("No constellr credentials: none are saved in QGIS. {hint}").format(hint=headless_hint())
        )
    if auth_database_locked_here():
        raise CredentialsError(
            tr(
                "The QGIS authentication database holding the constellr credentials is locked, and "
                "nobody can type its master password here. {hint}"
            ).format(hint=headless_hint())
        )
    if not authcfg:
        return connection
    if not manager.isDisabled() and authcfg not in manager.configIds():
        raise CredentialsError(
            tr("{variable} names “{authcfg}”, which the QGIS authentication database does not hold.").format(
                variable=ENV_AUTHCFG, authcfg=authcfg
            )
        )
    username = stored_username(replace(connection, auth_mode=AuthMode.LEGACY, authcfg=authcfg))
    legacy = username not in ("", API_KEY_USERNAME)
    return replace(connection, authcfg=authcfg, auth_mode=AuthMode.LEGACY if legacy else AuthMode.API_KEY)


def headless_client() -> ConstellrClient:
    """A client for Processing: CONSTELLR_API_URL + CONSTELLR_API_KEY, CONSTELLR_AUTHCFG, else the saved one.

    Never prompts for the master password outside the QGIS window; raises CredentialsError instead.
    """
    if os.environ.get(ENV_API_KEY, "").strip():
        return make_client(load_settings())
    return make_client(_auth_database_connection())


class ConstellrAlgorithm(QgsProcessingAlgorithm):
    """Base of the constellr algorithms: group, icon, translation, client and errors."""

    def group(self) -> str:
        """The toolbox group."""
        return "constellr"

    def groupId(self) -> str:
        """The toolbox group's id."""
        return "constellr"

    def icon(self) -> QIcon:
        """The plugin's icon."""
        return QIcon(str(ICON))

    def createInstance(self) -> ConstellrAlgorithm:
        """A fresh instance of the same algorithm (Processing runs copies)."""
        return type(self)()

    def tr(self, text: str) -> str:
        """``text`` in the user's language (see plugin/i18n.py)."""
        return tr(text)

    def client(self) -> ConstellrClient:
        """A client for the headless connection (see :func:`headless_client`); close it after use."""
        try:
            return headless_client()
        except (CredentialsError, ValueError) as error:
            raise QgsProcessingException(str(error)) from error

    def fail(self, error: BaseException) -> QgsProcessingException:
        """The Processing error to raise for ``error``: the client's plain message, never a traceback."""
        if isinstance(error, (CredentialsError, ValueError)):
            return QgsProcessingException(str(error))
        return QgsProcessingException(user_message(error))

    def call(self, feedback: QgsProcessingFeedback, operation: Callable[..., T], *args: Any) -> T:
        """``operation(client, feedback, *args)`` with a client of its own; a cancel aborts its requests.

        Raises QgsProcessingException with a plain message on any error (a cancelled request too); what
        an operation returns when it notices the cancel itself is returned (its partial result).
        """
        with self.client() as client:
            try:
                with cancellable(feedback.isCanceled):
                    return operation(client, feedback, *args)
            except Exception as error:  # every failure becomes a Processing error
                raise self.fail(error) from error
