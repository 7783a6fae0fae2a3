# Every dependency comes from a Debian 12 package, found through its CMake
# config file or its pkg-config file (see ../shared/STYLE.md for the notes).
find_package(PkgConfig REQUIRED)

pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core>=1.4.22)
pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark>=0.30)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)
# utf8proc's .pc file claims 2.6.0 for 2.8: ask for no version.
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)

find_package(yaml-cpp 0.7 REQUIRED CONFIG)
find_package(nlohmann_json 3.11 REQUIRED CONFIG)
find_package(CLI11 REQUIRED CONFIG)
find_package(mstch CONFIG REQUIRED)
find_package(Threads REQUIRED)

# Snowball's libstemmer ships neither a CMake config nor a .pc file.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(praxis_libstemmer INTERFACE IMPORTED)
target_include_directories(praxis_libstemmer INTERFACE ${STEMMER_INCLUDE_DIR})
target_link_libraries(praxis_libstemmer INTERFACE ${STEMMER_LIBRARY})
add_library(Snowball::stemmer ALIAS praxis_libstemmer)

if(PRAXIS_BUILD_TESTS)
  find_package(GTest REQUIRED CONFIG)
endif()
