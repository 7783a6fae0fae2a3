#include "connection_io.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace praxis::searchd {

namespace {

using std::chrono::milliseconds;

void address_of(const sockaddr_storage& ss, std::string& ip, int& port) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(ss);
    ::inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
    port = ntohs(a.sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(ss);
    ::inet_ntop(AF_INET6, &a.sin6_addr, buf, sizeof buf);
    port = ntohs(a.sin6_port);
  } else {
    port = 0;
  }
  ip = buf;
}

}  // namespace

int ConnectionIo::poll_for(short events, Clock::time_point deadline) const {
  while (true) {
    const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return 0;
    pollfd p{fd_, events, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60 * 60 * 1000)));
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) continue;  // woke early: check the clock again
    if (p.revents & POLLNVAL) return -1;
    if ((events & POLLOUT) && (p.revents & (POLLERR | POLLHUP)) && !(p.revents & POLLOUT)) return -1;
    return 1;  // for POLLIN, a hang-up reads as the end of the stream
  }
}

bool ConnectionIo::fill(Clock::time_point deadline) {
  while (true) {
    const int r = poll_for(POLLIN, deadline);
    if (r <= 0) {
      if (r == 0 && in_head_ && head_error_ == HeadError::none) head_error_ = HeadError::timed_out;
      return false;
    }
    const ssize_t n = ::recv(fd_, buf_.data(), buf_.size(), MSG_DONTWAIT);
    if (n > 0) {
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
  }
}

bool ConnectionIo::wait_for_request(const std::function<bool()>& stopping) {
  if (begin_ < end_) return true;
  if (eof_) return false;
  const auto deadline = Clock::now() + limits_.keep_alive;
  while (!stopping()) {
    const auto slice = std::min(deadline, Clock::now() + milliseconds(100));
    const int r = poll_for(POLLIN, slice);
    if (r != 0) return r > 0;
    if (Clock::now() >= deadline) return false;
  }
  return false;
}

void ConnectionIo::begin_request() {
  in_head_ = true;
  head_deadline_ = Clock::now() + limits_.read;
  head_bytes_ = 0;
  line_bytes_ = 0;
  lines_in_head_ = 0;
  head_error_ = HeadError::none;
  written_ = 0;
  response_deadline_ = {};
}

ssize_t ConnectionIo::read(char* ptr, std::size_t size) {
  if (size == 0) return 0;
  if (begin_ == end_) {
    const auto deadline = in_head_ ? head_deadline_ : Clock::now() + limits_.read;
    if (!fill(deadline)) return eof_ ? 0 : -1;
  }
  std::size_t n = std::min(size, end_ - begin_);
  if (in_head_) {
    if (head_bytes_ + n > limits_.max_head_bytes) {
      n = limits_.max_head_bytes - head_bytes_;
      if (n == 0) {
        head_error_ = HeadError::too_large;
        return -1;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (buf_[begin_ + i] == '\n') {
        ++lines_in_head_;
        line_bytes_ = 0;
      } else if (++line_bytes_ > limits_.max_line_bytes && lines_in_head_ > 0 &&
                 head_error_ == HeadError::none) {
        head_error_ = HeadError::line_too_long;
      }
    }
    head_bytes_ += n;
  }
  std::memcpy(ptr, buf_.data() + begin_, n);
  begin_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionIo::write(const char* ptr, std::size_t size) {
  if (size == 0) return 0;
  if (response_deadline_ == Clock::time_point{}) response_deadline_ = Clock::now() + limits_.response;
  while (true) {
    const auto deadline = std::min(Clock::now() + limits_.write, response_deadline_);
    if (poll_for(POLLOUT, deadline) != 1) return -1;
    const ssize_t n = ::send(fd_, ptr, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      written_ += static_cast<std::size_t>(n);
      return n;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
  }
}

bool ConnectionIo::readable() { return begin_ < end_ || poll_for(POLLIN, Clock::now() + limits_.read) == 1; }

bool ConnectionIo::writable() { return poll_for(POLLOUT, Clock::now() + limits_.write) == 1; }

void ConnectionIo::send_and_linger(std::string_view bytes, std::chrono::milliseconds limit,
                                   std::chrono::milliseconds linger) {
  const auto deadline = Clock::now() + limit;
  while (!bytes.empty() && poll_for(POLLOUT, deadline) == 1) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      break;
    }
  }
  ::shutdown(fd_, SHUT_WR);
  // Unread bytes at close() make the kernel send a reset, which can reach the
  // client before it read the answer: read what it still sends, for a while.
  const auto until = Clock::now() + linger;
  std::size_t discarded = 0;
  char sink[4096];
  while (discarded < (1u << 20) && poll_for(POLLIN, until) == 1) {
    const ssize_t n = ::recv(fd_, sink, sizeof sink, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) break;
    if (n > 0) discarded += static_cast<std::size_t>(n);
  }
}

void ConnectionIo::peer(std::string& ip, int& port) const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    ip.clear();
    port = 0;
    return;
  }
  address_of(ss, ip, port);
}

void ConnectionIo::local(std::string& ip, int& port) const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    ip.clear();
    port = 0;
    return;
  }
  address_of(ss, ip, port);
}

}  // namespace praxis::searchd
