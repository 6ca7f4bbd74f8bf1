"""Where the plugin connects, with which credentials, through which proxy.

Secrets live only in the QGIS authentication database (encrypted with the master password); QgsSettings
keeps the API URL, the auth mode and the id of the authentication configuration. For headless use the
environment variables ``CONSTELLR_API_URL`` and ``CONSTELLR_API_KEY`` take precedence when set.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

from qgis.core import (
    QgsApplication,
    QgsAuthManager,
    QgsAuthMethodConfig,
    QgsNetworkAccessManager,
    QgsSettings,
)
from qgis.PyQt.QtNetwork import QNetworkProxy

from .api import ApiKeyAuth, BearerTokenAuth, ConstellrClient
from .api.auth import clean_api_key, clean_password
from .api.transport import DEFAULT_TIMEOUT, environment_proxies
from .i18n import tr

DEFAULT_API_URL = "https://api.constellr.com"
CA_BUNDLE_NAME = "trusted-cas.pem"
LOGGER = logging.getLogger("constellr.plugin")
SETTINGS_GROUP = "constellr"
ENV_API_URL = "CONSTELLR_API_URL"
ENV_API_KEY = "CONSTELLR_API_KEY"
API_KEY_USERNAME = "X-Api-Key"  # marks an auth config holding an API key in its password field
AUTH_METHOD = "Basic"


class AuthMode(enum.Enum):
    """How the plugin authenticates."""

    API_KEY = "api_key"
    LEGACY = "legacy"  # username + password → POST /token → bearer token


class CredentialsError(Exception):
    """Credentials are missing or cannot be read; the message says what to do."""


@dataclass(frozen=True)
class ConnectionSettings:
    """What QgsSettings holds about the connection (never a secret)."""

    api_url: str = DEFAULT_API_URL
    auth_mode: AuthMode = AuthMode.API_KEY
    authcfg: str = ""


def _key(name: str) -> str:
    return f"{SETTINGS_GROUP}/{name}"


def saved_settings() -> ConnectionSettings:
    """The connection settings as saved in QGIS, whatever the environment says."""
    settings = QgsSettings()
    try:
        mode = AuthMode(settings.value(_key("auth_mode"), AuthMode.API_KEY.value))
    except ValueError:
        mode = AuthMode.API_KEY
    return ConnectionSettings(
        api_url=settings.value(_key("api_url"), DEFAULT_API_URL) or DEFAULT_API_URL,
        auth_mode=mode,
        authcfg=settings.value(_key("authcfg"), "") or "",
    )


def environment_overrides() -> tuple[str, ...]:
    """The environment variables in effect over the saved connection (``CONSTELLR_API_URL``/``_KEY``)."""
    return tuple(name for name in (ENV_API_URL, ENV_API_KEY) if os.environ.get(name, "").strip())


def load_settings() -> ConnectionSettings:
    """The connection in effect: the saved settings, with ``CONSTELLR_API_URL`` taking precedence."""
    saved = saved_settings()
    return replace(saved, api_url=os.environ.get(ENV_API_URL, "").strip() or saved.api_url)


def validate_api_url(url: str) -> str:
    """The URL without trailing slash, or ValueError saying what is wrong with it."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(tr("The API URL must look like https://api.constellr.com"))
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        raise ValueError(tr("Use https:// for the API URL: keys must not travel unencrypted."))
    return url


def _typed_secret(mode: AuthMode, api_key: str, username: str, password: str) -> tuple[str, str] | None:
    """(username, secret) to store, or None when nothing was typed."""
    if mode is AuthMode.API_KEY:
        return (API_KEY_USERNAME, clean_api_key(api_key)) if api_key.strip() else None
    if username.strip() and password:
        return username.strip(), clean_password(password)
    if username.strip() or password:
        raise CredentialsError(tr("Enter both the username and the password."))
    return None


def save_connection(
    api_url: str, mode: AuthMode, *, api_key: str = "", username: str = "", password: str = ""
) -> ConnectionSettings:
    """Store a typed secret in the authentication database and the rest in QgsSettings.

    With nothing typed, the stored secret is kept, provided it is of the chosen kind.
    """
    api_url = validate_api_url(api_url)
    settings = QgsSettings()
    authcfg = settings.value(_key("authcfg"), "") or ""
    typed = _typed_secret(mode, api_key, username, password)
    if typed is not None:
        authcfg = store_secret(authcfg, "constellr API", api_url, *typed)
        if authcfg is None:
            raise CredentialsError(tr("QGIS could not save the credentials in its authentication database."))
    elif not authcfg or (_read_secret(authcfg)[0] == API_KEY_USERNAME) != (mode is AuthMode.API_KEY):
        raise CredentialsError(
            tr("Enter the workspace API key.")
            if mode is AuthMode.API_KEY
            else tr("Enter the username and the password.")
        )
    settings.setValue(_key("api_url"), api_url)
    settings.setValue(_key("auth_mode"), mode.value)
    settings.setValue(_key("authcfg"), authcfg)
    return ConnectionSettings(api_url=api_url, auth_mode=mode, authcfg=authcfg)


