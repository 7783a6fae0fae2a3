#include "praxis/searchd/options.h"

#include "praxis/searchd/client_address.h"

namespace praxis::searchd {

std::filesystem::path Options::taxonomy_file() const {
  if (!taxonomy.empty()) return taxonomy;
  if (!content.empty()) return content.front().dir / "taxonomy.yaml";
  return {};
}

std::string Options::base_url() const {
  std::string url = public_url;
  if (url.empty()) {
    const bool v6 = host.find(':') != std::string::npos;
    url = "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

Status Options::validate() const {
  auto bad = [](const std::string& m) { return Status::InvalidArgument(m); };
  if (indexes.empty()) return bad("--index is required");
  std::error_code ec;
  for (const auto& i : indexes)
    if (!std::filesystem::exists(i, ec)) return bad("--index " + i.string() + ": no such folder or stub file");
  for (const auto& c : content)
    if (!std::filesystem::is_directory(c.dir, ec)) return bad("--content " + c.dir.string() + ": not a folder");
  if (!taxonomy.empty() && !std::filesystem::is_regular_file(taxonomy, ec))
    return bad("--taxonomy " + taxonomy.string() + ": no such file");
  if (!theme.empty() && !std::filesystem::is_directory(theme, ec))
    return bad("--theme " + theme.string() + ": not a folder");
  if (host.empty()) return bad("--listen: empty host");
  if (port < 0 || port > 65535) return bad("--listen: port must be 0..65535");
  if (!public_url.empty() && public_url.rfind("http://", 0) != 0 && public_url.rfind("https://", 0) != 0)
    return bad("--public-url must start with http:// or https://");
  if (listen_backlog < 1) return bad("--backlog must be at least 1");
  if (threads < 1) return bad("--threads must be at least 1");
  if (max_threads < threads) return bad("--max-threads must be at least --threads");
  if (keep_alive_max_count < 1) return bad("keep_alive_max_count must be at least 1");
  if (max_connections < 1) return bad("--max-connections must be at least 1");
  if (keep_alive_timeout.count() < 1 || read_timeout.count() < 1 || write_timeout.count() < 1 ||
      response_timeout.count() < 1)
    return bad("timeouts must be at least one second");
  if (max_request_bytes < 1024) return bad("--max-request-bytes must be at least 1024");
  if (!(rate_limit >= 0) || rate_limit > 1e6) return bad("--rate-limit must be from 0 (off) to 1000000 per second");
  if (rate_limit > 0 && !(rate_burst >= 1 && rate_burst <= 1e6)) return bad("--rate-burst must be from 1 to 1000000");
  for (const auto& p : trust_proxy)
    if (auto n = IpNetwork::parse(p); !n.ok()) return bad("--trust-proxy " + n.status().message());
  if (max_query_bytes < 1 || max_query_words < 1) return bad("query limits must be positive");
  if (max_per_page < 1 || default_per_page < 1 || default_per_page > max_per_page)
    return bad("per-page limits: need 1 <= default_per_page <= max_per_page");
  if (result_window < max_per_page) return bad("result_window must be at least max_per_page");
  if (export_max_rows < 1 || feed_entries < 1 || related_count < 1) return bad("row limits must be positive");
  if (!mirror_content.empty()) {
    if (!std::filesystem::is_directory(mirror_content, ec))
      return bad("--mirror-content " + mirror_content.string() + ": not a folder");
    if (signing_key.empty() || origin_name.empty())
      return bad("--mirror-content needs --signing-key and --origin-name");
  } else if (!signing_key.empty() || !origin_name.empty()) {
    return bad("--signing-key and --origin-name only go with --mirror-content");
  }
  if (reopen_interval.count() < 0) return bad("reopen_interval must not be negative");
  return Status::Ok();
}

}  // namespace praxis::searchd
