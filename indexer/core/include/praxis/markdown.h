// Markdown bodies, through cmark (which stays behind this module).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace praxis {

struct MarkdownText {
  std::string plain;                  // the text without markup, paragraphs separated by blank lines
  std::vector<std::string> headings;  // every heading's text, in order
};

// What the indexer needs: plain text and headings. Raw HTML blocks and inline
// HTML are dropped, code is kept as text.
MarkdownText markdown_to_text(std::string_view markdown);

// HTML safe to put in a page: raw HTML is not passed through and dangerous
// link schemes (javascript:, vbscript:, file:, data: other than images) are
// removed (cmark's safe mode), headings are shifted down one level so the
// page keeps a single <h1>.
std::string markdown_to_html(std::string_view markdown);

}  // namespace praxis