def _auth_manager() -> QgsAuthManager:
    """QGIS's authentication manager, unlocked (QGIS asks for the master password when it must);
    CredentialsError with what to do when it is unavailable or stays locked."""
    manager = QgsApplication.authManager()
    if manager.isDisabled():
        raise CredentialsError(
            tr("The QGIS authentication database is not available: {reason}").format(
                reason=manager.disabledMessage()
            )
        )
    if not manager.setMasterPassword(True):
        raise CredentialsError(
            tr(
                "The QGIS master password is needed to keep constellr keys and tokens encrypted. "
                "Set or enter it (Settings ▸ Options ▸ Authentication) and try again."
            )
        )
    return manager


def store_secret(authcfg: str, name: str, uri: str, username: str, secret: str) -> str | None:
    """Keep ``username`` and ``secret`` in the authentication database, in the configuration ``authcfg``
    when it still exists (else a new one): its id, None when QGIS could not save it."""
    manager = _auth_manager()
    config = QgsAuthMethodConfig()
    if authcfg and authcfg in manager.configIds():
        manager.loadAuthenticationConfig(authcfg, config, True)
    config.setName(name)
    config.setMethod(AUTH_METHOD)
    config.setUri(uri)
    config.setConfig("username", username)
    config.setConfig("password", secret)
    stored = (
        manager.updateAuthenticationConfig(config)
        if config.id()
        else manager.storeAuthenticationConfig(config)
    )
    return config.id() if (stored[0] if isinstance(stored, tuple) else stored) else None


def stored_secret(authcfg: str) -> tuple[str, str] | None:
    """(username, secret) of the configuration ``authcfg``; None when it is gone."""
    manager = _auth_manager()
    config = QgsAuthMethodConfig()
    if authcfg not in manager.configIds() or not manager.loadAuthenticationConfig(authcfg, config, True):
        return None
    return config.config("username"), config.config("password")


def remove_secret(authcfg: str) -> None:
    """Remove the configuration ``authcfg`` from the authentication database (if it is there)."""
    manager = _auth_manager()
    if authcfg in manager.configIds():
        manager.removeAuthenticationConfig(authcfg)


def forget_credentials() -> None:
    """Remove the stored secret and its reference."""
    settings = QgsSettings()
    authcfg = settings.value(_key("authcfg"), "") or ""
    if authcfg:
        remove_secret(authcfg)
    settings.remove(_key("authcfg"))


def stored_username(connection: ConnectionSettings) -> str:
    """The legacy username kept with the credentials ('' for API keys, or when none can be read)."""
    if not connection.authcfg or connection.auth_mode is not AuthMode.LEGACY:
        return ""
    try:
        username, _ = _read_secret(connection.authcfg)
    except CredentialsError:
        return ""
    return username


def _read_secret(authcfg: str) -> tuple[str, str]:
    secret = stored_secret(authcfg)
    if secret is None:
        raise CredentialsError(
            tr(
                "The stored constellr credentials are gone from the QGIS authentication database. "
                "Enter them again in the constellr connection settings."
            )
        )
    return secret


def credentials(connection: ConnectionSettings) -> ApiKeyAuth | BearerTokenAuth:
    """The client auth for these settings; ``CONSTELLR_API_KEY`` wins when set."""
    env_key = os.environ.get(ENV_API_KEY, "").strip()
    if env_key:
        return ApiKeyAuth(env_key)
    if not connection.authcfg:
        raise CredentialsError(
            tr(
                "No constellr credentials yet. Open the constellr connection settings and enter your "
                "workspace API key (created at app.constellr.com ▸ Account ▸ Workspace API keys)."
            )
        )
    username, secret = _read_secret(connection.authcfg)
    if connection.auth_mode is AuthMode.API_KEY:
        return ApiKeyAuth(secret)
    return BearerTokenAuth(username, secret)


def connection_fingerprint() -> tuple:
    """What the client depends on besides the stored secret: settings, network, environment overrides."""
    env_key = os.environ.get(ENV_API_KEY, "").strip()
    return (
        load_settings(),
        network_settings(),
        hashlib.sha256(env_key.encode()).hexdigest() if env_key else "",
    )


