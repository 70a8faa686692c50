"""A local web server for the `source add URL` tests, on 127.0.0.1 in a thread."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Tuple

# path -> (status, headers, body); a body of None is special (see do_GET)
Route = Tuple[int, Dict[str, str], bytes]


class Server:
    def __init__(self, routes: Dict[str, Route]):
        self.routes = routes
        self.stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                if self.path == "/slow":
                    outer.stop.wait(5)  # longer than the tests' timeout
                    return self._send(200, {"Content-Type": "text/html"}, b"<p>late</p>")
                if self.path == "/endless":  # no Content-Length, bytes until the cap
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    try:
                        for _ in range(1000):
                            self.wfile.write(b"x" * 4096)
                            if outer.stop.is_set():
                                break
                    except OSError:
                        pass
                    return None
                status, headers, body = outer.routes.get(
                    self.path, (404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>"))
                return self._send(status, headers, body)

            def _send(self, status, headers, body):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args):  # keep test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        time.sleep(0)
