# Warnings for edged's own targets (not for third-party sources such as llhttp).
function(edged_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()
