#include "cli.h"

#include <iostream>

#include <CLI/CLI.hpp>

namespace praxis::searchd {

Status parse_listen(const std::string& text, std::string& host, int& port) {
  std::string h = "127.0.0.1";
  std::string p = text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return Status::InvalidArgument("--listen " + text + ": expected [IPv6]:PORT");
    h = text.substr(1, close - 1);
    p = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    if (colon > 0) h = text.substr(0, colon);
    p = text.substr(colon + 1);
  }
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos)
    return Status::InvalidArgument("--listen " + text + ": expected HOST:PORT");
  const int n = std::stoi(p);
  if (n > 65535) return Status::InvalidArgument("--listen " + text + ": port above 65535");
  host = h;
  port = n;
  return Status::Ok();
}

std::optional<double> parse_rate(const std::string& text) {
  if (text == "0" || text == "off") return 0.0;
  const auto slash = text.find('/');
  const std::string number = text.substr(0, slash);
  const std::string unit = slash == std::string::npos ? "s" : text.substr(slash + 1);
  if (number.empty() || number.size() > 9 || number.find_first_not_of("0123456789.") != std::string::npos ||
      number.find('.') != number.rfind('.') || number == ".")
    return std::nullopt;
  const double n = std::stod(number);
  if (unit == "s" || unit == "sec" || unit == "second") return n;
  if (unit == "m" || unit == "min" || unit == "minute") return n / 60.0;
  return std::nullopt;
}

CliResult parse_command_line(int argc, char** argv) {
  CliResult out;
  Options& o = out.options;
  CLI::App app{"praxis-searchd: serve the Praxis search index over HTTP (JSON API, feeds, open data)"};
  std::string taxonomy, theme, listen = "127.0.0.1:8080", mirror_content, signing_key;
  std::vector<std::string> content, indexes;
  unsigned keep_alive = static_cast<unsigned>(o.keep_alive_timeout.count());
  bool no_access_log = false;
  app.add_option("--index", indexes, "index folder built by praxis-indexer; several are searched as one (shards)")
      ->required();
  app.add_option("--content", content, "content folder, or NAME=DIR (repeatable)");
  app.add_option("--taxonomy", taxonomy, "taxonomy.yaml (default: <first content>/taxonomy.yaml)");
  app.add_option("--theme", theme, "theme folder of the web interface (HTML pages, /static/)");
  app.add_option("--listen", listen, "HOST:PORT to listen on; port 0 picks a free one")->capture_default_str();
  app.add_option("--public-url", o.public_url, "absolute URL of this server for feeds and sitemaps (default http://HOST:PORT)");
  app.add_option("--threads", o.threads, "worker threads started up front")->capture_default_str();
  app.add_option("--max-threads", o.max_threads, "most worker threads (one per open connection)")->capture_default_str();
  app.add_option("--backlog", o.listen_backlog, "listen backlog")->capture_default_str();
  app.add_option("--keep-alive-timeout", keep_alive, "seconds an idle keep-alive connection stays open")
      ->capture_default_str();
  app.add_option("--max-connections", o.max_connections,
                 "most connections open at once; more are answered 503 and closed")
      ->capture_default_str();
  unsigned read_timeout = static_cast<unsigned>(o.read_timeout.count());
  unsigned write_timeout = static_cast<unsigned>(o.write_timeout.count());
  app.add_option("--read-timeout", read_timeout, "seconds for a request's line and headers to arrive")
      ->capture_default_str();
  app.add_option("--write-timeout", write_timeout, "seconds a client may read nothing of a response")
      ->capture_default_str();
  app.add_option("--max-request-bytes", o.max_request_bytes, "most bytes of a request line and headers")
      ->capture_default_str();
  std::string rate_limit = "20/s";
  app.add_option("--rate-limit", rate_limit,
                 "requests per client address: N/s or N/m; 0 turns it off (loopback clients are exempt)")
      ->capture_default_str();
  app.add_option("--rate-burst", o.rate_burst, "requests a client may make at once before the rate applies")
      ->capture_default_str();
  app.add_option("--trust-proxy", o.trust_proxy,
                 "ADDR or ADDR/BITS of a reverse proxy whose X-Forwarded-For names the client (repeatable)");
  app.add_option("--facet-sample", o.facet_sample,
                 "count facets exactly up to about this many matches, estimate them from a sample of this "
                 "many above (0: always exactly)")
      ->capture_default_str();
  app.add_flag("--no-access-log", no_access_log, "do not log each request on stderr");
  app.add_option("--mirror-content", mirror_content, "serve this content folder to partner regions at /mirror/v1/");
  app.add_option("--signing-key", signing_key, "secret key that signs the mirror manifest (praxis-mirror keygen)");
  app.add_option("--origin-name", o.origin_name, "this origin's name: the source facet partners give its cases");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    out.exit_code = code == 0 ? 0 : 2;
    return out;
  }
  for (const auto& i : indexes) o.indexes.emplace_back(i);
  o.mirror_content = mirror_content;
  o.signing_key = signing_key;
  o.taxonomy = taxonomy;
  o.theme = theme;
  o.keep_alive_timeout = std::chrono::seconds(keep_alive);
  o.read_timeout = std::chrono::seconds(read_timeout);
  o.write_timeout = std::chrono::seconds(write_timeout);
  if (auto rate = parse_rate(rate_limit)) {
    o.rate_limit = *rate;
  } else {
    std::cerr << "praxis-searchd: --rate-limit " << rate_limit << ": expected N/s, N/m or 0\n";
    out.exit_code = 2;
    return out;
  }
  o.access_log = !no_access_log;
  for (const auto& c : content) {
    const auto eq = c.find('=');
    if (eq != std::string::npos && eq > 0 && c.find('/') > eq) {
      o.content.push_back({c.substr(0, eq), c.substr(eq + 1)});
    } else {
      o.content.push_back({"local", c});
    }
  }
  if (Status st = parse_listen(listen, o.host, o.port); !st.ok()) {
    std::cerr << "praxis-searchd: " << st.message() << '\n';
    out.exit_code = 2;
  }
  return out;
}

}  // namespace praxis::searchd
