"""A recording proxy in front of the real emulators, writing LocalStack 0.x's log format.

Every request is forwarded unchanged (same method, path, headers, body) to the backend that
`route(service, access_key)` names, and the response is passed back unchanged. A call is
recorded exactly as `localstack/utils/persistence.py` (0.10.8 - 0.14) did: one JSON object
per line, `{"a": api, "m": method, "p": path, "d": base64(body) | null, "h": {headers},
"rd": base64(response body)}`, only for PUT/POST/DELETE/PATCH with a 2xx response, skipping
`X-Amz-Target` values matching `.*\\.List|.*\\.Describe|.*\\.Get`. The api name `a` is the
service of the SigV4 credential scope in the Authorization header.
"""

import base64
import http.client
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

RECORDED_METHODS = {"PUT", "POST", "DELETE", "PATCH"}
SKIPPED_TARGET = re.compile(r".*\.List|.*\.Describe|.*\.Get")
CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-connection"}


def credential_scope(headers) -> tuple[str | None, str | None, str | None]:
    """(access key id, region, service) from a SigV4 Authorization header, else Nones."""
    m = CREDENTIAL.search(headers.get("Authorization", "") or "")
    if not m:
        return None, None, None
    return m.group(1), m.group(3), m.group(4)


def should_record(method: str, status: int, headers) -> bool:
    if method not in RECORDED_METHODS or not 200 <= status < 300:
        return False
    return not SKIPPED_TARGET.match(headers.get("X-Amz-Target", "") or "")


class Recorder:
    """Appends log lines to one file (thread-safe); keeps the count."""

    def __init__(self, path: str):
        self.path, self.count, self._lock = path, 0, threading.Lock()
        open(path, "w").close()

    def write(self, entry: dict) -> None:
        line = json.dumps(entry)
        with self._lock:
            with open(self.path, "a") as f:
                f.write(line + "\n")
            self.count += 1


def _read_body(handler: BaseHTTPRequestHandler) -> bytes | None:
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
    length = handler.headers.get("Content-Length")
    if length is None:
        return None
    return handler.rfile.read(int(length))


def make_handler(route: Callable[[str | None, str | None], tuple[str, int]], recorder: Recorder):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _forward(self):
            body = _read_body(self)
            access_key, _region, service = credential_scope(self.headers)
            host, port = route(service, access_key)
            fwd_headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            if body is not None:
                fwd_headers["Content-Length"] = str(len(body))
            conn = http.client.HTTPConnection(host, port, timeout=120)
            try:
                conn.request(self.command, self.path, body=body, headers=fwd_headers)
                resp = conn.getresponse()
                resp_body = resp.read()
                status, resp_headers = resp.status, resp.getheaders()
            finally:
                conn.close()
            self.send_response_only(status, resp.reason)
            for k, v in resp_headers:
                if k.lower() not in HOP_BY_HOP and k.lower() != "content-length":
                    self.send_header(k, v)
            if self.command != "HEAD":
                self.send_header("Content-Length", str(len(resp_body)))
            else:
                length = dict((k.lower(), v) for k, v in resp_headers).get("content-length")
                if length is not None:
                    self.send_header("Content-Length", length)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(resp_body)
            if should_record(self.command, status, self.headers):
                recorder.write({
                    "a": service,
                    "m": self.command,
                    "p": self.path,
                    "d": None if body is None else base64.b64encode(body).decode(),
                    "h": dict(self.headers.items()),
                    "rd": base64.b64encode(resp_body).decode(),
                })

        do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _forward

    return Handler


class RecordingProxy:
    """Runs the proxy on a free loopback port in a background thread."""

    def __init__(self, route, log_path: str):
        self.recorder = Recorder(log_path)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(route, self.recorder))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
