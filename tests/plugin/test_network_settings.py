"""QGIS's network settings reach the client: proxy per URL, exclusions, system proxy, trusted CAs, timeout;
and the client's logging reaches the constellr tab of the log panel."""

from __future__ import annotations

import datetime
import json
import logging
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import IPv4Address

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from qgis.core import Qgis, QgsApplication, QgsNetworkAccessManager
from qgis.PyQt.QtNetwork import QNetworkProxy, QSslCertificate

from constellr.plugin.api import NetworkError
from constellr.plugin.connection import NetworkSettings, make_client, network_settings
from constellr.plugin.log_panel import connect_log_panel, disconnect_log_panel
from sandbox.data import DEMO_API_KEY


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def qgis_proxy():
    """Set QGIS's proxy (and exclusions) for one test, as the Options dialog would."""
    manager = QgsNetworkAccessManager.instance()
    before = (manager.fallbackProxy(), manager.excludeList(), manager.noProxyList())

    def use(proxy: QNetworkProxy, excluded: list[str] = (), no_proxy: list[str] = ()) -> None:
        manager.setFallbackProxyAndExcludes(proxy, list(excluded), list(no_proxy))

    yield use
    manager.setFallbackProxyAndExcludes(*before)


def test_the_qgis_proxy_serves_the_api_and_storage_hosts_and_exclusions_go_direct(
    connected, qgis_proxy
) -> None:
    dead_proxy = QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, "127.0.0.1", _closed_port(), "me", "p@ss")
    qgis_proxy(dead_proxy)
    settings = network_settings()
    proxy = f"http://me:p%40ss@127.0.0.1:{dead_proxy.port()}"
    for url in (connected.api_url + "/products", connected.storage_url + "/w/i/lst.tiff?X-Signature=1"):
        assert settings.proxies_for(url) == {"http": proxy, "https": proxy}
    with make_client() as client, pytest.raises(NetworkError, match="proxy"):
        client.list_products()
    qgis_proxy(dead_proxy, no_proxy=[connected.api_url])
    with make_client() as client:
        assert client.list_products()  # excluded: direct
    qgis_proxy(dead_proxy, excluded=[connected.api_url])
    with make_client() as client:
        assert client.list_products()


def test_the_system_proxy_follows_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "storage.example")
    system = NetworkSettings(use_system_proxy=True)
    assert system.proxies_for("https://api.example/orders")["https"] == "http://proxy.example:3128"
    assert system.proxies_for("https://storage.example/file") == {}
    assert NetworkSettings().proxies_for("https://api.example/orders") == {}  # no proxy in QGIS: direct


def test_a_longer_qgis_network_timeout_is_used() -> None:
    manager = QgsNetworkAccessManager.instance()
    before = manager.timeout()
    try:
        QgsNetworkAccessManager.setTimeout(300_000)
        assert network_settings().timeout == (10.0, 300.0)
        QgsNetworkAccessManager.setTimeout(5_000)
        assert network_settings().timeout == (10.0, 60.0)  # a shorter one does not cut the client's
    finally:
        QgsNetworkAccessManager.setTimeout(before)


def _certificate(
    subject: str, key, issuer_key, issuer: str | None = None, ca: bool = False
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer or subject)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        # What strict X.509 verification (Python 3.13+) asks of every certificate.
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


class _Products(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps([{"name": "LSTprecision"}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def company_tls_server(tmp_path):
    """An https server whose certificate comes from a test CA (as behind a TLS-inspecting proxy)."""
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("constellr test CA", ca_key, ca_key, ca=True)
    server = _certificate("127.0.0.1", server_key, ca_key, issuer="constellr test CA")
    (tmp_path / "server.pem").write_bytes(server.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "server.key").write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Products)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", ca.public_bytes(serialization.Encoding.PEM)
    httpd.shutdown()
    httpd.server_close()


def test_a_certificate_from_a_company_ca_is_refused_until_qgis_trusts_that_ca(
    company_tls_server, monkeypatch
) -> None:
    url, ca_pem = company_tls_server
    monkeypatch.setenv("CONSTELLR_API_URL", url)
    monkeypatch.setenv("CONSTELLR_API_KEY", DEMO_API_KEY)
    with make_client() as client, pytest.raises(NetworkError) as refused:
        client.list_products()
    assert "secure connection" in str(refused.value)
    assert "Certificate Manager" in refused.value.hint
    manager = QgsApplication.authManager()
    (certificate,) = QSslCertificate.fromData(ca_pem)
    assert manager.storeCertAuthority(certificate)
    manager.rebuildCaCertsCache()
    manager.rebuildTrustedCaCertsCache()
    try:
        with make_client() as client:
            assert [product.name for product in client.list_products()] == ["LSTprecision"]
    finally:
        manager.removeCertAuthority(certificate)
        manager.rebuildCaCertsCache()
        manager.rebuildTrustedCaCertsCache()


def test_the_client_s_log_reaches_the_constellr_tab_without_query_strings(connected) -> None:
    shown: list[tuple[str, str, Qgis.MessageLevel]] = []
    log = QgsApplication.messageLog()
    record = lambda message, tag, level: shown.append((message, tag, level))  # noqa: E731
    log.messageReceived[str, str, Qgis.MessageLevel].connect(record)
    connect_log_panel()
    connect_log_panel()  # twice: still one handler
    try:
        logging.getLogger("constellr.api").warning(
            "GET %s failed", connected.storage_url + "/f?X-Signature=s3cr3t"
        )
        QgsApplication.processEvents()
    finally:
        disconnect_log_panel()
        log.messageReceived[str, str, Qgis.MessageLevel].disconnect(record)
    mine = [entry for entry in shown if entry[1] == "constellr"]
    assert len(mine) == 1
    message, _tag, level = mine[0]
    assert "s3cr3t" not in message
    assert "/f?…" in message
    assert level == Qgis.MessageLevel.Warning
    assert not [h for h in logging.getLogger("constellr").handlers if type(h).__name__ == "LogPanelHandler"]
