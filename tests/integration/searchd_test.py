#!/usr/bin/env python3
"""Integration tests for praxis-searchd, with the real praxis-indexer.

Each test class indexes a copy of tests/fixtures/search into a temporary
folder, starts praxis-searchd on a free port of 127.0.0.1 (--listen
127.0.0.1:0; the port is read from its start-up line), waits for /healthz,
and stops the server at the end. Expected values (result sets, facet counts)
are computed by brute force from the fixture files' front matter.

    searchd_test.py --indexer BIN --searchd BIN --root REPO [unittest args...]

Standard library only.
"""
import argparse
import csv
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

ARGS = None  # set in main()
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FACETS = ["sector", "region", "country", "level", "outcome", "status", "evidence", "lang", "source", "year"]


# ---------------------------------------------------------------------------
# The fixture corpus, read without a YAML library (the fixtures use only
# "key: value" and "key: [a, b]" at the top level for the fields we need).

def read_front_matter(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    _, fm, _ = text.split("---\n", 2)
    meta = {}
    for line in fm.splitlines():
        if not line or line[0] in " -#":
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            meta[key] = [v.strip() for v in value[1:-1].split(",") if v.strip()]
        elif value.startswith('"') and value.endswith('"'):
            meta[key] = value[1:-1].replace('\\"', '"')
        else:
            meta[key] = value
    return meta


def facet_values(meta, facet):
    if facet in ("sector", "outcome"):
        return meta.get(facet, [])
    if facet == "country":
        return [meta["region"][:2]]
    if facet == "source":
        return ["local"]
    value = meta.get(facet, "")
    return [value] if value else []


class Corpus:
    def __init__(self, cases_dir):
        self.cases = []
        for name in sorted(os.listdir(cases_dir)):
            if name.endswith(".md"):
                self.cases.append(read_front_matter(os.path.join(cases_dir, name)))
        self.public = [c for c in self.cases if c.get("draft") != "true"]
        self.drafts = [c["id"] for c in self.cases if c.get("draft") == "true"]

    def by_id(self, case_id):
        return next(c for c in self.cases if c["id"] == case_id)

    def newest_first(self):
        # updated descending (the fixtures have no two cases updated the same day)
        return [c["id"] for c in sorted(self.public, key=lambda c: (c["updated"], int(c["year"])), reverse=True)]

    def matching(self, selected, among=None, skip=None):
        """Public cases passing every selection (facet -> values) except `skip`'s."""
        out = []
        for c in self.public:
            if among is not None and c["id"] not in among:
                continue
            ok = True
            for facet, values in selected.items():
                if facet == skip:
                    continue
                if not set(values) & set(facet_values(c, facet)):
                    ok = False
            if ok:
                out.append(c)
        return out

    def counts(self, facet, cases):
        out = {}
        for c in cases:
            for v in facet_values(c, facet):
                out[v] = out.get(v, 0) + 1
        return out


# ---------------------------------------------------------------------------
# Processes

def run_indexer(content, index, *extra):
    cmd = [ARGS.indexer, "build", "--content", content, "--index", index,
           "--taxonomy", os.path.join(ARGS.root, "content", "taxonomy.yaml"), "--quiet", *extra]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError("praxis-indexer failed (%d): %s %s" % (r.returncode, r.stdout, r.stderr))


class Server:
    """praxis-searchd on 127.0.0.1:<free port>; stderr is collected in .log."""

    def __init__(self, index, content=None, extra=(), wait=True, threads=8):
        cmd = [ARGS.searchd, "--index", index, "--listen", "127.0.0.1:0", "--threads", str(threads),
               "--taxonomy", os.path.join(ARGS.root, "content", "taxonomy.yaml"),
               "--keep-alive-timeout", "2", *extra]
        if content:
            cmd += ["--content", content]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.log = []
        self.port = None
        self._port_seen = threading.Event()
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()
        if wait:
            self.wait_ready()

    def _read_stderr(self):
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.log.append(line)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                self._port_seen.set()
        self._port_seen.set()

    def wait_ready(self, timeout=30):
        if not self._port_seen.wait(timeout) or self.port is None:
            self.kill()
            raise AssertionError("praxis-searchd did not start:\n" + "\n".join(self.log))
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                status, _, _ = self.get("/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("praxis-searchd never became healthy:\n" + "\n".join(self.log))

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method, target, conn=None):
        own = conn is None
        conn = conn or self.connection()
        try:
            conn.request(method, target)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            if own:
                conn.close()

    def get(self, path, params=None, conn=None):
        target = path
        if params:
            target += "?" + urllib.parse.urlencode(params, doseq=True)
        return self.request("GET", target, conn)

    def json(self, path, params=None, status=200):
        code, headers, body = self.get(path, params)
        if code != status:
            raise AssertionError("%s %s: expected %d, got %d: %s" % (path, params, status, code, body[:500]))
        assert headers["content-type"].startswith("application/json"), headers
        return json.loads(body)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        finally:
            self.kill()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=5)
        if not self._reader.is_alive():
            self.proc.stderr.close()


