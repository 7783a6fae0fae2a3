// Fuzz target: one case file, through everything praxis-indexer does with it
// before the index: the UTF-8 check, front matter, YAML and every field
// check, Markdown to text and to safe HTML, the document builder and the
// stored-document framing.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "fuzz_targets.h"
#include "html_safety.h"
#include "markup_check.h"
#include "praxis/case_loader.h"
#include "praxis/document_builder.h"
#include "praxis/front_matter.h"
#include "praxis/markdown.h"
#include "praxis/schema.h"
#include "praxis/stored_doc.h"
#include "praxis/taxonomy.h"

namespace praxis::fuzz {

namespace {

constexpr std::string_view kTarget = "case_loader";

const Taxonomy& taxonomy() {
  static const Taxonomy* loaded = [] {
    auto t = Taxonomy::load(std::string(PRAXIS_SOURCE_DIR) + "/content/taxonomy.yaml");
    if (!t.ok()) fail(kTarget, "cannot load content/taxonomy.yaml: " + t.status().message());
    return new Taxonomy(std::move(t).value());
  }();
  return *loaded;
}

// The loader insists that the file name is the id: name the input after the
// value of its first "id:" line, so that valid cases get through to the
// builder (anything else gets a name that cannot match).
std::string file_name(std::string_view bytes) {
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    if (line.substr(0, 3) == "id:") {
      line.remove_prefix(3);
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
      if (!line.empty() && line.size() <= 120 && line.find('/') == std::string_view::npos)
        return "cases/" + std::string(line) + ".md";
      break;
    }
    if (line == "---" && pos > 0) break;
    pos = end + 1;
  }
  return "cases/fuzz-input.md";
}

void check_html(std::string_view html, std::string_view what) {
  if (std::string problem = check_html_safety(html); !problem.empty())
    fail(kTarget, std::string(what) + " is not safe: " + problem);
  if (std::string problem = testing::check_markup(html, true); !problem.empty())
    fail(kTarget, std::string(what) + " is not well-formed: " + problem);
}

}  // namespace

int case_loader_one(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // The splitter on raw bytes too (the loader hands it normalised text).
  Finding split_error;
  (void)split_front_matter(bytes, split_error);

  const std::string path = file_name(bytes);
  const LoadedCase loaded = load_case(path, bytes, taxonomy());
  PRAXIS_FUZZ_CHECK(kTarget, loaded.ok() == !has_errors(loaded.findings),
                    "a case loads if and only if it has no error");
  for (const Finding& f : loaded.findings) {
    PRAXIS_FUZZ_CHECK(kTarget, f.line >= 0 && f.column >= 0, "a finding with a negative position");
    PRAXIS_FUZZ_CHECK(kTarget, !f.message.empty(), "a finding without a message");
    PRAXIS_FUZZ_CHECK(kTarget, f.path == path, "a finding names another file");
    (void)format_finding(f);
    const auto j = nlohmann::json::parse(finding_to_json(f), nullptr, false);
    PRAXIS_FUZZ_CHECK(kTarget, j.is_object(), "finding_to_json gave invalid JSON");
  }

  // Markdown: the case's body when it loaded, else the whole input (cmark
  // takes any bytes; the indexer only ever gives it valid UTF-8).
  const std::string body = loaded.ok() ? loaded.study->body : normalize_line_ends(bytes);
  const MarkdownText text = markdown_to_text(body);
  PRAXIS_FUZZ_CHECK(kTarget, text.plain.size() <= body.size() * 4 + 16, "markdown_to_text grew the text");
  check_html(markdown_to_html(body), "markdown_to_html");
  if (!loaded.ok()) return 0;

  // The document the indexer would store, and what searchd reads back.
  static DocumentBuilder* builder = new DocumentBuilder();
  const CaseStudy& c = *loaded.study;
  const Xapian::Document doc = builder->build(c, "0 0 0");
  const auto stored = schema::decode_stored_doc(doc);
  PRAXIS_FUZZ_CHECK(kTarget, stored.has_value(), "the stored document does not decode");
  PRAXIS_FUZZ_CHECK(kTarget, stored->markdown == c.body, "the stored Markdown differs from the body");
  PRAXIS_FUZZ_CHECK(kTarget, stored->text == text.plain, "the stored text differs from markdown_to_text");
  const auto meta = nlohmann::json::parse(stored->meta_json, nullptr, false);
  PRAXIS_FUZZ_CHECK(kTarget, meta.is_object(), "the stored metadata is not a JSON object");
  PRAXIS_FUZZ_CHECK(kTarget, meta.value("id", "") == c.id, "the stored metadata has another id");
  // Source links are only ever http(s): the pages link them as they are.
  for (const auto& s : c.sources)
    PRAXIS_FUZZ_CHECK(kTarget, !is_dangerous_url(s.url) && s.url.rfind("http", 0) == 0,
                      "a source URL with another scheme was accepted: " + s.url);
  return 0;
}

}  // namespace praxis::fuzz
