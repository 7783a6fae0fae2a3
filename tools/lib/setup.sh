# Shared by tools/demo and tools/test: install what is missing, then build.
# Sourced, not executed. Idempotent: a second run installs nothing and
# reuses the build folder.

PRAXIS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Debian 12 packages the build and the tests need.
PRAXIS_BUILD_PACKAGES=(
  build-essential cmake pkg-config
  libxapian-dev libcmark-dev libyaml-cpp-dev libcpp-httplib-dev
  nlohmann-json3-dev libutf8proc-dev libstemmer-dev libmstch-dev
  libsodium-dev libcli11-dev libgtest-dev iso-codes libjemalloc-dev libzstd-dev
)
# What the tests add: integration (python3, curl; python3-yaml reads the
# relevance test's queries.yaml), operations (nginx, xapian replication tools,
# openssl for a self-signed pair), the browser test (Debian's chromium; node and
# npm come with the machine image or nodejs/npm).
PRAXIS_TEST_PACKAGES=(curl python3 python3-yaml xapian-tools nginx-light openssl chromium fonts-dejavu-core wrk)
# What tools/fuzz adds (only it installs these): clang, and compiler-rt's
# libFuzzer and sanitizer runtimes.
PRAXIS_FUZZ_PACKAGES=(clang libclang-rt-14-dev)
# How tools/fuzz and tools/test's sanitizer pass configure a clang build with
# ASan, UBSan and libFuzzer's coverage (run cmake with CC=clang CXX=clang++).
# -O1 and line tables only: the sanitizers' usual trade of speed for build time.
PRAXIS_FUZZ_CMAKE_ARGS=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only"
                        -DPRAXIS_FUZZ=ON)

praxis_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# praxis_install PKG...: apt-get update once, then install only what is missing.
praxis_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    praxis_log "Debian packages: all present"
    return 0
  fi
  praxis_log "Installing missing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

# praxis_build DIR [CMAKE ARGS...]: configure once, then build incrementally.
praxis_build() {
  local dir="$1"; shift
  local jobs; jobs="$(nproc 2>/dev/null || echo 2)"
  cmake -S "$PRAXIS_ROOT" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" --parallel "$jobs"
}
