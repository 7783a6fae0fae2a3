// The pieces of praxis-searchd's abuse limits that need no server: the
// per-client token buckets, who the client is (X-Forwarded-For behind a
// trusted proxy), --rate-limit parsing, and the connection I/O limits
// (request head deadline and size, lingering close) over a socket pair.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include <xapian.h>

#include "cli.h"
#include "connection_io.h"
#include "praxis/searchd/client_address.h"
#include "praxis/query_builder.h"
#include "praxis/searchd/rate_limiter.h"

namespace praxis::searchd {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

TEST(RateLimiter, BurstThenRate) {
  RateLimiter limiter(2.0, 5.0);
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.take("a", t0).allowed) << i;
  const RateLimiter::Decision refused = limiter.take("a", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 1u);  // half a second, rounded up to whole seconds
  EXPECT_TRUE(limiter.take("b", t0).allowed);  // another client has its own bucket
  EXPECT_FALSE(limiter.take("a", t0 + 400ms).allowed);
  EXPECT_TRUE(limiter.take("a", t0 + 600ms).allowed);   // 1.2 tokens refilled
  EXPECT_FALSE(limiter.take("a", t0 + 700ms).allowed);
  // A long pause refills to the burst, never past it.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.take("a", t0 + 100s).allowed) << i;
  EXPECT_FALSE(limiter.take("a", t0 + 100s).allowed);
}

TEST(RateLimiter, RetryAfterForSlowRates) {
  RateLimiter limiter(1.0 / 60.0, 1.0);  // 1/m
  const Clock::time_point t0 = Clock::now();
  EXPECT_TRUE(limiter.take("a", t0).allowed);
  const RateLimiter::Decision d = limiter.take("a", t0 + 15s);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 45u);
}

TEST(RateLimiter, OffAllowsEverything) {
  RateLimiter limiter(0, 1);
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.take("a").allowed);
  EXPECT_EQ(limiter.clients(), 0u);
}

TEST(RateLimiter, MemoryIsBounded) {
  RateLimiter limiter(10.0, 20.0, 160);  // 10 clients a shard
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 100000; ++i) limiter.take("client-" + std::to_string(i), t0);
  EXPECT_LE(limiter.clients(), 160u);
  // A shard trimmed to make room forgets first the clients whose bucket refilled.
  RateLimiter trimmed(1.0, 2.0, 16);  // one client a shard
  EXPECT_TRUE(trimmed.take("x", t0).allowed);
  EXPECT_TRUE(trimmed.take("x", t0).allowed);
  EXPECT_FALSE(trimmed.take("x", t0).allowed);
  EXPECT_EQ(trimmed.clients(), 1u);
}

