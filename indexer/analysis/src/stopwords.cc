#include "praxis/analysis/stopwords.h"

#include <algorithm>
#include <array>

namespace praxis::analysis {
namespace {

// Sorted (byte order) and in normalize()d form: the tests check both.
constexpr std::array<std::string_view, 162> kEnglish = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "can't", "could", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during",
    "each", "either", "etc", "few", "for", "from", "further", "had", "has", "hasn't", "have", "haven't",
    "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "i'm",
    "if", "in", "into", "is", "isn't", "it's", "its", "itself", "just", "may", "me", "might", "more", "most",
    "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "only",
    "or", "other", "others", "our", "ours", "ourselves", "out", "over", "own", "per", "same", "shall", "she",
    "should", "since", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
    "then", "there", "there's", "these", "they", "they're", "this", "those", "though", "through", "thus",
    "to", "too", "under", "until", "up", "upon", "very", "via", "was", "wasn't", "we", "we're", "were",
    "weren't", "what", "when", "where", "whether", "which", "while", "whom", "whose", "why", "will", "with",
    "within", "without", "won't", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
};

// Accentless, lowercase, σ for ς: "της" is written "τησ".
constexpr std::array<std::string_view, 181> kGreek = {
    "ακομα", "ακομη", "αλλα", "αλλεσ", "αλλη", "αλλο", "αλλοι", "αλλοσ", "αλλων", "αν", "ανα", "αντι", "απο",
    "αρα", "αυτα", "αυτεσ", "αυτη", "αυτην", "αυτησ", "αυτο", "αυτοι", "αυτον", "αυτοσ", "αυτου", "αυτουσ",
    "αυτων", "αφου", "για", "γιατι", "δεν", "δηλαδη", "δια", "διοτι", "εαν", "εγω", "εδω", "ειναι", "ειτε",
    "ειχαν", "ειχε", "εκει", "εκεινα", "εκεινη", "εκεινο", "εκεινοι", "εκεινοσ", "εκτοσ", "εμεισ", "ενα",
    "εναν", "εναντι", "ενασ", "ενοσ", "εντοσ", "ενω", "εξω", "επειδη", "επι", "επισησ", "εσεισ", "εσυ",
    "ετσι", "εχει", "εχουν", "εωσ", "η", "ηδη", "ηταν", "θα", "ισωσ", "καθε", "καθωσ", "και", "κανεισ",
    "καποια", "καποιο", "καποιοι", "καποιοσ", "κατα", "κατι", "κατω", "κι", "λογω", "λοιπον", "μα", "μαλλον",
    "μασ", "με", "μεσω", "μετα", "μεταξυ", "μεχρι", "μη", "μην", "μια", "μιασ", "μονο", "μου", "να", "ναι",
    "ο", "οι", "ολα", "ολεσ", "ολη", "ολο", "ολοι", "ολοσ", "ολων", "ομωσ", "οποια", "οποιασ", "οποιεσ",
    "οποιο", "οποιοι", "οποιον", "οποιοσ", "οποιου", "οποιουσ", "οποιων", "οπου", "οπωσ", "οσα", "οσο",
    "οσοι", "οταν", "οτι", "ουτε", "οχι", "παντα", "πανω", "παρα", "περι", "περιπου", "πιο", "πλεον", "ποια",
    "ποιο", "ποιοι", "ποιοσ", "ποιων", "πολυ", "ποτε", "που", "πριν", "προσ", "πωσ", "σασ", "σε", "σου",
    "στα", "στη", "στην", "στησ", "στισ", "στο", "στον", "στου", "στουσ", "στων", "τα", "τετοια", "τετοιο",
    "τετοιοσ", "τη", "την", "τησ", "τιποτα", "τισ", "το", "τον", "τοτε", "του", "τουσ", "των", "τωρα", "υπερ",
    "υπο", "χωρισ", "ωσ", "ωστε",
};

bool contains(std::span<const std::string_view> sorted, std::string_view w) {
  return std::binary_search(sorted.begin(), sorted.end(), w);
}

}  // namespace

std::span<const std::string_view> english_stopwords() { return kEnglish; }
std::span<const std::string_view> greek_stopwords() { return kGreek; }

bool is_stopword(std::string_view w) { return contains(kEnglish, w) || contains(kGreek, w); }

std::unique_ptr<Xapian::SimpleStopper> make_stopper() {
  auto stopper = std::make_unique<Xapian::SimpleStopper>();
  for (const auto w : kEnglish) stopper->add(std::string(w));
  for (const auto w : kGreek) stopper->add(std::string(w));
  return stopper;
}

}  // namespace praxis::analysis
