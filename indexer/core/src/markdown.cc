#include "praxis/markdown.h"

#include <cstdlib>
#include <memory>

#include <cmark.h>

namespace praxis {
namespace {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

// cmark 0.30.2 (Debian 12) parses some inputs in quadratic time: many
// unmatched '[' in one paragraph (CVE-2023-22486, fixed upstream in 0.30.3)
// and emphasis runs inside deeply nested block quotes or lists (a cost of
// depth × delimiters). A 1 MiB case body of either kind took minutes, in the
// indexer and in searchd on every request for the case page (found while
// fuzzing the case loader; tests/fuzz/case_loader/regressions/). Past these
// bounds, which no real case comes near, the markers are escaped and show
// as text.
constexpr int kMaxNesting = 32;           // block containers opened on one line
constexpr std::size_t kMaxBrackets = 1024;  // '[' per paragraph

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// Appends `line` with the block-container markers past kMaxNesting escaped.
// Every two columns of indentation count as a level, as a nested list needs
// them (so a deep list cannot be built a line at a time either).
void append_bounded_prefix(std::string_view line, std::string& out) {
  std::size_t i = 0;
  int depth = 0, columns = 0;
  auto over = [&] { return depth + columns / 2 > kMaxNesting; };
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t') {
      columns += c == '\t' ? 4 : 1;
      out += c;
      ++i;
      continue;
    }
    std::size_t marker = 0;  // length of a container marker at i, 0 if none
    auto spaced = [&](std::size_t k) { return k >= line.size() || line[k] == ' ' || line[k] == '\t'; };
    if (c == '>') {
      marker = 1;
    } else if ((c == '-' || c == '+' || c == '*') && spaced(i + 1)) {
      marker = 1;
    } else if (c >= '0' && c <= '9') {
      std::size_t j = i;
      while (j < line.size() && j - i < 9 && line[j] >= '0' && line[j] <= '9') ++j;
      if (j < line.size() && (line[j] == '.' || line[j] == ')') && spaced(j + 1)) marker = j - i + 1;
    }
    if (marker == 0) break;
    ++depth;
    if (over()) {
      out.append(line.substr(i, marker - 1));
      out += '\\';
      out += line[i + marker - 1];
    } else {
      out.append(line.substr(i, marker));
    }
    i += marker;
  }
  out.append(line.substr(i));
}

// The text cmark is given: `md` as it is, but past the bounds above.
// (Fenced code gets no exception: an HTML block can hide a fence line from
// cmark, and code with a thousand '[' in a row is not a case study.)
std::string bounded(std::string_view md) {
  std::string out;
  out.reserve(md.size() + 16);
  std::string line_out;
  std::size_t brackets = 0;
  for (std::size_t pos = 0; pos < md.size();) {
    const std::size_t nl = md.find('\n', pos);
    const std::string_view line = md.substr(pos, nl == std::string_view::npos ? md.npos : nl - pos);
    pos = nl == std::string_view::npos ? md.size() : nl + 1;
    if (is_blank(line)) {
      brackets = 0;  // a paragraph ends at a blank line
      out.append(line);
    } else {
      line_out.clear();
      append_bounded_prefix(line, line_out);
      // '[' past the bound becomes "\\[" (one already escaped stays as it is).
      std::size_t backslashes = 0;
      for (const char c : line_out) {
        if (c == '[' && backslashes % 2 == 0 && ++brackets > kMaxBrackets) out += '\\';
        out += c;
        backslashes = c == '\\' ? backslashes + 1 : 0;
      }
    }
    if (nl != std::string_view::npos) out += '\n';
  }
  return out;
}

// Links and images in a case lead to the web: http(s), mailto: or a
// relative URL. cmark's safe mode blanks javascript:, vbscript:, file: and
// data: (but images); other schemes (ms-msdt:, search-ms:, intent: …) can
// start programs on a reader's machine, so they are blanked too, as are data:
// URLs anywhere but an image's source.
bool is_web_link(std::string_view url, bool image) {
  std::size_t i = 0;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (url.empty() || !alpha(url[0])) return true;  // relative, or blank: cmark escapes it as it is
  while (i < url.size() && (alpha(url[i]) || (url[i] >= '0' && url[i] <= '9') || url[i] == '+' || url[i] == '-' ||
                            url[i] == '.'))
    ++i;
  if (i >= url.size() || url[i] != ':') return true;  // no scheme: relative
  std::string scheme(url.substr(0, i));
  for (char& c : scheme)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return scheme == "http" || scheme == "https" || scheme == "mailto" || (image && scheme == "data");
}

NodePtr parse(std::string_view md) {
  const std::string text = bounded(md);
  return NodePtr(cmark_parse_document(text.data(), text.size(), CMARK_OPT_DEFAULT));
}

bool is_block_break(cmark_node_type t) {
  return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_ITEM ||
         t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_THEMATIC_BREAK;
}

}  // namespace

MarkdownText markdown_to_text(std::string_view markdown) {
  MarkdownText out;
  out.plain.reserve(markdown.size());
  NodePtr doc = parse(markdown);
  if (!doc) return out;
  std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(doc.get()));
  std::string* heading = nullptr;
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_HEADING) {
      out.headings.emplace_back();
      heading = &out.headings.back();
    }
    if (ev == CMARK_EVENT_EXIT && is_block_break(type)) {
      if (type == CMARK_NODE_HEADING) heading = nullptr;
      if (!out.plain.empty() && out.plain.back() != '\n') out.plain += "\n\n";
      continue;
    }
    if (ev != CMARK_EVENT_ENTER) continue;
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK: {
        const char* literal = cmark_node_get_literal(node);
        if (!literal) break;
        out.plain += literal;
        if (heading) *heading += literal;
        if (type == CMARK_NODE_CODE_BLOCK) out.plain += "\n\n";
        break;
      }
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out.plain += ' ';
        if (heading) *heading += ' ';
        break;
      default:
        break;  // raw HTML and containers add no text of their own
    }
  }
  while (!out.plain.empty() && (out.plain.back() == '\n' || out.plain.back() == ' ')) out.plain.pop_back();
  return out;
}

std::string markdown_to_html(std::string_view markdown) {
  NodePtr doc = parse(markdown);
  if (!doc) return {};
  // Shift headings down one level: the page title is the only <h1>. Blank
  // links that do not lead to the web.
  std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(doc.get()));
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (ev != CMARK_EVENT_ENTER) continue;
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_HEADING) {
      const int level = cmark_node_get_heading_level(node);
      cmark_node_set_heading_level(node, level < 6 ? level + 1 : 6);
    } else if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(node);
      if (url && !is_web_link(url, type == CMARK_NODE_IMAGE)) cmark_node_set_url(node, "");
    }
  }
  // CMARK_OPT_DEFAULT is safe mode: no raw HTML, no dangerous URLs.
  char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT);
  std::string out = html ? html : "";
  std::free(html);
  return out;
}

}  // namespace praxis
