// What "neutralised" means for the HTML Praxis produces, as one check shared
// by the fuzz targets and the content-safety tests: whatever a case file or a
// request contained, the markup may not run script or load active content.
//
//  - no element that runs or embeds something: <script> other than the
//    theme's own (src="/static/…", nothing inside), <iframe>, <frame>,
//    <object>, <embed>, <applet>, <base>, <form> actions off-site, <meta
//    http-equiv>, <style> with content, SVG's <foreignObject>, <animate>,
//    <set>, <use>, MathML;
//  - no event-handler attribute (on…=), no srcdoc, no style attribute;
//  - no URL attribute (href, src, action, formaction, xlink:href, poster,
//    cite, background, data, srcset, ping) whose value — after the entity
//    decoding and the whitespace stripping a browser does — uses a scheme
//    other than http, https or mailto, except data:image/{png,gif,jpeg,webp}
//    (what cmark's safe mode lets through: a browser shows those as images).
//
// The markup is read the way a browser's tokenizer would (attribute values
// quoted or not, raw-text elements skipped to their end tag), so that a
// payload hiding in a malformed tag is found too.
#pragma once

#include <string>
#include <string_view>

namespace praxis::fuzz {

// "" when `html` is safe; else the first problem and where it is.
std::string check_html_safety(std::string_view html);

// Whether `url` (an attribute value, entities already decoded) would reach
// an active scheme in a browser: javascript:, vbscript:, data: (except the
// images above), file: and any other non-web scheme.
bool is_dangerous_url(std::string_view url);

// Decodes HTML character references (named ones for the few that matter in
// URLs: &colon; &tab; &newline; &amp; &lt; &gt; &quot; &apos;, and numeric).
std::string decode_entities(std::string_view s);

}  // namespace praxis::fuzz
