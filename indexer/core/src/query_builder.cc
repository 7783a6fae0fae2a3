#include "praxis/query_builder.h"

#include <algorithm>

#include "praxis/analysis/greeklish.h"
#include "praxis/analysis/normalize.h"
#include "praxis/analysis/script.h"
#include "praxis/analysis/stemmer.h"
#include "praxis/front_matter.h"
#include "praxis/match_query.h"
#include "praxis/phrase_set.h"
#include "praxis/schema.h"

namespace praxis {
namespace {

// The index's lexicon, for Greeklish: which Greek words really occur.
class DatabaseLexicon final : public analysis::Lexicon {
 public:
  explicit DatabaseLexicon(const Xapian::Database& db) : db_(db) {}
  bool has_prefix(std::string_view prefix) const override {
    const std::string p(prefix);
    return db_.allterms_begin(p) != db_.allterms_end(p);
  }
  bool has_term(std::string_view term) const override { return db_.term_exists(std::string(term)); }

 private:
  const Xapian::Database& db_;
};

bool is_operator(std::string_view w) {
  return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ";
}

bool is_field_name(std::string_view name) {
  for (const auto& f : schema::kTextFields)
    if (f.name == name) return true;
  return schema::facet_by_name(name).has_value();
}

enum class TokenKind { word, phrase, field, op, open, close, sign, wildcard };

struct Token {
  TokenKind kind;
  std::string text;  // normalised where it is user text
};

// Splits the raw query into tokens, normalising user text and keeping the
// syntax (operators, parentheses, field names, quotes) intact.
std::vector<Token> tokenize(std::string_view q) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (i < q.size()) {
    const char c = q[i];
    if (is_space(c)) { ++i; continue; }
    if (c == '(' || c == ')') {
      out.push_back({c == '(' ? TokenKind::open : TokenKind::close, std::string(1, c)});
      ++i;
      continue;
    }
    if (c == '"') {
      const std::size_t end = q.find('"', i + 1);
      const std::string_view inner = q.substr(i + 1, end == std::string_view::npos ? q.npos : end - i - 1);
      out.push_back({TokenKind::phrase, analysis::normalize(inner)});
      i = end == std::string_view::npos ? q.size() : end + 1;
      continue;
    }
    if (c == '+' || c == '-') {
      out.push_back({TokenKind::sign, std::string(1, c)});
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < q.size() && !is_space(q[j]) && q[j] != '(' && q[j] != ')' && q[j] != '"') ++j;
    std::string_view word = q.substr(i, j - i);
    i = j;
    if (is_operator(word)) {
      out.push_back({TokenKind::op, std::string(word)});
      continue;
    }
    if (const auto colon = word.find(':'); colon != std::string_view::npos && colon > 0) {
      const std::string field = analysis::normalize(word.substr(0, colon));
      if (is_field_name(field)) {
        std::string value = analysis::normalize(word.substr(colon + 1));
        // field:"a phrase"
        if (value.empty() && i < q.size() && q[i] == '"') {
          const std::size_t end = q.find('"', i + 1);
          value = '"' + analysis::normalize(q.substr(i + 1, end == std::string_view::npos ? q.npos : end - i - 1)) + '"';
          i = end == std::string_view::npos ? q.size() : end + 1;
        }
        if (!value.empty()) out.push_back({TokenKind::field, field + ':' + value});
        continue;
      }
    }
    if (word.size() > 1 && word.back() == '*') {
      out.push_back({TokenKind::wildcard, analysis::normalize(word.substr(0, word.size() - 1)) + '*'});
      continue;
    }
    std::string norm = analysis::normalize(word);
    if (!norm.empty()) out.push_back({TokenKind::word, std::move(norm)});
  }
  return out;
}

// A synonym as a query: a word as itself; several words as the phrase or
// all the words in any inflection, so "διαχείριση απορριμμάτων" also finds
// "διαχείρισης των απορριμμάτων", and the exact phrase ranks higher.
std::string alternative(const std::string& phrase) {
  if (phrase.find(' ') == std::string::npos) return phrase;
  return "(\"" + phrase + "\" OR (" + phrase + "))";
}

}  // namespace

struct QueryBuilder::Impl {
  const Xapian::Database& db;
  QueryLimits limits;
  Xapian::Stem stemmer = analysis::make_stemmer();
  std::unique_ptr<Xapian::Stopper> stopper = analysis::make_stopper();
  mutable Xapian::QueryParser parser;
  DatabaseLexicon lexicon;
  // The synonym phrases the documents carry phrase terms for.
  PhraseSet phrases;

