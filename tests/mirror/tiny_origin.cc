#include "tiny_origin.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace praxis::mirror::testing {

namespace {

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

}  // namespace

TinyOrigin::TinyOrigin(OriginService& service) : service_(service) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;  // a free port
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0)
    throw std::runtime_error("bind/listen on 127.0.0.1");
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

TinyOrigin::~TinyOrigin() { stop(); }

void TinyOrigin::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
}

std::vector<std::string> TinyOrigin::targets() const {
  std::lock_guard lock(targets_mutex_);
  return targets_;
}

void TinyOrigin::serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    handle(fd);
    ::close(fd);
  }
}

void TinyOrigin::handle(int fd) {
  std::string req;
  char buf[4096];
  while (req.find("\r\n\r\n") == std::string::npos && req.size() < 65536) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    req.append(buf, static_cast<std::size_t>(n));
  }
  const std::size_t sp1 = req.find(' ');
  const std::size_t sp2 = req.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) return;
  const std::string target = req.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string inm;
  for (const std::string name : {"\r\nIf-None-Match: ", "\r\nif-none-match: "}) {
    const std::size_t at = req.find(name);
    if (at != std::string::npos) inm = req.substr(at + name.size(), req.find("\r\n", at + 2) - at - name.size());
  }
  {
    std::lock_guard lock(targets_mutex_);
    targets_.push_back(target);
  }
  const std::string path = target.substr(0, target.find('?'));
  OriginService::Response r;
  const bool is_file = path.rfind(std::string(kFilesRoutePrefix), 0) == 0;
  if (path == kManifestRoute) {
    r = service_.manifest(inm);
  } else if (path == kSignatureRoute) {
    r = service_.signature();
  } else if (is_file) {
    r = service_.file(target);
  } else {
    r.status = 404;
    r.content_type = "text/plain";
  }
  std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
  if (!r.content_type.empty()) head += "Content-Type: " + r.content_type + "\r\n";
  if (!r.etag.empty()) head += "ETag: " + r.etag + "\r\n";
  head += "Content-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n";
  if (!send_all(fd, head)) return;
  const Mode mode = mode_;
  if (is_file && r.status == 200 && mode != Mode::normal) {
    const std::string_view half = std::string_view(r.body).substr(0, r.body.size() / 2);
    send_all(fd, half);
    sent_ += half.size();
    if (mode == Mode::stall_files) {
      stalled_ = true;
      while (!stop_ && mode_ == Mode::stall_files) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      stalled_ = false;
    }
    return;  // closed with half a body: a cut connection
  }
  if (send_all(fd, r.body)) sent_ += r.body.size();
}

}  // namespace praxis::mirror::testing