TEST(ClientAddress, PeerUnlessATrustedProxySaysOtherwise) {
  std::vector<IpNetwork> none;
  std::vector<IpNetwork> local;
  for (const char* n : {"127.0.0.1", "10.0.0.0/8"}) {
    auto parsed = IpNetwork::parse(n);
    ASSERT_TRUE(parsed.ok()) << n;
    local.push_back(parsed.value());
  }
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", none), "203.0.113.9");  // not trusted: ignored
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", local), "203.0.113.9");  // peer not a proxy
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1", local), "198.51.100.1");
  // Read from the right: the client may have sent a forged entry first.
  EXPECT_EQ(client_address("127.0.0.1", "6.6.6.6, 198.51.100.1", local), "198.51.100.1");
  // Trusted proxies in the chain are skipped.
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1, 10.1.2.3", local), "198.51.100.1");
  // Garbage stops the walk at the last address a trusted proxy gave.
  EXPECT_EQ(client_address("127.0.0.1", "nonsense", local), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.1, ", local), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "", local), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "[2001:db8::1]", local), "2001:db8::1");
  EXPECT_EQ(client_address("::ffff:127.0.0.1", "2001:db8::1", local), "2001:db8::1");
}

TEST(ClientAddress, Networks) {
  EXPECT_FALSE(IpNetwork::parse("not-an-address").ok());
  EXPECT_FALSE(IpNetwork::parse("10.0.0.0/33").ok());
  EXPECT_FALSE(IpNetwork::parse("10.0.0.0/").ok());
  EXPECT_FALSE(IpNetwork::parse("::/129").ok());
  auto v6 = IpNetwork::parse("2001:db8::/32");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(v6->contains("2001:db8:1::5"));
  EXPECT_FALSE(v6->contains("2001:db9::5"));
  EXPECT_FALSE(v6->contains("10.0.0.1"));
  auto any4 = IpNetwork::parse("0.0.0.0/0");
  ASSERT_TRUE(any4.ok());
  EXPECT_TRUE(any4->contains("8.8.8.8"));
  auto one = IpNetwork::parse("192.168.1.7");
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(one->contains("192.168.1.7"));
  EXPECT_FALSE(one->contains("192.168.1.8"));
  auto odd = IpNetwork::parse("192.168.1.0/25");
  ASSERT_TRUE(odd.ok());
  EXPECT_TRUE(odd->contains("192.168.1.127"));
  EXPECT_FALSE(odd->contains("192.168.1.128"));
}

TEST(ClientAddress, KeysAndLoopback) {
  EXPECT_EQ(rate_limit_key("203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(rate_limit_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(rate_limit_key("2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(rate_limit_key("::ffff:203.0.113.9"), "203.0.113.9");
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("127.3.2.1"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_TRUE(is_loopback("::ffff:127.0.0.1"));
  EXPECT_FALSE(is_loopback("10.0.0.1"));
  EXPECT_FALSE(is_loopback("::2"));
  EXPECT_FALSE(is_loopback("garbage"));
}

// Every prefix* of a query shares one budget of expanded terms, so that
// four "a*" cost little more than one, and more are refused.
TEST(QueryLimits, WildcardsShareOneExpansionBudget) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 1000; ++i) {
    Xapian::Document doc;
    doc.add_term("ax" + std::to_string(i));
    db.add_document(doc);
  }
  db.commit();
  QueryBuilder builder(db);
  auto matches = [&](const std::string& q) {
    auto parsed = builder.parse(q);
    EXPECT_TRUE(parsed.ok()) << q;
    Xapian::Enquire enquire(db);
    enquire.set_query(parsed->query);
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
  };
  EXPECT_EQ(matches("ax*"), 200u);            // max_wildcard for a lone one
  EXPECT_EQ(matches("ax* OR ax*"), 100u);     // 200 / 2
  EXPECT_EQ(matches("ax* ax* ax* ax*"), 50u);  // 200 / 4 each
  // More than max_wildcards: refused, before any lexicon is scanned.
  const auto refused = builder.parse("ax* ax* ax* ax* ax*");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::invalid_argument);
  EXPECT_FALSE(builder.parse("title:a* ax* ax* ax* ax*").ok());  // field wildcards count too
  EXPECT_TRUE(builder.parse("title:a* ax* ax* ax*").ok());
}

TEST(Cli, ParseRate) {
  EXPECT_EQ(parse_rate("20/s"), 20.0);
  EXPECT_EQ(parse_rate("20"), 20.0);
  EXPECT_EQ(parse_rate("0.5/s"), 0.5);
  EXPECT_EQ(parse_rate("600/m"), 10.0);
  EXPECT_EQ(parse_rate("0"), 0.0);
  EXPECT_EQ(parse_rate("off"), 0.0);
  for (const char* bad : {"", "/s", "x/s", "10/h", "1.2.3", "-5", "1e9", "."}) EXPECT_FALSE(parse_rate(bad)) << bad;
}

// A connected socket pair: `server` for the ConnectionIo, `client` for the test.
struct Pair {
  int server = -1, client = -1;
  Pair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0) {
      server = fds[0];
      client = fds[1];
    }
  }
  ~Pair() {
    if (server >= 0) ::close(server);
    if (client >= 0) ::close(client);
  }
  void send(std::string_view s) const { ASSERT_EQ(::write(client, s.data(), s.size()), static_cast<ssize_t>(s.size())); }
};

std::string read_all(ConnectionIo& io, std::size_t max = 1 << 20) {
  std::string out;
  char c;
  while (out.size() < max && io.read(&c, 1) == 1) out += c;
  return out;
}

ConnectionLimits short_limits() {
  ConnectionLimits l;
  l.keep_alive = 300ms;
  l.read = 300ms;
  l.write = 300ms;
  l.response = 1s;
  l.max_head_bytes = 1024;
  l.max_line_bytes = 100;
  return l;
}

TEST(ConnectionIo, ReadsARequestHead) {
  Pair p;
  ASSERT_GE(p.server, 0);
  ConnectionIo io(p.server, short_limits());
  p.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(io.wait_for_request([] { return false; }));
  io.begin_request();
  char buf[64];
  const ssize_t n = io.read(buf, sizeof buf);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<std::size_t>(n)), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(io.head_error(), ConnectionIo::HeadError::none);
  EXPECT_TRUE(io.request_line_read());
  EXPECT_EQ(io.write("HTTP/1.1 200 OK\r\n", 17), 17);
  EXPECT_EQ(io.bytes_written(), 17u);
}

