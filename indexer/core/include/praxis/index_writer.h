// The only writer of the index. Every change becomes visible through a
// Xapian commit, which is atomic: a reader (or a kill -9) sees either the
// state before a commit or the state after it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "praxis/phrase_set.h"
#include "praxis/status.h"
#include "praxis/synonyms.h"

namespace praxis {

// Words for the spelling table ("did you mean"), with their counts, waiting
// to be written. Words are added once per batch with their count: adding a
// word updates every n-gram fragment of it, so once per document would cost
// far more.
using SpellingCounts = std::unordered_map<std::string, Xapian::termcount>;

// Adds the words of the fields marked for spelling in the schema (title,
// summary, headings, tags, organisations) to `counts`: their normalised,
// unstemmed forms, which are what a query is corrected to.
void collect_spelling_words(const Xapian::Document& doc, SpellingCounts& counts);

// Writes the synonym groups to `db`'s synonym table unless the table already
// holds exactly these groups (a fingerprint is kept in the metadata).
// Returns true when it changed the table.
bool write_synonyms(Xapian::WritableDatabase& db, const SynonymGroups& groups);

struct IndexedFile {
  Xapian::docid docid = 0;
  std::string stamp;  // schema::SLOT_STAMP
};

class IndexWriter {
 public:
  // Opens (or creates) the index. With `rebuild`, or when the index was
  // written with another schema version or other synonym phrases (the
  // documents carry a term for each, schema::kPhrasePrefix), every document
  // is removed first (in the same commit as the new ones arrive, batch by
  // batch).
  static Result<std::unique_ptr<IndexWriter>> open(const std::filesystem::path& dir, bool rebuild,
                                                   const PhraseSet& phrases = {});

  // Every indexed file: schema::SLOT_FILE value -> its document and stamp.
  const std::unordered_map<std::string, IndexedFile>& files() const { return files_; }
  bool rebuilding() const { return rebuilding_; }

  // Adds or replaces the document whose id term is `id_term`, and feeds its
  // words to the spelling table.
  void replace(const std::string& id_term, const Xapian::Document& doc);
  void update_stamp(Xapian::docid docid, const std::string& stamp);
  void remove(Xapian::docid docid);
  // Replaces the synonym table when the groups changed since the last run.
  void set_synonyms(const SynonymGroups& groups);

  // Commits when there are changes; returns the number of changes committed.
  std::size_t commit();
  std::size_t pending() const { return pending_; }
  Xapian::doccount doc_count() const { return db_.get_doccount(); }

 private:
  explicit IndexWriter(Xapian::WritableDatabase db) : db_(std::move(db)) {}
  void flush_spelling();

  Xapian::WritableDatabase db_;
  std::unordered_map<std::string, IndexedFile> files_;
  bool rebuilding_ = false;
  std::size_t pending_ = 0;
  SpellingCounts spelling_;  // words waiting for the next commit
};

}  // namespace praxis
