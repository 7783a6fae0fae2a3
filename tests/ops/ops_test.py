#!/usr/bin/env python3
"""Operations tests: the deployment files in tools/deploy/ and the scale-out
set-ups of docs/operations.md, run for real on 127.0.0.1.

    ops_test.py --indexer BIN --searchd BIN --root REPO SUITE [-k NAME]

SUITE is one of:
  systemd      systemd-analyze verify on every unit of tools/deploy/
  nginx        Debian's nginx with tools/deploy/nginx-praxis.conf (TLS, gzip,
               asset caching, keep-alive, rate limit) in front of praxis-searchd
  replication  a primary and two read replicas by Xapian replication: the lag
               of an edit, a replica killed mid-transfer, a full copy switched in
  shards       one corpus as one index and as two shards searched as one
  shards-remote  the same with one shard behind xapian-tcpsrv
  backup       a live index snapshotted with xapian-compact, served, restored;
               an indexer run on a full disk (-k full_disk)

Exit status: 0 passed, 1 failed, 77 skipped (a program or tool is missing).
Every process started is a child of this one, killed at the end (and by the
kernel if this process dies: PR_SET_PDEATHSIG). Only 127.0.0.1, temporary
folders, bounded waits. Standard library only.
"""
import argparse
import atexit
import ctypes
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

ARGS = None  # set in main()
SKIP = 77


# ---------------------------------------------------------------------------
# Processes

_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # Runs in the child between fork and exec: SIGKILL when this test dies.
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PROCS = []


class Proc:
    """A child process; stdout+stderr are collected in .log by a thread."""

    def __init__(self, cmd, env=None, name=None, on_line=None, new_session=False):
        assert threading.current_thread() is threading.main_thread(), "start processes from the main thread"
        self.cmd = [str(c) for c in cmd]
        self.name = name or os.path.basename(self.cmd[0])
        self.log = []
        self._on_line = on_line
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, env=env, preexec_fn=_die_with_parent,
                                     start_new_session=new_session)
        _PROCS.append(self)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.log.append(line)
            if self._on_line:
                self._on_line(line)
        if self._on_line:
            self._on_line(None)

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def wait(self, timeout):
        return self.proc.wait(timeout)

    def kill(self, sig=signal.SIGKILL):
        if self.alive():
            self.proc.send_signal(sig)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._reader.join(timeout=5)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.alive():
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        return self.proc.returncode

    def tail(self, n=30):
        return "\n".join(self.log[-n:])


def _cleanup():
    for p in reversed(_PROCS):
        try:
            p.kill()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


atexit.register(_cleanup)


def _on_signal(signum, _frame):
    _cleanup()
    sys.exit(128 + signum)


def run(cmd, timeout=300, env=None, check=True):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, env=env,
                       stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    if check and r.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s%s" % (" ".join(map(str, cmd)), r.returncode, r.stdout, r.stderr))
    return r


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(pred, timeout, what, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, what))
        time.sleep(interval)


def tool(name):
    """Path of a Debian tool, or skip the test."""
    for d in (None, "/usr/sbin", "/usr/bin", "/sbin"):
        path = shutil.which(name) if d is None else os.path.join(d, name)
        if path and os.access(path, os.X_OK):
            return path
    raise unittest.SkipTest("%s is not installed" % name)


def need_binaries(*which):
    for w in which:
        path = getattr(ARGS, w)
        if not path or not os.access(path, os.X_OK):
            raise unittest.SkipTest("praxis-%s not built (%s)" % (w, path))


# ---------------------------------------------------------------------------
# Praxis

def taxonomy():
    return os.path.join(ARGS.root, "content", "taxonomy.yaml")


def index(contents, index_dir, changesets=True, extra=()):
    """praxis-indexer build; contents: a folder or a list of folders. With
    changesets, XAPIAN_MAX_CHANGESETS=10 (what replication needs)."""
    if isinstance(contents, str):
        contents = [contents]
    env = dict(os.environ)
    if changesets:
        env["XAPIAN_MAX_CHANGESETS"] = "10"
    else:
        env.pop("XAPIAN_MAX_CHANGESETS", None)
    cmd = [ARGS.indexer, "build", "--index", index_dir, "--taxonomy", taxonomy(),
           "--synonyms", os.path.join(ARGS.root, "content", "synonyms.yaml"), "--quiet", *extra]
    for c in contents:
        cmd += ["--content", c]
    return run(cmd, timeout=600, env=env)


def copy_fixtures(dest):
    """The search fixtures (or content/ when they are missing) into dest."""
    src = os.path.join(ARGS.root, "tests", "fixtures", "search")
    if not os.path.isdir(os.path.join(src, "cases")):
        src = os.path.join(ARGS.root, "content")
    shutil.copytree(src, dest)
    return dest


def gen_corpus(dest, docs, seed=1):
    run([sys.executable, os.path.join(ARGS.root, "tools", "gen-corpus"), "--docs", docs, "--seed", seed,
         "--out", dest], timeout=600)
    return dest


def case_files(content):
    out = []
    for d, _, files in os.walk(os.path.join(content, "cases")):
        out += [os.path.join(d, f) for f in files if f.endswith(".md")]
    return sorted(out)


def front_matter_value(path, key):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    front = text.split("---\n", 2)[1] if text.startswith("---\n") else text
    m = re.search(r"^%s:\s*(.*)$" % re.escape(key), front, re.M)
    return m.group(1).strip().strip('"') if m else None


def append_to_body(path, words):
    """Add a paragraph to the body of a case (after the front matter)."""
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n%s\n" % words)


