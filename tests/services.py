"""Real triple stores for tests, started on free loopback ports in temporary folders.

Oxigraph comes from PyPI (the ``oxigraph`` server, a dev dependency); Virtuoso 7 from Debian
(``virtuoso-opensource``, installed by .ci/run). When a server is missing the tests using it fail
in CI (``CI=true``) and are skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import in_ci

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
#: Virtuoso's result cap in the tests: low, so that paging meets a real silent cap.
VIRTUOSO_MAX_ROWS = 5


def missing(what: str) -> None:
    if in_ci():
        pytest.fail(f"{what} is required in CI (.ci/run installs it)")
    pytest.skip(f"{what} is not installed here")


@contextmanager
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP server on a free loopback port that records what each connection sends (and answers
    like a SPARQL endpoint would, so that a request made to it would succeed): (port, received)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    received.append(connection.recv(65536))
                    body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
                    connection.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                    )
                except OSError:
                    received.append(b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1]), received
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} stopped (exit code {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError as err:
            if getattr(err, "code", None) is not None:  # an HTTP answer, even an error, means it is up
                return
        time.sleep(0.3)
    raise RuntimeError(f"no server answered at {url} within {seconds} s")


@dataclass
class Server:
    name: str
    query: str
    update: str
    graph_store: str
    process: subprocess.Popen[bytes]
    folder: Path
    auth_query: str | None = None
    auth_graph_store: str | None = None

    def stop(self) -> None:
        _stop(self.process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def _serving(process: subprocess.Popen[bytes], url: str, seconds: float = 20) -> Iterator[str]:
    """``url`` once ``process`` answers there; the process is stopped when the block ends."""
    try:
        wait_for(url, process, seconds=seconds)
        yield url
    finally:
        _stop(process)


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.is_file() else shutil.which("oxigraph")


@contextmanager
def oxigraph(folder: Path, *, union: bool = True) -> Iterator[Server]:
    """The Oxigraph server; ``union=False``: with its own default graph (not the union of the named
    graphs), as ``oxigraph serve`` starts by default."""
    binary = oxigraph_binary()
    if binary is None:
        missing("the Oxigraph server (pip install oxigraph)")
    assert binary is not None
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(folder / "db"),
            "--bind",
            f"127.0.0.1:{port}",
            *(["--union-default-graph"] if union else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    server = Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", process, folder)
    try:
        wait_for(f"{base}/query?query=ASK%7B%7D", process)
        yield server
    finally:
        server.stop()


def _virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    text = VIRTUOSO_INI.read_text(encoding="utf-8").replace(
        "/var/lib/virtuoso-opensource-7/db/", f"{folder}/"
    )
    text = re.sub(
        r"(\[Parameters\][^\[]*?ServerPort\s*=\s*)\S+", rf"\g<1>127.0.0.1:{sql_port}", text, flags=re.S
    )
    text = re.sub(
        r"(\[HTTPServer\][^\[]*?ServerPort\s*=\s*)\S+", rf"\g<1>127.0.0.1:{http_port}", text, flags=re.S
    )
    text = re.sub(r"ResultSetMaxRows\s*=\s*\d+", f"ResultSetMaxRows = {VIRTUOSO_MAX_ROWS}", text)
    ini = folder / "virtuoso.ini"
    ini.write_text(text, encoding="utf-8")
    return ini


@contextmanager
def virtuoso(folder: Path) -> Iterator[Server]:
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if binary is None or isql is None or not VIRTUOSO_INI.is_file():
        missing("Virtuoso 7 (Debian package virtuoso-opensource)")
    assert binary is not None and isql is not None
    sql_port, http_port = free_port(), free_port()
    ini = _virtuoso_ini(folder, sql_port, http_port)
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http_port}"
    server = Server(
        "virtuoso",
        f"{base}/sparql",
        f"{base}/sparql",
        f"{base}/sparql-graph-crud",
        process,
        folder,
        auth_query=f"{base}/sparql-auth",
        auth_graph_store=f"{base}/sparql-graph-crud-auth",
    )
    try:
        wait_for(f"{base}/sparql?query=ASK%7B%7D", process, seconds=120)
        # a new database's dba password is "dba"; anonymous updates are for this test server only
        subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield server
    finally:
        server.stop()


def _site_copy(site: Path, folder: Path) -> Path:
    """A copy of a published site that the web server's own user can read."""
    readable = folder / "www"
    shutil.copytree(site, readable)
    for path in [readable, *readable.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    for parent in readable.parents:  # the test's temporary folders are private to their owner
        if parent == Path("/") or parent.stat().st_mode & 0o005 == 0o005:
            break
        parent.chmod(parent.stat().st_mode | 0o005)
    return readable


@contextmanager
def nginx(site: Path, folder: Path) -> Iterator[str]:
    """nginx with the site's own server/nginx.conf, on a free loopback port; yields the site's URL."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
    if binary is None:
        missing("nginx (Debian package nginx-light)")
    assert binary is not None
    port, www = free_port(), _site_copy(site, folder)
    conf = (www / "server" / "nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(str(site), str(www))
    (folder / "site.conf").write_text(conf, encoding="utf-8")
    temp = " ".join(
        f"{name}_temp_path {folder / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"daemon off;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nevents {{}}\n"
        f"http {{\n  access_log off;\n  {temp}\n  include {folder / 'site.conf'};\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [binary, "-c", str(folder / "nginx.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    path = conf.split("location ", 1)[1].split(" ", 1)[0]
    url = f"http://127.0.0.1:{port}{path}"
    with _serving(process, url) as served:
        yield served


APACHE_MODULES = ("mpm_event", "authz_core", "mime", "dir", "alias", "rewrite", "headers")


@contextmanager
def apache(site: Path, folder: Path, path: str) -> Iterator[str]:
    """Apache httpd serving the site (with its .htaccess) at ``path``; yields the site's URL."""
    binary = shutil.which("apache2") or ("/usr/sbin/apache2" if Path("/usr/sbin/apache2").is_file() else None)
    modules = Path("/usr/lib/apache2/modules")
    if binary is None or not modules.is_dir():
        missing("Apache httpd (Debian package apache2)")
    assert binary is not None
    port, www = free_port(), _site_copy(site, folder)
    lines = [
        f"ServerRoot {folder}",
        "ServerName 127.0.0.1",
        f"PidFile {folder / 'httpd.pid'}",
        f"Listen 127.0.0.1:{port}",
    ]
    lines += [f"LoadModule {name}_module {modules / f'mod_{name}.so'}" for name in APACHE_MODULES]
    if os.geteuid() == 0:
        lines += ["User www-data", "Group www-data"]
    lines += [f"ErrorLog {folder / 'error.log'}", "TypesConfig /etc/mime.types", f"Alias {path} {www}/"]
    lines += [
        f"<Directory {www}>",
        "  AllowOverride FileInfo Indexes",
        "  Require all granted",
        "</Directory>",
    ]
    (folder / "httpd.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
    process = subprocess.Popen(
        [binary, "-f", str(folder / "httpd.conf"), "-DFOREGROUND"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}{path}"
    with _serving(process, url) as served:
        yield served
