"""The playground's HTTP server (standard library only): the page, and a small JSON API over a
:class:`~converter.playground.workspace.Workspace`.

Safe by default: bound to 127.0.0.1, request bodies limited, JSON only (a page on another site
cannot post to it without a CORS preflight, which is never granted), the Host header must name
the server, no file outside the given folders is read or written, and an error in one request is
answered in the page while the server goes on.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .workspace import EditedRule, PlaygroundError, Workspace

MAX_BODY_BYTES = 12 * 1024 * 1024  # an 8 MB upload in base64, with room for the rule text
STATIC = {"/": ("index.html", "text/html"), "/app.js": ("app.js", "text/javascript"),
          "/style.css": ("style.css", "text/css")}
log = logging.getLogger(__name__)


def _static(name: str) -> bytes:
    return resources.files("converter.playground").joinpath("static", name).read_bytes()


def _rule_file_schema() -> dict:
    from ..rules import rule_file_schema

    return rule_file_schema()


class Handler(BaseHTTPRequestHandler):
    """One request: a static file, or an API call answered with JSON (errors as ``{"error"}``)."""

    server: PlaygroundServer
    server_version = "converter-playground"

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    # --- routing ---------------------------------------------------------------------------------

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path in STATIC:
            name, kind = STATIC[url.path]
            return self._send(HTTPStatus.OK, _static(name), f"{kind}; charset=utf-8")
        routes = {"/api/info": lambda: self.server.workspace.info(),
                  "/api/rule": lambda: {"name": query.get("name", ""),
                                        "text": self.server.workspace.rule_text(query.get("name", ""))},
                  "/api/rule-schema": _rule_file_schema}
        self._answer(routes.get(url.path))

    def do_POST(self) -> None:
        ws = self.server.workspace
        routes = {
            "/api/convert": lambda body: ws.convert(body.get("source"), EditedRule.of(body.get("rule")),
                                                    body.get("type") or None),
            "/api/check": lambda body: {"problems": ws.check(EditedRule.of(body.get("rule")))[1]},
            "/api/test": lambda body: ws.run_tests(EditedRule.of(body.get("rule"))),
            "/api/save": lambda body: {"saved": ws.save(EditedRule.of(body.get("rule")))},
            "/api/evaluate": lambda body: ws.evaluate(EditedRule.of(body.get("rule"))),
        }
        route = routes.get(urlsplit(self.path).path)
        self._answer(None if route is None else lambda: route(self._body()))

    # --- answering -------------------------------------------------------------------------------

    def _answer(self, work) -> None:
        if not self._host_ok():
            return self._json(HTTPStatus.FORBIDDEN, {"error": "unexpected Host header"})
        if work is None:
            return self._json(HTTPStatus.NOT_FOUND, {"error": f"no such page: {self.path}"})
        try:
            result = work()
        except _TooLarge as exc:
            self.close_connection = True
            return self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": str(exc)})
        except (PlaygroundError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            return self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
        except Exception as exc:  # a bug answers this request only; the server keeps serving
            traceback.print_exc(file=sys.stderr)
            return self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"internal error: {exc!r}"})
        self._json(HTTPStatus.OK, result)

    def _host_ok(self) -> bool:
        """The Host header names this server (a page on another site resolving its name here does not)."""
        if self.server.allowed_hosts is None:  # bound to every interface on purpose (--host 0.0.0.0)
            return True
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return host in self.server.allowed_hosts

    def _body(self) -> dict:
        if self.headers.get_content_type() != "application/json":
            raise PlaygroundError("send JSON (Content-Type: application/json)")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            raise _TooLarge(f"request of {length} bytes is over the limit of {MAX_BODY_BYTES}")
        body = json.loads(self.rfile.read(length).decode("utf-8") or "{}")
        if not isinstance(body, dict):
            raise PlaygroundError("send a JSON object")
        return body

    def _json(self, status: HTTPStatus, value: Any) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:")
        self.end_headers()
        self.wfile.write(body)


class _TooLarge(PlaygroundError):
    pass


class PlaygroundServer(ThreadingHTTPServer):
    """The HTTP server with its workspace."""

    daemon_threads = True

    def __init__(self, workspace: Workspace, host: str = "127.0.0.1", port: int = 8765) -> None:
        super().__init__((host, port), Handler)
        self.workspace = workspace
        self.allowed_hosts = {host, "localhost", "127.0.0.1", "::1"} if host not in ("0.0.0.0", "::") else None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
