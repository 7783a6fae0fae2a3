// praxis-bench-query: loads a query set ("query<TAB>extra URL parameters" per
// line, as tools/gen-corpus writes it), runs every query through
// praxis::searchd::run_search() on its own Searcher per thread (facets and
// snippets on, 10 hits, the settings /api/search uses), and prints latency
// percentiles and throughput as one JSON object on stdout.
//
//   praxis-bench-query --index IDX --queries queries.tsv [--threads 1,2]
//                      [--rounds 3] [--no-facets] [--no-snippets] [--facet-sample N] [--dump FILE]
//                      [--slowest N]
//
// --dump writes every query's hits (docid, weight, snippet) and facet counts to FILE
// and exits without timing: an optimisation must leave that file unchanged.
//
// --slowest N adds, for each thread count, the N queries with the highest
// median latency over their runs (what to look at when p99 moves).
//
// Each thread count is measured over `rounds` passes of the whole query set
// after one warm-up pass; with N threads every thread runs the whole set
// (starting at a different offset), so throughput = N * rounds * queries / wall.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "praxis/searchd/params.h"
#include "praxis/searchd/search.h"
#include "praxis/searchd/searcher.h"

namespace ps = praxis::searchd;
using Clock = std::chrono::steady_clock;

namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() + 0 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out += static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Query {
  std::string text;
  ps::SearchParams params;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double rank = p / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(rank);
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

// The `count` queries with the highest median latency over their runs.
nlohmann::json slowest_queries(const std::vector<Query>& queries, const std::vector<std::vector<double>>& lat,
                               const std::vector<std::vector<std::size_t>>& which, std::size_t count) {
  std::vector<std::vector<double>> per_query(queries.size());
  for (std::size_t t = 0; t < lat.size(); ++t)
    for (std::size_t k = 0; k < lat[t].size(); ++k) per_query[which[t][k]].push_back(lat[t][k]);
  std::vector<std::pair<double, std::size_t>> medians;
  for (std::size_t q = 0; q < per_query.size(); ++q)
    if (!per_query[q].empty()) medians.emplace_back(pct(per_query[q], 50), q);
  count = std::min(count, medians.size());
  std::partial_sort(medians.begin(), medians.begin() + static_cast<std::ptrdiff_t>(count), medians.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t k = 0; k < count; ++k)
    out.push_back({{"query", queries[medians[k].second].text}, {"median_ms", medians[k].first}});
  return out;
}

[[noreturn]] void usage(const char* msg) {
  std::cerr << "praxis-bench-query: " << msg
            << "\nusage: praxis-bench-query --index IDX --queries TSV [--threads 1,2] [--rounds N] [--no-facets]"
               " [--no-snippets] [--facet-sample N] [--dump FILE] [--slowest N]\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string index, queries_path, threads_arg = "1,2", dump_path;
  int rounds = 3;
  std::size_t slowest = 0;
  bool facets = true, snippets = true;
  unsigned facet_sample = ps::kDefaultFacetSample;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value for " + a).c_str());
      return argv[++i];
    };
    if (a == "--index") index = next();
    else if (a == "--queries") queries_path = next();
    else if (a == "--threads") threads_arg = next();
    else if (a == "--rounds") rounds = std::max(1, std::atoi(next().c_str()));
    else if (a == "--no-facets") facets = false;
    else if (a == "--no-snippets") snippets = false;
    else if (a == "--facet-sample") facet_sample = static_cast<unsigned>(std::max(0, std::atoi(next().c_str())));
    else if (a == "--dump") dump_path = next();
    else if (a == "--slowest") slowest = static_cast<std::size_t>(std::max(0, std::atoi(next().c_str())));
    else if (a == "--help" || a == "-h") usage("help");
    else usage(("unknown argument " + a).c_str());
  }
  if (index.empty() || queries_path.empty()) usage("--index and --queries are required");

  // Load and parse the query set once, as /api/search would parse each request.
  std::ifstream in(queries_path);
  if (!in) usage(("cannot read " + queries_path).c_str());
  std::vector<Query> queries;
  std::size_t refused = 0;
  std::string line;
  const ps::ParamLimits limits;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto tab = line.find('\t');
    const std::string q = line.substr(0, tab);
    const std::string extra = tab == std::string::npos ? "" : line.substr(tab + 1);
    ps::Params params;
    params.emplace("q", q);
    if (!extra.empty()) {
      for (const auto& kv : split(extra, '&')) {
        if (kv.empty()) continue;
        const auto eq = kv.find('=');
        params.emplace(url_decode(kv.substr(0, eq)), eq == std::string::npos ? "" : url_decode(kv.substr(eq + 1)));
      }
    }
    Query query;
    query.text = line;
    if (auto err = ps::parse_search_params(params, ps::kSearchParams, limits, nullptr, query.params)) {
      ++refused;
      continue;
    }
    queries.push_back(std::move(query));
  }
  if (queries.empty()) usage("no usable query in the query set");

  ps::SearchSettings settings;
  settings.count = 10;
  settings.facets = facets;
  settings.facet_sample = facet_sample;
  settings.snippets = snippets;

  if (!dump_path.empty()) {
    auto s = ps::Searcher::open(index);
    if (!s.ok()) {
      std::cerr << "praxis-bench-query: cannot open " << index << ": " << s.status().message() << "\n";
      return 1;
    }
    std::ofstream out(dump_path);
    for (const auto& q : queries) {
      out << "Q " << q.text << "\n";
      auto r = ps::run_search(*s.value(), q.params, settings);
      if (!r.ok()) {
        out << "  error " << r.status().message() << "\n";
        continue;
      }
      out << "  total " << r.value().total << " suggestion " << r.value().suggestion << "\n";
      for (const auto& h : r.value().hits) {
        char weight[32];
        std::snprintf(weight, sizeof weight, "%.4f", h.weight);
        out << "  " << h.docid << " " << weight << " " << h.snippet << "\n";
      }
      for (std::size_t f = 0; f < r.value().facets.size(); ++f)
        for (const auto& v : r.value().facets[f]) out << "  facet " << f << " " << v.value << " " << v.count << "\n";
    }
    return 0;
  }

  std::vector<unsigned> thread_counts;
  for (const auto& t : split(threads_arg, ',')) {
    if (!t.empty()) thread_counts.push_back(static_cast<unsigned>(std::max(1, std::atoi(t.c_str()))));
  }

  nlohmann::json report = {{"index", index},  {"queries", queries.size()}, {"refused", refused},
                           {"rounds", rounds}, {"facets", facets}, {"facet_sample", facet_sample},         {"snippets", snippets}};
  std::atomic<std::size_t> errors{0}, total_hits{0};
  nlohmann::json runs = nlohmann::json::array();
  for (unsigned nthreads : thread_counts) {
    std::vector<std::unique_ptr<ps::Searcher>> searchers;
    for (unsigned t = 0; t < nthreads; ++t) {
      auto s = ps::Searcher::open(index);
      if (!s.ok()) {
        std::cerr << "praxis-bench-query: cannot open " << index << ": " << s.status().message() << "\n";
        return 1;
      }
      searchers.push_back(std::move(s.value()));
    }
    auto one = [&](ps::Searcher& s, const Query& q) {
      auto r = ps::run_search(s, q.params, settings);
      if (!r.ok()) ++errors;
      else total_hits += r.value().hits.size();
    };
    // Warm-up: one pass per searcher (page cache, Xapian block cache, stem caches).
    {
      std::vector<std::thread> ws;
      for (unsigned t = 0; t < nthreads; ++t)
        ws.emplace_back([&, t] { for (const auto& q : queries) one(*searchers[t], q); });
      for (auto& w : ws) w.join();
    }
    errors = 0;
    std::vector<std::vector<double>> lat(nthreads);
    std::vector<std::vector<std::size_t>> which(nthreads);  // the query of each latency
    const auto start = Clock::now();
    std::vector<std::thread> ws;
    for (unsigned t = 0; t < nthreads; ++t) {
      ws.emplace_back([&, t] {
        auto& mine = lat[t];
        mine.reserve(queries.size() * static_cast<std::size_t>(rounds));
        which[t].reserve(mine.capacity());
        const std::size_t n = queries.size();
        const std::size_t offset = n * t / nthreads;
        for (int r = 0; r < rounds; ++r) {
          for (std::size_t i = 0; i < n; ++i) {
            const Query& q = queries[(i + offset) % n];
            const auto t0 = Clock::now();
            one(*searchers[t], q);
            mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            which[t].push_back((i + offset) % n);
          }
        }
      });
    }
    for (auto& w : ws) w.join();
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    const double n_all = static_cast<double>(all.size());
    const double mean = std::accumulate(all.begin(), all.end(), 0.0) / n_all;
    nlohmann::json run = {{"threads", nthreads},
                          {"searches", all.size()},
                          {"seconds", wall},
                          {"qps", n_all / wall},
                          {"p50_ms", pct(all, 50)},
                          {"p90_ms", pct(all, 90)},
                          {"p99_ms", pct(all, 99)},
                          {"max_ms", pct(all, 100)},
                          {"mean_ms", mean},
                          {"errors", errors.load()}};
    if (slowest > 0) run["slowest"] = slowest_queries(queries, lat, which, slowest);
    runs.push_back(run);
    std::cerr << "praxis-bench-query: " << nthreads << " thread(s): " << run["qps"].get<double>() << " q/s, p50 "
              << run["p50_ms"].get<double>() << " ms, p99 " << run["p99_ms"].get<double>() << " ms\n";
  }
  report["runs"] = runs;
  std::cout << report.dump() << "\n";
  return errors.load() == 0 ? 0 : 1;
}
