// The socket I/O of one HTTP connection, with the limits that protect the
// server from slow and oversized clients (http_server.cc wraps it in the
// stream cpp-httplib reads requests from and writes responses to):
//
//  - a request's line and headers must arrive within `read` of its first
//    byte, however slowly they trickle in (cpp-httplib's own timeout counts
//    per read(), so one byte every few seconds would hold a thread forever);
//  - they may not exceed `max_head_bytes` together (cpp-httplib reads a
//    request line of any length into memory before it checks it);
//  - a response may stall for at most `write` and take at most `response`;
//  - an idle keep-alive connection closes after `keep_alive`, and at once
//    when the server stops.
//
// Reads are buffered (cpp-httplib reads request lines a byte at a time).
// One thread uses a ConnectionIo at a time; it does not own the socket.
#pragma once

#include <sys/types.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace praxis::searchd {

struct ConnectionLimits {
  std::chrono::milliseconds keep_alive{5000};
  std::chrono::milliseconds read{5000};
  std::chrono::milliseconds write{10000};
  std::chrono::milliseconds response{60000};
  std::size_t max_head_bytes = 32 * 1024;
  std::size_t max_line_bytes = 8192;  // cpp-httplib's limit for one header line
};

class ConnectionIo {
 public:
  using Clock = std::chrono::steady_clock;

  ConnectionIo(int fd, ConnectionLimits limits) : fd_(fd), limits_(limits) {}

  // Waits for the next request: true when bytes are there to read, false
  // when the connection stayed idle for `keep_alive`, failed, or `stopping()`
  // became true (checked every 100 ms).
  bool wait_for_request(const std::function<bool()>& stopping);
  // Starts the clock and the byte count of a new request.
  void begin_request();
  // The request's line and headers have been read: the head limits no
  // longer apply.
  void end_head() { in_head_ = false; }

  // For cpp-httplib's stream: -1 on error, time-out or a limit, 0 at the end.
  ssize_t read(char* ptr, std::size_t size);
  ssize_t write(const char* ptr, std::size_t size);
  bool readable();
  bool writable();

  enum class HeadError { none, line_too_long, too_large, timed_out };
  // Why reading the current request's head failed (or which header line was
  // too long), so that the answer can say so (431, 414, 408).
  HeadError head_error() const { return head_error_; }
  bool request_line_read() const { return lines_in_head_ > 0; }
  std::size_t head_bytes() const { return head_bytes_; }
  std::size_t bytes_written() const { return written_; }  // of the current request's response

  // Sends `bytes` as far as the socket takes them now and within `limit`
  // (for answers written outside cpp-httplib: 414, 503), then shuts the
  // sending side and reads what the client still sends for up to `linger`,
  // so that closing does not reset the connection before the answer is read.
  void send_and_linger(std::string_view bytes, std::chrono::milliseconds limit, std::chrono::milliseconds linger);

  int fd() const { return fd_; }
  void peer(std::string& ip, int& port) const;
  void local(std::string& ip, int& port) const;

 private:
  int poll_for(short events, Clock::time_point deadline) const;  // 1 ready, 0 time-out, -1 error
  bool fill(Clock::time_point deadline);                          // false: nothing came (see eof_)

  const int fd_;
  const ConnectionLimits limits_;
  std::array<char, 4096> buf_{};
  std::size_t begin_ = 0, end_ = 0;  // unread bytes are buf_[begin_, end_)
  bool eof_ = false;

  // The current request.
  bool in_head_ = false;
  Clock::time_point head_deadline_;
  std::size_t head_bytes_ = 0;
  std::size_t line_bytes_ = 0;   // of the header line being read
  std::size_t lines_in_head_ = 0;
  HeadError head_error_ = HeadError::none;
  std::size_t written_ = 0;
  Clock::time_point response_deadline_;
};

}  // namespace praxis::searchd