class ServerCase(unittest.TestCase):
    """A fresh index of the fixtures and a server for the whole class."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="praxis-searchd-it-")
        cls.content = os.path.join(cls.tmp, "content")
        shutil.copytree(os.path.join(ARGS.root, "tests", "fixtures", "search"), cls.content)
        cls.index = os.path.join(cls.tmp, "index")
        run_indexer(cls.content, cls.index)
        cls.corpus = Corpus(os.path.join(cls.content, "cases"))
        cls.server = Server(cls.index, cls.content)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def search(self, **params):
        params.setdefault("per_page", 100)
        return self.server.json("/api/search", params)

    def ids(self, **params):
        return [h["id"] for h in self.search(**params)["hits"]]

    def assert_bad(self, path, params, param, status=400):
        j = self.server.json(path, params, status=status)
        self.assertIn("error", j)
        self.assertEqual(j["error"].get("param"), param, j)
        self.assertEqual(j["error"]["status"], status)
        self.assertTrue(j["error"]["message"])


# ---------------------------------------------------------------------------

class ApiTest(ServerCase):
    def test_healthz(self):
        j = self.server.json("/healthz")
        self.assertEqual(j["status"], "ok")
        self.assertEqual(j["documents"], len(self.corpus.cases))

    def test_browse_is_newest_first_without_drafts(self):
        j = self.search()
        self.assertEqual(j["total"], len(self.corpus.public))
        self.assertEqual([h["id"] for h in j["hits"]], self.corpus.newest_first())
        self.assertEqual(j["sort"], "updated")
        self.assertIsNone(j["suggestion"])

    def test_paging(self):
        order = self.corpus.newest_first()
        j = self.search(page=2, per_page=5)
        self.assertEqual([h["id"] for h in j["hits"]], order[5:10])
        self.assertEqual((j["page"], j["per_page"], j["pages"]), (2, 5, (len(order) + 4) // 5))
        self.assertEqual(self.search(page=99, per_page=5)["hits"], [])

    def test_hit_shape(self):
        hit = self.search(q="cycling")["hits"][0]
        for key in ("id", "title", "summary", "snippet", "lang", "sector", "region", "country", "year",
                    "outcome", "score", "url"):
            self.assertIn(key, hit)
        self.assertEqual(hit["id"], "helsinki-cycling-network")
        self.assertEqual(hit["url"], "/case/helsinki-cycling-network")
        self.assertEqual(hit["country"], "FI")
        self.assertEqual(hit["year"], 2019)

    def test_case(self):
        j = self.server.json("/api/case/sterea-diafaneia-apofaseon")
        meta = self.corpus.by_id("sterea-diafaneia-apofaseon")
        self.assertEqual(j["title"], meta["title"])
        self.assertEqual(j["sector"], meta["sector"])
        self.assertEqual(j["region"], "GR-H")
        self.assertEqual(j["translations"], {"en": "sterea-decision-transparency"})
        self.assertEqual(j["results"][0]["value"], 12000)
        self.assertIn("<h3>Πρόβλημα</h3>", j["body_html"])
        self.assertEqual(j["labels"]["region"][0]["label"]["el"], "Στερεά Ελλάδα")
        self.assertEqual(j["sources"][0]["url"], "https://example.org/sterea/apofaseis")

    def test_case_escapes_html(self):
        j = self.server.json("/api/case/barcelona-open-contracting")
        self.assertEqual(j["title"], "Open contracting & the <public> ledger, Catalonia")
        self.assertNotIn("<script", j["body_html"])

    def test_related(self):
        j = self.server.json("/api/case/sterea-decision-transparency/related")
        ids = [h["id"] for h in j["related"]]
        self.assertTrue(0 < len(ids) <= 5, ids)
        self.assertNotIn("sterea-decision-transparency", ids)
        for d in self.corpus.drafts:
            self.assertNotIn(d, ids)

    def test_facets_endpoint_counts_the_corpus(self):
        j = self.server.json("/api/facets")
        self.assertEqual(j["documents"], len(self.corpus.public))
        for facet in FACETS:
            got = {v["value"]: v["count"] for v in j["facets"][facet]["values"] if v["count"]}
            self.assertEqual(got, self.corpus.counts(facet, self.corpus.public), facet)
            for v in j["facets"][facet]["values"]:
                self.assertIn("el", v["label"])
                self.assertIn("en", v["label"])
        self.assertEqual(len(j["facets"]["sector"]["values"]), 12)

    def test_head_and_keep_alive(self):
        conn = self.server.connection()
        try:
            for _ in range(20):
                status, headers, body = self.server.get("/healthz", conn=conn)
                self.assertEqual(status, 200)
            status, headers, body = self.server.request("HEAD", "/api/search?q=cycling", conn)
            self.assertEqual(status, 200)
            self.assertEqual(body, b"")
            status, _, _ = self.server.get("/api/search", {"q": "cycling"}, conn=conn)
            self.assertEqual(status, 200)
        finally:
            conn.close()

    def test_metrics(self):
        self.server.get("/api/search", {"q": "cycling"})
        self.server.get("/nope")
        code, headers, body = self.server.get("/metrics")
        self.assertEqual(code, 200)
        self.assertTrue(headers["content-type"].startswith("text/plain; version=0.0.4"))
        text = body.decode()
        self.assertRegex(text, r'praxis_http_requests_total\{route="/api/search",status="200"\} \d+')
        self.assertRegex(text, r'praxis_http_requests_total\{route="unmatched",status="404"\} \d+')
        self.assertRegex(text, r'praxis_http_request_duration_seconds_bucket\{route="/api/search",le="\+Inf"\} \d+')
        self.assertIn("praxis_index_documents %d\n" % len(self.corpus.cases), text)
        self.assertRegex(text, r"praxis_index_revision [1-9]\d*\n")

    def test_access_log(self):
        self.server.get("/healthz", {})
        self.server.get("/api/search", {"q": "log\nforged 200"})
        time.sleep(0.2)
        lines = [l for l in self.server.log if " GET /healthz 200 " in l]
        self.assertTrue(lines, self.server.log[-5:])
        self.assertRegex(lines[-1], r"^\d{4}-\d\d-\d\dT\S+Z 127\.0\.0\.1 GET /healthz 200 \d+\.\d{3}ms \d+B$")
        self.assertFalse([l for l in self.server.log if l.startswith("forged")])


class QueryTest(ServerCase):
    def test_accentless_greek(self):
        ids = self.ids(q="διαφανεια")
        self.assertTrue(ids, "no hits")
        self.assertEqual(ids[0], "sterea-diafaneia-apofaseon")
        self.assertEqual(self.ids(q="ΔΙΑΦΆΝΕΙΑ"), ids)

    def test_greeklish(self):
        self.assertIn("sterea-diafaneia-apofaseon", self.ids(q="diafaneia"))

    def test_english_stemming(self):
        self.assertIn("barcelona-open-contracting", self.ids(q="contracted"))
        self.assertIn("helsinki-cycling-network", self.ids(q="cycle"))

    def test_snippets_mark_matches(self):
        hit = self.search(q="cycling")["hits"][0]
        self.assertIn("<mark>", hit["snippet"])
        hit = self.search(q="διαφανεια")["hits"][0]
        self.assertIn("<mark>", hit["snippet"])

    def test_syntax(self):
        self.assertEqual(self.ids(q="title:tartu"), ["tartu-participatory-budget"])
        self.assertEqual(self.ids(q='"protected cycle lanes"'), ["helsinki-cycling-network"])
        both = set(self.ids(q="cycling OR procurement"))
        self.assertEqual(both, {"helsinki-cycling-network", "barcelona-open-contracting"})
        self.assertEqual(self.ids(q="cycling NOT winter"), [])
        self.assertEqual(set(self.ids(q="sector:transparency-accountability")),
                         {c["id"] for c in self.corpus.matching({"sector": ["transparency-accountability"]})})

    def test_drafts_never_found(self):
        self.assertEqual(self.ids(q="zeppelinfixture"), [])
        for q in ("transparency", "διαφάνεια", "draft"):
            for d in self.corpus.drafts:
                self.assertNotIn(d, self.ids(q=q), q)
        self.assert_bad("/api/case/draft-unpublished-case", None, "id", status=404)

    def test_suggestion(self):
        j = self.search(q="cyclng")
        self.assertEqual(j["total"], 0)
        self.assertEqual(j["suggestion"], "cycling")

    def test_each_facet_parameter(self):
        for facet in FACETS:
            values = sorted({v for c in self.corpus.public for v in facet_values(c, facet)})
            for value in values[:3]:
                expected = {c["id"] for c in self.corpus.matching({facet: [value]})}
                got = set(self.ids(**{facet: value}))
                self.assertEqual(got, expected, "%s=%s" % (facet, value))

    def test_or_within_and_across(self):
        sel = {"sector": ["transparency-accountability", "democracy-participation"], "lang": ["en"]}
        expected = {c["id"] for c in self.corpus.matching(sel)}
        self.assertEqual(set(self.ids(sector=sel["sector"], lang="en")), expected)
        self.assertEqual(set(self.ids(sector=",".join(sel["sector"]), lang="en")), expected)

    def test_years(self):
        expected = {c["id"] for c in self.corpus.public if 2015 <= int(c["year"]) <= 2019}
        self.assertEqual(set(self.ids(year_from=2015, year_to=2019)), expected)
        expected = {c["id"] for c in self.corpus.public if int(c["year"]) >= 2019}
        self.assertEqual(set(self.ids(year_from=2019)), expected)

    def test_sort(self):
        years = [h["year"] for h in self.search(sort="year")["hits"]]
        self.assertEqual(years, sorted(years, reverse=True))
        updated = [h["updated"] for h in self.search(q="city", sort="updated")["hits"]]
        self.assertEqual(updated, sorted(updated, reverse=True))
        scores = [h["score"] for h in self.search(q="city OR residents", sort="relevance")["hits"]]
        self.assertEqual(scores, sorted(scores, reverse=True))

    def test_hl_labels(self):
        facets = self.search(hl="en")["facets"]
        labels = {v["value"]: v["label"] for v in facets["lang"]}
        self.assertEqual(labels["el"], "Greek")
        facets = self.search()["facets"]
        labels = {v["value"]: v["label"] for v in facets["lang"]}
        self.assertEqual(labels["el"], "Ελληνικά")


class FacetTest(ServerCase):
    """Each facet counts the matches of the query and the other facets' filters."""

    COMBINATIONS = [
        ("", {}),
        ("", {"sector": ["public-administration-egov"]}),
        ("", {"sector": ["transparency-accountability", "technology-ict"], "lang": ["en"]}),
        ("", {"country": ["GR"], "outcome": ["transparency", "participation"]}),
        ("", {"level": ["municipal"], "status": ["ongoing", "pilot"], "evidence": ["evaluated"]}),
        ("", {"year": ["2018", "2019"], "region": ["GR-H", "FI"]}),
        ("city OR residents OR δήμος", {}),
        ("city OR residents OR δήμος", {"lang": ["en"], "outcome": ["participation", "social-inclusion"]}),
        ("decisions OR αποφάσεις", {"sector": ["transparency-accountability"], "source": ["local"]}),
    ]

    def test_counts_match_brute_force(self):
        for q, selected in self.COMBINATIONS:
            params = dict(selected)
            if q:
                params["q"] = q
            j = self.search(**params)
            among = set(self.ids(q=q)) if q else None
            expected_hits = {c["id"] for c in self.corpus.matching(selected, among)}
            self.assertEqual({h["id"] for h in j["hits"]}, expected_hits, (q, selected))
            self.assertEqual(j["total"], len(expected_hits))
            for facet in FACETS:
                got = {v["value"]: v["count"] for v in j["facets"][facet] if v["count"]}
                expected = self.corpus.counts(facet, self.corpus.matching(selected, among, skip=facet))
                self.assertEqual(got, expected, "q=%r %r facet %s" % (q, selected, facet))
                for v in j["facets"][facet]:
                    self.assertEqual(v["selected"], v["value"] in selected.get(facet, []), (facet, v))


