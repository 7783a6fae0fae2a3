// praxis-mirror pull: the puller over HTTP, then (with --index) praxis-indexer.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "commands.h"
#include "praxis/mirror/fetcher.h"
#include "praxis/mirror/keys.h"
#include "praxis/mirror/path_rules.h"
#include "praxis/mirror/puller.h"

extern char** environ;

namespace praxis::mirror::tool {

namespace fs = std::filesystem;

std::string human_bytes(std::uint64_t n) {
  if (n < 1024) return std::to_string(n) + " B";
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n) / 1024.0;
  std::size_t u = 0;
  while (v >= 1024.0 && u + 1 < std::size(units)) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

namespace {

int fail(const std::string& message) {
  std::cerr << "praxis-mirror: error: " << message << '\n';
  return 1;
}

// praxis-indexer beside this program, else whatever $PATH finds.
std::string default_indexer() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path sibling = self.parent_path() / "praxis-indexer";
    if (::access(sibling.c_str(), X_OK) == 0) return sibling.string();
  }
  return "praxis-indexer";
}

// Runs the indexer and returns its exit status (-1: could not start; 128+N: killed by signal N).
int run_program(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ);
  if (rc != 0) {
    std::cerr << "praxis-mirror: error: cannot run " << argv[0] << ": " << std::strerror(rc) << '\n';
    return -1;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int run_indexer(const PullCommandOptions& o) {
  std::vector<std::string> argv = {o.indexer.empty() ? default_indexer() : o.indexer.string(), "build"};
  // The partner's own folders first: on a duplicate id, the first folder wins.
  for (const auto& c : o.also_content) {
    const auto eq = c.find('=');
    const std::string name = eq == std::string::npos ? "local" : c.substr(0, eq);
    if (name == o.name) return fail("--also-content " + c + ": the source name \"" + name + "\" is the mirror's");
    argv.insert(argv.end(), {"--content", c});
  }
  argv.insert(argv.end(), {"--content", o.name + "=" + o.into.string(), "--index", o.index.string()});
  // The vocabulary the mirrored cases were written against, unless told otherwise.
  std::error_code ec;
  const fs::path taxonomy = o.taxonomy.empty() && fs::exists(o.into / "taxonomy.yaml", ec) ? o.into / "taxonomy.yaml" : o.taxonomy;
  const fs::path synonyms = o.synonyms.empty() && fs::exists(o.into / "synonyms.yaml", ec) ? o.into / "synonyms.yaml" : o.synonyms;
  if (!taxonomy.empty()) argv.insert(argv.end(), {"--taxonomy", taxonomy.string()});
  if (!synonyms.empty()) argv.insert(argv.end(), {"--synonyms", synonyms.string()});
  if (o.quiet) argv.emplace_back("--quiet");
  if (!o.quiet) {
    std::string line = "praxis-mirror: indexing:";
    for (const auto& a : argv) line += " " + a;
    std::cout << line << std::endl;
  }
  const int rc = run_program(argv);
  if (rc == 0) return 0;
  if (rc == 1) {
    std::cerr << "praxis-mirror: warning: praxis-indexer found problems in some case files (above); the others "
                 "are indexed\n";
    return 0;
  }
  return fail("praxis-indexer failed (exit status " + std::to_string(rc) +
              "); the mirror is up to date, the index is not: the next pull runs the indexer again");
}

}  // namespace

int run_pull(const PullCommandOptions& o) {
  if (!is_origin_name(o.name))
    return fail("--name " + o.name + ": use lowercase letters, digits and '-' (the origin's name)");
  if (o.index.empty() && (!o.also_content.empty() || !o.taxonomy.empty() || !o.synonyms.empty()))
    return fail("--also-content, --taxonomy and --synonyms need --index");

  PullOptions po;
  po.name = o.name;
  po.into = o.into;
  po.origin_url = o.origin;
  po.allow_rollback = o.allow_rollback;
  if (o.max_file_bytes) po.limits.max_file_bytes = o.max_file_bytes;
  for (const auto& file : o.public_keys) {
    auto key = read_public_key(file);
    if (!key.ok()) return fail(key.status().message());
    po.keys.push_back(*key);
  }
  if (!o.quiet) po.log = [](std::string_view line) { std::cout << "praxis-mirror: " << line << std::endl; };

  HttpFetcherOptions fo;
  fo.origin_url = o.origin;
  fo.read_timeout = std::chrono::seconds(o.timeout_seconds);
  fo.ca_file = o.ca_file;
  auto fetcher = make_http_fetcher(fo);
  if (!fetcher.ok()) return fail(fetcher.status().message());

  auto pulled = pull(*fetcher.value(), po);
  if (!pulled.ok()) return fail(pulled.status().message() + " [" + o.into.string() + " is unchanged]");
  const PullReport& r = *pulled;
  if (!o.quiet) {
    if (!r.changed) {
      std::cout << "praxis-mirror: " << o.name << " is up to date at revision " << r.revision
                << (r.not_modified ? " (304 Not Modified)" : "") << "; " << r.files << " files, "
                << r.bytes_transferred << " bytes transferred\n";
    } else {
      std::cout << "praxis-mirror: " << o.name << ": revision " << r.previous_revision << " -> " << r.revision
                << " from " << o.origin << ", signed by " << r.key_fingerprint << '\n'
                << "praxis-mirror: " << r.files << " files: " << r.downloaded << " downloaded ("
                << human_bytes(r.file_bytes) << "), " << r.reused << " unchanged, " << r.removed << " removed ("
                << r.tombstoned << " tombstoned)\n"
                << "praxis-mirror: " << r.bytes_transferred << " bytes transferred; " << o.into.string() << " -> "
                << r.version_dir.filename().string() << '\n';
    }
  }
  if (!o.index.empty()) return run_indexer(o);
  return 0;
}

}  // namespace praxis::mirror::tool
