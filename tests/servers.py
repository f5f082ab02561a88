"""Real servers on free loopback ports for tests and benchmarks: Oxigraph server, Virtuoso, ``mgo serve``.

Each ``start_*`` function starts the server in its own process group in a scratch folder, polls until it
answers (never a fixed sleep), and returns a handle whose :meth:`Server.stop` ends exactly that process
group. PERF-FACTS.md ("Real stores, started by hand on loopback") describes the recipes followed here.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
#: the packaged configuration (Debian's postinst copies the second to the first); the tests adapt a copy
VIRTUOSO_INIS = (
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
    Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    ready: Callable[[], bool], *, timeout: float, what: str, process: subprocess.Popen | None = None
) -> None:
    """Poll ``ready`` every 50 ms until it is true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before it was ready")
        with contextlib.suppress(Exception):
            if ready():
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} was not ready after {timeout} s")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return 200 <= response.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except OSError:
        return False


@dataclass
class Server:
    """A started server: its process, log file and URLs."""

    name: str
    process: subprocess.Popen
    log: Path
    urls: dict[str, str] = field(default_factory=dict)
    stop_command: Callable[[], None] | None = None

    def __getitem__(self, key: str) -> str:
        return self.urls[key]

    def stop(self) -> None:
        if self.process.poll() is None and self.stop_command is not None:
            with contextlib.suppress(Exception):
                self.stop_command()
                self.process.wait(timeout=20)
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def popen(
    command: list[str], log: Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen:
    handle = log.open("wb")
    return subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, cwd=cwd, env=env, start_new_session=True)


# --- Oxigraph server -------------------------------------------------------------------------------------


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(VENV_BIN)) or shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the 'oxigraph' server binary is missing: pip install -e '.[dev]' (PyPI package oxigraph)")
    return found


def start_oxigraph(folder: Path) -> Server:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT``; URLs ``query``, ``update``, ``store``."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "oxigraph.log"
    process = popen([oxigraph_binary(), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"], log)
    base = f"http://127.0.0.1:{port}"
    server = Server(
        "oxigraph",
        process,
        log,
        {"base": base, "query": f"{base}/query", "update": f"{base}/update", "store": f"{base}/store"},
    )
    try:
        wait_until(
            lambda: http_ok(f"{base}/query?query=ASK%7B%7D"),
            timeout=30,
            what="Oxigraph server",
            process=process,
        )
    except RuntimeError:
        server.stop()
        raise
    return server


# --- Virtuoso --------------------------------------------------------------------------------------------


def virtuoso_ini() -> Path | None:
    return next((path for path in VIRTUOSO_INIS if path.is_file()), None)


def virtuoso_available() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None and virtuoso_ini() is not None


def virtuoso_config(folder: Path, sql_port: int, http_port: int) -> str:
    """The packaged ``virtuoso.ini`` with its database in ``folder``, loopback ports and no plugins."""
    ini = virtuoso_ini()
    if ini is None:
        raise RuntimeError("no virtuoso.ini: install the Debian package virtuoso-opensource")
    text = ini.read_text()
    db = "/var/lib/virtuoso-opensource-7/db/"
    text = text.replace(db, str(folder) + "/")
    text = re.sub(r"(?m)^ServerPort\s*=\s*1111\s*$", f"ServerPort = 127.0.0.1:{sql_port}", text)
    text = re.sub(r"(?m)^ServerPort\s*=\s*8890\s*$", f"ServerPort = 127.0.0.1:{http_port}", text)
    text = re.sub(r"(?m)^DirsAllowed\s*=\s*(.*)$", rf"DirsAllowed = \1, {folder}", text)
    text = re.sub(r"(?m)^(Load\d+\s*=)", r";\1", text)
    text = re.sub(r"(?m)^ServerRoot\s*=.*$", f"ServerRoot = {folder}/vsp", text)
    return text


def isql(sql_port: int, command: str, *, password: str = "dba", timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", password, f"exec={command}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_virtuoso(folder: Path) -> Server:
    """``virtuoso-t +foreground`` on a fresh database; URLs ``sparql``, ``gsp`` (Digest), ``gsp_open``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(virtuoso_config(folder, sql_port, http_port))
    log = folder / "virtuoso-stdout.log"
    process = popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], log, cwd=folder)
    base = f"http://127.0.0.1:{http_port}"
    server = Server(
        "virtuoso",
        process,
        log,
        {
            "base": base,
            "sparql": f"{base}/sparql",
            "gsp": f"{base}/sparql-graph-crud-auth",
            "gsp_open": f"{base}/sparql-graph-crud",
            "sql_port": str(sql_port),
        },
        stop_command=lambda: isql(sql_port, "shutdown;", timeout=30) and None,
    )
    try:
        wait_until(lambda: http_ok(f"{base}/sparql?query=ASK%7B%7D"), timeout=120, what="Virtuoso", process=process)
    except RuntimeError:
        server.stop()
        raise
    return server


# --- mgo serve -------------------------------------------------------------------------------------------


def start_mgo_serve(dist: Path, folder: Path, *extra: str) -> Server:
    """``python -m mgo.serve --dist DIST --port PORT …``; URL ``base``."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / f"mgo-serve-{port}.log"
    command = [sys.executable, "-m", "mgo.serve", "--dist", str(dist), "--port", str(port), *extra]
    process = popen(command, log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    server = Server("mgo serve", process, log, {"base": base, "sparql": f"{base}/sparql"})

    def healthy() -> bool:
        with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
            return response.status == 200

    try:
        wait_until(healthy, timeout=60, what="mgo serve", process=process)
    except RuntimeError as exc:
        tail = server.log_tail()
        server.stop()
        raise RuntimeError(f"{exc}\n{tail}") from None
    return server
