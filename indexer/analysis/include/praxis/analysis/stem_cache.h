// The stems of recent words, for one thread that stems a lot of text (the
// term indexer). Text follows Zipf's law, so most words come back again and
// again; a hash map of std::string to std::string did that job first, but
// its lookups cost four cache misses each (bucket, node, key and value on
// the heap) and a copy of the stem, 5 % of a build's cycles. Here the words
// and stems sit end to end in one buffer, found through an open-addressing
// table of hashes, and a stem is returned as a view.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace praxis::analysis {

class StemCache {
 public:
  // The synthetic benchmark corpus has 67,000 distinct words in 3,000
  // cases and 80,000 in 10,000: a cache of 50,000 started over every few
  // hundred cases and missed 12 % of the lookups, one of 200,000 misses only
  // the first sight of a word (1.4 %). About 14 MB when full.
  static constexpr std::size_t kDefaultWords = 200000;

  // Stems with `stemmer`; forgets everything after `max_words` distinct words.
  explicit StemCache(Xapian::Stem stemmer, std::size_t max_words = kDefaultWords);

  // The stem of `word`, valid until the next call.
  std::string_view operator()(std::string_view word);

  std::size_t size() const { return words_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0;     // of the word in bytes_; the stem follows it
    std::uint16_t word_size = 0;  // 0: an empty slot
    std::uint16_t stem_size = 0;
  };
  // Words longer than this are stemmed without being cached.
  static constexpr std::size_t kMaxCachedBytes = 1024;

  void clear();

  Xapian::Stem stemmer_;
  std::size_t max_words_;
  std::vector<Slot> slots_;  // a power of two, at most half full
  std::string bytes_;
  std::size_t words_ = 0;
  std::string uncached_;
};

}  // namespace praxis::analysis
