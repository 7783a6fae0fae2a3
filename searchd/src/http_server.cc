#include "http_server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <httplib.h>

#include "praxis/searchd/access_log.h"
#include "task_pool.h"

namespace praxis::searchd {

namespace {

// cpp-httplib's listening socket is protected: reach it to set the backlog.
class Server : public httplib::Server {
 public:
  int listening_socket() const { return svr_sock_; }
};

class PoolQueue : public httplib::TaskQueue {
 public:
  explicit PoolQueue(std::shared_ptr<TaskPool> pool) : pool_(std::move(pool)) {}
  void enqueue(std::function<void()> fn) override { pool_->enqueue(std::move(fn)); }
  void shutdown() override { pool_->shutdown(); }

 private:
  std::shared_ptr<TaskPool> pool_;
};

// What the logger needs from the routing step of the same request (both
// run on the connection's worker thread).
struct RequestContext {
  std::chrono::steady_clock::time_point start;
  std::string_view route;
  bool routed = false;
};
thread_local RequestContext t_context;

bool wants_cors(std::string_view path) {
  return path.rfind("/api/", 0) == 0 || path == "/feed.atom" || path == "/opensearch.xml";
}

}  // namespace

struct HttpServer::Impl {
  const Options& options;
  const Router& router;
  Metrics& metrics;
  Server server;
  std::shared_ptr<TaskPool> pool;
  std::atomic<int> port{0};

  Impl(const Options& o, const Router& r, Metrics& m) : options(o), router(r), metrics(m) { configure(); }

  void configure() {
    server.set_tcp_nodelay(true);
    // SO_REUSEADDR but not cpp-httplib's SO_REUSEPORT: a second server on the
    // same port must fail, not silently take half the connections.
    server.set_socket_options([](int sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.set_keep_alive_max_count(options.keep_alive_max_count);
    server.set_keep_alive_timeout(options.keep_alive_timeout.count());
    server.set_read_timeout(options.read_timeout.count(), 0);
    server.set_write_timeout(options.write_timeout.count(), 0);
    server.set_payload_max_length(options.payload_max_bytes);
    server.new_task_queue = [this] {
      pool = std::make_shared<TaskPool>(options.threads, options.max_threads);
      return new PoolQueue(pool);
    };

    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      t_context.start = std::chrono::steady_clock::now();
      t_context.routed = true;
      route(req, res);
      return httplib::Server::HandlerResponse::Handled;
    });

    // Errors cpp-httplib answers itself (malformed request, URI too long)
    // get the same JSON envelope as ours.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      const Response e = error_response(res.status, "", reason_phrase(res.status));
      res.body = e.body;
      res.set_header("Content-Type", e.content_type);
      return httplib::Server::HandlerResponse::Handled;
    }));

    server.set_logger([this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
  }

  void route(const httplib::Request& req, httplib::Response& res) {
    Request request;
    request.method = req.method;
    request.path = req.path;
    request.params = req.params;
    request.if_none_match = req.get_header_value("If-None-Match");
    request.accept_language = req.get_header_value("Accept-Language");
    Router::Dispatched d = router.dispatch(request);
    t_context.route = d.route;
    res.status = d.response.status;
    res.body = std::move(d.response.body);
    res.set_header("Content-Type", d.response.content_type);
    for (auto& [name, value] : d.response.headers) res.set_header(name, value);
    res.set_header("X-Content-Type-Options", "nosniff");
    if (wants_cors(req.path)) res.set_header("Access-Control-Allow-Origin", "*");
  }

  void log(const httplib::Request& req, const httplib::Response& res) {
    const auto now = std::chrono::steady_clock::now();
    const bool routed = t_context.routed;
    const double seconds = routed ? std::chrono::duration<double>(now - t_context.start).count() : 0.0;
    const std::string_view route_name = routed ? t_context.route : std::string_view("unrouted");
    t_context.routed = false;
    metrics.record(route_name, res.status, seconds);
    if (!options.access_log) return;
    AccessLogEntry e;
    e.remote = req.remote_addr;
    e.method = req.method;
    e.target = req.target.empty() ? std::string_view(req.path) : std::string_view(req.target);
    e.status = res.status;
    e.milliseconds = seconds * 1000.0;
    e.bytes = res.body.size();
    write_log_line(format_access_line(e));
  }
};

HttpServer::HttpServer(const Options& options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(options, router, metrics)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::bind() {
  Impl& d = *impl_;
  const std::string where = d.options.host + ":" + std::to_string(d.options.port);
  errno = 0;
  if (d.options.port == 0) {
    const int p = d.server.bind_to_any_port(d.options.host);
    if (p <= 0) return Status::Unavailable("cannot listen on " + where + ": " + std::strerror(errno));
    d.port = p;
  } else {
    if (!d.server.bind_to_port(d.options.host, d.options.port))
      return Status::Unavailable("cannot listen on " + where + ": " +
                                 (errno ? std::strerror(errno) : "address in use or not available"));
    d.port = d.options.port;
  }
  // cpp-httplib listens with a backlog of 5; listening again only resizes the queue.
  if (::listen(d.server.listening_socket(), d.options.listen_backlog) != 0)
    return Status::Unavailable(std::string("cannot set the listen backlog: ") + std::strerror(errno));
  return Status::Ok();
}

int HttpServer::port() const { return impl_->port.load(); }

Status HttpServer::run() {
  if (!impl_->server.listen_after_bind() && impl_->server.is_running())
    return Status::Unavailable("the server stopped unexpectedly");
  return Status::Ok();
}

void HttpServer::stop() { impl_->server.stop(); }

std::vector<Metrics::Sample> HttpServer::samples() const {
  std::vector<Metrics::Sample> out;
  const std::shared_ptr<TaskPool> pool = impl_->pool;
  if (!pool) return out;
  const TaskPool::Stats s = pool->stats();
  out.push_back({"praxis_http_threads", "Worker threads (each serves one connection at a time).", "gauge",
                 static_cast<double>(s.threads)});
  out.push_back({"praxis_http_threads_busy", "Worker threads serving a connection.", "gauge",
                 static_cast<double>(s.busy)});
  out.push_back({"praxis_http_queued_connections", "Accepted connections waiting for a worker.", "gauge",
                 static_cast<double>(s.queued)});
  return out;
}

}  // namespace praxis::searchd