class ErrorTest(ServerCase):
    def test_bad_parameters(self):
        cases = [
            ({"page": "0"}, "page"), ({"page": "-1"}, "page"), ({"page": "abc"}, "page"),
            ({"page": "1.5"}, "page"), ({"page": "1001"}, "page"), ({"page": "99999999999999999999"}, "page"),
            ({"page": "51", "per_page": "200"}, "per_page"), ({"page": "101", "per_page": "100"}, "page"),
            ({"per_page": "0"}, "per_page"), ({"per_page": "101"}, "per_page"), ({"per_page": "-3"}, "per_page"),
            ({"sort": "random"}, "sort"), ({"year_from": "twenty"}, "year_from"), ({"year_to": "-2000"}, "year_to"),
            ({"year_from": "2020", "year_to": "2000"}, "year_to"),
            ({"sector": "transparency-acountability"}, "sector"), ({"region": "GR-Q"}, "region"),
            ({"country": "XX"}, "country"), ({"level": "planetary"}, "level"), ({"outcome": "happiness"}, "outcome"),
            ({"status": "finished"}, "status"), ({"evidence": "hearsay"}, "evidence"), ({"lang": "fr"}, "lang"),
            ({"source": "Not a source!"}, "source"), ({"hl": "de"}, "hl"), ({"facets": "perhaps"}, "facets"),
            ({"q": "x" * 1025}, "q"), ({"q": " ".join("w%d" % i for i in range(65))}, "q"),
            ({"unknown": "1"}, "unknown"),
        ]
        for params, param in cases:
            with self.subTest(params=params):
                self.assert_bad("/api/search", params, param)

    def test_did_you_mean(self):
        j = self.server.json("/api/search", {"sector": "transparency-acountability"}, status=400)
        self.assertIn("did you mean 'transparency-accountability'", j["error"]["message"])

    def test_raw_bytes(self):
        for target, param in (("/api/search?q=%FF%FE", "q"), ("/api/search?q=%C3%28", "q"),
                              ("/api/search?q=a%00b", "q"), ("/api/search?sector=%FF", "sector"),
                              ("/api/search?q=a&q=b", "q")):
            status, headers, body = self.server.request("GET", target)
            self.assertEqual(status, 400, target)
            self.assertEqual(json.loads(body)["error"]["param"], param, target)

    def test_not_found(self):
        for path in ("/nope", "/api", "/api/search/extra", "/api/case/", "/api/case/a/b/c"):
            status, headers, body = self.server.request("GET", path)
            self.assertEqual(status, 404, path)
            self.assertIn("error", json.loads(body))
        self.assert_bad("/api/case/no-such-case", None, "id", status=404)
        self.assert_bad("/api/case/no-such-case/related", None, "id", status=404)
        self.assert_bad("/api/case/%FF", None, "id")

    def test_other_endpoints_refuse_unknown_parameters(self):
        for path in ("/api/facets", "/healthz", "/sitemap.xml", "/api/case/tartu-participatory-budget"):
            self.assert_bad(path, {"x": "1"}, "x")
        self.assert_bad("/feed.atom", {"page": "2"}, "page")
        self.assert_bad("/api/export.csv", {"per_page": "5"}, "per_page")
        self.assert_bad("/api/export.json", {"sector": "nope"}, "sector")

    def test_wrong_method(self):
        for method in ("POST", "PUT", "DELETE"):
            status, headers, body = self.server.request(method, "/api/search")
            self.assertEqual(status, 405, method)
            self.assertIn("GET", headers.get("allow", ""))
            self.assertIn("error", json.loads(body))

    def test_hostile_input_never_fails_the_server(self):
        queries = ['"unbalanced', "(((", "AND", "NOT", "a OR", "*", "a*", "title:", ":", "sector:", "sector:nope",
                   '"' * 50, "((((((((((a))))))))))", "\\", "%", "+-+-", "NEAR", "ADJ/3", "x" * 1024,
                   "διαφ* OR ά*", "e*", " ".join(["a*"] * 60), "\u202e\u0301\ufeff", "😀 😀"]
        for q in queries:
            with self.subTest(q=q):
                status, headers, body = self.server.get("/api/search", {"q": q})
                self.assertIn(status, (200, 400), body[:300])
                json.loads(body)
        status, _, _ = self.server.get("/healthz")
        self.assertEqual(status, 200)

    def test_oversized_request(self):
        status, headers, body = self.server.request("GET", "/api/search?q=" + "a" * 9000)
        self.assertIn(status, (400, 414))
        self.assertIn("error", json.loads(body))
        status, _, _ = self.server.get("/healthz")
        self.assertEqual(status, 200)


