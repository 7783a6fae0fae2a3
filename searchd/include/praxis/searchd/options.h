// Everything praxis-searchd can be told, in one struct, with its default
// documented where it is declared. Filled from the command line (src/cli.cc),
// checked once by validate(), then read-only.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "praxis/status.h"

namespace praxis::searchd {

struct ContentDir {
  std::string name;  // source name ("local" unless given as NAME=DIR)
  std::filesystem::path dir;
};

struct Options {
  // ---- Data.
  // --index: the Xapian index praxis-indexer builds (required). Several are
  // searched as one (shards); a Xapian stub file or folder (XAPIANDB) may list
  // local and remote (xapian-tcpsrv) shards too.
  std::vector<std::filesystem::path> indexes;
  std::vector<ContentDir> content;  // --content: the content folders (repeatable, NAME=DIR allowed)
  std::filesystem::path taxonomy;   // --taxonomy: default <first content>/taxonomy.yaml; with
                                    // neither, facets are served without labels
  std::filesystem::path theme;      // --theme: the web interface's theme (HTML pages and /static/);
                                    // without it only the API and the machine-readable routes answer

  // ---- Network.
  std::string host = "127.0.0.1";   // --listen HOST:PORT; loopback unless told otherwise
  int port = 8080;                  // 0 = any free port (printed on start-up)
  std::string public_url;           // --public-url: absolute prefix of links in feeds, sitemaps and
                                    // OpenSearch; default http://HOST:PORT
  int listen_backlog = 1024;        // --backlog: accept queue (cpp-httplib's own is 5)

  // ---- Threads and connections. Each keep-alive connection holds a worker
  // thread while it is open, so the pool grows on demand up to max_threads.
  unsigned threads = 64;            // --threads: worker threads started up front
  unsigned max_threads = 512;       // --max-threads: the pool never grows past this
  unsigned max_connections = 512;   // --max-connections: connections open at once; one more is
                                    // answered 503 (Retry-After: 1) and closed at once
  std::size_t keep_alive_max_count = 10000;  // requests per connection before it is closed
  std::chrono::seconds keep_alive_timeout{5};   // idle time before a keep-alive connection closes
  std::chrono::seconds read_timeout{5};         // --read-timeout: for a request's line and headers
                                                // to arrive, counted from its first byte (slow
                                                // clients are closed after it, however they trickle)
  std::chrono::seconds write_timeout{10};       // --write-timeout: the client reads nothing for this long
  std::chrono::seconds response_timeout{60};    // a whole response to leave, however slowly it is read
  std::size_t max_request_bytes = 32 * 1024;    // --max-request-bytes: request line and headers
                                                // together (431; a longer request line alone: 414)
  std::size_t payload_max_bytes = 64 * 1024;    // request bodies (the API reads none)

  // ---- Per-client rate limit: a token bucket per client address (an IPv6
  // client by its /64), refilled at rate_limit per second, holding up to
  // rate_burst. /healthz and /metrics are exempt, and so are loopback clients
  // (a local proxy or tool): behind nginx on this machine give trust_proxy
  // 127.0.0.1, so that each real client (X-Forwarded-For) has its own bucket.
  double rate_limit = 20;           // --rate-limit N/s (or N/m); 0 turns it off
  double rate_burst = 60;           // --rate-burst B: requests a client may make at once
  std::vector<std::string> trust_proxy;  // --trust-proxy ADDR[/BITS]: peers whose X-Forwarded-For
                                         // names the client (repeatable)

  // ---- Search limits (each violation is a 400 naming the parameter).
  std::size_t max_query_bytes = 1024;   // q longer than this is refused
  std::size_t max_query_words = 64;     // q with more words is refused
  unsigned default_per_page = 10;
  unsigned max_per_page = 100;
  unsigned result_window = 10000;       // page * per_page may not exceed this
  unsigned max_facet_values = 32;       // values of one facet parameter
  unsigned export_max_rows = 10000;     // rows of /api/export.csv and .json
  unsigned feed_entries = 50;           // entries of /feed.atom
  unsigned related_count = 5;           // cases of /api/case/<id>/related
  unsigned suggest_below = 3;           // a "did you mean" is looked for below this many results
  unsigned snippet_chars = 240;         // length of a result's snippet
  unsigned facet_sample = 4000;         // --facet-sample: facets are counted exactly up to about this
                                        // many matches, estimated from a sample above (0: always
                                        // exactly; the default is kDefaultFacetSample, facet_counts.h)

  // ---- Index freshness: a worker checks for a new index revision at most
  // this often (a commit is visible to the next request after it).
  std::chrono::milliseconds reopen_interval{100};

  // ---- Mirroring: serve /mirror/v1/ (signed manifest and files) for partner
  // regions, when mirror_content is set (see docs/partner-guide.md).
  std::filesystem::path mirror_content;  // --mirror-content: the folder to publish
  std::filesystem::path signing_key;     // --signing-key: secret key from `praxis-mirror keygen`
  std::string origin_name;               // --origin-name: the `source` partners give these cases

  // ---- Logging.
  bool access_log = true;               // --no-access-log: one line per request on stderr

  // The taxonomy file to read: `taxonomy`, else <first content>/taxonomy.yaml, else empty.
  std::filesystem::path taxonomy_file() const;
  // The public URL without a trailing '/'.
  std::string base_url() const;

  Status validate() const;
};

}  // namespace praxis::searchd
