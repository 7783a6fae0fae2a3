// The one file of praxis_mirror that includes httplib.h: an HTTP(S) Fetcher
// over cpp-httplib's Client (Debian's build, with OpenSSL), one keep-alive
// connection for the whole pull.
#include <httplib.h>

#include "praxis/mirror/fetcher.h"

namespace praxis::mirror {

namespace {

constexpr std::uint64_t kMaxErrorBodyBytes = 64 * 1024;

struct ParsedUrl {
  std::string scheme_host_port;  // "https://host:port"
  std::string prefix;            // "" or "/praxis" (no trailing slash)
};

Result<ParsedUrl> parse_origin_url(std::string url) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("--origin " + url + ": " + why + " (expected http(s)://HOST[:PORT][/PREFIX])");
  };
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return bad("no scheme");
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return bad("only http and https are supported");
  const std::size_t host_start = scheme_end + 3;
  const std::size_t path_start = url.find('/', host_start);
  const std::string authority = url.substr(host_start, path_start == std::string::npos ? std::string::npos
                                                                                        : path_start - host_start);
  if (authority.empty()) return bad("no host");
  if (authority.find('@') != std::string::npos) return bad("user names in the URL are not supported");
  for (const char c : authority)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '?' || c == '#') return bad("malformed host");
  ParsedUrl out;
  out.scheme_host_port = scheme + "://" + authority;
  if (path_start != std::string::npos) {
    out.prefix = url.substr(path_start);
    if (out.prefix.find_first_of("?#") != std::string::npos) return bad("a query or fragment is not allowed");
    while (!out.prefix.empty() && out.prefix.back() == '/') out.prefix.pop_back();
  }
  return out;
}

std::string explain(httplib::Error e) {
  switch (e) {
    case httplib::Error::Connection: return "cannot connect (origin down, or a wrong host or port?)";
    case httplib::Error::ConnectionTimeout: return "connection timed out";
    case httplib::Error::Read: return "the connection was cut or timed out while reading the response";
    case httplib::Error::Write: return "the connection was cut while sending the request";
    case httplib::Error::SSLConnection: return "TLS handshake failed";
    case httplib::Error::SSLLoadingCerts: return "cannot load the CA certificates (see --ca-file)";
    case httplib::Error::SSLServerVerification: return "the server's certificate is not trusted (see --ca-file)";
    case httplib::Error::Compression: return "cannot decompress the response";
    default: return httplib::to_string(e);
  }
}

class HttpFetcher final : public Fetcher {
 public:
  HttpFetcher(const HttpFetcherOptions& o, ParsedUrl url)
      : url_(std::move(url)), description_(url_.scheme_host_port + url_.prefix), client_(url_.scheme_host_port) {
    client_.set_connection_timeout(static_cast<time_t>(o.connect_timeout.count()), 0);
    client_.set_read_timeout(static_cast<time_t>(o.read_timeout.count()), 0);
    client_.set_write_timeout(static_cast<time_t>(o.read_timeout.count()), 0);
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);
    // Not followed: cpp-httplib 0.11 would treat a 304 as a redirect
    // without a Location (and fail); a moved origin is reported instead.
    client_.set_follow_location(false);
    client_.set_url_encode(false);  // targets arrive percent-encoded
    client_.enable_server_certificate_verification(true);
    if (!o.ca_file.empty()) client_.set_ca_cert_path(o.ca_file.string());
  }

  Result<FetchResponse> get(const std::string& target, const std::string& if_none_match,
                            std::uint64_t max_bytes) override {
    httplib::Headers headers;
    if (!if_none_match.empty()) headers.emplace("If-None-Match", if_none_match);
    headers.emplace("Accept-Encoding", "identity");
    FetchResponse out;
    std::uint64_t limit = max_bytes;
    bool too_big = false;
    auto on_response = [&](const httplib::Response& r) {
      out.status = r.status;
      out.etag = r.get_header_value("ETag");
      if (r.status != 200) limit = kMaxErrorBodyBytes;
      if (r.has_header("Content-Length")) {
        const std::string cl = r.get_header_value("Content-Length");
        const bool digits = !cl.empty() && cl.size() <= 19 && cl.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoull(cl) > limit) {
          too_big = true;
          return false;
        }
      }
      return true;
    };
    auto on_body = [&](const char* data, std::size_t n) {
      if (out.body.size() + n > limit) {
        too_big = true;
        return false;
      }
      out.body.append(data, n);
      return true;
    };
    const std::string path = url_.prefix + target;
    httplib::Result res = client_.Get(path, headers, on_response, on_body);
    if (too_big)
      return Status::Unavailable("GET " + path + ": the response is larger than the " + std::to_string(limit) +
                                 " bytes expected");
    if (!res) return Status::Unavailable("GET " + description_ + path + ": " + explain(res.error()));
    out.status = res->status;
    if (out.status >= 300 && out.status < 400 && out.status != 304) {
      const std::string location = res->get_header_value("Location");
      return Status::Unavailable("GET " + description_ + path + ": HTTP " + std::to_string(out.status) +
                                 " redirect to " + (location.empty() ? std::string("nowhere") : location) +
                                 " (give the final URL to --origin)");
    }
    return out;
  }

  std::string describe() const override { return description_; }

 private:
  ParsedUrl url_;
  std::string description_;
  httplib::Client client_;
};

}  // namespace

Result<std::unique_ptr<Fetcher>> make_http_fetcher(const HttpFetcherOptions& options) {
  auto url = parse_origin_url(options.origin_url);
  if (!url.ok()) return url.status();
  std::unique_ptr<Fetcher> f = std::make_unique<HttpFetcher>(options, std::move(url).value());
  return f;
}

}  // namespace praxis::mirror
