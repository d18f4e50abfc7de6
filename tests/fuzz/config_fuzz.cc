// libFuzzer target: arbitrary bytes as a wrangler.jsonc (and as a .dev.vars file) must give a
// config or an error message, never a crash, a hang or a sanitizer report.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "edged/config/config_loader.h"
#include "edged/config/dev_vars.h"
#include "edged/config/jsonc.h"
#include "edged/util/assert.h"

namespace {

edged::config::LoadOptions fuzzOptions(std::optional<std::string> environment) {
  edged::config::LoadOptions options;
  options.use_filesystem = false;  // the text is all there is
  options.today =
      std::chrono::year_month_day{std::chrono::year(2025), std::chrono::June, std::chrono::day(1)};
  options.environment = std::move(environment);
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const edged::config::LoadOptions kTopLevel = fuzzOptions(std::nullopt);
  static const edged::config::LoadOptions kStaging = fuzzOptions("staging");
  std::string_view text(reinterpret_cast<const char*>(data), size);

  // Stripping keeps every byte's offset, which error positions rely on.
  if (auto stripped = edged::config::stripJsonc(text)) EDGED_ASSERT(stripped->size() == size);

  auto top = edged::config::loadConfigFromText(text, "wrangler.jsonc", kTopLevel);
  auto staging = edged::config::loadConfigFromText(text, "wrangler.jsonc", kStaging);
  EDGED_ASSERT(top.ok() || !top.error().message.empty());
  EDGED_ASSERT(staging.ok() || !staging.error().message.empty());

  (void)edged::config::parseDotenv(text, ".dev.vars");
  return 0;
}
