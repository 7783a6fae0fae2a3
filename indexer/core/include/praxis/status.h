// Expected failures are values, not exceptions (see docs/design.md).
// A Status carries a code that maps onto HTTP, and a message for people.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace praxis {

enum class Code {
  ok = 0,
  invalid_argument,  // HTTP 400
  not_found,         // HTTP 404
  unavailable,       // HTTP 503: the index cannot be opened right now
  io_error,          // HTTP 500
  corrupt,           // HTTP 500: an index or file we cannot understand
  internal,          // HTTP 500
};

class Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) { return {Code::invalid_argument, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::not_found, std::move(m)}; }
  static Status Unavailable(std::string m) { return {Code::unavailable, std::move(m)}; }
  static Status IoError(std::string m) { return {Code::io_error, std::move(m)}; }
  static Status Corrupt(std::string m) { return {Code::corrupt, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::internal, std::move(m)}; }

  bool ok() const { return code_ == Code::ok; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  int http_status() const;

 private:
  Code code_ = Code::ok;
  std::string message_;
};

// Either a value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}     // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace praxis