def set_title_word(path, word):
    """Put `word` in front of the title of a case."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r"^title: (\"?)", lambda m: "title: %s%s " % (m.group(1), word), text, count=1, flags=re.M)
    assert n == 1, path
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class Searchd(Proc):
    """praxis-searchd on 127.0.0.1:<free port>, ready (/healthz 200)."""

    def __init__(self, indexes, content=None, theme=None, extra=(), wait=True):
        if isinstance(indexes, str):
            indexes = [indexes]
        cmd = [ARGS.searchd]
        for i in indexes:
            cmd += ["--index", i]
        cmd += ["--listen", "127.0.0.1:0", "--taxonomy", taxonomy(), "--threads", "8",
                "--keep-alive-timeout", "5", "--no-access-log", *extra]
        if content:
            cmd += ["--content", content]
        if theme:
            cmd += ["--theme", theme]
        self.port = None
        self._port_seen = threading.Event()
        super().__init__(cmd, name="praxis-searchd", on_line=self._line)
        if wait:
            self.wait_ready()

    def _line(self, line):
        if line is None:
            self._port_seen.set()
            return
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            self.port = int(m.group(1))
            self._port_seen.set()

    def wait_ready(self, timeout=30):
        if not self._port_seen.wait(timeout) or self.port is None:
            self.kill()
            raise AssertionError("praxis-searchd did not start:\n" + self.tail())
        wait_until(lambda: self._healthy(), timeout, "praxis-searchd /healthz")

    def _healthy(self):
        try:
            return self.get("/healthz")[0] == 200
        except OSError:
            return False

    def get(self, path, params=None, headers=None, timeout=30):
        return http_get("127.0.0.1", self.port, path, params, headers, timeout)

    def json(self, path, params=None):
        status, headers, body = self.get(path, params)
        if status != 200:
            raise AssertionError("%s %s: HTTP %d: %s" % (path, params, status, body[:300]))
        return json.loads(body)

    def search(self, **params):
        params.setdefault("per_page", 100)
        return self.json("/api/search", params)

    def total(self, q="", **params):
        return self.search(q=q, facets="false", **params)["total"]

    def revision(self):
        return self.json("/healthz").get("revision")


def header_dict(response):
    """Response headers by lower-case name; repeated ones joined by ", "."""
    out = {}
    for k, v in response.getheaders():
        k = k.lower()
        out[k] = out[k] + ", " + v if k in out else v
    return out


def http_get(host, port, path, params=None, headers=None, timeout=30, conn=None):
    target = path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    own = conn is None
    conn = conn or http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", target, headers=headers or {})
        r = conn.getresponse()
        return r.status, header_dict(r), r.read()
    finally:
        if own:
            conn.close()


class Poller:
    """A thread that queries a searchd again and again and records every
    answer: (HTTP status, total of a browse, total of a word query)."""

    def __init__(self, server, word):
        self.server, self.word = server, word
        self.answers = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                status, _, body = self.server.get("/api/search", {"q": self.word, "facets": "false",
                                                                  "per_page": 1}, timeout=10)
                word_total = json.loads(body)["total"] if status == 200 else None
                status2, _, body2 = self.server.get("/api/search", {"per_page": 1, "facets": "false"},
                                                    timeout=10)
                browse_total = json.loads(body2)["total"] if status2 == 200 else None
                self.answers.append((max(status, status2), browse_total, word_total))
            except (OSError, ValueError) as e:
                self.answers.append(("error: %s" % e, None, None))
            time.sleep(0.01)

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=30)
        return self.answers


# ---------------------------------------------------------------------------
# 1. systemd units

DEPLOY = None  # tools/deploy, set in main()


class SystemdTest(unittest.TestCase):
    UNITS = ["praxis-searchd.service", "praxis-indexer.service", "praxis-indexer.path", "praxis-indexer.timer",
             "praxis-mirror-pull.service", "praxis-mirror-pull.timer", "praxis-replicate.service",
             "praxis-replicate-server.service"]

    @classmethod
    def setUpClass(cls):
        cls.analyze = tool("systemd-analyze")
        cls.tmp = tempfile.mkdtemp(prefix="praxis-ops-systemd-")
        # verify insists that ExecStart binaries exist: point the Praxis ones
        # (not installed here) at an executable that does.
        for name in cls.UNITS:
            with open(os.path.join(DEPLOY, name), encoding="utf-8") as f:
                text = f.read()
            text = re.sub(r"/usr/local/bin/praxis-[a-z]+", "/bin/true", text)
            with open(os.path.join(cls.tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        probe = os.path.join(cls.tmp, "praxis-probe.service")
        with open(probe, "w", encoding="utf-8") as f:
            f.write("[Service]\nType=oneshot\nExecStart=/bin/true\n")
        r = subprocess.run([cls.analyze, "verify", probe], capture_output=True, text=True, timeout=60,
                           preexec_fn=_die_with_parent)
        os.unlink(probe)
        if r.returncode != 0:
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise unittest.SkipTest("systemd-analyze verify cannot run here: " + (r.stderr or r.stdout).strip())

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def verify(self, name):
        r = subprocess.run([self.analyze, "verify", os.path.join(self.tmp, name)], capture_output=True, text=True,
                           timeout=120, cwd=self.tmp, preexec_fn=_die_with_parent)
        # Unknown keys and bad values are warnings with exit status 0: any
        # output about our units is a failure.
        ours = [l for l in (r.stdout + r.stderr).splitlines() if "praxis" in l]
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(ours, [], "\n".join(ours))

    def test_every_unit_verifies(self):
        for name in self.UNITS:
            with self.subTest(unit=name):
                self.verify(name)

    def test_units_are_sandboxed(self):
        for name in self.UNITS:
            if not name.endswith(".service"):
                continue
            with open(os.path.join(DEPLOY, name), encoding="utf-8") as f:
                text = f.read()
            with self.subTest(unit=name):
                for line in ("User=praxis", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                             "PrivateTmp=yes", "CapabilityBoundingSet=\n", "SystemCallFilter=@system-service"):
                    self.assertIn(line, text)
                self.assertRegex(text, r"RestrictAddressFamilies=AF_")

    def test_security_exposure(self):
        # systemd's own score of the sandbox (0 = locked down, 10 = none):
        # keep every service "OK" or better (below 2.0).
        for name in self.UNITS:
            if not name.endswith(".service"):
                continue
            r = subprocess.run([self.analyze, "security", "--offline=yes", "--no-pager", name], capture_output=True,
                               text=True, timeout=120, cwd=self.tmp, preexec_fn=_die_with_parent)
            m = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", r.stdout)
            if not m:
                self.skipTest("systemd-analyze security --offline is not supported here")
            print("%s: exposure %s" % (name, m.group(1)))
            with self.subTest(unit=name):
                self.assertLess(float(m.group(1)), 2.0, r.stdout[-3000:])


# ---------------------------------------------------------------------------
# 2. nginx in front of searchd

def proc_net_tcp_peers(port):
    """Distinct ephemeral ports of the TCP sockets connected to `port` on
    127.0.0.1 (any state, either end), from /proc/net/tcp."""
    peers = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    local, remote = parts[1], parts[2]
                    lport, rport = int(local.split(":")[1], 16), int(remote.split(":")[1], 16)
                    if rport == port:
                        peers.add(lport)
                    elif lport == port and rport != 0:
                        peers.add(rport)
        except OSError:
            pass
    return peers


class NginxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        need_binaries("indexer", "searchd")
        cls.nginx = tool("nginx")
        cls.openssl = tool("openssl")
        cls.tmp = tempfile.mkdtemp(prefix="praxis-ops-nginx-")
        os.chmod(cls.tmp, 0o755)  # nginx workers may run as another user
        cls.searchd = None
        cls.proc = None
        try:
            cls._start()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def _start(cls):
        tmp = cls.tmp
        cls.content = copy_fixtures(os.path.join(tmp, "content"))
        cls.index_dir = os.path.join(tmp, "index")
        index(cls.content, cls.index_dir, changesets=False)
        cls.searchd = Searchd(cls.index_dir, content=cls.content,
                              theme=os.path.join(ARGS.root, "themes", "default"))
        # A self-signed pair for localhost / 127.0.0.1.
        cls.cert, cls.key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        run([cls.openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", cls.key, "-out", cls.cert])
        os.chmod(cls.key, 0o644)
        cls.https_port, cls.http_port = free_port(), free_port()
        with open(os.path.join(DEPLOY, "nginx-praxis.conf"), encoding="utf-8") as f:
            conf = f.read()
        # The deployed file with this machine's ports and paths: each
        # rewrite must apply, so that the test breaks if the file drifts.
        rewrites = [
            (r"^\s*listen \[::\]:\d+.*;\n", ""),
            (r"listen 80;", "listen 127.0.0.1:%d;" % cls.http_port),
            (r"listen 443 ssl http2;", "listen 127.0.0.1:%d ssl http2;" % cls.https_port),
            (r"server 127\.0\.0\.1:8080", "server 127.0.0.1:%d" % cls.searchd.port),
            (r"/etc/ssl/praxis/fullchain\.pem", cls.cert),
            (r"/etc/ssl/praxis/privkey\.pem", cls.key),
            (r"/var/cache/nginx/praxis", os.path.join(tmp, "cache")),
            (r"/var/www/letsencrypt", os.path.join(tmp, "acme")),
        ]
        for pattern, repl in rewrites:
            conf, n = re.subn(pattern, repl, conf, flags=re.M)
            assert n >= 1, "nginx-praxis.conf no longer has %r" % pattern
        with open(os.path.join(tmp, "praxis.conf"), "w", encoding="utf-8") as f:
            f.write(conf)
        mime = "include /etc/nginx/mime.types;" if os.path.exists("/etc/nginx/mime.types") else ""
        user = "user root;" if os.geteuid() == 0 else ""
        main_conf = """%(user)s
