#include "praxis/gettext_catalog.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace praxis {
namespace {

constexpr std::uint32_t kMagic = 0x950412de;
constexpr std::uint32_t kMagicSwapped = 0xde120495;

std::uint32_t swap32(std::uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

}  // namespace

Result<std::unordered_map<std::string, std::string>> read_mo_catalog(
    const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + file.string());
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  bool swapped = false;
  auto word = [&](std::size_t offset, std::uint32_t& out) {
    if (offset + 4 > data.size()) return false;
    std::memcpy(&out, data.data() + offset, 4);
    if (swapped) out = swap32(out);
    return true;
  };
  std::uint32_t magic = 0, count = 0, originals = 0, translations = 0;
  if (!word(0, magic)) return Status::Corrupt(file.string() + ": not a .mo file");
  if (magic == kMagicSwapped) {
    swapped = true;
  } else if (magic != kMagic) {
    return Status::Corrupt(file.string() + ": not a .mo file");
  }
  if (!word(8, count) || !word(12, originals) || !word(16, translations))
    return Status::Corrupt(file.string() + ": truncated header");

  auto string_at = [&](std::size_t table, std::uint32_t i, std::string& out) {
    std::uint32_t length = 0, offset = 0;
    const std::size_t entry = table + std::size_t{i} * 8;
    if (!word(entry, length) || !word(entry + 4, offset)) return false;
    if (std::size_t{offset} + length > data.size()) return false;
    out.assign(data, offset, length);
    return true;
  };

  std::unordered_map<std::string, std::string> catalog;
  catalog.reserve(count);
  std::string id, str;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!string_at(originals, i, id) || !string_at(translations, i, str))
      return Status::Corrupt(file.string() + ": entry out of bounds");
    if (id.empty() || str.empty()) continue;  // the header entry, or untranslated
    catalog.emplace(id, str);
  }
  return catalog;
}

}  // namespace praxis
