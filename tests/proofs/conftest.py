"""A local RFC 3161 time-stamping authority made with `openssl ts -reply`, on 127.0.0.1.

A root CA and a TSA certificate with a critical extendedKeyUsage=timeStamping; the TSA's
configuration has no `certs =` line, so its tokens carry the TSA certificate only (as most real
authorities do) and the root must come from elsewhere. The HTTP server can be switched to answer
with errors or slowly, to show that nobody waits on it.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

OPENSSL_CONF = """
[req]
distinguished_name = dn
prompt = no
[dn]
CN = Relais Test Root
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_tsa]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
default_tsa = tsa_config
[tsa_config]
serial = {dir}/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@dataclass
class LocalTSA:
    directory: Path
    url: str = ""
    mode: str = "ok"  # "ok", "error" (HTTP 503), "slow" (answers after `delay` seconds)
    delay: float = 3.0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def ca(self) -> Path:
        return self.directory / "ca.crt"

    def reply(self, query: bytes) -> bytes:
        with self.lock, tempfile.TemporaryDirectory() as work:
            query_file, reply_file = Path(work) / "q.tsq", Path(work) / "r.tsr"
            query_file.write_bytes(query)
            _openssl(
                "ts", "-reply", "-config", "openssl.cnf", "-queryfile", str(query_file),
                "-inkey", "tsa.key", "-signer", "tsa.crt", "-out", str(reply_file),
                cwd=self.directory,
            )  # fmt: skip
            return reply_file.read_bytes()


def _handler(tsa: LocalTSA) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            tsa.requests += 1
            query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if tsa.mode == "slow":
                time.sleep(tsa.delay)
            if tsa.mode == "error":
                self.send_response(503)
                self.end_headers()
                return
            body = tsa.reply(query)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="session")
def tsa_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("tsa")
    (directory / "openssl.cnf").write_text(OPENSSL_CONF.format(dir=directory))
    (directory / "serial").write_text("01\n")
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
             "-config", "openssl.cnf", "-extensions", "v3_ca", cwd=directory)  # fmt: skip
    _openssl("req", "-new", *ec, "-keyout", "tsa.key", "-out", "tsa.csr",
             "-subj", "/CN=Relais Test TSA", cwd=directory)  # fmt: skip
    _openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "tsa.crt", "-days", "3650",
             "-extfile", "openssl.cnf", "-extensions", "v3_tsa", cwd=directory)  # fmt: skip
    return directory


@pytest.fixture
def local_tsa(tsa_files: Path, settings) -> Iterator[LocalTSA]:
    """A running authority, configured as the installation's only one."""
    tsa = LocalTSA(directory=tsa_files)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(tsa))
    tsa.url = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PROOFS_TSA_URLS = [tsa.url]
    settings.PROOFS_TSA_TIMEOUT = 1
    yield tsa
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url() -> str:
    """A URL where nothing listens: an authority that is down."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"
