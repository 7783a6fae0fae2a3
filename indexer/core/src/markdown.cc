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

NodePtr parse(std::string_view md) {
  return NodePtr(cmark_parse_document(md.data(), md.size(), CMARK_OPT_DEFAULT));
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
  // Shift headings down one level: the page title is the only <h1>.
  std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(doc.get()));
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_HEADING) {
      const int level = cmark_node_get_heading_level(node);
      cmark_node_set_heading_level(node, level < 6 ? level + 1 : 6);
    }
  }
  // CMARK_OPT_DEFAULT is safe mode: no raw HTML, no dangerous URLs.
  char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT);
  std::string out = html ? html : "";
  std::free(html);
  return out;
}

}  // namespace praxis
