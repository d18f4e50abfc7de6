// edged_snapshot_gen <output.bin> <runtime-js dir> <file>...: runs the runtime JavaScript in a
// fresh V8 context and writes the startup snapshot every Worker isolate is created from.

#include <fstream>
#include <iostream>
#include <sstream>

#include "edged/runtime/snapshot.h"
#include "edged/runtime/v8_process.h"
#include "native_ops.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: edged_snapshot_gen <output.bin> <runtime-js dir> <file>...\n";
    return 2;
  }
  std::vector<edged::runtime::RuntimeScript> scripts;
  for (int i = 3; i < argc; ++i) {
    std::ifstream in(std::string(argv[2]) + "/" + argv[i], std::ios::binary);
    if (!in) {
      std::cerr << "edged_snapshot_gen: cannot read " << argv[2] << "/" << argv[i] << "\n";
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    scripts.push_back({std::string("edged:") + argv[i], text.str()});
  }
  edged::runtime::V8Process v8;
  auto blob = edged::runtime::buildSnapshot(edged::ops::nativeOps(), scripts);
  if (!blob.ok()) {
    std::cerr << "edged_snapshot_gen: " << blob.error().message << "\n";
    return 1;
  }
  std::ofstream out(argv[1], std::ios::binary);
  out.write(blob->data(), static_cast<std::streamsize>(blob->size()));
  return out ? 0 : 1;
}
