// Who is the client: the peer address of the connection, or, when the peer
// is a trusted reverse proxy (--trust-proxy), the address that proxy put in
// X-Forwarded-For. Only the proxies named are believed: anyone else can send
// any X-Forwarded-For they like.
//
// X-Forwarded-For is read from the right ("client, proxy1, proxy2"): every
// proxy appends the address it got the request from, so the rightmost entry
// that is not a trusted proxy is the first address no trusted party vouches
// beyond. Entries to its left are whatever the client chose to send.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/status.h"

namespace praxis::searchd {

// An address or a network: "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8".
class IpNetwork {
 public:
  static Result<IpNetwork> parse(std::string_view text);
  bool contains(std::string_view address) const;

 private:
  int family_ = 0;                  // AF_INET or AF_INET6
  std::array<std::uint8_t, 16> bytes_{};
  unsigned prefix_ = 0;             // bits
};

// The parsed address in canonical text ("1.2.3.4", "2001:db8::1"); IPv4 in
// IPv6 ("::ffff:1.2.3.4") becomes plain IPv4. nullopt when not an address.
std::optional<std::string> canonical_address(std::string_view text);

// The client of a request whose connection comes from `peer`, with the
// X-Forwarded-For header `forwarded_for` ("" when absent).
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<IpNetwork>& trusted_proxies);

// The rate-limit key of an address: IPv4 as it is, IPv6 by its /64 (one
// subscriber usually holds a whole /64, and could rotate through it).
std::string rate_limit_key(std::string_view address);

// 127.0.0.0/8, ::1 (and ::ffff:127.x.y.z).
bool is_loopback(std::string_view address);

}  // namespace praxis::searchd
