#include "praxis/mirror/mirror_routes.h"

#include "praxis/mirror/url_codec.h"

namespace praxis::mirror {

searchd::Response to_searchd_response(OriginService::Response in) {
  searchd::Response out;
  out.status = in.status;
  out.content_type = std::move(in.content_type);
  out.body = std::move(in.body);
  if (!in.etag.empty()) out.set_header("ETag", std::move(in.etag));
  if (!in.cache_control.empty()) out.set_header("Cache-Control", std::move(in.cache_control));
  return out;
}

void add_mirror_routes(searchd::Router& router, OriginService& origin) {
  router.get(std::string(kManifestRoute),
             [&origin](const searchd::Request& r) { return to_searchd_response(origin.manifest(r.if_none_match)); });
  router.get(std::string(kSignatureRoute),
             [&origin](const searchd::Request&) { return to_searchd_response(origin.signature()); });
  router.get(std::string(kFilesRoutePrefix) + "{path...}", [&origin](const searchd::Request& r) {
    // The server decoded the path once; encode it again so that file()
    // decodes it exactly once (a double-encoded request stays encoded once).
    // Whatever the text, file() serves only a path listed in the manifest.
    const std::string_view rest = std::string_view(r.path).substr(kFilesRoutePrefix.size());
    return to_searchd_response(origin.file(std::string(kFilesRoutePrefix) + percent_encode_path(rest)));
  });
}

}  // namespace praxis::mirror
