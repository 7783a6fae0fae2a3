#include "praxis/analysis/stem_cache.h"

#include <bit>
#include <algorithm>
#include <functional>
#include <limits>

namespace praxis::analysis {
namespace {

// Offsets into the buffer are 32-bit.
constexpr std::size_t kMaxBytes = std::numeric_limits<std::uint32_t>::max() / 2;

}  // namespace

StemCache::StemCache(Xapian::Stem stemmer, std::size_t max_words)
    : stemmer_(std::move(stemmer)),
      max_words_(std::max<std::size_t>(1, max_words)),
      slots_(std::bit_ceil(2 * max_words_)) {}

void StemCache::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  bytes_.clear();
  words_ = 0;
}

std::string_view StemCache::operator()(std::string_view word) {
  if (word.empty() || word.size() > kMaxCachedBytes) {
    uncached_ = stemmer_(std::string(word));
    return uncached_;
  }
  const std::uint64_t hash = std::hash<std::string_view>{}(word);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  for (;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.word_size == 0) break;
    if (s.hash == hash && s.word_size == word.size() && std::string_view(bytes_).substr(s.offset, s.word_size) == word)
      return std::string_view(bytes_).substr(s.offset + s.word_size, s.stem_size);
  }
  uncached_ = stemmer_(std::string(word));
  if (uncached_.size() > kMaxCachedBytes) return uncached_;
  if (words_ >= max_words_ || bytes_.size() > kMaxBytes) {
    clear();
    i = hash & mask;  // the table is empty now
  }
  Slot& s = slots_[i];
  s.hash = hash;
  s.offset = static_cast<std::uint32_t>(bytes_.size());
  s.word_size = static_cast<std::uint16_t>(word.size());
  s.stem_size = static_cast<std::uint16_t>(uncached_.size());
  bytes_ += word;
  bytes_ += uncached_;
  ++words_;
  return std::string_view(bytes_).substr(s.offset + s.word_size, s.stem_size);
}

}  // namespace praxis::analysis
