#include "web/security.h"

namespace praxis::web {

const std::string& content_security_policy() {
  static const std::string kPolicy =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
      "manifest-src 'self'";
  return kPolicy;
}

const HeaderList& security_headers() {
  static const HeaderList kHeaders = {
      {"Content-Security-Policy", content_security_policy()},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"X-Frame-Options", "DENY"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  return kHeaders;
}

}  // namespace praxis::web
