#include "praxis/stored_doc.h"

#include <gtest/gtest.h>

#include <random>

#include "praxis/schema.h"

namespace praxis::schema {
namespace {

Xapian::Document stored(const StoredDoc& s) {
  Xapian::Document doc;
  store(doc, s);
  return doc;
}

TEST(StoredDoc, RoundTrips) {
  const StoredDoc in{R"({"id":"a-1","title":"Ανοιχτά δεδομένα"})", "Plain text of the body.",
                     "# Heading\n\nPlain *text* of the body.\n"};
  const Xapian::Document doc = stored(in);
  const auto out = decode_stored_doc(doc);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->meta_json, in.meta_json);
  EXPECT_EQ(out->text, in.text);
  EXPECT_EQ(out->markdown, in.markdown);
  EXPECT_EQ(stored_meta(doc.get_data()), std::optional<std::string_view>(in.meta_json));
  EXPECT_EQ(stored_text(doc), std::optional<std::string>(in.text));
}

TEST(StoredDoc, EmptyPartsAndBinaryBytesSurvive) {
  for (const StoredDoc& in : {StoredDoc{"{}", "", ""}, StoredDoc{"{}", std::string("a\0b", 3), ""},
                              StoredDoc{"", "", std::string(300, '\xff')}}) {
    const auto out = decode_stored_doc(stored(in));
    ASSERT_TRUE(out);
    EXPECT_EQ(out->meta_json, in.meta_json);
    EXPECT_EQ(out->text, in.text);
    EXPECT_EQ(out->markdown, in.markdown);
  }
}

TEST(StoredDoc, TheBodyIsCompressedOutOfTheData) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "open data portal for the region of Sterea Ellada ";
  const Xapian::Document doc = stored({"{}", text, text});
  EXPECT_EQ(doc.get_data(), "P2{}");
  EXPECT_LT(doc.get_value(SLOT_BODY).size(), text.size() / 20);
}

TEST(StoredDoc, RefusesOtherFormatsAndDamage) {
  Xapian::Document old;
  old.set_data("P1\x02{}\x00");  // schema 3's framing
  EXPECT_FALSE(decode_stored_doc(old));
  EXPECT_FALSE(stored_meta(old.get_data()));

  Xapian::Document doc = stored({"{}", "some text", "some *text*"});
  const std::string body = doc.get_value(SLOT_BODY);
  std::mt19937 rng(7);
  for (std::size_t cut = 0; cut < body.size(); ++cut) {
    doc.add_value(SLOT_BODY, body.substr(0, cut));
    EXPECT_FALSE(decode_stored_doc(doc)) << "cut at " << cut;
    EXPECT_FALSE(stored_text(doc)) << "cut at " << cut;
  }
  for (int round = 0; round < 200; ++round) {  // flipped bytes: an error or some text, never a crash
    std::string damaged = body;
    damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
    doc.add_value(SLOT_BODY, damaged);
    (void)decode_stored_doc(doc);
    (void)stored_text(doc);
  }
  doc.add_value(SLOT_BODY, "");
  EXPECT_FALSE(decode_stored_doc(doc));
}

}  // namespace
}  // namespace praxis::schema