class FeedExportTest(ServerCase):
    def test_atom(self):
        code, headers, body = self.server.get("/feed.atom")
        self.assertEqual(code, 200)
        self.assertTrue(headers["content-type"].startswith("application/atom+xml"))
        feed = ET.fromstring(body)
        entries = feed.findall(ATOM + "entry")
        self.assertEqual(len(entries), min(50, len(self.corpus.public)))
        ids = [e.find(ATOM + "id").text.rsplit("/", 1)[1] for e in entries]
        self.assertEqual(ids, self.corpus.newest_first()[:50])
        titles = {e.find(ATOM + "title").text for e in entries}
        self.assertIn("Open contracting & the <public> ledger, Catalonia", titles)
        self.assertTrue(feed.find(ATOM + "updated").text.endswith("Z"))
        self.assertIsNotNone(feed.find(ATOM + "author"))

    def test_atom_filters(self):
        code, _, body = self.server.get("/feed.atom", {"lang": "el", "q": "δήμος OR περιφέρεια"})
        self.assertEqual(code, 200)
        feed = ET.fromstring(body)
        for e in feed.findall(ATOM + "entry"):
            self.assertEqual(e.get("{http://www.w3.org/XML/1998/namespace}lang"), "el")
        self.assertIn("lang=el", feed.find(ATOM + "link[@rel='self']").get("href"))

    def test_opensearch(self):
        code, headers, body = self.server.get("/opensearch.xml")
        self.assertEqual(code, 200)
        root = ET.fromstring(body)
        urls = root.findall("{http://a9.com/-/spec/opensearch/1.1/}Url")
        self.assertTrue(any("{searchTerms}" in u.get("template") for u in urls))
        port = str(self.server.port)
        self.assertTrue(all(":" + port + "/" in u.get("template") for u in urls))

    def test_sitemap(self):
        code, _, body = self.server.get("/sitemap.xml")
        self.assertEqual(code, 200)
        root = ET.fromstring(body)
        locs = [u.find(SITEMAP + "loc").text for u in root.findall(SITEMAP + "url")]
        self.assertEqual(sorted(l.rsplit("/", 1)[1] for l in locs), sorted(c["id"] for c in self.corpus.public))

    def test_csv(self):
        code, headers, body = self.server.get("/api/export.csv")
        self.assertEqual(code, 200)
        self.assertIn("license", headers.get("link", ""))
        self.assertIn(b"\r\n", body)
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
        self.assertEqual(len(rows), len(self.corpus.public))
        by_id = {r["id"]: r for r in rows}
        self.assertEqual(by_id["barcelona-open-contracting"]["title"], "Open contracting & the <public> ledger, Catalonia")
        self.assertEqual(by_id["barcelona-open-contracting"]["summary"],
                         'Every public contract, from tender to payment, is published as open data with "OCDS" identifiers.')
        self.assertEqual(by_id["sterea-diafaneia-apofaseon"]["sector"], "transparency-accountability;public-administration-egov")
        self.assertTrue(all(r["licence"].startswith("CC BY 4.0") for r in rows))
        filtered = list(csv.DictReader(io.StringIO(self.server.get("/api/export.csv", {"lang": "el"})[2].decode())))
        self.assertEqual({r["id"] for r in filtered}, {c["id"] for c in self.corpus.matching({"lang": ["el"]})})

    def test_json(self):
        j = self.server.json("/api/export.json", {"q": "city OR residents", "sort": "year"})
        self.assertEqual(j["licence"]["name"], "CC BY 4.0")
        self.assertEqual(j["count"], len(j["cases"]))
        self.assertEqual(j["total"], j["count"])
        self.assertFalse(j["truncated"])
        years = [c["year"] for c in j["cases"]]
        self.assertEqual(years, sorted(years, reverse=True))
        for c in j["cases"]:
            self.assertNotIn("path", c)
            self.assertTrue(c["url"].startswith("http://127.0.0.1:%d/case/" % self.server.port))


