#include "praxis/mirror/manifest.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "praxis/mirror/path_rules.h"
#include "praxis/mirror/sha256.h"
#include "praxis/mirror/time_format.h"

namespace praxis::mirror {

using nlohmann::json;

const FileEntry* Manifest::find(std::string_view path) const {
  const auto it = std::lower_bound(files.begin(), files.end(), path,
                                   [](const FileEntry& e, std::string_view p) { return e.path < p; });
  return it != files.end() && it->path == path ? &*it : nullptr;
}

std::uint64_t Manifest::total_bytes() const {
  std::uint64_t n = 0;
  for (const auto& f : files) n += f.size;
  return n;
}

std::string serialize_manifest(const Manifest& m) {
  std::vector<const FileEntry*> files;
  for (const auto& f : m.files) files.push_back(&f);
  std::sort(files.begin(), files.end(), [](const FileEntry* a, const FileEntry* b) { return a->path < b->path; });
  std::vector<const Tombstone*> tombs;
  for (const auto& t : m.tombstones) tombs.push_back(&t);
  std::sort(tombs.begin(), tombs.end(), [](const Tombstone* a, const Tombstone* b) { return a->path < b->path; });

  json j = json::object();  // std::map underneath: keys come out in byte order
  j["format"] = kManifestFormat;
  j["origin"] = m.origin;
  j["revision"] = m.revision;
  j["generated"] = m.generated;
  json fa = json::array();
  for (const FileEntry* f : files)
    fa.push_back({{"path", f->path}, {"size", f->size}, {"sha256", f->sha256}, {"updated", f->updated}});
  j["files"] = std::move(fa);
  json ta = json::array();
  for (const Tombstone* t : tombs) ta.push_back({{"path", t->path}, {"deleted", t->deleted}});
  j["tombstones"] = std::move(ta);
  return j.dump(-1, ' ', false, json::error_handler_t::strict);
}

namespace {

Status corrupt(const std::string& why) { return Status::Corrupt("manifest: " + why); }

// Exactly these members, no others.
Status check_members(const json& obj, std::initializer_list<std::string_view> names, const std::string& where) {
  if (!obj.is_object()) return corrupt(where + " is not an object");
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (std::find(names.begin(), names.end(), it.key()) == names.end())
      return corrupt(where + " has an unknown member \"" + it.key() + "\"");
  for (const auto name : names)
    if (!obj.contains(name)) return corrupt(where + " lacks \"" + std::string(name) + "\"");
  return Status::Ok();
}

Status get_string(const json& obj, const char* name, const std::string& where, std::string& out) {
  const json& v = obj.at(name);
  if (!v.is_string()) return corrupt(where + "." + name + " is not a string");
  out = v.get<std::string>();
  return Status::Ok();
}

Status get_time(const json& obj, const char* name, const std::string& where, std::string& out) {
  if (Status st = get_string(obj, name, where, out); !st.ok()) return st;
  if (!is_utc_timestamp(out)) return corrupt(where + "." + name + " is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)");
  return Status::Ok();
}

Status get_path(const json& obj, const std::string& where, std::string& out) {
  if (Status st = get_string(obj, "path", where, out); !st.ok()) return st;
  if (Status st = check_mirror_path(out); !st.ok()) return corrupt(where + ": " + st.message());
  return Status::Ok();
}

}  // namespace

Result<Manifest> parse_manifest(std::string_view bytes, const ManifestLimits& limits) {
  if (bytes.size() > limits.max_manifest_bytes)
    return corrupt("larger than " + std::to_string(limits.max_manifest_bytes) + " bytes");
  const json j = json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return corrupt("not valid JSON");
  if (Status st = check_members(j, {"files", "format", "generated", "origin", "revision", "tombstones"}, "top level");
      !st.ok())
    return st;
  Manifest m;
  std::string format;
  if (Status st = get_string(j, "format", "top level", format); !st.ok()) return st;
  if (format != kManifestFormat)
    return corrupt("format \"" + format + "\" is not " + std::string(kManifestFormat) + " (upgrade praxis-mirror?)");
  if (Status st = get_string(j, "origin", "top level", m.origin); !st.ok()) return st;
  if (!is_origin_name(m.origin)) return corrupt("origin \"" + m.origin + "\" is not a valid name");
  if (!j["revision"].is_number_unsigned() || j["revision"].get<std::uint64_t>() == 0)
    return corrupt("revision is not a positive integer");
  m.revision = j["revision"].get<std::uint64_t>();
  if (Status st = get_time(j, "generated", "top level", m.generated); !st.ok()) return st;

  const json& files = j["files"];
  const json& tombs = j["tombstones"];
  if (!files.is_array()) return corrupt("files is not an array");
  if (!tombs.is_array()) return corrupt("tombstones is not an array");
  if (files.size() + tombs.size() > limits.max_entries)
    return corrupt("more than " + std::to_string(limits.max_entries) + " entries");

  m.files.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string where = "files[" + std::to_string(i) + "]";
    const json& f = files[i];
    if (Status st = check_members(f, {"path", "sha256", "size", "updated"}, where); !st.ok()) return st;
    FileEntry e;
    if (Status st = get_path(f, where, e.path); !st.ok()) return st;
    if (!f["size"].is_number_unsigned()) return corrupt(where + ".size is not a non-negative integer");
    e.size = f["size"].get<std::uint64_t>();
    if (e.size > limits.max_file_bytes)
      return corrupt(where + " (" + e.path + ") is larger than the limit of " + std::to_string(limits.max_file_bytes) +
                     " bytes");
    if (Status st = get_string(f, "sha256", where, e.sha256); !st.ok()) return st;
    if (!is_sha256_hex(e.sha256)) return corrupt(where + ".sha256 is not 64 lowercase hex digits");
    if (Status st = get_time(f, "updated", where, e.updated); !st.ok()) return st;
    if (!m.files.empty() && !(m.files.back().path < e.path))
      return corrupt(where + " (" + e.path + ") is out of order or repeated");
    m.files.push_back(std::move(e));
  }
  m.tombstones.reserve(tombs.size());
  for (std::size_t i = 0; i < tombs.size(); ++i) {
    const std::string where = "tombstones[" + std::to_string(i) + "]";
    const json& t = tombs[i];
    if (Status st = check_members(t, {"deleted", "path"}, where); !st.ok()) return st;
    Tombstone ts;
    if (Status st = get_path(t, where, ts.path); !st.ok()) return st;
    if (Status st = get_time(t, "deleted", where, ts.deleted); !st.ok()) return st;
    if (!m.tombstones.empty() && !(m.tombstones.back().path < ts.path))
      return corrupt(where + " (" + ts.path + ") is out of order or repeated");
    if (m.find(ts.path)) return corrupt(where + " (" + ts.path + ") is also a listed file");
    m.tombstones.push_back(std::move(ts));
  }

  // No path may be both a file and a folder ("a" and "a/b").
  for (const auto& f : m.files) {
    for (std::size_t slash = f.path.find('/'); slash != std::string::npos; slash = f.path.find('/', slash + 1))
      if (m.find(std::string_view(f.path).substr(0, slash)))
        return corrupt("\"" + f.path.substr(0, slash) + "\" is both a file and a folder");
  }
  return m;
}

}  // namespace praxis::mirror
