// praxis-indexer build: incremental, crash-safe indexing.
//
// 1. Walk the content folders and compare each file's (mtime, size) with the
//    stamp stored in the index; only files that differ are read.
// 2. Read, hash, validate and analyse the changed files in parallel, one
//    chunk at a time, while the single writer adds the previous chunk.
// 3. Remove documents whose files are gone; commit in batches. Xapian commits
//    are atomic, so a crash at any point leaves every document old or new.
// When there is no index yet, step 2 is a FreshIndex instead: every thread
// analyses and writes a shard of its own, and the shards are merged at the end.
#include <sys/stat.h>

#include <chrono>
#include <condition_variable>
#include <atomic>
#include <exception>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "commands.h"
#include "praxis/case_loader.h"
#include "praxis/content_hash.h"
#include "praxis/content_walker.h"
#include "praxis/document_builder.h"
#include "praxis/field_checks.h"
#include "praxis/fresh_index.h"
#include "praxis/index_writer.h"
#include "praxis/parallel.h"
#include "praxis/schema.h"
#include "progress.h"

namespace praxis::indexer {
namespace {

constexpr std::size_t kChunk = 256;
// Documents per shard between flushes in a first build (see FreshIndex):
// measured on 1,000 generated cases, 50 to 250 cost the least CPU time (and
// 40-70 MB of memory against 160 MB for one flush at the end).
constexpr std::size_t kFreshFlushEvery = 250;

struct Candidate {
  std::string key;  // schema::SLOT_FILE value
  std::string source;
  ContentFile file;
  std::string stat_stamp;  // "<mtime ns> <size>"
  std::uintmax_t size = 0;  // bytes, from the same stat()
  const IndexedFile* indexed = nullptr;
};

// What the analysis of one changed file produced.
struct Analysed {
  std::vector<Finding> findings;
  std::optional<Xapian::Document> doc;
  std::string id;
  std::string stamp;
  bool only_stamp = false;  // content unchanged, only the mtime moved
};

std::string stat_stamp(const std::filesystem::path& p, std::uintmax_t& size) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return {};
  size = static_cast<std::uintmax_t>(st.st_size);
  const long long ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return std::to_string(ns) + ' ' + std::to_string(st.st_size);
}

std::string stamp_hash(const std::string& stamp) {
  const auto space = stamp.rfind(' ');
  return space == std::string::npos ? std::string() : stamp.substr(space + 1);
}

// What analysing a case needs besides the case: the vocabularies, and the
// synonym phrases to mark.
struct Rules {
  const Taxonomy& taxonomy;
  std::shared_ptr<const PhraseSet> phrases;
};

Analysed analyse(const Candidate& c, const Rules& rules, const std::string& display) {
  thread_local std::unique_ptr<DocumentBuilder> builder;
  thread_local const PhraseSet* builder_phrases = nullptr;
  const Taxonomy& taxonomy = rules.taxonomy;
  Analysed out;
  std::error_code ec;
  const auto size = std::filesystem::file_size(c.file.absolute, ec);
  if (ec || size > kMaxCaseFileBytes) {
    // load_case_file gives the right finding without reading a huge file.
    out.findings = load_case_file(c.file.absolute, display, taxonomy).findings;
    return out;
  }
  std::string bytes;
  {
    std::FILE* f = std::fopen(c.file.absolute.c_str(), "rb");
    if (!f) {
      out.findings.push_back({display, 0, 0, Severity::error, "", "cannot open file"});
      return out;
    }
    bytes.resize(size);
    const std::size_t got = std::fread(bytes.data(), 1, size, f);
    std::fclose(f);
    bytes.resize(got);
  }
  const std::string hash = content_hash(bytes);
  out.stamp = c.stat_stamp + ' ' + hash;
  if (c.indexed && stamp_hash(c.indexed->stamp) == hash) {
    out.only_stamp = true;
    return out;
  }
  LoadedCase loaded = load_case(display, bytes, taxonomy);
  out.findings = std::move(loaded.findings);
  if (!loaded.study) return out;
  loaded.study->path = c.file.relative;
  loaded.study->origin = c.source;
  if (!builder || builder_phrases != rules.phrases.get()) {
    builder = std::make_unique<DocumentBuilder>(rules.phrases);
    builder_phrases = rules.phrases.get();
  }
  out.id = loaded.study->id;
  out.doc = builder->build(*loaded.study, out.stamp);
  return out;
}

// What the analysis and writing of the changed files came to.
struct Outcome {
  std::size_t indexed = 0, unchanged = 0, skipped = 0;
};

// Incremental: analyse chunk k+1 on every core while the single writer adds
// chunk k; commit every `commit_every` changes.
Outcome write_incremental(const BuildOptions& o, const std::vector<Candidate>& changed, IndexWriter& writer,
                          const Rules& rules, const std::function<std::string(const Candidate&)>& display_of,
                          std::vector<Finding>& problems) {
  Outcome out;
  Progress progress(changed.size(), !o.quiet);
  auto analyse_chunk = [&](std::size_t begin) {
    const std::size_t end = std::min(changed.size(), begin + kChunk);
    std::vector<Analysed> chunk(end - begin);
    parallel_for(
        end - begin, [&](std::size_t i) { chunk[i] = analyse(changed[begin + i], rules, display_of(changed[begin + i])); },
        o.threads);
    return chunk;
  };
  std::future<std::vector<Analysed>> next;
  if (!changed.empty()) next = std::async(std::launch::async, analyse_chunk, 0);
  for (std::size_t begin = 0; begin < changed.size(); begin += kChunk) {
    std::vector<Analysed> chunk = next.get();
    if (begin + kChunk < changed.size()) next = std::async(std::launch::async, analyse_chunk, begin + kChunk);
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      Analysed& a = chunk[i];
      const Candidate& c = changed[begin + i];
      for (auto& f : a.findings) problems.push_back(std::move(f));
      if (a.only_stamp) {
        writer.update_stamp(c.indexed->docid, a.stamp);
        ++out.unchanged;
      } else if (a.doc) {
        writer.replace(schema::id_term(a.id), *a.doc);
        ++out.indexed;
      } else {
        ++out.skipped;  // an invalid file: its previous version, if any, stays searchable
      }
      if (writer.pending() >= o.commit_every) writer.commit();
    }
    progress.update(std::min(changed.size(), begin + kChunk));
  }
  progress.finish();
  return out;
}

