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

# praxis_defaults: what every target of ours links.
add_library(praxis_defaults INTERFACE)
target_link_libraries(praxis_defaults INTERFACE praxis_warnings praxis_sanitize)
