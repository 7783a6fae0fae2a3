#include "praxis/status.h"

namespace praxis {

int Status::http_status() const {
  switch (code_) {
    case Code::ok: return 200;
    case Code::invalid_argument: return 400;
    case Code::not_found: return 404;
    case Code::unavailable: return 503;
    case Code::io_error:
    case Code::corrupt:
    case Code::internal: return 500;
  }
  return 500;
}

}  // namespace praxis
