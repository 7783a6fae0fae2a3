#include "praxis/mirror/path_rules.h"

#include <utf8proc.h>

#include <cstdlib>
#include <string>

namespace praxis::mirror {

namespace {

Status bad(std::string_view path, std::string_view why) {
  std::string shown;
  for (const char c : path.substr(0, 80)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      shown += "\\x";
      shown += kHex[u >> 4];
      shown += kHex[u & 15];
    } else {
      shown += c;
    }
  }
  return Status::InvalidArgument("path \"" + shown + (path.size() > 80 ? "…" : "") + "\": " + std::string(why));
}

// Code points a file name must not carry: controls, line and paragraph
// separators, unassigned ones and invisible format characters (bidirectional
// overrides and isolates, BOM …) except the joiners some scripts need.
bool forbidden(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CN:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
      return true;
    case UTF8PROC_CATEGORY_CF:
      return cp != 0x200C && cp != 0x200D;
    default:
      return false;
  }
}

}  // namespace

Status check_mirror_path(std::string_view path) {
  if (path.empty()) return bad(path, "empty");
  if (path.size() > kMaxPathBytes) return bad(path, "longer than " + std::to_string(kMaxPathBytes) + " bytes");
  if (path.front() == '/') return bad(path, "absolute");
  if (path.find('\\') != std::string_view::npos) return bad(path, "contains a backslash");
  if (path.find('\0') != std::string_view::npos) return bad(path, "contains NUL");

  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view seg = path.substr(start, slash - start);
    if (seg.empty()) return bad(path, "has an empty segment");
    if (seg == "." || seg == "..") return bad(path, "has a '" + std::string(seg) + "' segment");
    if (seg.front() == '.') return bad(path, "has a hidden segment (starting with '.')");
    if (seg.size() > kMaxSegmentBytes) return bad(path, "has a segment longer than 255 bytes");
    start = slash + 1;
  }

  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(path.data());
  auto left = static_cast<utf8proc_ssize_t>(path.size());
  while (left > 0) {
    utf8proc_int32_t cp = -1;
    const utf8proc_ssize_t n = utf8proc_iterate(bytes, left, &cp);
    if (n <= 0 || cp < 0) return bad(path, "is not valid UTF-8");
    if (forbidden(cp)) return bad(path, "contains a control, format or unassigned character");
    bytes += n;
    left -= n;
  }

  const std::string copy(path);  // NUL-terminated (no NUL inside: checked above)
  utf8proc_uint8_t* nfc = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(copy.c_str()));
  if (nfc == nullptr) return bad(path, "cannot be normalised");
  const bool same = copy == reinterpret_cast<const char*>(nfc);
  std::free(nfc);
  if (!same) return bad(path, "is not in Unicode normalisation form C (NFC)");
  return Status::Ok();
}

bool is_origin_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxOriginNameBytes || name.front() == '-') return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace praxis::mirror
