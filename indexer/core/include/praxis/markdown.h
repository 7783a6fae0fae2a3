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

// HTML safe to put in a page: raw HTML is not passed through (cmark's safe
// mode), links and images lead only to http(s), mailto: or relative URLs (and
// data: images) — any other URL is blanked — and headings are shifted down one
// level so the page keeps a single <h1>. Both functions bound what cmark is
// given (nesting, brackets: see markdown.cc), so no body takes quadratic time.
std::string markdown_to_html(std::string_view markdown);

}  // namespace praxis
