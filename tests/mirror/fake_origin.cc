#include "fake_origin.h"

#include "praxis/mirror/url_codec.h"

namespace praxis::mirror::testing {

namespace fs = std::filesystem;

Result<FetchResponse> FakeFetcher::get(const std::string& target, const std::string& if_none_match,
                                       std::uint64_t max_bytes) {
  requests.push_back(target);
  OriginService::Response r;
  bool is_file = false;
  if (target == kManifestRoute) {
    r = origin_.manifest(if_none_match);
  } else if (target == kSignatureRoute) {
    r = origin_.signature();
  } else if (target.rfind(std::string(kFilesRoutePrefix), 0) == 0) {
    is_file = true;
    file_requests.push_back(percent_decode(target.substr(kFilesRoutePrefix.size())).value_or("?"));
    r = origin_.file(target);
  } else {
    r.status = 404;
  }
  FetchResponse out{r.status, std::move(r.body), r.etag};
  if (tamper) tamper(target, out);
  if (is_file && files_seen_++ == cut_at_file) {
    bytes += out.body.size() / 2;
    return Status::Unavailable("connection reset by peer (after " + std::to_string(out.body.size() / 2) + " bytes)");
  }
  if (out.body.size() > max_bytes) return Status::Unavailable("response larger than expected");
  bytes += out.body.size();
  return out;
}

void write_case(const fs::path& content, const std::string& id, const std::string& extra) {
  praxis::testing::write_file(content / "cases" / (id + ".md"),
                              "---\nid: " + id + "\ntitle: Case " + id +
                                  "\nlang: en\nsummary: A test case.\nsector: [public-administration-egov]\nregion: GR-H\n"
                                  "level: regional\nstatus: ongoing\nupdated: 2026-10-01\n---\n## Problem\n\nText of " +
                                  id + ". " + extra + "\n");
}

std::map<std::string, std::string> snapshot_tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file())
      out[it->path().lexically_relative(dir).generic_string()] = praxis::testing::read_file(it->path());
  }
  return out;
}

}  // namespace praxis::mirror::testing
