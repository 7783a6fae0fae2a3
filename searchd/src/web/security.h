// Response headers every HTML page (and the static files) should carry.
// The pages need no inline script or style: the policy allows scripts,
// styles, images and fetches from this origin only, and nothing may frame
// the site.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace praxis::web {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Content-Security-Policy, X-Content-Type-Options, Referrer-Policy,
// X-Frame-Options, Permissions-Policy, Cross-Origin-Opener-Policy.
const HeaderList& security_headers();

// The Content-Security-Policy value alone (tests and docs).
const std::string& content_security_policy();

}  // namespace praxis::web
