// UTF-8 decoding and encoding shared by the analysis sources (internal).
//
// Strict RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
// Every caller treats an invalid byte as a one-byte "character" of its own,
// so malformed input never stops a loop and never reads out of bounds.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace praxis::analysis::detail {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point starting at s[i] (i < s.size()). Returns its length
// in bytes (1-4) and sets cp, or returns 0 if the bytes there are not valid.
inline std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  const std::size_t left = s.size() - i;
  auto cont = [&](std::size_t k) { return k < left && (byte(i + k) & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!cont(1)) return 0;
    cp = (char32_t{b0} & 0x1F) << 6 | (byte(i + 1) & 0x3Fu);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    cp = (char32_t{b0} & 0x0F) << 12 | (byte(i + 1) & 0x3Fu) << 6 | (byte(i + 2) & 0x3Fu);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    cp = (char32_t{b0} & 0x07) << 18 | (byte(i + 1) & 0x3Fu) << 12 | (byte(i + 2) & 0x3Fu) << 6 |
         (byte(i + 3) & 0x3Fu);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    return 4;
  }
  return 0;
}

inline void append_utf8(std::string& out, char32_t cp) {
  auto put = [&](char32_t v) { out.push_back(static_cast<char>(v)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6));
    put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18));
    put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  }
}

}  // namespace praxis::analysis::detail
