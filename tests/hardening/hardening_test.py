#!/usr/bin/env python3
"""Hostile-input and fault tests for praxis-searchd, against the real daemon.

Each class starts the real praxis-indexer and praxis-searchd on 127.0.0.1 and
a free port (tests/integration/searchd_test.py's helpers), sends what an
attacker or a broken client would send, and checks that every request gets a
4xx (or a closed connection) quickly, and that the daemon keeps answering
other clients during and after: a "canary" thread asks /healthz every 50 ms
through each test and must never see anything but a quick 200.

    hardening_test.py --indexer BIN --searchd BIN --mirror BIN --root REPO [unittest args...]

Standard library only; raw sockets where http.client would refuse to send.
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

ARGS = None
it = None  # tests/integration/searchd_test.py, imported in main()

QUICK = 2.0  # seconds: "quickly"


# ---------------------------------------------------------------------------
# Raw HTTP

def raw_exchange(port, data, timeout=10.0, read=True):
    """Sends `data` (bytes) on a new connection and reads until the server
    closes it or `timeout`. Returns (seconds, response bytes, closed_by_server)."""
    start = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    out, closed = b"", False
    try:
        try:
            s.sendall(data)
        except OSError:
            pass  # the server may close before it read everything: fine
        if read:
            while True:
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    break
                except OSError:  # reset: closed too
                    closed = True
                    break
                if not chunk:
                    closed = True
                    break
                out += chunk
    finally:
        s.close()
    return time.monotonic() - start, out, closed


def status_of(response):
    """The status code of a raw HTTP response (0 when there is none)."""
    if not response.startswith(b"HTTP/1."):
        return 0
    try:
        return int(response.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def headers_of(response):
    """The header lines of a raw response as (lower-case name, value) pairs."""
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return [(l.split(":", 1)[0].strip().lower(), l.split(":", 1)[1].strip()) for l in head if ":" in l]


# Linux TCP states (include/net/tcp_states.h), the first byte of TCP_INFO.
TCP_CLOSE, TCP_CLOSE_WAIT = 7, 8


def tcp_state(sock):
    """The kernel's TCP state of `sock` (Linux)."""
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[0]


def body_of(response):
    return response.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in response else b""


