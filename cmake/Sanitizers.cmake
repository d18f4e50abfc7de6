# EDGED_SANITIZE="address;undefined" turns on sanitizers for every target; errors abort.
set(EDGED_SANITIZE "" CACHE STRING "Sanitizers to enable, e.g. address;undefined")
if(EDGED_SANITIZE)
  list(JOIN EDGED_SANITIZE "," _edged_sanitizers)
  # libnode's V8 has no RTTI, so UBSan's vptr check cannot see V8's type info: leave it out.
  add_compile_options(-fsanitize=${_edged_sanitizers} -fno-sanitize=vptr -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_edged_sanitizers} -fno-sanitize=vptr)
endif()