  Impl(const Xapian::Database& d, QueryLimits l)
      : db(d), limits(l), lexicon(d), phrases(PhraseSet::parse(d.get_metadata(schema::kPhrasesKey))) {
    parser.set_database(db);
    parser.set_stemmer(stemmer);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_stopper(stopper.get());
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_max_expansion(limits.max_wildcard, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    schema::add_field_prefixes(parser);
  }

  // The synonyms of a normalised word or phrase, from the index.
  std::vector<std::string> synonyms_of(const std::string& key) const {
    std::vector<std::string> out;
    for (auto it = db.synonyms_begin(key); it != db.synonyms_end(key); ++it) out.push_back(*it);
    return out;
  }

  // How a plain word may be read: as typed, then (for Greeklish) as the
  // Greek words of the index it can spell, or (for a Greek word) as its ELOT
  // 743 transliteration when the index has it — mostly place and programme
  // names, so that "Τρίκαλα" also finds the English case about Trikala.
  std::vector<std::string> readings_of(const std::string& word) const {
    std::vector<std::string> out{word};
    if ((*stopper)(word)) return out;
    switch (analysis::script_of(word)) {
      case analysis::Script::latin:
        if (word.size() >= 3)
          for (auto& g : analysis::greeklish_candidates(word, lexicon, limits.max_greeklish)) out.push_back(std::move(g));
        break;
      case analysis::Script::greek:
        if (constexpr std::size_t kMinBytes = 4 * 2; word.size() >= kMinBytes) {  // four Greek letters
          std::string latin = analysis::greek_to_latin(word);
          if (latin != word && db.term_exists(latin)) out.push_back(std::move(latin));
        }
        break;
      default:
        break;
    }
    return out;
  }

  // A synonym key for the words `words` in another inflection: a key of as
  // many words whose stems are the same ("διαχείρισης αποβλήτων" finds the
  // group of "διαχειριση αποβλητων", "cooperatives" that of "cooperative").
  std::string inflected_key(const std::vector<std::string>& words) const {
    std::vector<std::string> stems;
    for (const auto& w : words) stems.push_back(stemmer(w));
    // Keys are looked up from the part the first word and its stem share.
    const std::string& first = words.front();
    std::size_t common = 0;
    while (common < first.size() && common < stems[0].size() && first[common] == stems[0][common]) ++common;
    while (common > 0 && common < first.size() && (static_cast<unsigned char>(first[common]) & 0xC0) == 0x80) --common;
    if (common < 3) return {};
    constexpr int kMaxKeys = 200;  // a bound on the walk, whatever the table holds
    int seen = 0;
    const std::string prefix = first.substr(0, common);
    for (auto it = db.synonym_keys_begin(prefix); it != db.synonym_keys_end(prefix) && seen < kMaxKeys; ++it, ++seen) {
      const std::string key = *it;
      std::vector<std::string> parts;
      std::size_t from = 0;
      for (std::size_t sp; (sp = key.find(' ', from)) != std::string::npos; from = sp + 1) parts.push_back(key.substr(from, sp - from));
      parts.push_back(key.substr(from));
      if (parts.size() != words.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < parts.size() && same; ++k) same = stemmer(parts[k]) == stems[k];
      if (same) return key;
    }
    return {};
  }

  // The synonym group of tokens[i, i+n), each word read as any of its
  // readings: the key as written first, then in another inflection. Returns
  // the key found ("" for none).
  std::string synonym_key(const std::vector<std::vector<std::string>>& readings, std::size_t i, std::size_t n) const {
    // Combinations in order of preference (each word's first reading first), bounded.
    constexpr std::size_t kMaxCombinations = 32;
    std::vector<std::vector<std::string>> combos{{}};
    for (std::size_t k = 0; k < n; ++k) {
      std::vector<std::vector<std::string>> next;
      for (const auto& c : combos)
        for (const auto& r : readings[i + k]) {
          if (next.size() >= kMaxCombinations) break;
          next.push_back(c);
          next.back().push_back(r);
        }
      combos = std::move(next);
    }
    for (const auto& c : combos) {
      std::string key;
      for (const auto& w : c) key += (key.empty() ? "" : " ") + w;
      if (db.synonyms_begin(key) != db.synonyms_end(key)) return key;
    }
    for (const auto& c : combos)
      if (std::string key = inflected_key(c); !key.empty()) return key;
    return {};
  }

  // Rewrites runs of plain words: synonym groups (longest match first) and
  // Greeklish readings become OR groups.
  std::string rewrite(std::vector<Token>& tokens, std::vector<std::string>& wildcards) const {
    std::string out;
    std::vector<std::vector<std::string>> readings;  // of each token, filled on first use
    auto emit = [&](const std::string& s) {
      if (!out.empty()) out += ' ';
      out += s;
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      switch (t.kind) {
        case TokenKind::phrase:
          if (!t.text.empty()) emit('"' + t.text + '"');
          continue;
        case TokenKind::sign:
          // Only meaningful right before a term: "+word" / "-word".
          if (i + 1 < tokens.size() && tokens[i + 1].kind != TokenKind::op && tokens[i + 1].kind != TokenKind::close) {
            out += out.empty() ? "" : " ";
            out += t.text;
            out += '\x01';  // glue: no space before the next token
          }
          continue;
        case TokenKind::wildcard:
          wildcards.push_back(t.text.substr(0, t.text.size() - 1));
          emit(t.text);
          continue;
        case TokenKind::word:
          break;
        default:
          emit(t.text);
          continue;
      }
      // A plain word: the longest synonym phrase starting here, its words
      // read as typed or as Greeklish; else the word or its Greek readings.
      for (std::size_t k = readings.size(); k < tokens.size(); ++k)
        readings.push_back(tokens[k].kind == TokenKind::word ? readings_of(tokens[k].text) : std::vector<std::string>{});
      bool done = false;
      for (std::size_t n = std::min<std::size_t>(4, tokens.size() - i); n >= 1 && !done; --n) {
        bool all_words = true;
        for (std::size_t k = 0; k < n && all_words; ++k) all_words = tokens[i + k].kind == TokenKind::word;
        if (!all_words) continue;
        const std::string key = synonym_key(readings, i, n);
        if (key.empty()) continue;
        std::string group = "(" + alternative(key);
        for (const auto& syn : synonyms_of(key)) group += " OR " + alternative(syn);
        group += ')';
        emit(group);
        i += n - 1;
        done = true;
      }
      if (done) continue;
      if (readings[i].size() > 1) {
        std::string group = "(" + t.text;
        for (std::size_t k = 1; k < readings[i].size(); ++k) group += " OR " + readings[i][k];
        group += ')';
        emit(group);
        continue;
      }
      emit(t.text);
    }
    // Remove the glue after +/- signs.
    std::string glued;
    glued.reserve(out.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
      if (out[k] == '\x01') {
        if (k + 1 < out.size() && out[k + 1] == ' ') ++k;
        continue;
      }
      glued += out[k];
    }
    return glued;
  }
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, QueryLimits limits)
    : impl_(std::make_unique<Impl>(db, limits)) {}
QueryBuilder::~QueryBuilder() = default;

Result<ParsedQuery> QueryBuilder::parse(std::string_view user_query) const {
  const auto& limits = impl_->limits;
  if (user_query.size() > limits.max_bytes)
    return Status::InvalidArgument("the query is longer than " + std::to_string(limits.max_bytes) + " bytes");
  if (find_invalid_utf8(user_query) != std::string_view::npos)
    return Status::InvalidArgument("the query is not valid UTF-8");

  std::vector<Token> tokens = tokenize(user_query);
  const auto words = static_cast<std::size_t>(std::count_if(tokens.begin(), tokens.end(), [](const Token& t) {
    return t.kind != TokenKind::op && t.kind != TokenKind::open && t.kind != TokenKind::close && t.kind != TokenKind::sign;
  }));
  if (words > limits.max_words)
    return Status::InvalidArgument("the query has more than " + std::to_string(limits.max_words) + " words");

  ParsedQuery out;
  if (tokens.empty()) {
    // A fresh "match everything" query, never a copy of the static
    // Xapian::Query::MatchAll: Xapian 1.4 counts references without atomics,
    // so copying one shared object from many searchd threads at once corrupts
    // its count (a crash under concurrent browsing, seen in the tests).
    out.query = Xapian::Query(std::string());
    out.match_query = out.query;
    out.match_all = true;
    return out;
  }
  // Each prefix* scans the lexicon for its terms and expands to its share of
  // the query's budget (the most frequent ones): without both limits, sixty
  // "a*" OR 12,000 terms and a 1 KiB query costs seconds of CPU.
  const auto wildcards = static_cast<Xapian::termcount>(std::count_if(tokens.begin(), tokens.end(), [](const Token& t) {
    return t.kind == TokenKind::wildcard || (t.kind == TokenKind::field && !t.text.empty() && t.text.back() == '*');
  }));
  if (wildcards > limits.max_wildcards)
    return Status::InvalidArgument("the query has more than " + std::to_string(limits.max_wildcards) +
                                   " prefix* wildcards");
  const Xapian::termcount share =
      wildcards == 0 ? limits.max_wildcard
                     : std::clamp<Xapian::termcount>(limits.max_wildcard_total / wildcards, 1,
                                                     limits.max_wildcard);
  impl_->parser.set_max_expansion(share, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  out.rewritten = impl_->rewrite(tokens, out.wildcard_prefixes);
  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                              Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                              Xapian::QueryParser::FLAG_PURE_NOT;
  try {
    try {
      out.query = impl_->parser.parse_query(out.rewritten, kFlags);
    } catch (const Xapian::QueryParserError&) {
      // Unbalanced syntax ("(a OR", "NOT"): take the words as words.
      out.query = impl_->parser.parse_query(out.rewritten, 0);
    }
  } catch (const Xapian::Error& e) {
    return Status::InvalidArgument("the query cannot be understood: " + e.get_msg());
  }
  if (out.query.empty()) {
    // Only stopwords or punctuation: browse rather than find nothing.
    out.query = Xapian::Query(std::string());
    out.match_all = true;
  }
  if (!out.match_all) {
    out.match_query = without_ranking_phrases(out.query, impl_->stemmer);
    if (!impl_->phrases.empty())
      out.query = with_phrase_terms(out.query, impl_->stemmer,
                                    [this](std::string_view joined) { return impl_->phrases.contains(joined); });
  } else {
    out.match_query = out.query;
  }
  return out;
}

std::string QueryBuilder::suggest(std::string_view user_query) const {
  if (user_query.size() > impl_->limits.max_bytes || find_invalid_utf8(user_query) != std::string_view::npos)
    return {};
  std::string normalized;
  for (const Token& t : tokenize(user_query)) {
    if (!normalized.empty()) normalized += ' ';
    normalized += t.kind == TokenKind::phrase ? '"' + t.text + '"' : t.text;
  }
  try {
    impl_->parser.parse_query(normalized, Xapian::QueryParser::FLAG_SPELLING_CORRECTION |
                                              Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN);
    std::string corrected = impl_->parser.get_corrected_query_string();
    return corrected == normalized ? std::string() : corrected;
  } catch (const Xapian::Error&) {
    return {};
  }
}

TermMatcher::TermMatcher(const ParsedQuery& parsed) : prefixes_(parsed.wildcard_prefixes), stemmer_(analysis::make_stemmer()) {
  // Field prefixes are stripped, so "title:καινοτομια" highlights the word in the body too.
  auto strip = [](std::string_view term) -> std::string_view {
    for (const auto& f : schema::kTextFields)
      if (term.substr(0, f.prefix.size()) == f.prefix) return term.substr(f.prefix.size());
    return term;
  };
  for (auto it = parsed.query.get_terms_begin(); it != parsed.query.get_terms_end(); ++it) {
    const std::string term_text = *it;  // *it is a temporary: keep it alive
    std::string_view term = term_text;
    if (term.empty()) continue;
    if (term[0] == 'Z') {
      stems_.emplace(strip(term.substr(1)));
    } else if (term[0] >= 'A' && term[0] <= 'Z') {
      const auto bare = strip(term);
      if (bare.size() != term.size()) words_.emplace(bare);  // a text field; facet terms are not words
    } else {
      words_.emplace(term);
    }
  }
  for (const auto& w : words_) add_first_letter(w);
  for (const auto& s : stems_) add_first_letter(s);
  for (const auto& p : prefixes_) add_first_letter(p);
}

void TermMatcher::add_first_letter(std::string_view term) {
  const char32_t letter = analysis::first_code_point(term);
  if (letter != 0 && std::find(first_letters_.begin(), first_letters_.end(), letter) == first_letters_.end())
    first_letters_.push_back(letter);
}

bool TermMatcher::may_start_with(char32_t c) const {
  return std::find(first_letters_.begin(), first_letters_.end(), c) != first_letters_.end();
}

bool TermMatcher::matches(std::string_view word) const {
  if (word.empty()) return false;
  if (words_.find(word) != words_.end()) return true;
  for (const auto& p : prefixes_)
    if (!p.empty() && word.substr(0, p.size()) == p) return true;
  if (stems_.empty() || !may_start_with(analysis::first_code_point(word))) return false;
  return stems_.find(stemmer_(std::string(word))) != stems_.end();
}

}  // namespace praxis
