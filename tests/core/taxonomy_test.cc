// praxis/taxonomy.h: content/taxonomy.yaml plus Debian's iso-codes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "praxis/taxonomy.h"
#include "test_support.h"

namespace praxis {
namespace {

using test::taxonomy;

// The ids fixed by ../shared/DESIGN.md, in the taxonomy's order.
TEST(Taxonomy, VocabularyIdsAreTheFixedOnes) {
  EXPECT_EQ(taxonomy().sectors().ids(),
            (std::vector<std::string>{"democracy-participation", "transparency-accountability",
                                      "public-administration-egov", "human-capital-education",
                                      "entrepreneurship-new-economy", "transport-infrastructure", "social-economy",
                                      "technology-ict", "sustainability-environment", "public-private-partnerships",
                                      "public-civil-society", "culture-local-development"}));
  EXPECT_EQ(taxonomy().outcomes().ids(),
            (std::vector<std::string>{"cost-savings", "service-quality", "participation", "transparency",
                                      "social-inclusion", "environmental", "economic-growth", "capacity-building"}));
  EXPECT_EQ(taxonomy().levels().ids(),
            (std::vector<std::string>{"municipal", "regional", "national", "european", "international"}));
  EXPECT_EQ(taxonomy().statuses().ids(), (std::vector<std::string>{"pilot", "ongoing", "completed", "scaled"}));
  EXPECT_EQ(taxonomy().evidence().ids(), (std::vector<std::string>{"self-reported", "evaluated", "audited"}));
  EXPECT_EQ(taxonomy().languages().ids(), (std::vector<std::string>{"el", "en"}));
}

TEST(Taxonomy, SectorLabelsFromTheFoundingMission) {
  const auto* e = taxonomy().sectors().find("transparency-accountability");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->label.el, "Διαφάνεια και Λογοδοσία");
  EXPECT_EQ(e->label.en, "Transparency and accountability");
  EXPECT_EQ(e->label.in("el"), "Διαφάνεια και Λογοδοσία");
  EXPECT_EQ(e->label.in("en"), "Transparency and accountability");
  EXPECT_EQ(taxonomy().sectors().find("democracy-participation")->label.el, "Δημοκρατία και Συμμετοχή του Πολίτη");
  EXPECT_EQ(taxonomy().sectors().find("nope"), nullptr);
  EXPECT_FALSE(taxonomy().sectors().contains("transparency"));
}

// content/taxonomy.yaml wrote these in flow maps without quotes,
// `{ el: Ανθρώπινο Δυναμικό, Έρευνα, …, en: … }`, where a comma ends the value:
// the labels were cut at the first comma ("Ανθρώπινο Δυναμικό", "Human capital")
// and the rest became keys with no value. Fix: quote the texts.
TEST(Taxonomy, LabelsAndDescriptionsWithCommasAreWhole) {
  const auto* human = taxonomy().sectors().find("human-capital-education");
  const auto* ict = taxonomy().sectors().find("technology-ict");
  ASSERT_TRUE(human && ict);
  EXPECT_EQ(human->label.el, "Ανθρώπινο Δυναμικό, Έρευνα, Παιδεία και Κατάρτιση");
  EXPECT_EQ(human->label.en, "Human capital, research, education and training");
  EXPECT_EQ(ict->label.el, "Τεχνολογική Καινοτομία, Πληροφορική και Επικοινωνίες");
  EXPECT_EQ(ict->label.en, "Technological innovation, ICT and communications");
  const struct {
    const char* id;
    const char* el;
    const char* en;
  } outcomes[] = {
      {"service-quality", "Ταχύτερες, απλούστερες ή καλύτερες υπηρεσίες.", "Faster, simpler or better services."},
      {"environmental", "Λιγότερες εκπομπές, απόβλητα ή κατανάλωση πόρων.", "Fewer emissions, less waste or resource use."},
      {"economic-growth", "Νέες επιχειρήσεις, θέσεις εργασίας ή εισόδημα.", "New businesses, jobs or income."},
  };
  for (const auto& o : outcomes) {
    const auto* e = taxonomy().outcomes().find(o.id);
    ASSERT_TRUE(e) << o.id;
    EXPECT_EQ(e->description.el, o.el) << o.id;
    EXPECT_EQ(e->description.en, o.en) << o.id;
  }
}

TEST(Taxonomy, EveryEntryHasBothLabelsAndDescriptions) {
  for (const Vocabulary* v : {&taxonomy().sectors(), &taxonomy().outcomes(), &taxonomy().levels(),
                              &taxonomy().statuses(), &taxonomy().evidence(), &taxonomy().languages()})
    for (const auto& e : v->entries()) {
      EXPECT_FALSE(e.label.el.empty()) << e.id;
      EXPECT_FALSE(e.label.en.empty()) << e.id;
      EXPECT_FALSE(e.description.el.empty()) << e.id;
      EXPECT_FALSE(e.description.en.empty()) << e.id;
    }
}

TEST(Label, FallsBackToTheOtherLanguage) {
  const Label only_el{"Κρήτη", ""};
  const Label only_en{"", "Crete"};
  EXPECT_EQ(only_el.in("en"), "Κρήτη");
  EXPECT_EQ(only_en.in("el"), "Crete");
  EXPECT_EQ(only_en.in("fr"), "Crete");
  const Label both{"Κρήτη", "Crete"};
  EXPECT_EQ(both.in("fr"), "Κρήτη");  // Greek first
}

TEST(Taxonomy, GreekRegionsHaveGreekNames) {
  const std::pair<const char*, const char*> regions[] = {
      {"GR-A", "Ανατολική Μακεδονία και Θράκη"}, {"GR-B", "Κεντρική Μακεδονία"}, {"GR-C", "Δυτική Μακεδονία"},
      {"GR-D", "Ήπειρος"}, {"GR-E", "Θεσσαλία"}, {"GR-F", "Ιόνια Νησιά"}, {"GR-G", "Δυτική Ελλάδα"},
      {"GR-H", "Στερεά Ελλάδα"}, {"GR-I", "Αττική"}, {"GR-J", "Πελοπόννησος"}, {"GR-K", "Βόρειο Αιγαίο"},
      {"GR-L", "Νότιο Αιγαίο"}, {"GR-M", "Κρήτη"}, {"GR-69", "Άγιον Όρος"},
  };
  for (const auto& [code, greek] : regions) {
    EXPECT_TRUE(taxonomy().is_known_region(code)) << code;
    const auto name = taxonomy().region_name(code);
    ASSERT_TRUE(name) << code;
    EXPECT_EQ(name->el, greek) << code;
  }
  EXPECT_EQ(taxonomy().region_name("GR-H")->en, "Stereá Elláda");  // iso-codes' name
}

TEST(Taxonomy, CountriesFromIsoCodes) {
  EXPECT_TRUE(taxonomy().is_known_region("EE"));
  EXPECT_TRUE(taxonomy().is_known_region("GR"));
  EXPECT_TRUE(taxonomy().is_known_region("ES-CT"));
  EXPECT_EQ(taxonomy().region_name("GR")->el, "Ελλάδα");
  EXPECT_EQ(taxonomy().region_name("GR")->en, "Greece");
  EXPECT_EQ(taxonomy().region_name("EE")->el, "Εσθονία");
  EXPECT_EQ(taxonomy().region_name("EE")->en, "Estonia");
  EXPECT_GT(taxonomy().region_count(), 5000u);  // 249 countries and about 5,000 subdivisions
}

TEST(Taxonomy, UnknownRegions) {
  for (const char* code : {"XX", "GR-Q", "GR-N", "gr-h", "GRC", "Greece", "", "EE-", "-H"}) {
    EXPECT_FALSE(taxonomy().is_known_region(code)) << code;
    EXPECT_FALSE(taxonomy().region_name(code)) << code;
  }
}

TEST(Taxonomy, RegionDidYouMean) {
  EXPECT_EQ(taxonomy().region_did_you_mean("gr-h"), "GR-H");  // lowercase
  EXPECT_EQ(taxonomy().region_did_you_mean("ee"), "EE");
  EXPECT_EQ(taxonomy().region_did_you_mean("GRC"), "GR");    // ISO alpha-3 for Greece
  EXPECT_EQ(taxonomy().region_did_you_mean("GR-HH"), "GR-H");
  EXPECT_EQ(taxonomy().region_did_you_mean("GR-Q"), std::nullopt);  // one edit from 13 codes: ambiguous
  EXPECT_EQ(taxonomy().region_did_you_mean("XX"), std::nullopt);    // one edit from many countries
  EXPECT_EQ(taxonomy().region_did_you_mean("QQ-A"), std::nullopt);  // no such country
  EXPECT_EQ(taxonomy().region_did_you_mean("Greece"), std::nullopt);
}

// A taxonomy file with one entry per vocabulary, for the error cases below.
std::string small_taxonomy() {
  std::string yaml;
  for (const char* key : {"sectors", "outcomes", "levels", "statuses", "evidence", "languages"})
    yaml += std::string(key) + ":\n  - id: x\n    label: { el: Χ, en: X }\n    description: { el: Χ., en: X. }\n";
  return yaml;
}

TEST(TaxonomyLoad, ASmallValidFile) {
  test::TempDir dir;
  test::write_bytes(dir / "taxonomy.yaml", small_taxonomy() + "region_names_el:\n  GR-M: Κρήτη\n");
  auto t = Taxonomy::load(dir / "taxonomy.yaml");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->sectors().ids(), std::vector<std::string>{"x"});
  EXPECT_EQ(t->region_name("GR-M")->el, "Κρήτη");
  EXPECT_EQ(t->region_name("GR-H")->el, "Stereá Elláda");  // no Greek name given: iso-codes' name
}

