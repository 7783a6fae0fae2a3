#include "praxis/analysis/normalize.h"

#include <utf8proc.h>

#include <array>
#include <cstring>
#include <vector>

#include "utf8.h"

namespace praxis::analysis {
namespace {

constexpr auto kOptions = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                         UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);

// The general path's buffer. Runs of text that the two-byte table below does
// not cover are short in practice, so it stays small; it is kept per thread
// so that normalising allocates nothing once warm.
constexpr std::size_t kKeepBuffer = std::size_t{1} << 16;  // code points kept between calls

// TermGenerator indexes the typographic apostrophes ’ and ‛ inside a word as
// ASCII "'" ("don’t" → "don't"); normalising them the same way makes query
// words, snippet words and indexed terms agree.
utf8proc_int32_t map_apostrophe(utf8proc_int32_t c, void*) { return c == 0x2019 || c == 0x201B ? 0x27 : c; }

// Normalises one run of valid, non-ASCII UTF-8 and appends it to `out`.
void append_run(std::string_view run, std::string& out) {
  thread_local std::vector<utf8proc_int32_t> buffer(256);
  const auto* in = reinterpret_cast<const utf8proc_uint8_t*>(run.data());
  const auto len = static_cast<utf8proc_ssize_t>(run.size());
  utf8proc_ssize_t n = utf8proc_decompose_custom(in, len, buffer.data(), static_cast<utf8proc_ssize_t>(buffer.size()),
                                                 kOptions, map_apostrophe, nullptr);
  if (n > static_cast<utf8proc_ssize_t>(buffer.size())) {
    buffer.resize(static_cast<std::size_t>(n));
    n = utf8proc_decompose_custom(in, len, buffer.data(), n, kOptions, map_apostrophe, nullptr);
  }
  if (n >= 0) {
    // Composes in place and re-encodes the code points as UTF-8 bytes into
    // the same buffer (4 bytes per code point always suffice).
    n = utf8proc_reencode(buffer.data(), n, kOptions);
  }
  if (n < 0) {
    // Cannot happen for validated input; degrade to the raw text, not a throw.
    out.append(run);
  } else {
    out.append(reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(n));
  }
  if (buffer.size() > kKeepBuffer) {
    buffer.resize(256);
    buffer.shrink_to_fit();
  }
}

// The normalised form of each two-byte code point (U+0080..U+07FF: Latin-1,
// Latin Extended, Greek, Cyrillic, Hebrew, Arabic …), worked out once by
// append_run() itself. With marks stripped, these normalise independently of
// their neighbours (canonical composition then only joins Hangul jamo, which
// are three-byte characters), so Greek text is normalised by table lookup.
struct Mapped {
  unsigned char len;  // kNotMapped: take the general path
  char bytes[7];
};
constexpr unsigned char kNotMapped = 0xFF;

const std::array<Mapped, 0x800>& two_byte_table() {
  static const std::array<Mapped, 0x800> table = [] {
    std::array<Mapped, 0x800> t{};
    std::string in, out;
    for (char32_t cp = 0x80; cp < 0x800; ++cp) {
      in.clear();
      out.clear();
      detail::append_utf8(in, cp);
      append_run(in, out);
      Mapped& m = t[cp];
      if (out.size() <= sizeof m.bytes) {
        m.len = static_cast<unsigned char>(out.size());
        std::memcpy(m.bytes, out.data(), out.size());
      } else {
        m.len = kNotMapped;
      }
    }
    return t;
  }();
  return table;
}

}  // namespace

void normalize_append(std::string_view s, std::string& out) {
  const auto& table = two_byte_table();
  out.reserve(out.size() + s.size());
  const std::size_t n = s.size();
  std::size_t i = 0;
  std::size_t run = 0;  // start of pending text for the general path
  bool pending = false;
  auto flush = [&](std::size_t to) {
    if (pending) append_run(s.substr(run, to - run), out);
    pending = false;
  };
  while (i < n) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {  // ASCII: lowercase only (NFKC and case folding agree on it)
      flush(i);
      out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : static_cast<char>(b));
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = detail::decode_utf8(s, i, cp);
    if (len == 0) {  // an invalid byte
      flush(i);
      detail::append_utf8(out, detail::kReplacementChar);
      ++i;
      continue;
    }
    // A character that normalises to nothing (a mark, a soft hyphen) inside
    // a pending run stays in it: Hangul jamo compose across it.
    if (len == 2 && table[cp].len != kNotMapped && !(pending && table[cp].len == 0)) {
      flush(i);
      out.append(table[cp].bytes, table[cp].len);
    } else if (!pending) {
      pending = true;
      run = i;
    }
    i += len;
  }
  flush(n);
}

std::string normalize(std::string_view s) {
  std::string out;
  normalize_append(s, out);
  return out;
}

bool is_valid_utf8(std::string_view s, std::size_t* bad_offset) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = detail::decode_utf8(s, i, cp);
    if (len == 0) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

char32_t first_code_point(std::string_view utf8) noexcept {
  if (utf8.empty()) return 0;
  char32_t cp = 0;
  return detail::decode_utf8(utf8, 0, cp) > 0 ? cp : detail::kReplacementChar;
}

}  // namespace praxis::analysis
