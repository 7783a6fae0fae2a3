// What a result or a case page needs without the file: the case's metadata,
// its body as plain text (for snippets) and as written (for case pages).
//
// The document data holds "P2" + the metadata JSON, so result lists read it
// without copying a body. The body goes to the value slot schema::SLOT_BODY,
// compressed with zstd by the indexer: Xapian deflates every document's data
// with zlib at its default level, which cost 12 % of a build's instructions;
// the postlist table, which holds value slots, is not compressed by Xapian,
// and zstd does the same job at a fraction of the cost and in less space
// (docs/benchmarks.md, "Indexing optimisations", 5).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace praxis::schema {

struct StoredDoc {
  std::string meta_json;  // id, title, summary, facets, results, sources … (see document_builder.cc)
  std::string text;       // the body as plain text, for snippets
  std::string markdown;   // the body as written, rendered on demand for case pages
};

// Sets the document's data and its SLOT_BODY value.
void store(Xapian::Document& doc, const StoredDoc& stored);

// nullopt when the document is not in this format (or its body is damaged).
std::optional<StoredDoc> decode_stored_doc(const Xapian::Document& doc);
// Only the metadata, from Document::get_data(), without copying.
std::optional<std::string_view> stored_meta(std::string_view data);
// Only the plain-text body (decompresses the body, but copies no Markdown).
std::optional<std::string> stored_text(const Xapian::Document& doc);

}  // namespace praxis::schema
