// Turns a CaseStudy into a Xapian::Document following schema.h.
// Not thread-safe: use one builder per thread (it owns a TermIndexer and a
// stemmer, which are reused across documents to avoid allocations).
#pragma once

#include <memory>
#include <string>

#include <xapian.h>

#include "praxis/case_study.h"
#include "praxis/phrase_set.h"

namespace praxis {

class DocumentBuilder {
 public:
  // `phrases`: the synonym phrases to mark as phrase terms (none if null);
  // shared, as the build's threads each have a builder.
  explicit DocumentBuilder(std::shared_ptr<const PhraseSet> phrases = nullptr);
  ~DocumentBuilder();
  DocumentBuilder(const DocumentBuilder&) = delete;
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;

  // `stamp` is the change detector stored in SLOT_STAMP.
  Xapian::Document build(const CaseStudy& c, const std::string& stamp);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The case's metadata as JSON (the "meta_json" of schema::StoredDoc).
std::string case_meta_json(const CaseStudy& c);

}  // namespace praxis
