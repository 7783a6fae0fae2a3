// Fuzz target: a mirror manifest as a partner receives it. The strict
// parser (JSON, members, paths, timestamps, order, limits), the canonical
// form (a parsed manifest serialises to a manifest that parses to the same
// thing), the path rules on every path it accepted, the percent-encoding of
// file URLs, and the signature check (the input as a signature never
// verifies; the input signed with our key always does).
#include <string>
#include <string_view>

#include "fuzz_targets.h"
#include "praxis/mirror/keys.h"
#include "praxis/mirror/manifest.h"
#include "praxis/mirror/path_rules.h"
#include "praxis/mirror/url_codec.h"

namespace praxis::fuzz {

namespace {

constexpr std::string_view kTarget = "manifest";

const mirror::KeyPair& keys() {
  static const mirror::KeyPair* pair = new mirror::KeyPair(mirror::generate_key_pair());
  return *pair;
}

}  // namespace

int manifest_one(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // Small limits, so that the limit checks are reachable too.
  mirror::ManifestLimits limits;
  limits.max_manifest_bytes = 1 << 20;
  limits.max_entries = 64;
  limits.max_file_bytes = 1 << 20;
  const auto parsed = mirror::parse_manifest(bytes, limits);
  if (parsed.ok()) {
    const mirror::Manifest& m = parsed.value();
    PRAXIS_FUZZ_CHECK(kTarget, m.revision >= 1, "accepted revision 0");
    PRAXIS_FUZZ_CHECK(kTarget, mirror::is_origin_name(m.origin), "accepted a bad origin name");
    PRAXIS_FUZZ_CHECK(kTarget, m.files.size() + m.tombstones.size() <= limits.max_entries, "too many entries");
    for (const auto& f : m.files) {
      PRAXIS_FUZZ_CHECK(kTarget, mirror::check_mirror_path(f.path).ok(), "accepted a bad path: " + f.path);
      PRAXIS_FUZZ_CHECK(kTarget, f.size <= limits.max_file_bytes, "accepted a file over the limit");
      PRAXIS_FUZZ_CHECK(kTarget, m.find(f.path) == &f, "find() misses a listed file");
      // The URL the puller asks for decodes back to the path, and to nothing
      // that climbs out of the mirror folder.
      const auto decoded = mirror::percent_decode(mirror::percent_encode_path(f.path));
      PRAXIS_FUZZ_CHECK(kTarget, decoded && *decoded == f.path, "percent-encoding does not round-trip");
    }
    for (const auto& t : m.tombstones) {
      PRAXIS_FUZZ_CHECK(kTarget, mirror::check_mirror_path(t.path).ok(), "accepted a bad tombstone path");
      PRAXIS_FUZZ_CHECK(kTarget, m.find(t.path) == nullptr, "a tombstone for a listed file");
    }
    const std::string canonical = mirror::serialize_manifest(m);
    const auto again = mirror::parse_manifest(canonical, limits);
    PRAXIS_FUZZ_CHECK(kTarget, again.ok(), "the canonical form does not parse: " + again.status().message());
    PRAXIS_FUZZ_CHECK(kTarget, again->origin == m.origin && again->revision == m.revision &&
                                   again->generated == m.generated && again->files == m.files &&
                                   again->tombstones == m.tombstones,
                      "the canonical form parses to another manifest");
    PRAXIS_FUZZ_CHECK(kTarget, mirror::serialize_manifest(again.value()) == canonical,
                      "the canonical form is not stable");
  } else {
    PRAXIS_FUZZ_CHECK(kTarget, parsed.status().code() == Code::corrupt, "a parse failure that is not Corrupt");
  }

  // The input as a path (the origin's file route and the puller check these).
  if (mirror::check_mirror_path(bytes).ok()) {
    PRAXIS_FUZZ_CHECK(kTarget, !bytes.empty() && bytes.find('\\') == std::string_view::npos &&
                                   bytes.find('\0') == std::string_view::npos,
                      "check_mirror_path accepted an empty path, a backslash or a NUL");
    std::size_t start = 0;
    while (true) {
      const std::size_t slash = bytes.find('/', start);
      const std::string_view segment = bytes.substr(start, slash == std::string_view::npos ? bytes.npos : slash - start);
      PRAXIS_FUZZ_CHECK(kTarget, !segment.empty() && segment.front() != '.',
                        "check_mirror_path accepted an empty, '..' or hidden segment");
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
  }
  // The input as a URL path segment: whatever decodes must be checked.
  (void)mirror::percent_decode(bytes);
  (void)mirror::parse_public_key(bytes);

  // Signatures: the input never verifies as a signature of a fixed message;
  // the input signed by our key verifies, and not once changed.
  PRAXIS_FUZZ_CHECK(kTarget, !mirror::verify_detached("praxis", bytes, keys().public_key),
                    "a forged signature verified");
  const std::string signature = mirror::sign_detached(bytes, keys().secret_key);
  PRAXIS_FUZZ_CHECK(kTarget, mirror::verify_detached(bytes, signature, keys().public_key),
                    "a good signature did not verify");
  std::string changed(bytes);
  changed += '\n';
  PRAXIS_FUZZ_CHECK(kTarget, !mirror::verify_detached(changed, signature, keys().public_key),
                    "a signature verified a changed manifest");
  return 0;
}

}  // namespace praxis::fuzz
