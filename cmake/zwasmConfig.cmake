# The CMake package of zwasm:
#
#   find_package(zwasm REQUIRED)
#   target_link_libraries(app PRIVATE zwasm::zwasm)         # libzwasm.so
#   target_link_libraries(app PRIVATE zwasm::zwasm_static)  # libzwasm.a
#
# The same file serves an installed package (PREFIX/lib/cmake/zwasm, made by
# tools/install-capi) and a source checkout (point zwasm_DIR at its cmake/
# folder; the library comes from target/<ZWASM_PROFILE>, release by
# default, after `cargo build --release`).

get_filename_component(_zwasm_here "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
if(EXISTS "${_zwasm_here}/../../../include/zwasm.h")
  get_filename_component(_zwasm_prefix "${_zwasm_here}/../../.." ABSOLUTE)
  set(_zwasm_include "${_zwasm_prefix}/include")
  set(_zwasm_libdir "${_zwasm_prefix}/lib")
elseif(EXISTS "${_zwasm_here}/../include/zwasm.h")
  get_filename_component(_zwasm_root "${_zwasm_here}/.." ABSOLUTE)
  if(NOT ZWASM_PROFILE)
    set(ZWASM_PROFILE release)
  endif()
  set(_zwasm_include "${_zwasm_root}/include")
  set(_zwasm_libdir "${_zwasm_root}/target/${ZWASM_PROFILE}")
else()
  set(zwasm_FOUND FALSE)
  set(zwasm_NOT_FOUND_MESSAGE "zwasm's headers are not next to ${CMAKE_CURRENT_LIST_FILE}")
  return()
endif()

if(NOT EXISTS "${_zwasm_libdir}/libzwasm.so")
  set(zwasm_FOUND FALSE)
  set(zwasm_NOT_FOUND_MESSAGE
      "${_zwasm_libdir}/libzwasm.so does not exist (build it with `cargo build --release`)")
  return()
endif()

if(NOT TARGET zwasm::zwasm)
  add_library(zwasm::zwasm SHARED IMPORTED)
  set_target_properties(zwasm::zwasm PROPERTIES
    IMPORTED_LOCATION "${_zwasm_libdir}/libzwasm.so"
    IMPORTED_SONAME "libzwasm.so"
    INTERFACE_INCLUDE_DIRECTORIES "${_zwasm_include}")
endif()

# The static library carries the Rust standard library; these are the
# system libraries it needs on Linux.
if(EXISTS "${_zwasm_libdir}/libzwasm.a" AND NOT TARGET zwasm::zwasm_static)
  add_library(zwasm::zwasm_static STATIC IMPORTED)
  set_target_properties(zwasm::zwasm_static PROPERTIES
    IMPORTED_LOCATION "${_zwasm_libdir}/libzwasm.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_zwasm_include}"
    INTERFACE_LINK_LIBRARIES "gcc_s;util;rt;pthread;m;dl;c")
endif()

set(zwasm_INCLUDE_DIR "${_zwasm_include}")
set(zwasm_LIBRARY "${_zwasm_libdir}/libzwasm.so")
set(zwasm_FOUND TRUE)
