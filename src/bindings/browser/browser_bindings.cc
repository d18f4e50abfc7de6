#include "edged/bindings/browser/browser_bindings.h"

#include "edged/util/json_escape.h"

namespace edged::bindings::browser {

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  if (!worker.browser) return {};
  return {R"({"type":"browser","name":)" + jsonQuote(worker.browser->binding) + "}"};
}

}  // namespace edged::bindings::browser
