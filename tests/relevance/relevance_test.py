#!/usr/bin/env python3
"""Relevance of the bundled corpus: judged queries through the real praxis-searchd.

Indexes content/ with the real praxis-indexer into a temporary folder, starts
praxis-searchd on 127.0.0.1 with a free port (the helpers of
tests/integration/searchd_test.py), runs every query of queries.yaml through
/api/search and computes MRR@10 and nDCG@10, overall and per group (the
query's category, one-word / multi-word, filtered). Prints one line per query
and a table of the figures, and fails when a figure drops below the
thresholds below, or when a query that is not marked known_failure no longer
finds any relevant case in its top 10.

    relevance_test.py --indexer BIN --searchd BIN --root REPO [--queries FILE]
                      [--report FILE] [unittest args...]

Metrics (K = 10):
  RR@K     1/rank of the first case with grade >= 1 in the top K, else 0;
           MRR@K is its mean over the queries.
  nDCG@K   DCG@K / IDCG@K with gain 2^grade - 1 and discount log2(rank + 1);
           IDCG@K is the DCG of the judged cases in the best order.

Also ContentTest: the bundled content passes `praxis-indexer check` with no
error and no warning, and tools/corpus-stats --check (the issue #6 corpus
criteria) passes.

Python 3 standard library and python3-yaml (Debian's package, listed in
tools/lib/setup.sh).
"""
import argparse
import collections
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

K = 10

# Thresholds, set from what was measured when the test was written (80 queries, 65
# cases: MRR@10 1.000, nDCG@10 0.921 overall after the query builder learnt
# Greeklish synonyms, inflected synonym keys and doubled consonants; it was
# 0.975 / 0.860 before; per group in the report). Overall they
# sit about 0.02 below the measure; per group they allow one query to slip from
# rank 1 to rank 2 (MRR) and about 0.04 of nDCG, so that small groups do not fail
# on one reordered tie. Never below the floor of MRR@10 0.8. A drop below
# them is a regression to look at, not a number to lower; raise them when the
# search improves (e.g. when a known_failure is fixed).
MIN_MRR = 0.97
MIN_NDCG = 0.90
MIN_GROUP_MRR = {
    "el": 0.95, "el-noaccent": 0.95, "greeklish": 0.93, "en": 0.95, "mixed": 0.90,
    "one-word": 0.95, "multi-word": 0.97, "filtered": 0.90,
}
MIN_GROUP_NDCG = {
    "el": 0.83, "el-noaccent": 0.89, "greeklish": 0.92, "en": 0.92, "mixed": 0.80,
    "one-word": 0.89, "multi-word": 0.88, "filtered": 0.87,
}

CATEGORIES = ["el", "el-noaccent", "greeklish", "en", "mixed"]
FILTERS = ["sector", "region", "country", "level", "outcome", "status", "evidence", "lang", "source", "year"]
HERE = os.path.dirname(os.path.abspath(__file__))
ARGS = None


def integration_helpers(root):
    """tests/integration/searchd_test.py: run_indexer() and Server, bound to our ARGS."""
    sys.path.insert(0, os.path.join(root, "tests", "integration"))
    import searchd_test  # noqa: E402  (path set just above)
    searchd_test.ARGS = ARGS
    return searchd_test


