// Test doubles for the mirror tests: a Fetcher that answers from an
// OriginService in the same process (with knobs to misbehave), and a
// fixture with an origin content folder, a key pair and a partner folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "praxis/mirror/fetcher.h"
#include "praxis/mirror/origin_service.h"
#include "process.h"

namespace praxis::mirror::testing {

class FakeFetcher final : public Fetcher {
 public:
  explicit FakeFetcher(OriginService& origin) : origin_(origin) {}

  Result<FetchResponse> get(const std::string& target, const std::string& if_none_match,
                            std::uint64_t max_bytes) override;
  std::string describe() const override { return "fake://origin"; }

  // Changes a response before the puller sees it.
  std::function<void(const std::string& target, FetchResponse&)> tamper;
  // The file request number `cut_at_file` (0-based) fails like a cut
  // connection after half its body; -1: never.
  int cut_at_file = -1;

  std::vector<std::string> requests;       // every target asked for
  std::vector<std::string> file_requests;  // decoded paths of file requests
  std::uint64_t bytes = 0;                 // bodies delivered
  void reset_counters() {
    requests.clear();
    file_requests.clear();
    bytes = 0;
    files_seen_ = 0;
  }

 private:
  OriginService& origin_;
  int files_seen_ = 0;
};

// Writes a small valid case file at content/cases/<id>.md (`extra` lengthens the body).
void write_case(const std::filesystem::path& content, const std::string& id, const std::string& extra = "");

// Every regular file under `dir` (following `dir` itself if it is a link),
// hidden ones excepted: path -> bytes.
std::map<std::string, std::string> snapshot_tree(const std::filesystem::path& dir);

}  // namespace praxis::mirror::testing