TEST(TaxonomyLoad, Errors) {
  test::TempDir dir;
  const auto file = dir / "taxonomy.yaml";
  const std::string path = file.string();
  const struct {
    const char* name;
    std::string yaml;
    std::string message;
  } cases[] = {
      {"invalid YAML", "sectors: [a\n", path + ":2:1: error: end of sequence flow not found"},
      {"a list is missing", "sectors: []\n", path + ":1:1: error: missing list 'outcomes'"},
      {"entry without id", "sectors:\n  - label: { el: Χ, en: X }\n",
       path + ":2:5: error: every entry of 'sectors' needs an id"},
      {"label without English", "sectors:\n  - id: x\n    label: { el: Χ }\n",
       path + ":3:12: error: label needs both 'el' and 'en'"},
      {"unknown region code", small_taxonomy() + "region_names_el:\n  GR-Z: Πουθενά\n",
       path + ":26:3: error: unknown region code 'GR-Z'"},
  };
  for (const auto& c : cases) {
    test::write_bytes(file, c.yaml);
    auto t = Taxonomy::load(file);
    ASSERT_FALSE(t.ok()) << c.name;
    EXPECT_EQ(t.status().message(), c.message) << c.name;
    EXPECT_EQ(t.status().code(), Code::invalid_argument) << c.name;
  }
}

