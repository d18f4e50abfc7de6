#include "edged/bindings/r2/binding_specs.h"

#include "edged/util/json_escape.h"

namespace edged::bindings::r2 {

std::vector<std::string> bindingSpecs(const config::WorkerConfig& worker) {
  std::vector<std::string> specs;
  for (const config::R2Bucket& bucket : worker.r2_buckets) {
    // Local data is kept by bucket name, as `wrangler dev` does; a binding without one uses
    // the binding's name.
    std::string name = bucket.bucket_name.value_or(bucket.binding);
    specs.push_back(R"({"type":"r2_bucket","name":)" + jsonQuote(bucket.binding) +
                    R"(,"bucket":)" + jsonQuote(name) + "}");
  }
  return specs;
}

}  // namespace edged::bindings::r2
