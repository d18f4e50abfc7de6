# llhttp 8.1 from Debian's node-llhttp ships C sources, not a library: compile them here into a
# static target so the executable's own llhttp_* symbols win over libnode's exported copy.
find_path(LLHTTP_INCLUDE_DIR llhttp.h PATHS /usr/share/include/llhttp /usr/include/llhttp)
file(GLOB LLHTTP_SOURCES /usr/share/llhttp/*.c)
if(NOT LLHTTP_INCLUDE_DIR OR NOT LLHTTP_SOURCES)
  message(FATAL_ERROR "llhttp sources not found: install node-llhttp (scripts/setup.sh)")
endif()
add_library(edged_llhttp STATIC ${LLHTTP_SOURCES})
target_include_directories(edged_llhttp SYSTEM PUBLIC ${LLHTTP_INCLUDE_DIR})
set_target_properties(edged_llhttp PROPERTIES POSITION_INDEPENDENT_CODE ON)
add_library(edged::llhttp ALIAS edged_llhttp)