# ---------------------------------------------------------------------------

class ReindexTest(ServerCase):
    """Re-indexing while requests run: no failed request, changes seen within a second."""

    def wait_for(self, predicate, what, limit=1.0):
        start = time.time()
        while True:
            if predicate():
                return time.time() - start
            if time.time() - start > limit:
                self.fail("%s not visible after %.1f s" % (what, limit))
            time.sleep(0.02)

    def test_reindex_under_load(self):
        stop = threading.Event()
        failures, done = [], [0]

        def hammer(params):
            conn = self.server.connection()
            while not stop.is_set():
                try:
                    status, _, body = self.server.get("/api/search", params, conn=conn)
                    if status != 200:
                        failures.append((status, body[:200]))
                    else:
                        json.loads(body)
                        done[0] += 1
                except Exception as e:  # noqa: BLE001 — any failure counts
                    failures.append(repr(e))
                    conn.close()
                    conn = self.server.connection()
            conn.close()

        workers = [threading.Thread(target=hammer, args=(p,)) for p in
                   ({"q": "city"}, {"q": "διαφανεια"}, {}, {"sector": "technology-ict", "q": "data OR services"})]
        for w in workers:
            w.start()
        try:
            cases = os.path.join(self.content, "cases")
            tartu = os.path.join(cases, "tartu-participatory-budget.md")
            # 1. Edit one file.
            with open(tartu, encoding="utf-8") as f:
                text = f.read()
            with open(tartu, "w", encoding="utf-8") as f:
                f.write(text.replace("title: Participatory budgeting in Tartu",
                                     "title: Participatory budgeting in Tartu with quokkaword"))
            run_indexer(self.content, self.index)
            took = self.wait_for(lambda: self.ids(q="quokkaword") == ["tartu-participatory-budget"], "the edit")
            # 2. Add a file.
            new = os.path.join(cases, "new-wombat-case.md")
            with open(new, "w", encoding="utf-8") as f:
                f.write(text.replace("id: tartu-participatory-budget", "id: new-wombat-case")
                        .replace("Participatory budgeting in Tartu", "Wombatword budgeting"))
            run_indexer(self.content, self.index)
            self.wait_for(lambda: "new-wombat-case" in self.ids(q="wombatword"), "the new case")
            # 3. Delete it again.
            os.remove(new)
            run_indexer(self.content, self.index)
            self.wait_for(lambda: self.ids(q="wombatword") == [], "the deletion")
            # 4. A full rebuild, twice (every document replaced).
            for _ in range(2):
                run_indexer(self.content, self.index, "--full")
            self.wait_for(lambda: self.search()["total"] == len(self.corpus.public), "the rebuild")
            time.sleep(0.3)
        finally:
            stop.set()
            for w in workers:
                w.join()
        self.assertEqual(failures, [])
        self.assertGreater(done[0], 20)
        self.assertLess(took, 1.0)