TEST(ConnectionIo, ASlowHeadTimesOutHoweverItTrickles) {
  Pair p;
  ASSERT_GE(p.server, 0);
  ConnectionIo io(p.server, short_limits());
  std::thread trickle([&] {
    for (char c : std::string("GET / HTTP/1.1\r\nHost: x")) {
      if (::write(p.client, &c, 1) != 1) return;
      std::this_thread::sleep_for(50ms);  // each byte well within the 300 ms read limit
    }
  });
  ASSERT_TRUE(io.wait_for_request([] { return false; }));
  io.begin_request();
  const auto start = std::chrono::steady_clock::now();
  const std::string got = read_all(io);
  const auto took = std::chrono::steady_clock::now() - start;
  trickle.join();
  EXPECT_LT(got.size(), 23u);
  EXPECT_EQ(io.head_error(), ConnectionIo::HeadError::timed_out);
  EXPECT_LT(took, 1s);
}

TEST(ConnectionIo, HeadSizeAndLineLimits) {
  {
    Pair p;
    ConnectionIo io(p.server, short_limits());
    p.send("GET /" + std::string(2000, 'a'));
    ASSERT_TRUE(io.wait_for_request([] { return false; }));
    io.begin_request();
    EXPECT_EQ(read_all(io).size(), 1024u);
    EXPECT_EQ(io.head_error(), ConnectionIo::HeadError::too_large);
    EXPECT_FALSE(io.request_line_read());  // answered 414
  }
  {
    Pair p;
    ConnectionIo io(p.server, short_limits());
    p.send("GET / HTTP/1.1\r\nX-Long: " + std::string(200, 'b') + "\r\n\r\n");
    ASSERT_TRUE(io.wait_for_request([] { return false; }));
    io.begin_request();
    read_all(io, 240);
    EXPECT_EQ(io.head_error(), ConnectionIo::HeadError::line_too_long);
  }
  {
    // The body is not the head: after end_head() the limits are off.
    Pair p;
    ConnectionIo io(p.server, short_limits());
    p.send("GET / HTTP/1.1\r\n\r\n" + std::string(3000, 'c'));
    ASSERT_TRUE(io.wait_for_request([] { return false; }));
    io.begin_request();
    EXPECT_EQ(read_all(io, 18).size(), 18u);
    io.end_head();
    EXPECT_EQ(read_all(io, 3000).size(), 3000u);
    EXPECT_EQ(io.head_error(), ConnectionIo::HeadError::none);
  }
}

TEST(ConnectionIo, IdleKeepAliveAndStop) {
  Pair p;
  ConnectionIo io(p.server, short_limits());
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(io.wait_for_request([] { return false; }));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
  ConnectionLimits long_idle = short_limits();
  long_idle.keep_alive = 60s;
  ConnectionIo waiting(p.server, long_idle);
  start = std::chrono::steady_clock::now();
  EXPECT_FALSE(waiting.wait_for_request([] { return true; }));  // the server is stopping
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(ConnectionIo, AClientThatReadsNothingTimesTheResponseOut) {
  Pair p;
  int small = 4096;
  ::setsockopt(p.server, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  ConnectionIo io(p.server, short_limits());
  io.begin_request();
  const std::string chunk(64 * 1024, 'x');
  const auto start = std::chrono::steady_clock::now();
  ssize_t n = 0;
  std::size_t total = 0;
  while ((n = io.write(chunk.data(), chunk.size())) > 0) total += static_cast<std::size_t>(n);
  EXPECT_EQ(n, -1);
  EXPECT_LT(total, 4u << 20);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(ConnectionIo, SendAndLingerDeliversTheAnswer) {
  Pair p;
  ConnectionIo io(p.server, short_limits());
  p.send(std::string(5000, 'z'));  // unread request bytes
  io.send_and_linger("HTTP/1.1 503 Service Unavailable\r\n\r\n", 200ms, 100ms);
  char buf[128];
  const ssize_t n = ::read(p.client, buf, sizeof buf);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<std::size_t>(n)).substr(0, 12), "HTTP/1.1 503");
  EXPECT_EQ(::read(p.client, buf, sizeof buf), 0);  // shut down for writing: the end
}

}  // namespace
}  // namespace praxis::searchd
