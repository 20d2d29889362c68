"""A small LibreTranslate-compatible server on 127.0.0.1 for the MT tests (stdlib only)."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class LibreStub:
    """Answers POST /translate from `dictionary` (else "[<target>] <q>"); `script` holds the
    next answers to give instead: an int status, or ("stall", seconds), consumed in order;
    `stall_on` stalls every request whose q is a key, without touching the script."""

    url: str = ""
    dictionary: dict[str, str] = field(default_factory=dict)
    script: list = field(default_factory=list)
    stall_on: dict[str, float] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_action(self):
        with self.lock:
            return self.script.pop(0) if self.script else None

    def translate(self, q: str, target: str) -> str:
        return self.dictionary.get(q, f"[{target}] {q}")


def _handler(stub: LibreStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            if "json" in (self.headers.get("Content-Type") or ""):
                values = json.loads(body or "{}")
            else:
                values = {k: v[0] for k, v in parse_qs(body).items()}
            query = {k: v[0] for k, v in parse_qs(split.query).items()}
            record = {"path": split.path, "query": query, "body": values}
            with stub.lock:
                stub.requests.append(record)
            params = {**query, **values}
            action = stub.next_action()
            stall = stub.stall_on.get(params.get("q", ""))
            if isinstance(action, tuple) and action[0] == "stall":
                stall = action[1]
            if stall:
                stub.stop.wait(stall)
            if isinstance(action, int):
                return self._send(action, {"error": f"scripted {action}"},
                                  {"Retry-After": "0"} if action == 429 else {})
            if split.path != "/translate":
                return self._send(404, {"error": "Not Found"})
            q = params.get("q")
            if not q:
                return self._send(400, {"error": "Invalid request: missing q parameter"})
            target = params.get("target", "")
            out = [stub.translate(x, target) for x in q] if isinstance(q, list) \
                else stub.translate(q, target)
            self._send(200, {"translatedText": out})

        def _send(self, status: int, payload: dict, headers: dict | None = None) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                pass

    return Handler


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], stub, on_stop=lambda: None) -> Iterator:
    """`handler` served on 127.0.0.1 (a free port, set as `stub.url`) while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        on_stop()
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


@pytest.fixture
def libre_server() -> Iterator[LibreStub]:
    stub = LibreStub()
    with serving(_handler(stub), stub, on_stop=stub.stop.set):  # stop wakes stalled handlers
        yield stub

@dataclass
class ApiStub:
    """Any MT provider's HTTP API on 127.0.0.1: `answer(record)` gives (status, JSON payload)
    for a request; `script` holds answers to give first, in order: a status, or (status,
    headers). Every request is recorded: method, path, query, headers (lower-case names), form
    (name -> list of values) and json."""

    answer: object = None
    url: str = ""
    script: list = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _api_handler(stub: ApiStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            is_json = "json" in (self.headers.get("Content-Type") or "")
            record = {"method": "POST", "path": split.path,
                      "query": {k: v[0] for k, v in parse_qs(split.query).items()},
                      "headers": {k.lower(): v for k, v in self.headers.items()},
                      "form": {} if is_json else parse_qs(body),
                      "json": json.loads(body or "null") if is_json else None}
            with stub.lock:
                stub.requests.append(record)
                action = stub.script.pop(0) if stub.script else None
            if action is not None:
                status, headers = action if isinstance(action, tuple) else (action, {})
                return self._send(status, {"error": {"message": f"scripted {status}"}}, headers)
            status, payload = stub.answer(record)
            self._send(status, payload, {})

        def _send(self, status: int, payload: object, headers: dict) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture
def api_server() -> Iterator[ApiStub]:
    stub = ApiStub()
    with serving(_api_handler(stub), stub):
        yield stub