daemon off;
worker_processes 1;
pid %(tmp)s/nginx.pid;
error_log %(tmp)s/error.log info;
events { worker_connections 256; }
http {
    %(mime)s
    default_type application/octet-stream;
    access_log %(tmp)s/access.log;
    client_body_temp_path %(tmp)s/client_body;
    proxy_temp_path %(tmp)s/proxy;
    fastcgi_temp_path %(tmp)s/fastcgi;
    uwsgi_temp_path %(tmp)s/uwsgi;
    scgi_temp_path %(tmp)s/scgi;
    include %(tmp)s/praxis.conf;
}
""" % {"tmp": tmp, "mime": mime, "user": user}
        cls.conf = os.path.join(tmp, "nginx.conf")
        with open(cls.conf, "w", encoding="utf-8") as f:
            f.write(main_conf)
        base = [cls.nginx, "-p", tmp, "-c", cls.conf, "-e", os.path.join(tmp, "error.log")]
        r = run(base + ["-t"], timeout=60, check=False)
        assert r.returncode == 0, "nginx -t rejects the configuration:\n" + r.stdout + r.stderr
        cls.proc = Proc(base, name="nginx")
        cls.ctx = ssl.create_default_context(cafile=cls.cert)  # real verification against our pair

        def tls_ready():
            if not cls.proc.alive():
                raise AssertionError("nginx exited:\n" + cls.proc.tail() + cls.error_log())
            try:
                with socket.create_connection(("127.0.0.1", cls.https_port), timeout=2) as s:
                    with cls.ctx.wrap_socket(s, server_hostname="localhost"):
                        return True
            except OSError:
                return False
        wait_until(tls_ready, 20, "nginx to accept TLS")

    @classmethod
    def error_log(cls):
        try:
            with open(os.path.join(cls.tmp, "error.log"), encoding="utf-8", errors="replace") as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.proc:
                cls.proc.stop(signal.SIGQUIT, timeout=10)  # graceful shutdown
            if cls.searchd:
                cls.searchd.stop()
        finally:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def connection(self):
        return http.client.HTTPSConnection("localhost", self.https_port, context=self.ctx, timeout=30)

    def get(self, path, params=None, headers=None, conn=None):
        target = path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
        own = conn is None
        conn = conn or self.connection()
        try:
            conn.request("GET", target, headers=headers or {})
            r = conn.getresponse()
            return r.status, header_dict(r), r.read()
        finally:
            if own:
                conn.close()

    def a_case(self):
        for path in case_files(self.content):
            if front_matter_value(path, "draft") != "true":
                return front_matter_value(path, "id"), front_matter_value(path, "title")
        raise AssertionError("no public case in the fixtures")

    def test_1_search_over_https(self):
        status, headers, body = self.get("/api/search", {"q": "transparency"})
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(headers["content-type"].startswith("application/json"), headers)
        through = json.loads(body)
        direct = self.searchd.json("/api/search", {"q": "transparency"})
        self.assertGreater(through["total"], 0)
        self.assertEqual(through, direct)
        self.assertIn("max-age=", headers.get("strict-transport-security", ""))
        # searchd's own headers pass through.
        self.assertEqual(headers.get("x-content-type-options"), "nosniff")

    def test_2_case_page_and_api_case(self):
        case_id, title = self.a_case()
        status, headers, body = self.get("/case/" + case_id)
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(headers["content-type"].startswith("text/html"), headers)
        self.assertIn(title.encode("utf-8")[:20], body)
        self.assertIn("content-security-policy", headers)
        self.assertEqual(headers.get("x-frame-options"), "DENY")
        status, _, body = self.get("/api/case/" + case_id)
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["id"], case_id)

    def test_3_static_assets_cached_long(self):
        status, _, body = self.get("/")
        self.assertEqual(status, 200)
        links = sorted(set(re.findall(rb'/static/[A-Za-z0-9_.-]+\?v=[0-9a-f]+', body)))
        self.assertTrue(links, "the home page links no versioned /static/ asset")
        css = next((l.decode() for l in links if b".css" in l), links[0].decode())
        status, headers, body = self.get(css, headers={"Accept-Encoding": "identity"})
        self.assertEqual(status, 200)
        cc = headers.get("cache-control", "")
        self.assertIn("max-age=31536000", cc)
        self.assertIn("immutable", cc)
        self.assertIn("etag", headers)
        # nginx keeps a copy: the second request is served from its cache.
        status, headers, _ = self.get(css)
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("x-cache-status"), "HIT", headers)
        # An unversioned URL must be revalidated, never cached for a year.
        status, headers, _ = self.get(css.split("?")[0])
        self.assertEqual(status, 200)
        self.assertNotIn("max-age=31536000", headers.get("cache-control", ""))

    def test_4_gzip(self):
        for path, params in (("/api/search", {"q": ""}), ("/", None)):
            status, headers, body = self.get(path, params, headers={"Accept-Encoding": "gzip"})
            self.assertEqual(status, 200)
            self.assertEqual(headers.get("content-encoding"), "gzip", (path, headers))
            self.assertIn("Accept-Encoding", headers.get("vary", ""))
            plain = gzip.decompress(body)
            if path.startswith("/api/"):
                self.assertIn("hits", json.loads(plain))
        status, headers, body = self.get("/", headers={"Accept-Encoding": "gzip"})
        css = re.search(rb'/static/[A-Za-z0-9_.-]+\.css\?v=[0-9a-f]+', gzip.decompress(body))
        if css:
            status, headers, body = self.get(css.group(0).decode(), headers={"Accept-Encoding": "gzip"})
            self.assertEqual(headers.get("content-encoding"), "gzip", headers)

    def test_5_keep_alive_both_sides(self):
        before = proc_net_tcp_peers(self.searchd.port)
        conn = self.connection()
        try:
            self.get("/healthz", conn=conn)
            sock = conn.sock
            for _ in range(15):
                status, _, _ = self.get("/healthz", conn=conn)
                self.assertEqual(status, 200)
                self.assertIs(conn.sock, sock, "nginx closed the client connection")
            for _ in range(5):
                self.get("/api/search", {"q": "open data", "facets": "false"}, conn=conn)
                self.assertIs(conn.sock, sock, "nginx closed the client connection")
        finally:
            conn.close()
        new = proc_net_tcp_peers(self.searchd.port) - before
        # 21 requests through nginx: one (or very few) upstream connections,
        # not one each.
        self.assertLessEqual(len(new), 3, "nginx opened %d connections to searchd" % len(new))

    def test_6_http2_redirect_metrics(self):
        with socket.create_connection(("127.0.0.1", self.https_port), timeout=10) as s:
            ctx = ssl.create_default_context(cafile=self.cert)
            ctx.set_alpn_protocols(["h2", "http/1.1"])
            with ctx.wrap_socket(s, server_hostname="localhost") as t:
                self.assertEqual(t.selected_alpn_protocol(), "h2")
        status, headers, _ = http_get("127.0.0.1", self.http_port, "/search", {"q": "x"})
        self.assertEqual(status, 301)
        self.assertTrue(headers["location"].startswith("https://"), headers)
        status, _, _ = self.get("/metrics")
        self.assertEqual(status, 404, "/metrics must not be public")

    def test_9_rate_limit_429(self):
        time.sleep(2.5)  # let the bucket refill after the other tests
        conn = self.connection()
        statuses, limited = [], None
        try:
            for i in range(80):
                status, headers, body = self.get("/api/search", {"q": "budget %d" % i, "facets": "false"},
                                                 conn=conn)
                statuses.append(status)
                if status == 429 and limited is None:
                    limited = (headers, body)
        finally:
            conn.close()
        print("rate limit: %d x 200, %d x 429 out of %d back-to-back requests"
              % (statuses.count(200), statuses.count(429), len(statuses)))
        self.assertEqual(statuses[0], 200)
        self.assertIn(429, statuses)
        self.assertEqual(set(statuses), {200, 429})
        headers, body = limited
        self.assertTrue(headers["content-type"].startswith("application/json"), headers)
        self.assertEqual(json.loads(body)["error"]["status"], 429)
        self.assertEqual(headers.get("retry-after"), "1")
        # The bucket refills: a second later the API answers again.
        def answers():
            return self.get("/api/search", {"q": "budget", "facets": "false"})[0] == 200
        wait_until(answers, 10, "the rate limit to let requests through again", interval=0.5)


# ---------------------------------------------------------------------------
# 3. Read replicas by Xapian replication

class ThrottledProxy:
    """A TCP relay 127.0.0.1:port -> 127.0.0.1:target that forwards the
    server's bytes at `rate` bytes/s, so that a transfer can be killed half-way
    on purpose. .forwarded counts the bytes sent to the client."""

    def __init__(self, target_port, rate):
        self.target_port, self.rate = target_port, rate
        self.forwarded = 0
        self._closed = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    def _accept(self):
        while not self._closed.is_set():
            try:
                client, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
            for src, dst, throttle in ((client, upstream, False), (upstream, client, True)):
                t = threading.Thread(target=self._pump, args=(src, dst, throttle), daemon=True)
                t.start()
                self._threads.append(t)

    def _pump(self, src, dst, throttle):
        start = time.monotonic()
        sent = 0
        try:
            while not self._closed.is_set():
                data = src.recv(16384)
                if not data:
                    break
                dst.sendall(data)
                if throttle:
                    sent += len(data)
                    self.forwarded += len(data)
                    ahead = sent / self.rate - (time.monotonic() - start)
                    if ahead > 0:
                        time.sleep(ahead)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self._closed.set()
        self.sock.close()
        for t in self._threads:
            t.join(timeout=5)


def live_dir(replica):
    """The live copy a replica's stub file points at."""
    with open(os.path.join(replica, "XAPIANDB"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("auto "):
                return os.path.join(replica, line.split(None, 1)[1].strip())
    raise AssertionError("no 'auto' line in %s/XAPIANDB" % replica)


def dir_size(path, suffix=""):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs if f.endswith(suffix))


class ReplicationTest(unittest.TestCase):
    """Primary (prim/index, prim/big) served by xapian-replicate-server;
    replicas A and B follow prim/index with `xapian-replicate -i 1`, replica C
    copies prim/big one run at a time."""

    @classmethod
    def setUpClass(cls):
        need_binaries("indexer", "searchd")
        cls.replicate = tool("xapian-replicate")
        cls.replicate_server = tool("xapian-replicate-server")
        cls.check = tool("xapian-check")
        cls.tmp = tempfile.mkdtemp(prefix="praxis-ops-replication-")
        cls.started = []
        try:
            cls.prim = os.path.join(cls.tmp, "prim")
            os.mkdir(cls.prim)
            cls.content = copy_fixtures(os.path.join(cls.tmp, "content"))
            index(cls.content, os.path.join(cls.prim, "index"))
            cls.server = cls._start_replicate_server()
            cls.primary = cls._keep(Searchd(os.path.join(cls.prim, "index")))
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def _keep(cls, proc):
        cls.started.append(proc)
        return proc

    @classmethod
    def _start_replicate_server(cls):
        for _ in range(5):
            cls.port = free_port()
            p = Proc([cls.replicate_server, "-I", "127.0.0.1", "-p", cls.port, cls.prim], name="replicate-server",
                     new_session=True)  # on SIGTERM it signals its whole process group

            def listening():
                if not p.alive():
                    return "exited"
                try:
                    socket.create_connection(("127.0.0.1", cls.port), timeout=1).close()
                    return "up"
                except OSError:
                    return None
            if wait_until(listening, 10, "xapian-replicate-server to listen") == "up":
                return cls._keep(p)
            p.kill()
        raise AssertionError("xapian-replicate-server did not start:\n" + p.tail())

    @classmethod
    def tearDownClass(cls):
        try:
            for p in reversed(cls.started):
                p.stop()
        finally:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def replicate_once(self, db, dest, extra=(), port=None, timeout=300):
        return run([self.replicate, "-h", "127.0.0.1", "-p", port or self.port, "-m", db, "-o", "-r", "0", *extra,
                    dest], timeout=timeout)

    def test_1_two_replicas_follow_edits(self):
        reps = []
        for name in ("rep_a", "rep_b"):
            dest = os.path.join(self.tmp, name)
            loop = self._keep(Proc([self.replicate, "-h", "127.0.0.1", "-p", self.port, "-m", "index", "-i", "1",
                                    "-r", "1", dest], name="xapian-replicate " + name))
            wait_until(lambda: os.path.exists(os.path.join(dest, "XAPIANDB")) or not loop.alive(), 60,
                       "the first copy into " + name)
            self.assertTrue(loop.alive(), loop.tail())
            reps.append(self._keep(Searchd(dest)))
        expected = self.primary.total()
        for r in reps:
            self.assertEqual(r.total(), expected)
            self.assertEqual(r.revision(), self.primary.revision())
        pollers = [Poller(r, "quokkaword0") for r in reps]

        lags, end_to_end = [], []
        public = [p for p in case_files(self.content) if front_matter_value(p, "draft") != "true"]
        for n in range(5):
            word = "quokkaword%d" % n
            started = time.monotonic()
            set_title_word(public[n % len(public)], word)
            index(self.content, os.path.join(self.prim, "index"))
            committed = time.monotonic()
            # searchd checks for a new revision at most every 100 ms per
            # reader: the primary's own answer may lag the commit that much.
            wait_until(lambda: self.primary.total(word) == 1, 2, "%s on the primary" % word, interval=0.02)
            seen = []
            for r in reps:
                wait_until(lambda: r.total(word) == 1, 30, "%s on a replica" % word, interval=0.02)
                seen.append(time.monotonic())
            lags.append(max(seen) - committed)
            end_to_end.append(max(seen) - started)
        answers = [a for p in pollers for a in p.stop()]
        print("replication lag, commit on the primary -> found through both replicas' /api/search: "
              "%s s (median %.2f s, max %.2f s); edit -> found: median %.2f s"
              % (", ".join("%.2f" % l for l in lags), statistics.median(lags), max(lags),
                 statistics.median(end_to_end)))
        self.assertLess(max(lags), 10.0, "replicas lag behind by more than a few seconds")
        for r in reps:
            self.assertEqual(r.revision(), self.primary.revision())
        bad = [a for a in answers if a[0] != 200 or a[1] != expected or a[2] not in (0, 1)]
        self.assertEqual(bad, [], "replicas answered wrongly while changesets were applied")
        print("replica searchds answered %d polls during the edits, all 200 and consistent" % len(answers))

    def _big_primary(self):
        """prim/big: 2,000 generated cases; replica C with a searchd on it."""
        if getattr(type(self), "big", None):
            return
        cls = type(self)
        cls.big_content = gen_corpus(os.path.join(self.tmp, "big-content"), 2000)
        cls.big = os.path.join(self.prim, "big")
        index(cls.big_content, cls.big)
        cls.rep_c = os.path.join(self.tmp, "rep_c")
        self.replicate_once("big", cls.rep_c)
        cls.searchd_c = self._keep(Searchd(cls.rep_c))
        cls.big_primary = self._keep(Searchd(cls.big))
        self.assertEqual(cls.searchd_c.total(), 2000)

    def _killed_transfer(self, word, extra, expected_bytes):
        """Replicate prim/big into rep_c through a slow relay and kill
        xapian-replicate (SIGKILL) when 40% of `expected_bytes` went through."""
        rate = max(256 * 1024, expected_bytes // 4)  # about 4 s for the whole transfer
        proxy = ThrottledProxy(self.port, rate)
        try:
            p = Proc([self.replicate, "-h", "127.0.0.1", "-p", proxy.port, "-m", "big", "-o", "-r", "0", *extra,
                      self.rep_c], name="xapian-replicate rep_c")
            wait_until(lambda: proxy.forwarded >= 0.4 * expected_bytes or not p.alive(), 120,
                       "40% of the transfer")
            self.assertTrue(p.alive(), "xapian-replicate finished before it could be killed:\n" + p.tail())
            p.kill(signal.SIGKILL)
            print("killed xapian-replicate %s after %.1f of %.1f MB" % (" ".join(extra), proxy.forwarded / 1e6,
                                                                        expected_bytes / 1e6))
        finally:
            proxy.close()

    def assert_consistent(self, live):
        r = run([self.check, live], timeout=300, check=False)
        self.assertEqual(r.returncode, 0, "xapian-check %s:\n%s%s" % (live, r.stdout[-2000:], r.stderr[-2000:]))

    def test_2_replica_killed_while_a_changeset_is_applied(self):
        self._big_primary()
        word = "wombatword"
        before_rev = self.searchd_c.revision()
        changed = case_files(self.big_content)[::5]  # 400 cases
        for path in changed:
            append_to_body(path, "A %s paragraph added to the case." % word)
        index(self.big_content, self.big)
        self.assertEqual(self.big_primary.total(word), len(changed))
        changesets = sorted((os.path.getmtime(os.path.join(self.big, f)), os.path.join(self.big, f))
                            for f in os.listdir(self.big) if f.startswith("changes"))
        self.assertTrue(changesets, "the indexer wrote no changeset (XAPIAN_MAX_CHANGESETS)")
        size = os.path.getsize(changesets[-1][1])
        print("changeset for %d edited cases: %.1f MB" % (len(changed), size / 1e6))

        poller = Poller(self.searchd_c, word)
        self._killed_transfer(word, (), size)
        time.sleep(0.5)
        live = live_dir(self.rep_c)
        self.assertEqual(self.searchd_c.revision(), before_rev, "a killed transfer changed the live replica")
        self.assertEqual(self.searchd_c.total(word), 0)
        self.assert_consistent(live)
        # The next run completes the update.
        self.replicate_once("big", self.rep_c)
        wait_until(lambda: self.searchd_c.total(word) == len(changed), 10, "the update through replica C")
        self.assertEqual(self.searchd_c.revision(), self.big_primary.revision())
        answers = poller.stop()
        bad = [a for a in answers if a[0] != 200 or a[1] != 2000 or a[2] not in (0, len(changed))]
        print("replica C answered %d polls during the killed and the completed transfer, %d wrong"
              % (len(answers), len(bad)))
        self.assertEqual(bad, [], "replica C served a partial or broken index")
        self.assert_consistent(live_dir(self.rep_c))

    def test_3_replica_killed_during_a_full_copy(self):
        # A replica that fell more than XAPIAN_MAX_CHANGESETS behind gets a full
        # copy, built beside the live one and switched in through the stub
        # (forced here with -f).
        self._big_primary()
        word = "numbatword"
        changed = case_files(self.big_content)[1::7]
        for path in changed:
            append_to_body(path, "Another %s paragraph." % word)
        index(self.big_content, self.big)
        before_live, before_rev = live_dir(self.rep_c), self.searchd_c.revision()
        poller = Poller(self.searchd_c, word)
        self._killed_transfer(word, ("-f",), dir_size(self.big, ".glass"))
        time.sleep(0.5)
        self.assertEqual(live_dir(self.rep_c), before_live, "a killed full copy was switched in")
        self.assertEqual(self.searchd_c.revision(), before_rev)
        self.assert_consistent(before_live)
        self.replicate_once("big", self.rep_c, extra=("-f",))
        self.assertNotEqual(live_dir(self.rep_c), before_live)
        def serves_new_copy():
            try:
                return self.searchd_c.total(word) == len(changed)
            except AssertionError:  # judged below, from the poller's record
                return False
        wait_until(serves_new_copy, 10, "replica C's searchd to serve the new copy")
        time.sleep(0.5)
        answers = poller.stop()
        self.assertEqual(self.searchd_c.revision(), self.big_primary.revision())
        bad = [a for a in answers if a[0] != 200 or a[1] != 2000 or a[2] not in (0, len(changed))]
        print("replica C answered %d polls during the killed and the completed full copy, %d not 200 or wrong: %s"
              % (len(answers), len(bad), sorted(set(map(str, bad)))[:5]))
        self.assertEqual(bad, [], "replica C's searchd failed requests or served a wrong index "
                                  "when the full copy was switched in")


# ---------------------------------------------------------------------------
# 4. Shards

def ranked_groups(hits, key):
    """Hits as a list of (key, set of ids), consecutive hits with the same key
    together: Xapian breaks ties by docid, which differ between one index
    and shards."""
    groups = []
    for h in hits:
        k = key(h)
        if groups and groups[-1][0] == k:
            groups[-1][1].add(h["id"])
        else:
            groups.append((k, {h["id"]}))
    return groups


class ShardTest(unittest.TestCase):
    """One corpus indexed once as one index and once as two shards (its cases
    dealt alternately), searched as one:
      index    praxis-searchd --index shard1 --index shard2
      stub     --index STUB, a folder whose XAPIANDB stub file lists both
      remote   (ShardRemoteTest) the same with shard2 served by xapian-tcpsrv
    Each must answer like the single index: totals, facet counts, ranking
    (scores use statistics of the whole collection), paging, cases, related.
    Skipped while praxis-searchd takes a single --index."""

    MODES = ("index", "stub")

    QUERIES = [
        {},
        {"q": "transparency"},
        {"q": "διαφάνεια"},
        {"q": "diafaneia"},
        {"q": "open data"},
        {"q": "participatory budget"},
        {"q": "\"open data\""},
        {"q": "cycling OR recycling"},
        {"q": "platform", "sort": "year"},
        {"q": "", "country": "GR"},
        {"q": "citizens", "lang": "en"},
        {"q": "", "sector": "transparency-accountability,social-economy"},
        {"q": "municipality", "level": "municipal", "sort": "updated"},
    ]

    @classmethod
    def setUpClass(cls):
        need_binaries("indexer", "searchd")
        cls.tmp = tempfile.mkdtemp(prefix="praxis-ops-shards-")
        cls.started = []
        try:
            cls._build()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def _split(cls, content, name):
        """content as one index, and as two shards (cases dealt alternately)."""
        files = case_files(content)
        shards = []
        for s in range(2):
            d = os.path.join(cls.tmp, "%s-part%d" % (name, s + 1))
            for f in files[s::2]:
                dest = os.path.join(d, "cases", os.path.relpath(f, os.path.join(content, "cases")))
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                shutil.copy2(f, dest)
            shards.append(os.path.join(cls.tmp, "%s-shard%d" % (name, s + 1)))
            index(d, shards[-1], changesets=False)
        single = os.path.join(cls.tmp, name + "-single")
        index(content, single, changesets=False)
        return single, shards

    @classmethod
    def _stub(cls, name, lines):
        d = os.path.join(cls.tmp, name)
        os.makedirs(d)
        with open(os.path.join(d, "XAPIANDB"), "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in lines))
        return d

    @classmethod
    def _keep(cls, proc):
        cls.started.append(proc)
        return proc

    @classmethod
    def _tcpsrv(cls, db):
        tcpsrv = tool("xapian-tcpsrv")
        for _ in range(5):
            port = free_port()
            # On SIGTERM xapian-tcpsrv signals its whole process group: its own.
            p = Proc([tcpsrv, "--interface", "127.0.0.1", "--port", port, db], name="xapian-tcpsrv",
                     new_session=True)
            def listening():
                if not p.alive():
                    return "exited"
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    return "up"
                except OSError:
                    return None
            if wait_until(listening, 10, "xapian-tcpsrv to listen") == "up":
                return cls._keep(p), port
            p.kill()
        raise AssertionError("xapian-tcpsrv did not start:\n" + p.tail())

    @classmethod
    def _build(cls):
        cls.sets = {}  # corpus name -> (single server, {mode: server}, content)
        fixtures = copy_fixtures(os.path.join(cls.tmp, "fixtures"))
        single, shards = cls._split(fixtures, "fixtures")
        # Does this praxis-searchd take several --index? Ask before building more.
        two = Searchd(shards, wait=False)
        if not two._port_seen.wait(30) or two.port is None:
            two.kill()
            log = two.tail(5)
            if "--index" in log and two.proc.returncode == 2:
                raise unittest.SkipTest("praxis-searchd does not accept several --index yet (%s)"
                                        % log.splitlines()[0])
            raise AssertionError("praxis-searchd with two shards did not start:\n" + log)
        cls._keep(two).wait_ready()
        todo = [("fixtures", fixtures, single, shards, two)]
        generated = gen_corpus(os.path.join(cls.tmp, "generated"), 600, seed=7)
        todo.append(("generated", generated) + cls._split(generated, "generated") + (None,))
        for name, content, single, shards, two in todo:
            modes = {}
            if "index" in cls.MODES:
                modes["index"] = two or cls._keep(Searchd(shards))
            elif two:
                two.stop()
            if "stub" in cls.MODES:
                modes["stub"] = cls._keep(Searchd(cls._stub(name + "-stub", ["auto " + s for s in shards])))
            if "remote" in cls.MODES:
                _, port = cls._tcpsrv(shards[1])
                stub = cls._stub(name + "-remote", ["auto " + shards[0], "remote 127.0.0.1:%d" % port])
                modes["remote"] = cls._keep(Searchd(stub))
            cls.sets[name] = (cls._keep(Searchd(single)), modes, content)

    @classmethod
    def tearDownClass(cls):
        try:
            for p in reversed(cls.started):
                p.stop()
        finally:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def each(self):
        return [(name, mode, one, server, content)
                for name, (one, modes, content) in self.sets.items() for mode, server in modes.items()]

    def compare(self, one, two, params):
        a = one.search(**params)
        b = two.search(**params)
        label = "%s" % params
        self.assertEqual(a["total"], b["total"], label)
        self.assertEqual(a["facets"], b["facets"], label)
        sort = a.get("sort")
        key = (lambda h: h.get("score")) if sort == "relevance" else (lambda h: (h.get("updated"), h.get("year")))
        ga, gb = ranked_groups(a["hits"], key), ranked_groups(b["hits"], key)
        self.assertEqual([k for k, _ in ga], [k for k, _ in gb], label)
        # The last group may be cut by per_page differently: compare its size.
        self.assertEqual(ga[:-1], gb[:-1], label)
        if ga:
            self.assertEqual(len(ga[-1][1]), len(gb[-1][1]), label)
        return a

    def test_documents(self):
        for name, mode, one, server, _ in self.each():
            with self.subTest(corpus=name, mode=mode):
                self.assertEqual(one.json("/healthz")["documents"], server.json("/healthz")["documents"])

    def test_totals_facets_and_top_results(self):
        report = {}
        for name, mode, one, server, _ in self.each():
            for params in self.QUERIES:
                with self.subTest(corpus=name, mode=mode, params=params):
                    a = self.compare(one, server, params)
                    report[(name, params.get("q", ""), str(params))] = a["total"]
        print("shards = single index for %d queries on %d corpora, %s; totals: %s"
              % (len(self.QUERIES), len(self.sets),
                 "/".join(sorted({m for _, (_, ms, _) in self.sets.items() for m in ms})),
                 ", ".join("%s %r: %d" % (k[0], k[1], v) for k, v in report.items())))

    def test_paging(self):
        one, modes, _ = self.sets["generated"]
        full = one.search(q="citizens", per_page=40)["hits"]
        for mode, server in modes.items():
            with self.subTest(mode=mode):
                paged = []
                for page in range(1, 5):
                    paged += server.search(q="citizens", per_page=10, page=page)["hits"]
                self.assertEqual([h["score"] for h in paged], [h["score"] for h in full])
                self.assertEqual(ranked_groups(paged, lambda h: h["score"])[:-1],
                                 ranked_groups(full, lambda h: h["score"])[:-1])

    def test_case_and_related(self):
        for name, mode, one, server, content in self.each():
            ids = [front_matter_value(p, "id") for p in case_files(content)
                   if front_matter_value(p, "draft") != "true"][:5]
            for case_id in ids:
                with self.subTest(corpus=name, mode=mode, case=case_id):
                    self.assertEqual(one.json("/api/case/" + case_id), server.json("/api/case/" + case_id))
                    a = one.json("/api/case/%s/related" % case_id)["related"]
                    b = server.json("/api/case/%s/related" % case_id)["related"]
                    self.assertEqual(len(a), len(b))
                    key = lambda h: h.get("score")  # noqa: E731
                    self.assertEqual(ranked_groups(a, key)[:-1], ranked_groups(b, key)[:-1])


    def test_zz_revision_follows_every_shard(self):
        # Last (it edits a shard): /healthz and /api/facets report a revision
        # (the sum of the shards'), which moves with a commit to any local
        # shard; /healthz lists the shards, a remote one with its last build.
        for name, (_, modes, _) in self.sets.items():
            before, before_built = {}, {}
            for mode, server in modes.items():
                with self.subTest(corpus=name, mode=mode):
                    before[mode] = server.revision()
                    before_built[mode] = max(p["last_build"] or 0 for p in server.json("/healthz")["shards"])
                    self.assertGreater(before[mode], 0)
                    self.assertEqual(server.json("/api/facets")["revision"], before[mode])
            part = os.path.join(self.tmp, "%s-part2" % name)
            append_to_body(case_files(part)[0], "A paragraph for the revision test.")
            index(part, os.path.join(self.tmp, "%s-shard2" % name), changesets=False)
            for mode, server in modes.items():
                with self.subTest(corpus=name, mode=mode):
                    if mode == "remote":
                        # Xapian's remote protocol carries no revision: the
                        # remote shard's last build time (and documents) show it.
                        def remote_part():
                            return [p for p in server.json("/healthz")["shards"] if p["index"].startswith("remote ")]
                        self.assertEqual(len(remote_part()), 1)
                        self.assertIsNone(remote_part()[0]["revision"])
                        self.assertGreater(remote_part()[0]["documents"], 0)
                        built = before_built[mode]
                        wait_until(lambda: remote_part()[0]["last_build"] > built, 5, "the remote last_build to move")
                    else:
                        wait_until(lambda: server.revision() > before[mode], 5, "the revision to move (%s)" % mode)
                    health = server.json("/healthz")
                    self.assertEqual(health["status"], "ok")
                    self.assertEqual(sum(p["documents"] for p in health["shards"]), health["documents"])
        print("revision through %s: moves with a commit to one shard"
              % "/".join(sorted({m for _, (_, ms, _) in self.sets.items() for m in ms})))


class ShardRemoteTest(ShardTest):
    """Shards on other machines: shard2 served by xapian-tcpsrv on 127.0.0.1
    and named by a "remote HOST:PORT" line of the stub file."""

    MODES = ("remote",)


# ---------------------------------------------------------------------------
# 5. Backups: snapshot a live index, serve it, restore it

class BackupTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        need_binaries("indexer", "searchd")
        cls.compact = tool("xapian-compact")
        cls.check = tool("xapian-check")
        cls.tmp = tempfile.mkdtemp(prefix="praxis-ops-backup-")
        cls.started = []
        try:
            cls.content = gen_corpus(os.path.join(cls.tmp, "content"), 300, seed=3)
            cls.live = os.path.join(cls.tmp, "index")
            index(cls.content, cls.live, changesets=False)
            cls.server = Searchd(cls.live)
            cls.started.append(cls.server)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            for p in reversed(cls.started):
                p.stop()
        finally:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_snapshot_of_a_live_index_serves_and_restores(self):
        poller = Poller(self.server, "citizens")  # searchd busy while the snapshot is taken
        snapshot = os.path.join(self.tmp, "snapshots", "index-1")
        os.makedirs(os.path.dirname(snapshot))
        started = time.monotonic()
        run([self.compact, self.live, snapshot], timeout=300)
        took = time.monotonic() - started
        answers = poller.stop()
        self.assertTrue(answers)
        self.assertEqual([a for a in answers if a[0] != 200], [])
        print("xapian-compact of a live %.1f MB index: %.2f s, snapshot %.1f MB; searchd answered %d polls meanwhile"
              % (dir_size(self.live) / 1e6, took, dir_size(snapshot) / 1e6, len(answers)))
        self.assertEqual(run([self.check, snapshot], check=False).returncode, 0)

        snap = Searchd(snapshot)
        self.started.append(snap)
        for params in ({}, {"q": "citizens"}, {"q": "open data", "country": "GR"}, {"q": "διαφάνεια"}):
            with self.subTest(params=params):
                a, b = self.server.search(**params), snap.search(**params)
                self.assertEqual(a["total"], b["total"])
                self.assertEqual(a["facets"], b["facets"])
                self.assertEqual([h["score"] for h in a["hits"]], [h["score"] for h in b["hits"]])
        snap.stop()

        # Restore: the snapshot becomes the index again, and an incremental run
        # of the indexer brings it up to date with content changed since.
        files = case_files(self.content)
        append_to_body(files[0], "A platypusword paragraph written after the snapshot.")
        os.unlink(files[1])
        restored = os.path.join(self.tmp, "restored")
        shutil.copytree(snapshot, restored)
        index(self.content, restored, changesets=False)
        srv = Searchd(restored)
        self.started.append(srv)
        self.assertEqual(srv.total("platypusword"), 1)
        self.assertEqual(srv.json("/healthz")["documents"], len(files) - 1)

    def test_full_disk_keeps_the_last_revision(self):
        # A disk that fills up during a run, simulated with RLIMIT_FSIZE (and
        # SIGXFSZ ignored): every write past the limit fails with EFBIG, as
        # with ENOSPC. The run must fail cleanly, the index stay at its last
        # revision, searchd keep serving it, and the next run (space freed)
        # complete.
        import resource
        idx = os.path.join(self.tmp, "full-disk-index")
        shutil.copytree(self.live, idx)
        content = os.path.join(self.tmp, "full-disk-content")
        shutil.copytree(self.content, content)
        srv = Searchd(idx)
        self.started.append(srv)
        rev, docs = srv.revision(), srv.json("/healthz")["documents"]
        changed = case_files(content)
        for path in changed:
            append_to_body(path, "A dingoword paragraph.")
        limit = max(os.path.getsize(os.path.join(idx, f)) for f in os.listdir(idx)) + 64 * 1024

        def small_disk():
            _die_with_parent()
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file if it aborts
        cmd = [ARGS.indexer, "build", "--index", idx, "--content", content, "--taxonomy", taxonomy(),
               "--synonyms", os.path.join(ARGS.root, "content", "synonyms.yaml"), "--quiet"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, preexec_fn=small_disk,
                           stdin=subprocess.DEVNULL)
        print("indexer on a full disk: exit %d: %s" % (r.returncode, (r.stderr.strip().splitlines() or [""])[-1]))
        self.assertEqual(srv.revision(), rev)
        self.assertEqual(srv.total("dingoword"), 0)
        self.assertEqual(srv.json("/healthz")["documents"], docs)
        self.assertEqual(run([self.check, idx], check=False).returncode, 0, "the index is damaged")
        # Space freed: the next run completes.
        index(content, idx, changesets=False)
        wait_until(lambda: srv.total("dingoword") == len(changed), 10, "the next run to be served")
        # Last, how it failed: a message and an exit status, not a crash.
        self.assertGreater(r.returncode, 0, "praxis-indexer was killed by signal %d instead of reporting the write "
                                            "error: %s" % (-r.returncode, r.stderr[-500:]))
        self.assertIn("praxis-indexer", r.stderr)


# ---------------------------------------------------------------------------

SUITES = {"systemd": SystemdTest, "nginx": NginxTest, "replication": ReplicationTest, "shards": ShardTest,
          "shards-remote": ShardRemoteTest, "backup": BackupTest}


def main():
    global ARGS, DEPLOY
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--indexer", default="")
    ap.add_argument("--searchd", default="")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    ap.add_argument("suite", choices=sorted(SUITES))
    ap.add_argument("-k", dest="patterns", action="append", default=[],
                    help="only the tests whose name contains this (repeatable)")
    ARGS = ap.parse_args()
    DEPLOY = os.path.join(ARGS.root, "tools", "deploy")
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    loader = unittest.TestLoader()
    if ARGS.patterns:
        loader.testNamePatterns = ["*%s*" % p for p in ARGS.patterns]
    suite = loader.loadTestsFromTestCase(SUITES[ARGS.suite])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    _cleanup()
    if not result.wasSuccessful():
        return 1
    if result.skipped and len(result.skipped) >= result.testsRun:
        for test, reason in result.skipped:
            print("SKIPPED: %s" % reason)
        return SKIP
    return 0


if __name__ == "__main__":
    sys.exit(main())