// A first build: thread k analyses a contiguous run of the files (balanced
// by bytes) and adds them to shard k. Contiguous runs keep document ids in
// file order once the shards are merged, whatever the threads' timing.
Outcome write_fresh(const BuildOptions& o, const std::vector<Candidate>& changed, FreshIndex& fresh,
                    const Rules& rules, const std::function<std::string(const Candidate&)>& display_of,
                    std::vector<Finding>& problems) {
  const unsigned shards = fresh.shard_count();
  std::uintmax_t total_bytes = 0;
  for (const auto& c : changed) total_bytes += c.size;
  std::vector<std::size_t> bounds(shards + 1, changed.size());
  bounds[0] = 0;
  {
    std::uintmax_t bytes = 0;
    unsigned k = 1;
    for (std::size_t i = 0; i < changed.size() && k < shards; ++i) {
      bytes += changed[i].size;
      while (k < shards && bytes * shards >= total_bytes * k) bounds[k++] = i + 1;
    }
  }

  std::vector<std::vector<Finding>> findings(changed.size());
  std::vector<char> written(changed.size(), 0);
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(shards);
  std::mutex mutex;
  std::condition_variable finished_cv;
  unsigned finished = 0;
  {
    std::vector<std::jthread> workers;
    for (unsigned k = 0; k < shards; ++k)
      workers.emplace_back([&, k] {
        try {
          FreshIndex::Shard& shard = fresh.shard(k);
          for (std::size_t i = bounds[k]; i < bounds[k + 1] && !failed.load(std::memory_order_relaxed); ++i) {
            Analysed a = analyse(changed[i], rules, display_of(changed[i]));
            findings[i] = std::move(a.findings);
            if (a.doc) {
              shard.add(*a.doc);
              written[i] = 1;
            }
            done.fetch_add(1, std::memory_order_relaxed);
          }
          if (!failed.load(std::memory_order_relaxed)) shard.close();
        } catch (...) {
          errors[k] = std::current_exception();
          failed = true;
        }
        std::lock_guard lock(mutex);
        ++finished;
        finished_cv.notify_one();
      });
    Progress progress(changed.size(), !o.quiet);
    std::unique_lock lock(mutex);
    while (finished < shards) {
      finished_cv.wait_for(lock, std::chrono::milliseconds(100));
      progress.update(done.load(std::memory_order_relaxed));
    }
    progress.finish();
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);

  Outcome out;
  for (std::size_t i = 0; i < changed.size(); ++i) {
    for (auto& f : findings[i]) problems.push_back(std::move(f));
    if (written[i]) {
      ++out.indexed;
    } else {
      ++out.skipped;
    }
  }
  return out;
}

