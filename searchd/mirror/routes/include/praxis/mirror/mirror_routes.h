// The /mirror/v1/ routes of an OriginService in praxis-searchd's route table:
//
//   GET /mirror/v1/manifest.json        ETag, If-None-Match → 304
//   GET /mirror/v1/manifest.json.sig    the manifest's ETag
//   GET /mirror/v1/files/{path...}      exactly the files of the manifest
//
// The files route needs a pattern whose last segment captures the rest of
// the path ("{path...}", one or more segments); with a router that only
// captures single segments, files in sub-folders would answer 404.
#pragma once

#include "praxis/mirror/origin_service.h"
#include "praxis/searchd/http_types.h"
#include "praxis/searchd/router.h"

namespace praxis::mirror {

// `origin` must outlive `router`.
void add_mirror_routes(searchd::Router& router, OriginService& origin);

// Status, Content-Type, body, ETag and Cache-Control headers.
searchd::Response to_searchd_response(OriginService::Response response);

}  // namespace praxis::mirror
