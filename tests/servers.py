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
    """``python -m mgo.cli serve --dist DIST --port PORT …``; URL ``base``."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / f"mgo-serve-{port}.log"
    store = [] if "--store" in extra else ["--store", str(folder / "store")]  # never beside a dist in the repo
    command = [sys.executable, "-m", "mgo.cli", "serve", "--dist", str(dist), "--port", str(port), *store, *extra]
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


# --- stand-ins for stores that cannot be installed here (GraphDB; Fuseki is not in Debian) --------------


class FakeStore:
    """A loopback stand-in for GraphDB or Fuseki: their URL layout, their detection URLs and their rule for a
    query without FROM, over a pyoxigraph store (SPARQL 1.1 Protocol and Graph Store Protocol on it).

    GraphDB (``kind="graphdb"``): ``/rest/info/version``, ``/rest/repositories``, queries at
    ``/repositories/mgo``, Graph Store at ``/repositories/mgo/rdf-graphs/service``; a query without FROM reads
    every graph. Fuseki (``kind="fuseki"``): ``/$/ping``, ``/$/datasets``, ``/mgo/sparql``, ``/mgo/data``, a
    ``Fuseki-Request-Id`` header on the dataset's URLs (Fuseki sends no ``Server`` header in release mode); a
    query without FROM reads the default graph. ``login=(user, password)`` demands HTTP Basic on every request.
    Every request is recorded in :attr:`requests` as ``(method, path)``.
    """

    def __init__(self, kind: str, login: tuple[str, str] | None = None) -> None:
        import base64
        import http.server
        import threading

        import pyoxigraph

        self.kind = kind
        self.store = pyoxigraph.Store()
        self.requests: list[tuple[str, str]] = []
        prefix = "/repositories/mgo" if kind == "graphdb" else "/mgo"
        query_path = prefix if kind == "graphdb" else prefix + "/sparql"
        gsp_path = prefix + "/rdf-graphs/service" if kind == "graphdb" else prefix + "/data"
        owner = self
        expected = "Basic " + base64.b64encode(f"{login[0]}:{login[1]}".encode()).decode() if login else None

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def reply(self, status: int, body: bytes = b"", content_type: str = "text/plain") -> None:
                self.send_response(status)
                if kind == "fuseki" and self.path.startswith(prefix):
                    self.send_header("Fuseki-Request-Id", str(len(owner.requests)))  # as Fuseki does
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Basic realm="fake"')
                self.end_headers()
                self.wfile.write(body)

            def handle_any(self) -> None:
                from urllib.parse import parse_qs, urlsplit

                parts = urlsplit(self.path)
                params = parse_qs(parts.query, keep_blank_values=True)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                owner.requests.append((self.command, parts.path))
                if expected and self.headers.get("Authorization") != expected:
                    return self.reply(401)
                if kind == "graphdb" and parts.path == "/rest/info/version":
                    return self.reply(200, b'{"productVersion": "10.6.0", "productType": "free"}', "application/json")
                if kind == "graphdb" and parts.path == "/rest/repositories":
                    return self.reply(200, b'[{"id": "mgo", "title": "", "type": "graphdb"}]', "application/json")
                if kind == "fuseki" and parts.path == "/$/ping":
                    return self.reply(200, b"2026-01-01T00:00:00Z")
                if kind == "fuseki" and parts.path == "/$/datasets":
                    return self.reply(200, b'{"datasets": [{"ds.name": "/mgo", "ds.state": true}]}', "application/json")
                if parts.path == query_path:
                    if self.command == "POST" and "form" in self.headers.get("Content-Type", ""):
                        params.update(parse_qs(body.decode(), keep_blank_values=True))
                    return self.query(params)
                if parts.path == gsp_path:
                    return self.graph_store(params, body)
                return self.reply(404, b"not found")

            def query(self, params: dict[str, list[str]]) -> None:
                text = params.get("query", [""])[0]
                if not text:
                    return self.reply(400, b"missing query")
                defaults = [pyoxigraph.NamedNode(iri) for iri in params.get("default-graph-uri", [])]
                from mgo.query.remote import names_its_dataset

                every_graph = kind == "graphdb" and not defaults and not names_its_dataset(text)  # FROM wins
                answer = owner.store.query(text, default_graph=defaults or None, use_default_graph_as_union=every_graph)
                if isinstance(answer, pyoxigraph.QueryTriples):
                    data = pyoxigraph.serialize(answer, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
                    return self.reply(200, data, "application/n-triples")
                data = answer.serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b""
                return self.reply(200, data, "application/sparql-results+json")

            def graph_store(self, params: dict[str, list[str]], body: bytes) -> None:
                graph: pyoxigraph.NamedNode | pyoxigraph.DefaultGraph = (
                    pyoxigraph.NamedNode(params["graph"][0]) if "graph" in params else pyoxigraph.DefaultGraph()
                )
                if self.command == "GET":
                    quads = list(owner.store.quads_for_pattern(None, None, None, graph))
                    if not quads and isinstance(graph, pyoxigraph.NamedNode):
                        return self.reply(404, b"no such graph")
                    data = pyoxigraph.serialize([q.triple for q in quads], format=pyoxigraph.RdfFormat.N_TRIPLES)
                    return self.reply(200, data or b"", "application/n-triples")
                if self.command in ("PUT", "DELETE"):
                    if isinstance(graph, pyoxigraph.DefaultGraph):
                        owner.store.clear_graph(graph)
                    elif owner.store.contains_named_graph(graph):
                        owner.store.remove_graph(graph)
                    if self.command == "PUT":
                        owner.store.load(body, format=pyoxigraph.RdfFormat.TURTLE, to_graph=graph)
                    return self.reply(204)
                return self.reply(405)

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SilentServer:
    """Accepts connections and never answers: a store that hangs (what a Virtuoso ``/sparql`` does to a PUT)."""

    def __init__(self) -> None:
        import threading

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.base = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.connections: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        self.socket.settimeout(0.2)
        while not self.stopped.is_set():
            with contextlib.suppress(OSError):
                connection, _ = self.socket.accept()
                self.connections.append(connection)

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        for connection in self.connections:
            connection.close()
        self.socket.close()


# --- Apache Jena ARQ (a third SPARQL engine, no server) ------------------------------------------------

JENA_PACKAGE = "libapache-jena-java"
JENA_RUNNER = ROOT / "tests" / "jena" / "RunQueries.java"
#: logging bindings among the packages' jars that clash with each other (SLF4J refuses to start with both)
_CLASHING_JARS = re.compile(r"slf4j-(log4j|jdk|simple|nop|jcl|migrator|ext|reload4j)|log4j-over|jcl-over|jul-to")


def jena_available() -> bool:
    return bool(shutil.which("java") and shutil.which("javac") and Path("/usr/share/java/jena-arq.jar").is_file())


def _package_jars(package: str) -> list[str]:
    listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=False).stdout
    return [line for line in listing.splitlines() if re.fullmatch(r"/usr/share/java/[^/]+\.jar", line)]


def jena_classpath(scratch: Path) -> str:
    """Jena's jars and those of the packages it depends on, plus one repair.

    Debian's ``jena-core.jar`` renames the bundled Xerces classes to ``xerces.*`` but leaves their message
    files under ``org/apache/jena/ext/xerces/``; without them every XSD datatype fails to initialise
    ("internal error" in ``XSSimpleTypeDecl``). They are copied to where the renamed classes look.
    """
    import zipfile

    depends = subprocess.run(
        ["dpkg-query", "-W", "-f=${Depends}", JENA_PACKAGE], capture_output=True, text=True, check=True
    ).stdout
    packages = [JENA_PACKAGE] + [item.split()[0] for item in depends.replace("|", ",").split(",") if item.strip()]
    jars = sorted({jar for package in packages for jar in _package_jars(package) if not _CLASHING_JARS.search(jar)})
    resources = scratch / "xerces-resources"
    source = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile("/usr/share/java/jena-core.jar") as archive:
        for name in archive.namelist():
            if name.startswith(source) and name.endswith(".properties"):
                target = resources / "xerces" / name[len(source) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    return ":".join([str(resources), *jars])


def run_arq(trig: Path, default_graphs: list[str], queries: list[Path], scratch: Path) -> dict[str, Path]:
    """Run ``queries`` with Jena ARQ over ``trig`` (default graph: the merge of ``default_graphs``), in one JVM.

    Returns query name -> result file (``.srj`` SPARQL JSON results, ``.nt`` for CONSTRUCT)."""
    scratch.mkdir(parents=True, exist_ok=True)
    classpath = jena_classpath(scratch)
    classes, results = scratch / "classes", scratch / "results"
    classes.mkdir(exist_ok=True)
    results.mkdir(exist_ok=True)
    subprocess.run(["javac", "-cp", classpath, "-d", str(classes), str(JENA_RUNNER)], check=True, capture_output=True)
    command = ["java", "-cp", f"{classes}:{classpath}", "RunQueries", str(trig), str(results), ",".join(default_graphs)]
    run = subprocess.run([*command, *map(str, queries)], capture_output=True, text=True, timeout=300, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"Jena ARQ failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return {path.stem: path for path in results.iterdir()}
