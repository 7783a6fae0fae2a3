#include "praxis/index_writer.h"

#include <ctime>

#include "praxis/analysis/normalize.h"
#include "praxis/content_hash.h"
#include "praxis/schema.h"

namespace praxis {

void collect_spelling_words(const Xapian::Document& doc, SpellingCounts& counts) {
  // Body words are left out: they would multiply the table (and the commit)
  // for little gain in suggestions.
  for (const auto& f : schema::kTextFields) {
    if (!f.spelling) continue;
    const std::string prefix(f.prefix);
    auto t = doc.termlist_begin();
    t.skip_to(prefix);
    for (; t != doc.termlist_end(); ++t) {
      const std::string& term = *t;
      if (term.compare(0, prefix.size(), prefix) != 0) break;
      const std::string word = term.substr(prefix.size());
      if (word.size() < 3 || (word[0] >= 'A' && word[0] <= 'Z')) continue;
      if (word.find_first_of("0123456789") != std::string::npos) continue;
      ++counts[word];
    }
  }
}

bool write_synonyms(Xapian::WritableDatabase& db, const SynonymGroups& groups) {
  // Keys and values are normalised (accentless, lowercase) words or phrases;
  // searchd reads the groups back from this table to expand queries.
  std::string fingerprint;
  std::vector<std::vector<std::string>> normalised;
  for (const auto& g : groups) {
    auto& out = normalised.emplace_back();
    for (const auto& term : g) {
      out.push_back(analysis::normalize(term));
      fingerprint += out.back() + '\x1f';
    }
    fingerprint += '\x1e';
  }
  const std::string hash = content_hash(fingerprint);
  if (db.get_metadata(schema::kSynonymsHashKey) == hash) return false;
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) db.clear_synonyms(*key);
  for (const auto& g : normalised)
    for (const auto& key : g)
      for (const auto& value : g)
        if (value != key) db.add_synonym(key, value);
  db.set_metadata(schema::kSynonymsHashKey, hash);
  return true;
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::filesystem::path& dir, bool rebuild,
                                                       const PhraseSet& phrases) {
  try {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
    std::unique_ptr<IndexWriter> w(new IndexWriter(std::move(db)));
    const std::string version = w->db_.get_metadata(schema::kSchemaVersionKey);
    const bool empty = w->db_.get_doccount() == 0;
    const std::string phrase_list = phrases.serialise();
    w->rebuilding_ = rebuild || (!empty && (version != std::to_string(schema::kSchemaVersion) ||
                                            w->db_.get_metadata(schema::kPhrasesKey) != phrase_list));
    if (w->rebuilding_) {
      // Remove everything, to be committed together with the first batch.
      for (auto it = w->db_.postlist_begin(""); it != w->db_.postlist_end(""); ++it) {
        w->db_.delete_document(*it);
        ++w->pending_;
      }
      w->db_.set_metadata(schema::kSynonymsHashKey, "");
    } else {
      // Both slots are set on every document: join the two value streams by docid.
      std::unordered_map<Xapian::docid, IndexedFile*> by_docid;
      for (auto it = w->db_.valuestream_begin(schema::SLOT_FILE); it != w->db_.valuestream_end(schema::SLOT_FILE);
           ++it) {
        IndexedFile& f = w->files_[*it];
        f.docid = it.get_docid();
        by_docid[f.docid] = &f;
      }
      for (auto it = w->db_.valuestream_begin(schema::SLOT_STAMP);
           it != w->db_.valuestream_end(schema::SLOT_STAMP); ++it)
        if (auto f = by_docid.find(it.get_docid()); f != by_docid.end()) f->second->stamp = *it;
    }
    if (version != std::to_string(schema::kSchemaVersion))
      w->db_.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kSchemaVersion));
    if (w->db_.get_metadata(schema::kPhrasesKey) != phrase_list) w->db_.set_metadata(schema::kPhrasesKey, phrase_list);
    return w;
  } catch (const Xapian::DatabaseLockError& e) {
    return Status::Unavailable("index " + dir.string() + " is locked by another indexer: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return Status::IoError("cannot open index " + dir.string() + ": " + e.get_description());
  }
}

void IndexWriter::flush_spelling() {
  // Adding a word to the spelling table updates its n-gram fragments, so
  // words are added once per batch with their count, not once per document.
  for (const auto& [word, count] : spelling_) db_.add_spelling(word, count);
  spelling_.clear();
}

void IndexWriter::replace(const std::string& id_term, const Xapian::Document& doc) {
  db_.replace_document(id_term, doc);
  collect_spelling_words(doc, spelling_);
  ++pending_;
}

void IndexWriter::update_stamp(Xapian::docid docid, const std::string& stamp) {
  Xapian::Document doc = db_.get_document(docid);
  doc.add_value(schema::SLOT_STAMP, stamp);
  db_.replace_document(docid, doc);
  ++pending_;
}

void IndexWriter::remove(Xapian::docid docid) {
  db_.delete_document(docid);
  ++pending_;
}

void IndexWriter::set_synonyms(const SynonymGroups& groups) {
  if (write_synonyms(db_, groups)) ++pending_;
}

std::size_t IndexWriter::commit() {
  if (pending_ == 0) return 0;
  flush_spelling();
  db_.set_metadata(schema::kLastBuildKey, std::to_string(std::time(nullptr)));
  db_.commit();
  const std::size_t n = pending_;
  pending_ = 0;
  return n;
}

}  // namespace praxis
