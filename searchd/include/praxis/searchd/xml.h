// Text for XML documents (Atom, sitemaps, OpenSearch): escaped, and with the
// characters XML 1.0 forbids removed, so that no stored value can make a
// document ill-formed.
#pragma once

#include <string>
#include <string_view>

namespace praxis::searchd {

// Escapes & < > " ' and drops control characters other than tab, LF and CR,
// U+FFFE/U+FFFF, and bytes that are not valid UTF-8.
std::string xml_escape(std::string_view text);
void xml_escape_append(std::string_view text, std::string& out);

// A YYYY-MM-DD date as an RFC 3339 timestamp at midnight UTC; "" when the
// text is not such a date.
std::string rfc3339_date(std::string_view ymd);

// Percent-encodes everything but RFC 3986's unreserved characters (for ids
// and query strings put into URLs).
std::string url_encode(std::string_view s);

}  // namespace praxis::searchd