def corpus_stats(root):
    """tools/corpus-stats as a module (it has no .py suffix)."""
    import importlib.machinery
    import importlib.util
    path = os.path.join(root, "tools", "corpus-stats")
    loader = importlib.machinery.SourceFileLoader("corpus_stats", path)
    spec = importlib.util.spec_from_loader("corpus_stats", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------
# The judged queries

def load_queries(path):
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return data["queries"]


def groups_of(query):
    words = [w for w in str(query["q"]).split() if w]
    out = [query["category"], "one-word" if len(words) == 1 else "multi-word"]
    if query.get("filters"):
        out.append("filtered")
    return out


def validate(queries, cases):
    """Problems in queries.yaml: unknown ids, judged cases the filters exclude, bad fields."""
    problems, seen = [], set()
    for q in queries:
        qid = q.get("id", "?")
        for field in ("id", "q", "category", "relevant"):
            if field not in q:
                problems.append("%s: missing '%s'" % (qid, field))
        if qid in seen:
            problems.append("%s: duplicate id" % qid)
        seen.add(qid)
        if q.get("category") not in CATEGORIES:
            problems.append("%s: category must be one of %s" % (qid, ", ".join(CATEGORIES)))
        relevant = q.get("relevant") or {}
        if not relevant:
            problems.append("%s: no relevant case" % qid)
        filters = q.get("filters") or {}
        for key in filters:
            if key not in FILTERS:
                problems.append("%s: unknown filter '%s'" % (qid, key))
        for case_id, grade in relevant.items():
            if grade not in (1, 2):
                problems.append("%s: grade of %s must be 1 or 2" % (qid, case_id))
            case = cases.get(case_id)
            if case is None:
                problems.append("%s: no case '%s' in content/cases" % (qid, case_id))
                continue
            for key, value in filters.items():
                if str(value) not in facet_values(case, key):
                    problems.append("%s: %s is judged relevant but %s=%s excludes it" % (qid, case_id, key, value))
    return problems


def facet_values(case, facet):
    if facet in ("sector", "outcome"):
        value = case.get(facet) or []
        return [str(v) for v in (value if isinstance(value, list) else [value])]
    if facet == "country":
        return [str(case.get("region", "")).split("-", 1)[0]]
    if facet == "source":
        return ["local"]
    if facet == "year":
        year = case.get("year") or (case.get("period") or {}).get("start")
        return [str(year)]
    return [str(case.get(facet, ""))]


# ---------------------------------------------------------------------------
# Metrics

def reciprocal_rank(ranked, relevant, k=K):
    for i, case_id in enumerate(ranked[:k]):
        if relevant.get(case_id, 0) >= 1:
            return 1.0 / (i + 1)
    return 0.0


def dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg(ranked, relevant, k=K):
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([relevant.get(case_id, 0) for case_id in ranked[:k]]) / ideal


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# ---------------------------------------------------------------------------
# Running and reporting

def run_queries(server, queries):
    results = []
    for q in queries:
        params = {"q": q["q"], "per_page": K, "facets": "false"}
        params.update({k: str(v) for k, v in (q.get("filters") or {}).items()})
        j = server.json("/api/search", params)
        ranked = [h["id"] for h in j["hits"]]
        relevant = {k: int(v) for k, v in q["relevant"].items()}
        results.append({
            "id": q["id"], "q": q["q"], "category": q["category"], "filters": q.get("filters") or {},
            "groups": groups_of(q), "known_failure": bool(q.get("known_failure")),
            "ranked": ranked, "total": j["total"], "relevant": relevant,
            "rr": reciprocal_rank(ranked, relevant), "ndcg": ndcg(ranked, relevant),
            "missed": sorted(c for c in relevant if c not in ranked[:K]),
        })
    return results


def summarise(results):
    groups = collections.OrderedDict((g, []) for g in CATEGORIES + ["one-word", "multi-word", "filtered"])
    for r in results:
        for g in r["groups"]:
            groups[g].append(r)
    rows = [("all", len(results), mean(r["rr"] for r in results), mean(r["ndcg"] for r in results))]
    for g, rs in groups.items():
        if rs:
            rows.append((g, len(rs), mean(r["rr"] for r in rs), mean(r["ndcg"] for r in rs)))
    return rows


def report(results, rows):
    lines = ["", "Relevance of the bundled corpus: %d judged queries, top %d" % (len(results), K), ""]
    lines.append("%-34s %-12s %5s %6s %5s  %s" % ("query", "category", "RR", "nDCG", "hits", "first hits / missed"))
    for r in results:
        flags = " [known failure]" if r["known_failure"] else ""
        q = r["q"] + ("  " + " ".join("%s=%s" % kv for kv in r["filters"].items()) if r["filters"] else "")
        first = ", ".join(("*" if r["relevant"].get(c) else "") + c for c in r["ranked"][:3]) or "(nothing)"
        lines.append("%-34s %-12s %5.2f %6.2f %5d  %s%s" % (q[:34], r["category"], r["rr"], r["ndcg"], r["total"], first, flags))
        if r["missed"]:
            lines.append("%-34s %-12s %5s %6s %5s  missed: %s" % ("", "", "", "", "", ", ".join(r["missed"])))
    lines += ["", "(* marks a relevant case)", "", "%-12s %8s %8s %8s   %s" % ("group", "queries", "MRR@10", "nDCG@10", "thresholds MRR / nDCG")]
    for name, n, m, nd in rows:
        if name == "all":
            limits = "%.2f / %.2f" % (MIN_MRR, MIN_NDCG)
        else:
            limits = "%.2f / %.2f" % (MIN_GROUP_MRR.get(name, 0), MIN_GROUP_NDCG.get(name, 0))
        lines.append("%-12s %8d %8.3f %8.3f   %s" % (name, n, m, nd, limits))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------

class RelevanceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        helpers = integration_helpers(ARGS.root)
        stats = corpus_stats(ARGS.root)
        content = os.path.join(ARGS.root, "content")
        cls.cases = {c["id"]: c for c in stats.load_cases(content)}
        cls.queries = load_queries(ARGS.queries)
        cls.tmp = tempfile.mkdtemp(prefix="praxis-relevance-")
        cls.server = None
        try:
            index = os.path.join(cls.tmp, "index")
            helpers.run_indexer(content, index)
            cls.server = helpers.Server(index, content)
            cls.results = run_queries(cls.server, cls.queries)
        except BaseException:
            cls.tearDownClass()
            raise
        cls.rows = summarise(cls.results)
        text = report(cls.results, cls.rows)
        sys.stdout.write(text)
        sys.stdout.flush()
        if ARGS.report:
            with open(ARGS.report, "w", encoding="utf-8") as f:
                f.write(text)
                json.dump({"rows": [{"group": g, "queries": n, "mrr": m, "ndcg": nd} for g, n, m, nd in cls.rows],
                           "queries": cls.results}, f, ensure_ascii=False, indent=1)

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.server is not None:
                cls.server.stop()
        finally:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_queries_file_is_valid(self):
        problems = validate(self.queries, self.cases)
        self.assertEqual(problems, [], "\n".join(problems))
        self.assertGreaterEqual(len(self.queries), 40)
        for category in CATEGORIES:
            self.assertTrue(any(q["category"] == category for q in self.queries), category)

    def test_overall_mrr(self):
        self.assertGreaterEqual(self.rows[0][2], MIN_MRR, "MRR@10 of all queries")

    def test_overall_ndcg(self):
        self.assertGreaterEqual(self.rows[0][3], MIN_NDCG, "nDCG@10 of all queries")

    def test_groups(self):
        for name, n, m, nd in self.rows[1:]:
            with self.subTest(group=name):
                self.assertGreaterEqual(m, MIN_GROUP_MRR[name], "MRR@10 of %s (%d queries)" % (name, n))
                self.assertGreaterEqual(nd, MIN_GROUP_NDCG[name], "nDCG@10 of %s (%d queries)" % (name, n))

    def test_every_query_finds_a_relevant_case(self):
        """A query not marked known_failure has a relevant case in its top 10."""
        lost = ["%s (%s): top %d = %s" % (r["id"], r["q"], K, r["ranked"])
                for r in self.results if r["rr"] == 0 and not r["known_failure"]]
        self.assertEqual(lost, [], "\n".join(lost))

    def test_known_failures_still_fail(self):
        """A known failure that now finds its cases should lose its mark (and raise the thresholds)."""
        fixed = [r["id"] for r in self.results if r["known_failure"] and r["rr"] == 1.0 and not r["missed"]]
        if fixed:
            sys.stdout.write("note: known failures that now pass (remove their mark): %s\n" % ", ".join(fixed))


class ContentTest(unittest.TestCase):
    """The bundled content passes the check without warnings and meets the corpus criteria."""

    def test_check_has_no_error_and_no_warning(self):
        r = subprocess.run([ARGS.indexer, "check", "--content", os.path.join(ARGS.root, "content"),
                            "--format", "json", "--quiet"], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        j = json.loads(r.stdout)
        self.assertEqual((j["errors"], j["warnings"]), (0, 0),
                         "\n".join("%s:%s: %s: %s" % (f["path"], f.get("line", ""), f["severity"], f["message"])
                                   for f in j["findings"]))

    def test_corpus_criteria(self):
        r = subprocess.run([sys.executable, os.path.join(ARGS.root, "tools", "corpus-stats"), "--check",
                            "--content", os.path.join(ARGS.root, "content")],
                           capture_output=True, text=True, timeout=120)
        sys.stdout.write(r.stdout)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indexer", required=True)
    parser.add_argument("--searchd", required=True)
    parser.add_argument("--root", required=True, help="the repository's root folder")
    parser.add_argument("--queries", default=os.path.join(HERE, "queries.yaml"))
    parser.add_argument("--report", help="also write the report (text, then JSON) to this file")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], "-v", *rest])


if __name__ == "__main__":
    main()
