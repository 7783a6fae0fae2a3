// praxis/gettext_catalog.h: reading GNU .mo catalogues (iso-codes' Greek names).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "praxis/gettext_catalog.h"
#include "test_support.h"

namespace praxis {
namespace {

const std::filesystem::path kGreekCountries = "/usr/share/locale/el/LC_MESSAGES/iso_3166-1.mo";

// A .mo file with the given (msgid, msgstr) pairs, little- or big-endian.
std::string make_mo(const std::vector<std::pair<std::string, std::string>>& entries, bool big_endian) {
  auto u32 = [&](std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      const int shift = big_endian ? 24 - 8 * i : 8 * i;
      out += static_cast<char>((v >> shift) & 0xffu);
    }
  };
  const auto n = static_cast<std::uint32_t>(entries.size());
  const std::uint32_t originals = 28, translations = originals + 8 * n;
  std::uint32_t offset = translations + 8 * n;
  std::string header, tables_o, tables_t, strings;
  for (const auto& [id, str] : entries) {
    u32(tables_o, static_cast<std::uint32_t>(id.size()));
    u32(tables_o, offset);
    strings += id + '\0';
    offset += static_cast<std::uint32_t>(id.size() + 1);
  }
  for (const auto& [id, str] : entries) {
    u32(tables_t, static_cast<std::uint32_t>(str.size()));
    u32(tables_t, offset);
    strings += str + '\0';
    offset += static_cast<std::uint32_t>(str.size() + 1);
  }
  u32(header, 0x950412de);
  u32(header, 0);  // revision
  u32(header, n);
  u32(header, originals);
  u32(header, translations);
  u32(header, 0);  // no hash table
  u32(header, 0);
  return header + tables_o + tables_t + strings;
}

TEST(GettextCatalog, IsoCodesGreekCountryNames) {
  auto catalog = read_mo_catalog(kGreekCountries);
  ASSERT_TRUE(catalog.ok()) << catalog.status().message();
  const auto& names = catalog.value();
  ASSERT_TRUE(names.count("Greece"));
  EXPECT_EQ(names.at("Greece"), "Ελλάδα");
  EXPECT_EQ(names.at("Estonia"), "Εσθονία");
  EXPECT_GT(names.size(), 200u);
  EXPECT_FALSE(names.count(""));  // the header entry is left out
}

TEST(GettextCatalog, LittleAndBigEndianFiles) {
  test::TempDir dir;
  const std::vector<std::pair<std::string, std::string>> entries = {
      {"", "Content-Type: text/plain; charset=UTF-8\n"},  // header
      {"Crete", "Κρήτη"},
      {"Untranslated", ""},
      {"Attica", "Αττική"},
  };
  for (const bool big_endian : {false, true}) {
    const auto file = dir / (big_endian ? "be.mo" : "le.mo");
    test::write_bytes(file, make_mo(entries, big_endian));
    auto catalog = read_mo_catalog(file);
    ASSERT_TRUE(catalog.ok()) << catalog.status().message();
    const std::unordered_map<std::string, std::string> expected = {{"Crete", "Κρήτη"}, {"Attica", "Αττική"}};
    EXPECT_EQ(catalog.value(), expected) << (big_endian ? "big-endian" : "little-endian");
  }
}

TEST(GettextCatalog, MissingFile) {
  test::TempDir dir;
  auto catalog = read_mo_catalog(dir / "absent.mo");
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), Code::io_error);
}

TEST(GettextCatalog, DamagedFiles) {
  test::TempDir dir;
  std::string truncated_entry = make_mo({{"Crete", "Κρήτη"}}, false);
  truncated_entry.resize(truncated_entry.size() - 4);  // the last string runs past the end
  std::string bad_table = make_mo({{"Crete", "Κρήτη"}}, false);
  bad_table[12] = '\xff';  // originals table offset far beyond the file
  const std::pair<const char*, std::string> cases[] = {
      {"empty", ""},
      {"short", "\xde\x12\x04"},
      {"not a catalogue", "# a .po file, not a .mo file\nmsgid \"Crete\"\n"},
      {"truncated header", std::string("\xde\x12\x04\x95\0\0\0\0", 8)},
      {"entry out of bounds", truncated_entry},
      {"table out of bounds", bad_table},
  };
  for (const auto& [name, bytes] : cases) {
    const auto file = dir / "damaged.mo";
    test::write_bytes(file, bytes);
    auto catalog = read_mo_catalog(file);
    ASSERT_FALSE(catalog.ok()) << name;
    EXPECT_EQ(catalog.status().code(), Code::corrupt) << name;
  }
}

}  // namespace
}  // namespace praxis