@dataclass(frozen=True)
class NetworkSettings:
    """QGIS's network settings as the client needs them: taken on the main thread, read from any thread.

    Like QGIS: a URL starting with a "no proxy" or an excluded prefix goes direct; with "use system
    proxy" the system's proxies apply (environment, and the OS settings on Windows and macOS);
    otherwise QGIS's own HTTP proxy. The trusted CAs are those of QGIS's authentication manager
    (the system's plus any a company added for its TLS-inspecting proxy).
    """

    proxy: str | None = None
    use_system_proxy: bool = False
    direct_prefixes: tuple[str, ...] = ()
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    ca_bundle: str | None = None

    def proxies_for(self, url: str) -> dict[str, str]:
        """The proxies for one request URL, in the form requests takes ({}: direct)."""
        if any(url.startswith(prefix) for prefix in self.direct_prefixes):
            return {}
        if self.use_system_proxy:
            return environment_proxies(url)
        return {"http": self.proxy, "https": self.proxy} if self.proxy else {}


def network_settings() -> NetworkSettings:
    """A snapshot of QGIS's proxy, exclusions, timeout and trusted CAs (main thread)."""
    manager = QgsNetworkAccessManager.instance()
    direct = tuple(
        prefix.strip() for prefix in [*manager.noProxyList(), *manager.excludeList()] if prefix.strip()
    )
    connect, read = DEFAULT_TIMEOUT
    read = max(read, manager.timeout() / 1000.0)
    return NetworkSettings(
        proxy=_proxy_address(manager.fallbackProxy()),
        use_system_proxy=manager.useSystemProxy(),
        direct_prefixes=direct,
        timeout=(connect, read),
        ca_bundle=_trusted_ca_bundle(),
    )


def _proxy_address(proxy: QNetworkProxy) -> str | None:
    """``http://user:password@host:port`` of an HTTP proxy; None for none (SOCKS is logged, not used)."""
    kind = proxy.type()
    if kind == QNetworkProxy.ProxyType.Socks5Proxy:
        LOGGER.warning("QGIS's SOCKS5 proxy is not supported by the constellr plugin: it connects directly.")
        return None
    if kind not in (QNetworkProxy.ProxyType.HttpProxy, QNetworkProxy.ProxyType.HttpCachingProxy):
        return None
    userinfo = ""
    if proxy.user():
        userinfo = f"{quote(proxy.user(), safe='')}:{quote(proxy.password(), safe='')}@"
    return f"http://{userinfo}{proxy.hostName()}:{proxy.port()}"


def _trusted_ca_bundle() -> str | None:
    """A PEM file of the CAs QGIS trusts (rewritten only when they change); None if QGIS has none."""
    manager = QgsApplication.authManager()
    if manager.isDisabled():
        return None
    pem = bytes(manager.trustedCaCertsPemText())
    if not pem.strip():
        return None
    path = Path(QgsApplication.qgisSettingsDirPath()) / "constellr" / CA_BUNDLE_NAME
    try:
        if not path.is_file() or path.read_bytes() != pem:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + ".part")
            temporary.write_bytes(pem)
            temporary.replace(path)
    except OSError as error:
        LOGGER.warning(
            "The trusted certificate authorities could not be written (%s); using the defaults.", error
        )
        return None
    return str(path)


def user_agent() -> str:
    """Identifies the plugin and the QGIS version to the server (no personal data)."""
    from qgis.core import Qgis

    return f"constellr-qgis-plugin QGIS/{Qgis.QGIS_VERSION_INT}"


def make_client(
    connection: ConnectionSettings | None = None, auth: ApiKeyAuth | BearerTokenAuth | None = None
) -> ConstellrClient:
    """A client for the saved (or given) connection, using QGIS's network settings.

    ``auth`` replaces the stored credentials (the connection dialog's typed ones).
    """
    connection = connection or load_settings()
    network = network_settings()
    return ConstellrClient(
        connection.api_url,
        auth or credentials(connection),
        timeout=network.timeout,
        proxies=network.proxies_for,
        ca_bundle=network.ca_bundle,
        user_agent=user_agent(),
    )


def typed_client(
    api_url: str, mode: AuthMode, *, api_key: str = "", username: str = "", password: str = ""
) -> ConstellrClient:
    """A client for what is typed in the connection dialog; the stored secret where nothing is typed.

    Raises ValueError or CredentialsError with a plain message (a key that cannot be sent, say).
    """
    connection = ConnectionSettings(
        validate_api_url(api_url or DEFAULT_API_URL), mode, saved_settings().authcfg
    )
    if mode is AuthMode.API_KEY:
        auth = ApiKeyAuth(api_key) if api_key.strip() else None
    elif username.strip() or password:
        auth = BearerTokenAuth(username, password)
    else:
        auth = None
    if auth is None and not connection.authcfg and ENV_API_KEY not in environment_overrides():
        raise CredentialsError(
            tr("Type the workspace API key first.")
            if mode is AuthMode.API_KEY
            else tr("Type the username and the password first.")
        )
    return make_client(connection, auth)
