# V8 comes from Debian's libnode (libnode-dev): either installed system-wide, or unpacked by
# scripts/setup.sh into build/deps/libnode when the system nodejs is not Debian's.
# Defines the imported target edged::v8. Version checks live in src/runtime/v8_version.h only.
set(_edged_libnode_prefix ${CMAKE_SOURCE_DIR}/build/deps/libnode/usr)
find_path(V8_INCLUDE_DIR v8.h
  PATHS ${_edged_libnode_prefix}/include/node /usr/include/node NO_DEFAULT_PATH)
find_library(V8_LIBRARY NAMES node libnode.so.108
  PATHS ${_edged_libnode_prefix}/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu NO_DEFAULT_PATH)
if(NOT V8_INCLUDE_DIR OR NOT V8_LIBRARY)
  message(FATAL_ERROR "V8 headers or libnode not found: run scripts/setup.sh first")
endif()
get_filename_component(V8_LIBRARY_DIR ${V8_LIBRARY} DIRECTORY)
add_library(edged_v8 INTERFACE)
target_include_directories(edged_v8 SYSTEM INTERFACE ${V8_INCLUDE_DIR})
target_link_libraries(edged_v8 INTERFACE ${V8_LIBRARY})
target_link_options(edged_v8 INTERFACE "-Wl,-rpath,${V8_LIBRARY_DIR}")
add_library(edged::v8 ALIAS edged_v8)