// The loader took `label: { el: A, B, en: C, D }` without a word: the label
// became "A" / "C" and the keys "B" and "D" were ignored. A label or
// description map should hold only 'el' and 'en'.
TEST(TaxonomyRegression, UnquotedCommaInALabelIsAnError) {
  test::TempDir dir;
  const auto file = dir / "taxonomy.yaml";
  std::string yaml = small_taxonomy();
  const std::string label = "{ el: Χ, en: X }";
  yaml.replace(yaml.find(label), label.size(), "{ el: Χ, Ψ, en: X, Y }");
  test::write_bytes(file, yaml);
  auto t = Taxonomy::load(file);
  EXPECT_FALSE(t.ok()) << "label.el = " << (t.ok() ? t->sectors().entries().at(0).label.el : "");
  if (!t.ok()) {
    EXPECT_EQ(t.status().message().rfind(file.string() + ":3:", 0), 0u) << t.status().message();
  }
}

TEST(TaxonomyLoad, MissingFile) {
  test::TempDir dir;
  auto t = Taxonomy::load(dir / "absent.yaml");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), Code::io_error);
  EXPECT_NE(t.status().message().find("absent.yaml"), std::string::npos);
}

TEST(TaxonomyLoad, MissingIsoCodesIsAnError) {
  test::TempDir dir;
  TaxonomyPaths paths;
  paths.iso_codes_json = dir / "no-iso-codes";
  auto t = Taxonomy::load(test::taxonomy_yaml(), paths);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), Code::io_error);
  EXPECT_NE(t.status().message().find("iso_3166-1.json"), std::string::npos);
}

TEST(TaxonomyLoad, MissingGreekCataloguesFallBackToEnglish) {
  test::TempDir dir;
  TaxonomyPaths paths;
  paths.locale_dir = dir / "no-locale";
  auto t = Taxonomy::load(test::taxonomy_yaml(), paths);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->region_name("GR")->el, "Greece");
  EXPECT_EQ(t->region_name("GR-H")->el, "Στερεά Ελλάδα");  // from taxonomy.yaml
}

}  // namespace
}  // namespace praxis
