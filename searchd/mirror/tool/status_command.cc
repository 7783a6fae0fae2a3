#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "praxis/mirror/mirror_layout.h"
#include "praxis/mirror/mirror_state.h"

namespace praxis::mirror::tool {

int run_status(const StatusOptions& o) {
  const MirrorLayout layout(o.dir);
  const auto version = layout.current_version();
  if (!version) {
    std::cerr << "praxis-mirror: error: " << o.dir.string() << " is not a mirror made by praxis-mirror pull\n";
    return 1;
  }
  auto state = load_mirror_state(*version);
  if (!state.ok()) {
    std::cerr << "praxis-mirror: error: " << state.status().message() << '\n';
    return 1;
  }
  const MirrorState& s = *state;
  if (o.json) {
    const nlohmann::json j = {{"dir", o.dir.string()},       {"version", version->filename().string()},
                              {"origin", s.origin},          {"origin_url", s.origin_url},
                              {"revision", s.revision},      {"last_pull", s.last_pull},
                              {"last_check", s.last_check},  {"file_count", s.files.size()},
                              {"bytes", s.total_bytes()},    {"key", s.key_fingerprint},
                              {"etag", s.etag}};
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::cout << "mirror:     " << o.dir.string() << " -> " << version->filename().string() << '\n'
            << "origin:     " << s.origin << " (" << s.origin_url << ")\n"
            << "revision:   " << s.revision << '\n'
            << "last pull:  " << s.last_pull << '\n'
            << "last check: " << s.last_check << '\n'
            << "files:      " << s.files.size() << " (" << human_bytes(s.total_bytes()) << ")\n"
            << "signed by:  " << s.key_fingerprint << '\n';
  return 0;
}

}  // namespace praxis::mirror::tool
