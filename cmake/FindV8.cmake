# V8 comes from Debian's libnode (libnode-dev): either installed system-wide, or unpacked by
# scripts/setup.sh into build/deps/libnode when the system nodejs is not Debian's.
# Defines the imported target edged::v8. Version checks live in src/runtime/v8_version.h only.
# Headers and library must come from the same place: NodeSource's nodejs also installs
# /usr/include/node, with a different V8's headers and no libnode.
set(_edged_libnode_prefix ${CMAKE_SOURCE_DIR}/build/deps/libnode/usr)
if(EXISTS ${_edged_libnode_prefix}/include/node/v8.h)
  set(_edged_v8_root ${_edged_libnode_prefix})
elseif(EXISTS /usr/lib/x86_64-linux-gnu/libnode.so)
  set(_edged_v8_root /usr)
endif()
if(_edged_v8_root)
  find_path(V8_INCLUDE_DIR v8.h PATHS ${_edged_v8_root}/include/node NO_DEFAULT_PATH)
  find_library(V8_LIBRARY NAMES node PATHS ${_edged_v8_root}/lib/x86_64-linux-gnu NO_DEFAULT_PATH)
endif()
if(NOT V8_INCLUDE_DIR OR NOT V8_LIBRARY)
  message(FATAL_ERROR "V8 headers or libnode not found: run scripts/setup.sh first")
endif()
add_library(edged_v8 INTERFACE)
target_include_directories(edged_v8 SYSTEM INTERFACE ${V8_INCLUDE_DIR})
target_link_libraries(edged_v8 INTERFACE ${V8_LIBRARY})
# CMake puts an unpacked libnode's directory in the build tree's RPATH (the library is linked by
# its full path) and drops it on install: the Debian package uses the system's libnode108.
add_library(edged::v8 ALIAS edged_v8)