class LifecycleTest(unittest.TestCase):
    """Start-up refusals and clean shutdown."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="praxis-searchd-life-")
        cls.content = os.path.join(ARGS.root, "tests", "fixtures", "search")
        cls.index = os.path.join(cls.tmp, "index")
        run_indexer(cls.content, cls.index)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_sigterm_exits_zero(self):
        server = Server(self.index)
        try:
            conn = server.connection()  # an idle keep-alive connection must not block the exit
            self.assertEqual(server.get("/healthz", conn=conn)[0], 200)
            start = time.time()
            self.assertEqual(server.stop(signal.SIGTERM), 0, "\n".join(server.log))
            self.assertLess(time.time() - start, 10)
            conn.close()
        finally:
            server.kill()

    def test_sigint_exits_zero(self):
        server = Server(self.index)
        try:
            self.assertEqual(server.stop(signal.SIGINT), 0)
        finally:
            server.kill()

    def test_in_flight_requests_finish(self):
        server = Server(self.index)
        bad, ok = [], [0]
        stop = threading.Event()

        def client():
            while not stop.is_set():
                try:
                    status, _, body = server.get("/api/export.json")
                except OSError:
                    continue  # refused or reset once the server stopped accepting: fine
                except http.client.HTTPException:
                    continue
                if status == 200:
                    json.loads(body)  # a complete body
                    ok[0] += 1
                else:
                    bad.append(status)

        threads = [threading.Thread(target=client) for _ in range(4)]
        try:
            for t in threads:
                t.start()
            time.sleep(0.5)
            self.assertEqual(server.stop(signal.SIGTERM), 0)
        finally:
            stop.set()
            for t in threads:
                t.join()
            server.kill()
        self.assertEqual(bad, [])
        self.assertGreater(ok[0], 0)

    def start_fails(self, index, *extra):
        proc = subprocess.run([ARGS.searchd, "--index", index, "--listen", "127.0.0.1:0", *extra],
                              capture_output=True, text=True, timeout=30)
        return proc.returncode, proc.stderr

    def test_refuses_missing_or_empty_index(self):
        code, err = self.start_fails(os.path.join(self.tmp, "nowhere"))
        self.assertEqual(code, 2)
        self.assertIn("--index", err)
        empty = os.path.join(self.tmp, "empty")
        os.makedirs(empty, exist_ok=True)
        code, err = self.start_fails(empty)
        self.assertEqual(code, 2)
        self.assertIn("cannot open the index", err)

    def test_refuses_other_schema_version(self):
        tool = shutil.which("xapian-metadata")
        if not tool:
            self.skipTest("xapian-metadata (xapian-tools) is not installed")
        other = os.path.join(self.tmp, "other-schema")
        shutil.copytree(self.index, other)
        subprocess.run([tool, "set", other, "praxis.schema_version", "999"], check=True)
        code, err = self.start_fails(other)
        self.assertEqual(code, 2)
        self.assertIn("schema version 999", err)

    def test_refuses_a_taken_port(self):
        server = Server(self.index)
        try:
            proc = subprocess.run([ARGS.searchd, "--index", self.index, "--listen", "127.0.0.1:%d" % server.port],
                                  capture_output=True, text=True, timeout=30)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("cannot listen", proc.stderr)
            self.assertEqual(server.get("/healthz")[0], 200)
        finally:
            self.assertEqual(server.stop(), 0)

    def test_listen_backlog_is_raised(self):
        server = Server(self.index, extra=("--backlog", "511"))
        try:
            ss = shutil.which("ss")
            if not ss:
                self.skipTest("ss (iproute2) is not installed")
            out = subprocess.run([ss, "-ltnH", "sport = :%d" % server.port], capture_output=True, text=True).stdout
            # For a listening socket, ss shows the backlog in the Send-Q column.
            fields = out.split()
            self.assertGreaterEqual(len(fields), 3, out)
            self.assertEqual(fields[2], "511", out)
        finally:
            server.stop()


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indexer", required=True)
    parser.add_argument("--searchd", required=True)
    parser.add_argument("--root", required=True, help="the repository's root folder")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], "-v", *rest])


if __name__ == "__main__":
    main()
