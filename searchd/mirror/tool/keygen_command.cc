#include <iostream>

#include "commands.h"
#include "praxis/mirror/keys.h"

namespace praxis::mirror::tool {

int run_keygen(const KeygenOptions& o) {
  const KeyPair keys = generate_key_pair();
  if (Status st = write_key_pair(keys, o.out, o.force); !st.ok()) {
    std::cerr << "praxis-mirror: error: " << st.message() << '\n';
    return 1;
  }
  std::cout << "praxis-mirror: wrote " << o.out.string() << ".pub (give it to partners) and " << o.out.string()
            << ".key (secret, mode 0600)\n"
            << "praxis-mirror: fingerprint " << keys.public_key.fingerprint() << '\n';
  return 0;
}

}  // namespace praxis::mirror::tool
