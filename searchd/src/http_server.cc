#include "http_server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <httplib.h>

#include "connection_io.h"
#include "praxis/searchd/access_log.h"
#include "praxis/searchd/client_address.h"
#include "praxis/searchd/rate_limiter.h"
#include "task_pool.h"

namespace praxis::searchd {

namespace {

using std::chrono::milliseconds;

// How a connection is to be handled on this thread: served, or turned away
// because too many are open (answered 503, or just closed when even the
// queue of those is long).
enum class Turn { serve, answer_busy, drop };
thread_local Turn t_turn = Turn::serve;
// The connection this thread is serving, for the routing step and the error
// handler of the same request.
thread_local ConnectionIo* t_io = nullptr;
thread_local bool t_close_after = false;  // the request had a body we did not read

// What the logger needs from the routing step of the same request (both
// run on the connection's worker thread).
struct RequestContext {
  std::chrono::steady_clock::time_point start;
  std::string_view route;
  std::string client;
  bool routed = false;
};
thread_local RequestContext t_context;

// A raw HTTP/1.1 answer with the JSON error envelope, for connections
// answered outside cpp-httplib (too many connections, a request line past
// every limit). Always "Connection: close".
std::string raw_error(int status, std::string_view message, std::string_view extra_headers = {}) {
  const Response e = error_response(status, "", message);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) + "\r\n";
  out += "Content-Type: " + e.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(e.body.size()) + "\r\n";
  for (const auto& [name, value] : e.headers) out += name + ": " + value + "\r\n";
  out += extra_headers;
  out += "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
  out += e.body;
  return out;
}

// cpp-httplib's stream interface over a ConnectionIo.
class IoStream final : public httplib::Stream {
 public:
  explicit IoStream(ConnectionIo& io) : io_(io) {}
  bool is_readable() const override { return io_.readable(); }
  bool is_writable() const override { return io_.writable(); }
  ssize_t read(char* ptr, size_t size) override { return io_.read(ptr, size); }
  ssize_t write(const char* ptr, size_t size) override { return io_.write(ptr, size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override { io_.peer(ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { io_.local(ip, port); }
  socket_t socket() const override { return io_.fd(); }

 private:
  ConnectionIo& io_;
};

// cpp-httplib's server with our own connection loop: it reads requests
// through a ConnectionIo (deadlines and size limits against slow or
// oversized clients, see connection_io.h), closes idle connections as soon
// as the server stops, and turns away connections beyond the limit.
class Server : public httplib::Server {
 public:
  int listening_socket() const { return svr_sock_; }

  ConnectionLimits limits;
  std::string busy_answer;     // 503, too many connections
  std::string too_long_answer; // 414, a request line past max_request_bytes
  std::atomic<std::uint64_t> turned_away{0};
  std::atomic<std::uint64_t> head_timeouts{0};
  std::atomic<std::uint64_t> head_too_large{0};
  std::function<void(int status)> record_unrouted;  // metrics for answers cpp-httplib never saw

 private:
  // Overrides cpp-httplib's (private, virtual) per-connection loop; runs on a
  // worker thread.
  bool process_and_close_socket(socket_t sock) override {
    ConnectionIo io(sock, limits);
    bool ret = false;
    if (t_turn != Turn::serve) {
      turned_away.fetch_add(1, std::memory_order_relaxed);
      if (t_turn == Turn::answer_busy) io.send_and_linger(busy_answer, milliseconds(200), milliseconds(50));
      if (record_unrouted) record_unrouted(503);
      ::close(sock);
      return true;
    }
    IoStream stream(io);
    t_io = &io;
    bool linger = false;
    const auto stopping = [this] { return svr_sock_ == INVALID_SOCKET; };
    for (std::size_t left = keep_alive_max_count_; left > 0 && io.wait_for_request(stopping); --left) {
      io.begin_request();
      t_close_after = false;
      t_context.routed = false;
      bool closed = false;
      ret = process_request(stream, left == 1, closed, nullptr);
      const ConnectionIo::HeadError error = io.head_error();
      if (error == ConnectionIo::HeadError::timed_out) head_timeouts.fetch_add(1, std::memory_order_relaxed);
      if (error == ConnectionIo::HeadError::too_large || error == ConnectionIo::HeadError::line_too_long)
        head_too_large.fetch_add(1, std::memory_order_relaxed);
      if (!ret && error == ConnectionIo::HeadError::too_large && !io.request_line_read() &&
          io.bytes_written() == 0) {
        // cpp-httplib gave up on the request line without answering.
        io.send_and_linger(too_long_answer, limits.write, milliseconds(500));
        if (record_unrouted) record_unrouted(414);
        break;
      }
      if (error != ConnectionIo::HeadError::none) {
        linger = true;  // the rest of that request may still be on its way
        break;
      }
      if (!ret || closed || t_close_after) break;
    }
    t_io = nullptr;
    if (linger) io.send_and_linger({}, milliseconds(0), milliseconds(500));
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ret;
  }
};

// The task queue cpp-httplib hands every accepted connection to: the worker
// pool, while fewer than `max_connections` are open; beyond that a single
// thread answers 503 and closes (and past a backlog of those, just closes),
// so that an excess of connections costs a moment, not a thread each.
class PoolQueue : public httplib::TaskQueue {
 public:
  PoolQueue(std::shared_ptr<TaskPool> pool, std::shared_ptr<TaskPool> turn_away, std::atomic<unsigned>& open,
            unsigned max_connections)
      : pool_(std::move(pool)), turn_away_(std::move(turn_away)), open_(open), max_(max_connections) {}

  void enqueue(std::function<void()> fn) override {
    if (open_.fetch_add(1) >= max_) {
      open_.fetch_sub(1);
      const Turn turn = turn_away_->stats().queued < kMaxWaitingToBeTurnedAway ? Turn::answer_busy : Turn::drop;
      turn_away_->enqueue([fn = std::move(fn), turn] {
        t_turn = turn;
        fn();
        t_turn = Turn::serve;
      });
      return;
    }
    pool_->enqueue([fn = std::move(fn), &open = open_] {
      struct Done {
        std::atomic<unsigned>& open;
        ~Done() { open.fetch_sub(1); }
      } done{open};
      fn();
    });
  }
  void shutdown() override {
    pool_->shutdown();
    turn_away_->shutdown();
  }

 private:
  static constexpr std::size_t kMaxWaitingToBeTurnedAway = 256;
  std::shared_ptr<TaskPool> pool_;
  std::shared_ptr<TaskPool> turn_away_;
  std::atomic<unsigned>& open_;
  const unsigned max_;
};

bool wants_cors(std::string_view path) {
  return path.rfind("/api/", 0) == 0 || path == "/feed.atom" || path == "/opensearch.xml";
}

// Operators' endpoints are never rate limited.
bool rate_exempt(std::string_view path) { return path == "/healthz" || path == "/metrics"; }

// Adds `value` to a comma-separated header unless it is there already.
void add_to_list_header(httplib::Response& res, const std::string& name, const std::string& value) {
  if (!res.has_header(name)) {
    res.set_header(name, value);
    return;
  }
  std::string list = res.get_header_value(name);
  if (list.find(value) != std::string::npos) return;
  list += ", " + value;
  res.headers.erase(name);
  res.set_header(name, list);
}

// "X-Forwarded-For" may come as several header lines: one list.
std::string forwarded_for(const httplib::Request& req) {
  std::string out;
  const std::size_t n = req.get_header_value_count("X-Forwarded-For");
  for (std::size_t i = 0; i < n; ++i) {
    if (!out.empty()) out += ',';
    out += req.get_header_value("X-Forwarded-For", i);
  }
  return out;
}

}  // namespace

struct HttpServer::Impl {
  const Options& options;
  const Router& router;
  Metrics& metrics;
  Server server;
  std::shared_ptr<TaskPool> pool;
  std::atomic<int> port{0};
  std::atomic<unsigned> open_connections{0};
  RateLimiter limiter;
  std::vector<IpNetwork> trusted_proxies;

  Impl(const Options& o, const Router& r, Metrics& m)
      : options(o), router(r), metrics(m), limiter(o.rate_limit, o.rate_burst) {
    for (const auto& p : o.trust_proxy)
      if (auto n = IpNetwork::parse(p); n.ok()) trusted_proxies.push_back(n.value());
    configure();
  }

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
    server.limits.keep_alive = options.keep_alive_timeout;
    server.limits.read = options.read_timeout;
    server.limits.write = options.write_timeout;
    server.limits.response = options.response_timeout;
    server.limits.max_head_bytes = options.max_request_bytes;
    server.busy_answer = raw_error(503, "too many connections: at most " + std::to_string(options.max_connections) +
                                            " at once; try again", "Retry-After: 1\r\n");
    server.too_long_answer = raw_error(414, "the request line is longer than " +
                                                std::to_string(options.max_request_bytes) + " bytes");
    server.record_unrouted = [this](int status) { metrics.record("unrouted", status, 0.0); };
    server.new_task_queue = [this] {
      pool = std::make_shared<TaskPool>(options.threads, options.max_threads);
      return new PoolQueue(pool, std::make_shared<TaskPool>(1, 1), open_connections, options.max_connections);
    };

    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      t_context.start = std::chrono::steady_clock::now();
      t_context.routed = true;
      route(req, res);
      return httplib::Server::HandlerResponse::Handled;
    });

    // Errors cpp-httplib answers itself (malformed request, URI too long)
    // get the same JSON envelope as ours, and a status that says what was
    // wrong when the connection's limits stopped the request.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      bool close = false;
      if (t_io && res.status == 400) {
        switch (t_io->head_error()) {
          case ConnectionIo::HeadError::line_too_long:
          case ConnectionIo::HeadError::too_large: res.status = 431; close = true; break;
          case ConnectionIo::HeadError::timed_out: res.status = 408; close = true; break;
          case ConnectionIo::HeadError::none: break;
        }
      }
      // A request cpp-httplib could not even parse: what follows it on the
      // connection cannot be trusted to be the next request.
      if (!t_context.routed) close = true;
      if (close) t_close_after = true;
      const Response e = error_response(res.status, "", reason_phrase(res.status));
      res.body = e.body;
      res.set_header("Content-Type", e.content_type);
      for (const auto& [name, value] : e.headers) res.set_header(name, value);
      res.set_header("X-Content-Type-Options", "nosniff");
      if (close) res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }));

    server.set_logger([this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
  }

  void route(const httplib::Request& req, httplib::Response& res) {
    if (t_io) t_io->end_head();
    t_context.client = client_address(req.remote_addr, forwarded_for(req), trusted_proxies);
    // The API reads no request body: one that was sent is not read either,
    // so the connection cannot carry another request after this one.
    if (req.has_header("Transfer-Encoding") || req.get_header_value<std::uint64_t>("Content-Length") > 0) {
      t_close_after = true;
      res.set_header("Connection", "close");
    }
    Response response;
    if (limiter.enabled() && !rate_exempt(req.path) && !is_loopback(t_context.client)) {
      const RateLimiter::Decision d = limiter.take(rate_limit_key(t_context.client));
      if (!d.allowed) {
        t_context.route = "rate_limited";
        response = error_response(429, "", "too many requests from " + t_context.client + ": at most " +
                                               rate_text() + "; try again in " + std::to_string(d.retry_after) +
                                               " s");
        response.set_header("Retry-After", std::to_string(d.retry_after));
      }
    }
    if (response.body.empty()) {
      Request request;
      request.method = req.method;
      request.path = req.path;
      request.params = req.params;
      request.if_none_match = req.get_header_value("If-None-Match");
      request.accept_language = req.get_header_value("Accept-Language");
      Router::Dispatched d = router.dispatch(request);
      t_context.route = d.route;
      response = std::move(d.response);
    }
    res.status = response.status;
    res.body = std::move(response.body);
    res.set_header("Content-Type", response.content_type);
    for (auto& [name, value] : response.headers) {
      if (name == "Vary") {
        add_to_list_header(res, name, value);
      } else {
        res.headers.erase(name);
        res.set_header(name, value);
      }
    }
    // Each header once: a handler may have set these already (the web pages do).
    if (!res.has_header("X-Content-Type-Options")) res.set_header("X-Content-Type-Options", "nosniff");
    if (wants_cors(req.path) && !res.has_header("Access-Control-Allow-Origin"))
      res.set_header("Access-Control-Allow-Origin", "*");
    // cpp-httplib compresses this type when the client accepts it: caches
    // must keep the two forms apart.
    httplib::Request accepts_all;
    accepts_all.set_header("Accept-Encoding", "gzip, br");
    if (httplib::detail::encoding_type(accepts_all, res) != httplib::detail::EncodingType::None)
      add_to_list_header(res, "Vary", "Accept-Encoding");
  }

  std::string rate_text() const {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%g requests a second (bursts of %g)", limiter.rate(), limiter.burst());
    return buf;
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
    e.remote = routed && !t_context.client.empty() ? std::string_view(t_context.client)
                                                    : std::string_view(req.remote_addr);
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
  const Impl& d = *impl_;
  out.push_back({"praxis_http_connections_open", "Connections open (queued or served).", "gauge",
                 static_cast<double>(d.open_connections.load())});
  out.push_back({"praxis_http_connections_rejected_total",
                 "Connections turned away (503, or closed) because --max-connections were open.", "counter",
                 static_cast<double>(d.server.turned_away.load())});
  out.push_back({"praxis_http_read_timeouts_total",
                 "Requests whose line and headers did not arrive within --read-timeout (closed).", "counter",
                 static_cast<double>(d.server.head_timeouts.load())});
  out.push_back({"praxis_http_oversized_requests_total",
                 "Requests whose line or headers passed --max-request-bytes or 8 KiB a line (414/431).", "counter",
                 static_cast<double>(d.server.head_too_large.load())});
  out.push_back({"praxis_rate_limit_clients", "Client addresses with a rate-limit bucket held.", "gauge",
                 static_cast<double>(d.limiter.clients())});
  return out;
}

}  // namespace praxis::searchd
