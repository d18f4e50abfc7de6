#pragma once
// The source maps of a Worker bundle's modules, and the one thing they are for: turning the
// frames of a stack trace ("at fetch (index.js:41:11)") back into original positions
// ("at fetch (src/index.ts:12:5)"). As on Cloudflare ("upload_source_maps"), this is applied to
// what edged logs and traces — uncaught exceptions, console lines, tail events — after the
// Worker ran; `error.stack` as the Worker reads it stays the generated one, as on workerd.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "edged/runtime/source_map.h"

namespace edged::runtime {

class SourceMaps {
 public:
  // The map of module `module_name` (the bundle's module name, which V8 reports as the frame's
  // file name); replaces an earlier one.
  void add(const std::string& module_name, std::unique_ptr<SourceMap> map);
  bool empty() const { return maps_.empty(); }
  const SourceMap* find(std::string_view module_name) const;

  // `text` with the location of every stack frame line ("    at …") in a mapped module
  // replaced by its original position. Other lines and unmapped frames are left as they are.
  std::string mapStack(std::string_view text) const;

 private:
  std::map<std::string, std::unique_ptr<SourceMap>, std::less<>> maps_;
};

}  // namespace edged::runtime