int build(const BuildOptions& o, bool allow_fresh) {
  const auto started = std::chrono::steady_clock::now();
  const auto& first = o.content.front().dir;
  auto taxonomy = Taxonomy::load(o.taxonomy.empty() ? first / "taxonomy.yaml" : o.taxonomy);
  if (!taxonomy.ok()) {
    std::cerr << "praxis-indexer: " << taxonomy.status().message() << '\n';
    return 2;
  }
  auto synonyms = load_synonyms(o.synonyms.empty() ? first / "synonyms.yaml" : o.synonyms);
  if (!synonyms.ok()) {
    std::cerr << synonyms.status().message() << '\n';
    return 2;
  }
  const Rules rules{taxonomy.value(), std::make_shared<const PhraseSet>(PhraseSet::from_synonyms(synonyms.value()))};
  std::unique_ptr<IndexWriter> writer;
  std::unique_ptr<FreshIndex> fresh;
  if (allow_fresh && FreshIndex::applies(o.index)) {
    const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    auto started_fresh = FreshIndex::start(o.index, threads, kFreshFlushEvery);
    // No private folder beside the index (a sandbox may allow writing only
    // the index folder itself): build in place, through IndexWriter.
    if (started_fresh.ok()) fresh = std::move(started_fresh).value();
  }
  if (!fresh) {
    auto opened = IndexWriter::open(o.index, o.full, *rules.phrases);
    if (!opened.ok()) {
      std::cerr << "praxis-indexer: " << opened.status().message() << '\n';
      return 2;
    }
    writer = std::move(opened).value();
  }
  static const std::unordered_map<std::string, IndexedFile> kNothingIndexed;
  const auto& indexed_files = writer ? writer->files() : kNothingIndexed;

  // 1. Walk, and keep only what changed. Ids are file names, so a duplicate
  // id is the same file name in two places: the first one wins.
  std::vector<Candidate> changed;
  std::map<std::string, std::string> seen_ids;  // id -> display path of its file
  std::vector<Finding> problems;
  std::size_t unchanged = 0, skipped = 0, total_files = 0;
  std::unordered_map<std::string, bool> present;
  for (const auto& src : o.content) {
    std::string prefix = src.dir.generic_string();
    if (!prefix.empty() && prefix.back() != '/') prefix += '/';
    for (auto& file : list_case_files(src.dir)) {
      ++total_files;
      std::string id = std::filesystem::path(file.relative).stem().string();
      const std::string display = prefix + file.relative;
      if (auto [it, is_new] = seen_ids.emplace(id, display); !is_new) {
        problems.push_back({display, 0, 0, Severity::error, "id",
                            "duplicate id '" + id + "': also used by " + it->second + " (skipped)"});
        ++skipped;
        continue;
      }
      Candidate c{src.name + '\n' + file.relative, src.name, std::move(file), {}, 0, nullptr};
      present[c.key] = true;
      c.stat_stamp = stat_stamp(c.file.absolute, c.size);
      if (auto it = indexed_files.find(c.key); it != indexed_files.end()) {
        c.indexed = &it->second;
        if (!c.stat_stamp.empty() && it->second.stamp.rfind(c.stat_stamp + ' ', 0) == 0) {
          ++unchanged;
          continue;
        }
      }
      changed.push_back(std::move(c));
    }
  }

  // 2. Files that are gone (deleted, renamed, or now a duplicate) leave the index.
  std::size_t removed = 0;
  if (writer)
    for (const auto& [key, f] : writer->files())
      if (!present.count(key)) {
        writer->remove(f.docid);
        ++removed;
      }

  // 3. Analyse and write.
  auto display_of = [&](const Candidate& c) {
    for (const auto& src : o.content)
      if (src.name == c.source) return (src.dir / c.file.relative).generic_string();
    return c.file.relative;
  };
  Outcome out;
  Xapian::doccount doc_count = 0;
  if (fresh) {
    out = write_fresh(o, changed, *fresh, rules, display_of, problems);
    const Status finished = fresh->finish(synonyms.value(), *rules.phrases);
    if (finished.code() == Code::unavailable) {
      // Another indexer made the index meanwhile, or the folder cannot be
      // replaced: bring it up to date in place.
      fresh.reset();
      return build(o, false);
    }
    if (!finished.ok()) {
      std::cerr << "praxis-indexer: " << finished.message() << '\n';
      return 2;
    }
    doc_count = fresh->doc_count();
  } else {
    out = write_incremental(o, changed, *writer, rules, display_of, problems);
    writer->set_synonyms(synonyms.value());
    writer->commit();
    doc_count = writer->doc_count();
  }
  unchanged += out.unchanged;
  skipped += out.skipped;

  for (const auto& f : problems) std::cout << format_finding(f) << '\n';
  if (!o.quiet) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr,
                 "indexed %zu, unchanged %zu, removed %zu, skipped %zu of %zu files in %.2fs (%.0f docs/s); "
                 "index has %u documents\n",
                 out.indexed, unchanged, removed, skipped, total_files, seconds,
                 seconds > 0 ? static_cast<double>(out.indexed) / seconds : 0.0, doc_count);
  }
  return skipped > 0 ? 1 : 0;
}

}  // namespace

ContentSource parse_content_source(const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq != std::string::npos && eq > 0 && is_slug(arg.substr(0, eq)))
    return {arg.substr(0, eq), arg.substr(eq + 1)};
  return {"local", arg};
}

int run_build(const BuildOptions& o) { return build(o, true); }

}  // namespace praxis::indexer