def get_request(target, headers=(), close=True):
    lines = ["GET %s HTTP/1.1" % target, "Host: 127.0.0.1"]
    lines += ["%s: %s" % h for h in headers]
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class Canary(threading.Thread):
    """Asks /healthz every 50 ms on a fresh connection; records what goes wrong."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.stop_event = threading.Event()
        self.problems, self.count, self.slowest = [], 0, 0.0

    def run(self):
        while not self.stop_event.is_set():
            start = time.monotonic()
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                c.request("GET", "/healthz")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status != 200:
                    self.problems.append("HTTP %d" % r.status)
            except (OSError, http.client.HTTPException) as e:
                self.problems.append(repr(e))
            took = time.monotonic() - start
            self.slowest = max(self.slowest, took)
            if took > QUICK:
                self.problems.append("slow: %.2f s" % took)
            self.count += 1
            self.stop_event.wait(0.05)

    def finish(self):
        self.stop_event.set()
        self.join(timeout=10)
        return self.problems


class HardeningCase(unittest.TestCase):
    """An index of the search fixtures and one server for the class, with
    EXTRA arguments; a canary runs through every test."""

    EXTRA = ()
    THEME = False
    MIRROR = False

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="praxis-hardening-")
        cls.content = os.path.join(cls.tmp, "content")
        shutil.copytree(os.path.join(ARGS.root, "tests", "fixtures", "search"), cls.content)
        cls.index = os.path.join(cls.tmp, "index")
        it.run_indexer(cls.content, cls.index)
        extra = list(cls.EXTRA)
        if cls.THEME:
            # A copy of the theme with a secret next to its static folder:
            # no request may ever read it.
            cls.theme = os.path.join(cls.tmp, "theme")
            shutil.copytree(os.path.join(ARGS.root, "themes", "default"), cls.theme)
            with open(os.path.join(cls.theme, "secret.txt"), "w") as f:
                f.write("SECRET-THEME-MARKER\n")
            extra += ["--theme", cls.theme]
        if cls.MIRROR:
            key = os.path.join(cls.tmp, "origin")
            subprocess.run([ARGS.mirror, "keygen", "--out", key], check=True, capture_output=True, timeout=60)
            with open(os.path.join(cls.tmp, "secret-mirror.txt"), "w") as f:
                f.write("SECRET-MIRROR-MARKER\n")
            extra += ["--mirror-content", cls.content, "--signing-key", key + ".key", "--origin-name", "hardening"]
        cls.server = it.Server(cls.index, cls.content, extra=extra)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.canary = Canary(self.server.port)
        self.canary.start()

    def tearDown(self):
        problems = self.canary.finish()
        self.assertEqual(problems, [], "the daemon stopped answering other clients well (%d canary requests)"
                         % self.canary.count)
        self.assertIsNone(self.server.proc.poll(), "praxis-searchd exited:\n" + "\n".join(self.server.log[-20:]))

    def request(self, target, headers=None):
        """A GET with http.client on a fresh connection: (status, headers, body, seconds)."""
        start = time.monotonic()
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            c.putrequest("GET", target, skip_accept_encoding=True)
            for k, v in (headers or {}).items():
                c.putheader(k, v)
            c.endheaders()
            r = c.getresponse()
            return r.status, r.getheaders(), r.read(), time.monotonic() - start
        finally:
            c.close()

    def assert_refused(self, target, statuses=range(400, 500), headers=None):
        status, hdrs, body, took = self.request(target, headers)
        self.assertIn(status, statuses, "%r: %d %r" % (target, status, body[:200]))
        self.assertLess(took, QUICK, target)
        return status, hdrs, body


# ---------------------------------------------------------------------------

TRAVERSALS = [
    "../", "..%2f", "%2e%2e/", "%2e%2e%2f", ".%2e/", "%2e./", "..%2F", "%252e%252e%252f", "%252e%252e/",
    "..%5c", "..\\", "%2e%2e%5c", "..%255c", "%c0%ae%c0%ae/", "%c0%ae%c0%ae%c0%af", "..%c0%af", "..%c1%9c",
    "%e0%80%ae%e0%80%ae/", "....//", "..;/", "%u002e%u002e/", "..%00/", "%00../", "..%0d%0a/", "..%09/",
]


class HostileInputTest(HardeningCase):
    THEME = True
    MIRROR = True

    def test_path_traversal_on_static_and_mirror_routes(self):
        prefixes = ["/static/", "/mirror/v1/files/", "/mirror/v1/files/cases/", "/case/", "/api/case/", "/"]
        targets = []
        for prefix in prefixes:
            for t in TRAVERSALS:
                for depth in (1, 2, 8):
                    for end in ("secret.txt", "secret-mirror.txt", "etc/passwd", "index/iamglass"):
                        targets.append(prefix + t * depth + end)
            for absolute in ("/etc/passwd", "%2fetc%2fpasswd", "//etc/passwd", "\\etc\\passwd", "C:\\boot.ini",
                             "file:///etc/passwd", "%2e%2e", "..", ".", "%2e"):
                targets.append(prefix + absolute)
        statuses = {}
        start = time.monotonic()
        for target in targets:
            status, hdrs, body, took = self.request(target)
            self.assertLess(took, QUICK, target)
            statuses[status] = statuses.get(status, 0) + 1
            for marker in (b"SECRET-THEME-MARKER", b"SECRET-MIRROR-MARKER", b"root:x:0:0", b"IAmGlass"):
                self.assertNotIn(marker, body, target)
            # Only what exists under its own route can be a 200: the home page
            # for "/." and the like, never a file outside.
            if status == 200:
                self.assertTrue(target.startswith("/") and dict((k.lower(), v) for k, v in hdrs)
                                ["content-type"].startswith("text/html"), (target, body[:100]))
            else:
                self.assertIn(status, (400, 404, 405, 414), target)
        print("path traversal: %d requests in %.1f s, statuses %s" % (len(targets), time.monotonic() - start,
                                                                        dict(sorted(statuses.items()))))
        # The real files are still served.
        self.assertEqual(self.request("/mirror/v1/manifest.json")[0], 200)
        status, _, body, _ = self.request("/static/style.css")
        self.assertEqual(status, 200)

    def test_raw_paths_nul_and_backslashes(self):
        # What http.client will not send: raw NUL, spaces, backslashes, absolute URIs.
        for target in (b"/static/..\x00/secret.txt", b"/static/style.css\x00.png", b"/api/search?q=a\x00b",
                       b"/\x00", b"/static/..\\..\\secret.txt", b"http://127.0.0.1/static/../secret.txt",
                       b"*", b"/static/../../../../../../etc/passwd", b"../../etc/passwd", b"/%",
                       b"/static/%zz", b"/api/search?%=%&&&=", b"/api/search?q=%",  b"/api/search?q=%%%"):
            took, response, _ = raw_exchange(self.server.port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n"
                                             b"Connection: close\r\n\r\n", timeout=5)
            self.assertLess(took, QUICK, target)
            # A lone "%" in q is a query for "%": answered; the rest refused.
            expected = (200, 400) if target.startswith(b"/api/search?q=") else range(400, 500)
            self.assertIn(status_of(response), expected, (target, response[:200]))
            self.assertNotIn(b"SECRET-", response)
            self.assertNotIn(b"root:x:0:0", response)

    def test_invalid_utf8_in_every_parameter(self):
        params = ["q", "sector", "region", "country", "level", "outcome", "status", "evidence", "lang", "source",
                  "year", "year_from", "year_to", "sort", "page", "per_page", "hl", "facets", "v", "doclang"]
        bad_values = ["%FF", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%C0%AE", "%E2%82", "a%00b", "%1B[31m",
                      "%EF%BF%BE", "%F0%9F%98"]
        paths = ["/api/search", "/search", "/api/export.csv", "/api/export.json", "/feed.atom"]
        count = 0
        for path in paths:
            for p in params:
                for v in bad_values:
                    status, _, body, took = self.request("%s?%s=%s" % (path, p, v))
                    count += 1
                    self.assertIn(status, (200, 400), "%s %s=%s: %d" % (path, p, v, status))
                    self.assertLess(took, QUICK)
                    if path.startswith("/api/") and status == 400:
                        self.assertIn("error", json.loads(body))
            # Invalid UTF-8 in a parameter's name.
            self.assertIn(self.request(path + "?%FF=1")[0], (200, 400))
        for case_id in ("%FF", "%C0%AE%C0%AE", "a%00b", "%ED%A0%80"):
            self.assert_refused("/api/case/" + case_id, (400, 404))
            self.assert_refused("/case/" + case_id, (400, 404))
            self.assert_refused("/api/case/%s/related" % case_id, (400, 404))
        print("invalid UTF-8: %d requests, every one 200 or 400" % count)

    def test_huge_numbers(self):
        for p, v in (("per_page", "1000000"), ("per_page", "9" * 500), ("page", "9" * 500), ("page", "4294967297"),
                     ("per_page", "-1"), ("page", "1e9"), ("page", "0x10"), ("year", "9" * 50),
                     ("year_from", "-9999999999"), ("per_page", "100", ), ("page", "100")):
            status, _, body, took = self.request("/api/search?%s=%s" % (p, v))
            self.assertIn(status, (200, 400), (p, v))
            self.assertLess(took, QUICK)
        self.assert_refused("/api/search?page=101&per_page=100", (400,))
        self.assert_refused("/search?page=" + "9" * 300, (400,))

    def test_query_syntax_bombs(self):
        """Deep nesting, thousands of OR terms, wildcards over the whole lexicon:
        refused or answered, quickly."""
        queries = {
            "nested parentheses": "(" * 500 + "a" + ")" * 500,
            "unbalanced parentheses": "(" * 1000,
            "nested phrases": '"' * 1000,
            "nested NOT": "NOT " * 250,
            "thousands of ORs": " OR ".join("w%d" % i for i in range(2000)),
            "ORs within 1 KiB": " OR ".join("w%d" % i for i in range(32)),
            "wildcard a*": "a*",
            "wildcard every letter": " OR ".join("%s*" % c for c in "abcdefghijklmnopqrstuvwxyz"),
            "sixty wildcards": " ".join(["a*"] * 60),
            "four wildcards": " ".join("%s*" % c for c in "aeto"),
            "wildcard OR chain": " OR ".join(["e*", "t*", "s*", "δ*", "π*", "κ*"] * 5),
            "greek wildcards": " OR ".join("%s*" % c for c in "αβγδεζηθικλμνξοπρστυφχψω"),
            "field wildcards": " ".join("title:%s*" % c for c in "abcdefghij"),
            "synonym storm": " OR ".join(["open data", "ανοικτά δεδομένα", "transparency"] * 8),
            "greeklish storm": " ".join(["diafaneia", "dimos", "perifereia", "politis"] * 8),
            "long words": " ".join(["x" * 200] * 5),
            "control and format characters": "\u202e\u200b\u2066a\ufeff",
        }
        timings = {}
        for name, q in queries.items():
            target = "/api/search?" + urllib.parse.urlencode({"q": q, "per_page": 100})
            if len(target) > 8000:
                target = target[:8000]
            status, _, body, took = self.request(target)
            timings[name] = (status, took)
            self.assertIn(status, (200, 400, 414), "%s: %d %r" % (name, status, body[:200]))
            self.assertLess(took, QUICK, name)
            # Facet counting is the expensive part: with it too.
            status, _, _, took = self.request("/search?" + urllib.parse.urlencode({"q": q})[:8000])
            self.assertIn(status, (200, 400, 414), name)
            self.assertLess(took, QUICK, name)
        print("query bombs: " + ", ".join("%s %d in %.0f ms" % (n, s, t * 1000) for n, (s, t) in timings.items()))

    def test_many_parameters(self):
        self.assert_refused("/api/search?" + "&".join("sector=social-economy" for _ in range(1000))[:7000], (400,))
        self.assert_refused("/api/search?" + "&".join("p%d=1" % i for i in range(1000))[:7000], (400,))
        self.assert_refused("/api/search?sector=" + ",".join("s%d" % i for i in range(500)), (400,))
        # The same value many times is one value.
        self.assert_refused("/api/search?sector=" + ",".join(["social-economy"] * 500), (200, 400))
        status, _, _, took = self.request("/search?" + "&".join("utm%d=1" % i for i in range(700)))
        self.assertIn(status, (200, 400))
        self.assertLess(took, QUICK)

    def test_security_headers_once_and_vary(self):
        for target, accept in (("/", "gzip"), ("/search?q=cycling", "gzip"), ("/static/style.css", "gzip"),
                               ("/api/search?q=cycling", "gzip"), ("/nope-page", "gzip"), ("/api/nope", ""),
                               ("/api/search?per_page=0", ""), ("/healthz", ""), ("/feed.atom", "gzip, br")):
            status, hdrs, body, _ = self.request(target, {"Accept-Encoding": accept} if accept else None)
            names = [k.lower() for k, _ in hdrs]
            for once in ("x-content-type-options", "content-security-policy", "x-frame-options",
                         "access-control-allow-origin", "content-type", "vary", "cache-control"):
                self.assertLessEqual(names.count(once), 1, "%s: %s sent %d times" % (target, once, names.count(once)))
            self.assertEqual(names.count("x-content-type-options"), 1, target)
            h = {k.lower(): v for k, v in hdrs}
            if h.get("content-encoding"):
                self.assertIn("Accept-Encoding", h.get("vary", ""), target)
            if h["content-type"].startswith(("text/html", "text/css")):
                self.assertIn("Accept-Encoding", h.get("vary", ""), target)
            if h["content-type"].startswith("text/html"):
                self.assertIn("Accept-Language", h.get("vary", ""), target)
        status, hdrs, _, _ = self.request("/", {"Accept-Encoding": "gzip"})
        self.assertEqual(dict((k.lower(), v) for k, v in hdrs).get("content-encoding"), "gzip")


# ---------------------------------------------------------------------------

class HttpLimitsTest(HardeningCase):
    """Request size and time limits, slow clients, the rate limit."""

    EXTRA = ("--read-timeout", "2", "--write-timeout", "2", "--trust-proxy", "127.0.0.1",
             "--rate-limit", "5/s", "--rate-burst", "10")

    def test_overlong_request_line(self):
        for size, expected in ((9000, 414), (20000, 414), (40000, 414), (1 << 20, 414)):
            took, response, closed = raw_exchange(self.server.port,
                                                  get_request("/api/search?q=" + "a" * size, close=False))
            self.assertEqual(status_of(response), expected, (size, response[:200]))
            self.assertIn("error", json.loads(body_of(response)))
            self.assertTrue(closed, size)
            self.assertLess(took, QUICK, size)

    def test_overlong_and_too_many_headers(self):
        cases = {
            "one 9 KiB header": [("X-Long", "b" * 9000)],
            "5,000 headers": [("X-H%d" % i, "y") for i in range(5000)],
            "40 KiB of cookies": [("Cookie", "c%d=%s" % (i, "v" * 4000)) for i in range(10)],
        }
        for name, headers in cases.items():
            took, response, closed = raw_exchange(self.server.port, get_request("/healthz", headers, close=False))
            self.assertEqual(status_of(response), 431, (name, response[:200]))
            self.assertTrue(closed, name)
            self.assertLess(took, QUICK, name)
        # An endless header stream is cut off at the limit, not read for ever.
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
        start, sent = time.monotonic(), 0
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            while time.monotonic() - start < 5:
                s.sendall(b"X-Flood: " + b"z" * 1000 + b"\r\n")
                sent += 1010
        except OSError:
            pass
        finally:
            s.close()
        self.assertLess(sent, 10 << 20, "the server kept reading an endless header")
        self.assertLess(time.monotonic() - start, 5.5)

    def test_malformed_requests_are_refused_and_closed(self):
        for data in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET / FOO/1.1\r\n\r\n",
                     b"GET /\x00 HTTP/1.1\r\n\r\n",
b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
):
            took, response, closed = raw_exchange(self.server.port, data, timeout=5)
            self.assertLess(took, QUICK + 2.5, data)  # at worst the read time-out (2 s)
            self.assertIn(status_of(response), (0, *range(400, 506)), (data, response[:200]))
            self.assertTrue(closed, data)

    def test_header_lines_without_a_colon_are_ignored(self):
        # cpp-httplib skips such lines (as it skips one that does not end in
        # CRLF), or refuses them: either way, quickly.
        for line in (b"NoColon", b": empty-name", b"X-Bad\x01Name: 1"):
            took, response, closed = raw_exchange(self.server.port, b"GET /healthz HTTP/1.1\r\n" + line +
                                                  b"\r\nConnection: close\r\n\r\n", timeout=5)
            self.assertIn(status_of(response), (200, 400), line)
            self.assertLess(took, QUICK)

    def test_a_request_body_is_not_read_as_the_next_request(self):
        smuggled = (b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 44\r\n\r\n"
                    b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        took, response, closed = raw_exchange(self.server.port, smuggled)
        self.assertEqual(status_of(response), 405)
        self.assertEqual(response.count(b"HTTP/1.1 "), 1, response[:400])
        self.assertTrue(closed)
        self.assertLess(took, QUICK)
        # A body announced on a GET, in any form: answered, then closed, so
        # that whatever follows is never taken for a request.
        for head in (b"Content-Length: -5", b"Content-Length: 99999999999999999999", b"Transfer-Encoding: chunked",
                     b"Content-Length: 10\r\nContent-Length: 44"):
            took, response, closed = raw_exchange(self.server.port, b"GET /healthz HTTP/1.1\r\n" + head +
                                                  b"\r\n\r\nGET /metrics HTTP/1.1\r\n\r\n", timeout=5)
            self.assertIn(status_of(response), (200, 400), head)
            self.assertEqual(response.count(b"HTTP/1.1 "), 1, (head, response[:400]))
            self.assertTrue(closed, head)
            self.assertLess(took, QUICK, head)

    def test_slowloris_is_closed_within_the_read_timeout(self):
        # Headers one byte every 0.5 s (each byte well within any per-read
        # time-out): the whole head must arrive within --read-timeout (2 s).
        results = []

        def slow_client():
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
            start = time.monotonic()
            data = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
            outcome = "never closed"
            try:
                for i in range(len(data)):
                    s.sendall(data[i:i + 1])
                    time.sleep(0.5)
                    s.setblocking(False)
                    try:
                        s.recv(1024)  # b"" (closed) or an answer (408): either way, done
                        outcome = "closed"
                        break
                    except BlockingIOError:
                        pass
                    finally:
                        s.setblocking(True)
            except OSError:
                outcome = "closed"
            finally:
                s.close()
            results.append((outcome, time.monotonic() - start))

        # Several at once, while the canary keeps being served.
        clients = [threading.Thread(target=slow_client) for _ in range(20)]
        for c in clients:
            c.start()
        for c in clients:
            c.join(timeout=60)
        self.assertEqual(len(results), 20)
        for what, took in results:
            self.assertEqual(what, "closed")
            self.assertLess(took, 2 + 1.5, "closed after %.1f s" % took)
        print("slowloris: 20 clients sending a byte every 0.5 s, closed after %.1f-%.1f s (--read-timeout 2)"
              % (min(t for _, t in results), max(t for _, t in results)))

    def test_idle_connection_after_connect_is_closed(self):
        took, response, closed = raw_exchange(self.server.port, b"", timeout=10)
        self.assertTrue(closed)
        self.assertLess(took, 2 + 1.5)  # --keep-alive-timeout 2 (the integration helper's)

    def test_a_client_that_reads_nothing_is_dropped(self):
        # Pipelined requests for responses larger than every socket buffer,
        # never read: once the server's writes stall for --write-timeout (2 s)
        # it must close the connection. The client watches its own socket's
        # TCP state rather than reading (reading would let the server go on);
        # the server closes with requests still unread, which resets the
        # connection, so the client sees it without reading a byte. The wait
        # is bounded, and what it takes does not depend on how fast the
        # server makes the responses (under ASan it is several times slower).
        one = get_request("/api/export.json", close=False)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: a small window
        s.connect(("127.0.0.1", self.server.port))
        sent = [0]

        def send():  # blocks once the server stops reading; ends when the socket does
            while True:
                try:
                    s.sendall(one * 50)
                    sent[0] += 50
                except OSError:
                    return

        sender = threading.Thread(target=send, daemon=True)
        start = time.monotonic()
        sender.start()
        closed_after = None
        try:
            while time.monotonic() - start < 60:
                time.sleep(0.2)
                if tcp_state(s) in (TCP_CLOSE, TCP_CLOSE_WAIT):
                    closed_after = time.monotonic() - start
                    break
        finally:
            try:
                s.shutdown(socket.SHUT_RDWR)  # wakes the sender
            except OSError:
                pass
            sender.join(5)
            s.close()
        self.assertIsNotNone(closed_after, "the server still held the connection of a client that read nothing "
                                           "after 60 s (%d requests sent)" % sent[0])
        print("slow reader: dropped %.1f s after its first request (%d pipelined requests sent)"
              % (closed_after, sent[0]))

    def test_rate_limit(self):
        client = {"X-Forwarded-For": "203.0.113.7"}
        statuses, first_429 = [], None
        start = time.monotonic()
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        for _ in range(30):
            c.request("GET", "/api/search?q=cycling", headers=client)
            r = c.getresponse()
            body = r.read()
            statuses.append(r.status)
            if r.status == 429 and first_429 is None:
                first_429 = (dict((k.lower(), v) for k, v in r.getheaders()), json.loads(body))
        took = time.monotonic() - start
        self.assertEqual(statuses.count(200), 10, statuses)  # the burst
        self.assertEqual(statuses.count(429), 20, statuses)
        headers, error = first_429
        self.assertEqual(headers["retry-after"], "1")
        self.assertEqual(error["error"]["status"], 429)
        self.assertIn("203.0.113.7", error["error"]["message"])
        self.assertTrue(headers["content-type"].startswith("application/json"))
        # /healthz and /metrics are never limited; nor another client, nor loopback itself.
        for target, hdrs in (("/healthz", client), ("/metrics", client),
                             ("/api/search?q=x", {"X-Forwarded-For": "203.0.113.8"}), ("/api/search?q=x", {})):
            c.request("GET", target, headers=hdrs)
            r = c.getresponse()
            r.read()
            self.assertEqual(r.status, 200, target)
        # A forged left-most entry does not escape the limit.
        c.request("GET", "/api/search?q=x", headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.7"})
        r = c.getresponse()
        r.read()
        self.assertEqual(r.status, 429)
        time.sleep(1.1)
        c.request("GET", "/api/search?q=cycling", headers=client)
        r = c.getresponse()
        r.read()
        self.assertEqual(r.status, 200)
        c.close()
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        c.request("GET", "/metrics")
        metrics = c.getresponse().read().decode()
        self.assertIn('praxis_http_requests_total{route="rate_limited",status="429"} 21', metrics)
        print("rate limit 5/s, bursts of 10: of 30 back-to-back requests %d passed, %d got 429 in %.0f ms; "
              "served again after 1.1 s" % (statuses.count(200), statuses.count(429), took * 1000))


# ---------------------------------------------------------------------------

class ConnectionLimitTest(HardeningCase):
    EXTRA = ("--max-connections", "16")

    def setUp(self):
        pass  # no canary: it would be turned away on purpose

    def tearDown(self):
        self.assertIsNone(self.server.proc.poll(), "praxis-searchd exited:\n" + "\n".join(self.server.log[-20:]))

    def test_excess_connections_are_answered_503_at_once(self):
        idle = [socket.create_connection(("127.0.0.1", self.server.port)) for _ in range(16)]
        try:
            time.sleep(0.3)
            took, response, closed = raw_exchange(self.server.port, get_request("/healthz"), timeout=5)
            self.assertEqual(status_of(response), 503, response[:200])
            self.assertEqual(dict(headers_of(response)).get("retry-after"), "1")
            self.assertIn("too many connections", json.loads(body_of(response))["error"]["message"])
            self.assertTrue(closed)
            self.assertLess(took, 0.5)
            print("connection 17 of --max-connections 16: 503 in %.1f ms" % (took * 1000))
        finally:
            for s in idle:
                s.close()
        time.sleep(0.3)
        self.assertEqual(self.server.get("/healthz")[0], 200)

    def test_a_flood_of_connections(self):
        results = []
        lock = threading.Lock()

        def one():
            try:
                took, response, closed = raw_exchange(self.server.port, get_request("/api/search?q=cycling"),
                                                      timeout=10)
                outcome = status_of(response) or ("closed" if closed else "timeout")
            except OSError as e:
                took, outcome = 0.0, "refused: %s" % e.__class__.__name__
            with lock:
                results.append((outcome, took))

        threads = [threading.Thread(target=one) for _ in range(400)]
        start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        took = time.monotonic() - start
        outcomes = {}
        for o, _ in results:
            outcomes[o] = outcomes.get(o, 0) + 1
        print("400 connections at once with --max-connections 16: %s in %.1f s, slowest %.2f s"
              % (outcomes, took, max(t for _, t in results)))
        self.assertEqual(len(results), 400)
        self.assertNotIn("timeout", outcomes)
        self.assertGreater(outcomes.get(200, 0), 0)
        self.assertTrue(set(outcomes) <= {200, 503, "closed"} | {o for o in outcomes if str(o).startswith("refused")},
                        outcomes)
        self.assertLess(max(t for _, t in results), 5.0)
        time.sleep(0.3)
        j = self.server.json("/metrics".replace("/metrics", "/healthz"))
        self.assertEqual(j["status"], "ok")
        status, _, body = self.server.get("/metrics")
        self.assertIn("praxis_http_connections_rejected_total", body.decode())


# ---------------------------------------------------------------------------

class FaultTest(unittest.TestCase):
    """The index folder replaced under a running searchd; a damaged index at start-up."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="praxis-hardening-faults-")
        cls.content = os.path.join(cls.tmp, "content")
        shutil.copytree(os.path.join(ARGS.root, "tests", "fixtures", "search"), cls.content)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_index_folder_replaced_under_searchd(self):
        index = os.path.join(self.tmp, "index")
        it.run_indexer(self.content, index)
        server = it.Server(index, self.content)
        try:
            before = server.json("/healthz")["documents"]
            problems, answers = [], [0]
            stop = threading.Event()

            def poll():
                conn = server.connection()
                while not stop.is_set():
                    try:
                        status, _, body = server.get("/api/search", {"q": "quokkaword OR cycling"}, conn=conn)
                        if status != 200:
                            problems.append((status, body[:200]))
                        answers[0] += 1
                    except (OSError, http.client.HTTPException) as e:
                        problems.append(repr(e))
                        conn.close()
                        conn = server.connection()
                conn.close()

            pollers = [threading.Thread(target=poll) for _ in range(4)]
            for p in pollers:
                p.start()
            try:
                for round_ in range(3):
                    # A rebuilt copy with one more case, renamed over the live folder.
                    extra = os.path.join(self.content, "cases", "quokka-%d.md" % round_)
                    with open(os.path.join(self.content, "cases", "tartu-participatory-budget.md"),
                              encoding="utf-8") as f:
                        text = f.read()
                    with open(extra, "w", encoding="utf-8") as f:
                        f.write(text.replace("id: tartu-participatory-budget", "id: quokka-%d" % round_)
                                .replace("title: Participatory budgeting in Tartu", "title: Quokkaword %d" % round_))
                    fresh = os.path.join(self.tmp, "index.new")
                    it.run_indexer(self.content, fresh)
                    old = os.path.join(self.tmp, "index.old")
                    os.rename(index, old)
                    os.rename(fresh, index)
                    shutil.rmtree(old)  # the old files vanish under the open readers
                    deadline = time.monotonic() + 5
                    while server.json("/healthz")["documents"] != before + round_ + 1:
                        self.assertLess(time.monotonic(), deadline, "the new index was not picked up")
                        time.sleep(0.02)
                time.sleep(0.3)
            finally:
                stop.set()
                for p in pollers:
                    p.join()
            self.assertEqual(problems, [], "requests failed while the index was replaced")
            self.assertGreater(answers[0], 20)
            hits = server.json("/api/search", {"q": "quokkaword", "per_page": 10})["total"]
            self.assertEqual(hits, 3)
            print("index replaced 3 times under searchd (renamed over, old one deleted): %d answers, all 200"
                  % answers[0])
        finally:
            self.assertEqual(server.stop(), 0)

    def start_fails(self, index):
        proc = subprocess.run([ARGS.searchd, "--index", index, "--listen", "127.0.0.1:0"], capture_output=True,
                              text=True, timeout=60)
        return proc.returncode, proc.stderr

    def test_damaged_index_is_refused_at_start_up(self):
        good = os.path.join(self.tmp, "good")
        it.run_indexer(self.content, good)
        damages = {
            "iamglass truncated": ("iamglass", "truncate"),
            "iamglass garbage": ("iamglass", "garbage"),
            "postlist garbage": ("postlist.glass", "garbage"),
            "docdata garbage": ("docdata.glass", "garbage"),
            "termlist garbage": ("termlist.glass", "garbage"),
            "position garbage": ("position.glass", "garbage"),
            "postlist missing": ("postlist.glass", "delete"),
            "docdata truncated": ("docdata.glass", "truncate"),
        }
        for name, (file, how) in damages.items():
            with self.subTest(damage=name):
                broken = os.path.join(self.tmp, "broken-" + name.replace(" ", "-"))
                shutil.copytree(good, broken)
                path = os.path.join(broken, file)
                if not os.path.exists(path):
                    self.skipTest("%s not in this index" % file)
                if how == "truncate":
                    with open(path, "r+b") as f:
                        f.truncate(max(1, os.path.getsize(path) // 3))
                elif how == "garbage":
                    size = os.path.getsize(path)
                    with open(path, "r+b") as f:
                        f.write(bytes((i * 37 + 11) % 256 for i in range(size)))
                else:
                    os.remove(path)
                code, err = self.start_fails(broken)
                self.assertEqual(code, 2, "%s: exit %d\n%s" % (name, code, err))
                self.assertRegex(err, r"praxis-searchd: (cannot open|cannot read|the index cannot be read)", name)
                self.assertNotIn("terminate called", err)
                self.assertLess(len(err.splitlines()), 5, err)
                print("%s: exit 2, %s" % (name, err.strip().splitlines()[-1][:160]))


def main():
    global ARGS, it
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indexer", required=True)
    parser.add_argument("--searchd", required=True)
    parser.add_argument("--mirror", required=True)
    parser.add_argument("--root", required=True, help="the repository's root folder")
    ARGS, rest = parser.parse_known_args()
    sys.path.insert(0, os.path.join(ARGS.root, "tests", "integration"))
    import searchd_test  # noqa: E402 - the integration tests' helpers
    it = searchd_test
    it.ARGS = ARGS
    unittest.main(argv=[sys.argv[0], "-v", *rest])


if __name__ == "__main__":
    main()
