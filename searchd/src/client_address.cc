#include "praxis/searchd/client_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace praxis::searchd {

namespace {

struct Parsed {
  int family = 0;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<Parsed> parse_address(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  Parsed p;
  if (::inet_pton(AF_INET, s.c_str(), p.bytes.data()) == 1) {
    p.family = AF_INET;
    return p;
  }
  if (::inet_pton(AF_INET6, s.c_str(), p.bytes.data()) == 1) {
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(p.bytes.data(), kMapped, sizeof kMapped) == 0) {
      std::memmove(p.bytes.data(), p.bytes.data() + 12, 4);
      std::memset(p.bytes.data() + 4, 0, 12);
      p.family = AF_INET;
    } else {
      p.family = AF_INET6;
    }
    return p;
  }
  return std::nullopt;
}

std::string to_text(const Parsed& p) {
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(p.family, p.bytes.data(), buf, sizeof buf);
  return buf;
}

}  // namespace

Result<IpNetwork> IpNetwork::parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = parse_address(text.substr(0, slash));
  if (!address) return Status::InvalidArgument("'" + std::string(text) + "' is not an IP address or network");
  IpNetwork n;
  n.family_ = address->family;
  n.bytes_ = address->bytes;
  const unsigned max = n.family_ == AF_INET ? 32 : 128;
  n.prefix_ = max;
  if (slash != std::string_view::npos) {
    const std::string_view bits = text.substr(slash + 1);
    if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoul(std::string(bits)) > max)
      return Status::InvalidArgument("'" + std::string(text) + "': the prefix length must be 0 to " +
                                     std::to_string(max));
    n.prefix_ = static_cast<unsigned>(std::stoul(std::string(bits)));
  }
  return n;
}

bool IpNetwork::contains(std::string_view address) const {
  const auto a = parse_address(address);
  if (!a || a->family != family_) return false;
  unsigned bits = prefix_;
  for (std::size_t i = 0; bits > 0; ++i) {
    const unsigned take = bits >= 8 ? 8 : bits;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - take));
    if ((a->bytes[i] & mask) != (bytes_[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

std::optional<std::string> canonical_address(std::string_view text) {
  const auto p = parse_address(text);
  if (!p) return std::nullopt;
  return to_text(*p);
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<IpNetwork>& trusted_proxies) {
  auto trusted = [&](std::string_view address) {
    for (const auto& n : trusted_proxies)
      if (n.contains(address)) return true;
    return false;
  };
  const std::string from = canonical_address(peer).value_or(std::string(peer));
  if (trusted_proxies.empty() || forwarded_for.empty() || !trusted(from)) return from;
  std::string client = from;
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const std::string_view entry = forwarded_for.substr(comma == std::string_view::npos ? 0 : comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    const auto address = canonical_address(entry);
    if (!address) break;  // garbage: keep the last address a trusted proxy gave
    client = *address;
    if (!trusted(client)) break;
  }
  return client;
}

std::string rate_limit_key(std::string_view address) {
  auto p = parse_address(address);
  if (!p) return std::string(address);
  if (p->family == AF_INET6) {
    std::memset(p->bytes.data() + 8, 0, 8);
    return to_text(*p) + "/64";
  }
  return to_text(*p);
}

bool is_loopback(std::string_view address) {
  const auto p = parse_address(address);
  if (!p) return false;
  if (p->family == AF_INET) return p->bytes[0] == 127;
  static constexpr std::uint8_t kOne[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::memcmp(p->bytes.data(), kOne, 16) == 0;
}

}  // namespace praxis::searchd
