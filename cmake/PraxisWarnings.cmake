# Compiler flags live on INTERFACE targets, never in CMAKE_CXX_FLAGS.
add_library(praxis_warnings INTERFACE)
target_compile_options(praxis_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  -Wimplicit-fallthrough)
if(PRAXIS_WERROR)
  target_compile_options(praxis_warnings INTERFACE -Werror)
endif()

add_library(praxis_sanitize INTERFACE)
if(PRAXIS_SANITIZE)
  target_compile_options(praxis_sanitize INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(praxis_sanitize INTERFACE -fsanitize=address,undefined)
endif()

# PRAXIS_FUZZ: coverage for libFuzzer plus ASan/UBSan on every target of
# ours; the fuzz executables add -fsanitize=fuzzer at link time (tests/fuzz).
if(PRAXIS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PRAXIS_FUZZ needs clang (CXX=clang++), not ${CMAKE_CXX_COMPILER_ID}")
  endif()
  if(PRAXIS_SANITIZE)
    message(FATAL_ERROR "PRAXIS_FUZZ already sanitizes: leave PRAXIS_SANITIZE off")
  endif()
  target_compile_options(praxis_sanitize INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(praxis_sanitize INTERFACE -fsanitize=address,undefined)
endif()

# praxis_defaults: what every target of ours links.
add_library(praxis_defaults INTERFACE)
target_link_libraries(praxis_defaults INTERFACE praxis_warnings praxis_sanitize)
