// The first build of an index, in parallel.
//
// A Xapian database has one writer, and for Praxis the writer's share of the
// work (inverting, compressing the document data and the term lists, B-tree
// updates) is as large as the analysis. So when the index does not exist yet,
// each analysis thread writes a database of its own (a shard) in a private
// folder beside the index, and finish() merges the shards with Xapian's
// compaction into one index, which a single rename() puts in place.
//
// Crash safety: nothing is written at the index's path before that rename,
// so a run killed at any moment leaves either no index or the whole one. A
// killed run's private folder is removed by the next run (a lock tells a
// live run's folder from a dead one's).
//
// An existing index is never replaced this way (readers may have it open):
// incremental runs and --full rebuilds go through IndexWriter.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "praxis/index_writer.h"
#include "praxis/phrase_set.h"
#include "praxis/status.h"
#include "praxis/synonyms.h"

namespace praxis {

class FreshIndex {
  class SpellingShard;

 public:
  // One shard: used by one thread at a time.
  class Shard {
   public:
    // Adds a document (its id term must be new to the whole build).
    void add(const Xapian::Document& doc);
    // Commits and closes the shard; finish() does it for shards not closed
    // yet. Called by the shard's own thread, the last commits run in
    // parallel instead of one after the other.
    void close();
    std::size_t documents() const { return documents_; }

   private:
    friend class FreshIndex;
    Shard(std::filesystem::path dir, Xapian::WritableDatabase db, std::size_t flush_every, SpellingShard& spelling)
        : dir_(std::move(dir)), db_(std::move(db)), flush_every_(flush_every), spelling_shard_(spelling) {}
    void flush();
    std::filesystem::path dir_;
    Xapian::WritableDatabase db_;
    std::size_t flush_every_;
    SpellingShard& spelling_shard_;
    std::size_t documents_ = 0;
    std::size_t pending_ = 0;
    bool closed_ = false;
    SpellingCounts spelling_;  // words of the documents since the last flush
  };

  // True when `index` does not exist or is an empty folder (not a mount point).
  static bool applies(const std::filesystem::path& index);

  // Creates the private folder and `shards` empty shards. A shard's changes
  // are flushed every `flush_every` documents: the writer's in-memory maps
  // grow with the batch and their lookups become cache misses.
  static Result<std::unique_ptr<FreshIndex>> start(const std::filesystem::path& index, unsigned shards,
                                                    std::size_t flush_every);
  ~FreshIndex();
  FreshIndex(const FreshIndex&) = delete;
  FreshIndex& operator=(const FreshIndex&) = delete;

  Shard& shard(unsigned k) { return *shards_.at(k); }
  unsigned shard_count() const { return static_cast<unsigned>(shards_.size()); }

  // Closes the shards, writes the last spelling words, the synonyms and the
  // metadata, merges everything into one index and renames it into place. Code::unavailable
  // when it cannot be moved there (another indexer made an index meanwhile,
  // or the folder cannot be renamed): then nothing was changed at the path,
  // and the caller should build through IndexWriter.
  Status finish(const SynonymGroups& synonyms, const PhraseSet& phrases = {});
  Xapian::doccount doc_count() const { return doc_count_; }

 private:
  FreshIndex(std::filesystem::path index, std::filesystem::path work, int lock_fd);

  std::filesystem::path index_;
  std::filesystem::path work_;  // the private folder
  int lock_fd_;
  // The spelling words go to a shard of their own, written by a thread of
  // its own while the shards are built (fresh_index.cc).
  std::unique_ptr<SpellingShard> spelling_;
  std::vector<std::unique_ptr<Shard>> shards_;
  Xapian::doccount doc_count_ = 0;
};

}  // namespace praxis
