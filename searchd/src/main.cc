// praxis-searchd: serves the index praxis-indexer builds. See docs/api.md.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <thread>

#include "cli.h"
#include "http_server.h"
#include "praxis/searchd/api.h"
#include "praxis/searchd/metrics.h"
#include "praxis/searchd/router.h"
#include "praxis/searchd/searcher_pool.h"
#include "praxis/taxonomy.h"
#if PRAXIS_WITH_WEB
#include "web/web_routes.h"
#endif
#if PRAXIS_WITH_MIRROR
#include "praxis/mirror/mirror_routes.h"
#include "praxis/mirror/origin_service.h"
#endif

namespace {

using namespace praxis;
using namespace praxis::searchd;

// Every worker keeps an index handle and a socket open: allow many files.
void raise_file_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

// Loads the taxonomy: an explicit --taxonomy must load; the default one may
// be missing (facets are then served without labels).
bool load_taxonomy(const Options& o, std::unique_ptr<Taxonomy>& out) {
  const auto file = o.taxonomy_file();
  std::error_code ec;
  if (file.empty() || (o.taxonomy.empty() && !std::filesystem::exists(file, ec))) {
    std::cerr << "praxis-searchd: no taxonomy (give --taxonomy or --content): facets have no labels and values "
                 "are checked for shape only\n";
    return true;
  }
  auto loaded = Taxonomy::load(file);
  if (!loaded.ok()) {
    std::cerr << "praxis-searchd: " << loaded.status().message() << '\n';
    return false;
  }
  out = std::make_unique<Taxonomy>(std::move(loaded).value());
  return true;
}

int serve(const Options& o) {
  std::unique_ptr<Taxonomy> taxonomy;
  if (!load_taxonomy(o, taxonomy)) return 2;

  SearcherPool pool(o.indexes, o.reopen_interval, QueryLimits{o.max_query_bytes, o.max_query_words});
  if (Status st = pool.warm_up(); !st.ok()) {
    std::cerr << "praxis-searchd: " << st.message() << '\n';
    return 2;
  }

  Service service(o, taxonomy.get(), pool);
  Router router;
  add_api_routes(router, service);
#if PRAXIS_WITH_WEB
  // The web interface: HTML pages ("/", "/search", "/case/{id}" …) over the same Service.
  std::unique_ptr<web::WebService> web;
  if (!o.theme.empty()) {
    auto theme = web::Theme::load(o.theme);
    if (!theme.ok()) {
      std::cerr << "praxis-searchd: " << theme.status().message() << '\n';
      return 2;
    }
    web = std::make_unique<web::WebService>(web::WebService{theme.value(), service});
    web::add_web_routes(router, *web);
    const web::WebService* w = web.get();
    router.set_fallback([w](const Request& r) { return web::handle_not_found(*w, r); });
  }
#endif
#if PRAXIS_WITH_MIRROR
  // Mirroring for partner regions: the signed manifest and files at /mirror/v1/.
  std::unique_ptr<mirror::OriginService> origin;
  if (!o.mirror_content.empty()) {
    mirror::OriginOptions mo;
    mo.content = o.mirror_content;
    mo.origin_name = o.origin_name;
    mo.signing_key = o.signing_key;
    if (Status st = mo.validate(); !st.ok()) {
      std::cerr << "praxis-searchd: " << st.message() << '\n';
      return 2;
    }
    auto opened = mirror::OriginService::open(std::move(mo));
    if (!opened.ok()) {
      std::cerr << "praxis-searchd: " << opened.status().message() << '\n';
      return 2;
    }
    origin = std::move(opened).value();
    mirror::add_mirror_routes(router, *origin);
  }
#else
  if (!o.mirror_content.empty()) {
    std::cerr << "praxis-searchd: built without mirroring: --mirror-content is not available\n";
    return 2;
  }
#endif

  std::vector<std::string> route_names;
  for (const auto& r : router.routes()) route_names.push_back(r.pattern);
  for (const char* extra : {"unmatched", "method_not_allowed", "/static/", "unrouted", "rate_limited"}) route_names.emplace_back(extra);
  Metrics metrics(route_names);
  service.metrics = &metrics;

  HttpServer server(o, router, metrics);
  if (Status st = server.bind(); !st.ok()) {
    std::cerr << "praxis-searchd: " << st.message() << '\n';
    return 2;
  }
  service.transport_samples = [&server] { return server.samples(); };
  if (o.public_url.empty() && o.port == 0) {
    Options bound = o;
    bound.port = server.port();
    service.base_url = bound.base_url();
  }

  // SIGTERM / SIGINT: stop accepting, let in-flight requests finish, exit 0.
  std::atomic<bool> done{false};
  std::thread signals([&] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    const timespec tick{0, 200 * 1000 * 1000};
    while (!done.load()) {
      const int sig = sigtimedwait(&set, nullptr, &tick);
      if (sig == SIGTERM || sig == SIGINT) {
        std::cerr << "praxis-searchd: " << (sig == SIGTERM ? "SIGTERM" : "SIGINT")
                  << ": finishing the requests in flight\n";
        // Until run() returns: a signal that came before the accept loop
        // started would otherwise be lost.
        while (!done.load()) {
          server.stop();
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return;
      }
    }
  });

  std::cerr << "praxis-searchd: listening on http://" << (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host)
            << ':' << server.port() << "/ (" << o.indexes.size() << (o.indexes.size() == 1 ? " index, " : " shards, ")
            << pool.size()
            << " reader open)" << std::endl;
  const Status st = server.run();
  done = true;
  signals.join();
  if (!st.ok()) {
    std::cerr << "praxis-searchd: " << st.message() << '\n';
    return 1;
  }
  std::cerr << "praxis-searchd: stopped\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread starts, so that every thread inherits the mask and
  // only the signal thread receives SIGTERM/SIGINT.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A client that hangs up mid-response must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  CliResult cli = parse_command_line(argc, argv);
  if (cli.exit_code) return *cli.exit_code;
  if (Status st = cli.options.validate(); !st.ok()) {
    std::cerr << "praxis-searchd: " << st.message() << '\n';
    return 2;
  }
  raise_file_limit();
  try {
    return serve(cli.options);
  } catch (const std::exception& e) {
    std::cerr << "praxis-searchd: " << e.what() << '\n';
    return 1;
  }
}
