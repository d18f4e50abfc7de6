#include "edged/bindings/services/service_bindings.h"

#include <gtest/gtest.h>

namespace edged::bindings::services {
namespace {

config::WorkerConfig frontWorker() {
  config::WorkerConfig worker;
  worker.name = "front";
  worker.services.push_back({"SVC", "back", std::nullopt, std::nullopt, R"({"tenant":"acme"})"});
  worker.services.push_back({"ADMIN", "back", "Admin", std::nullopt, std::nullopt});
  worker.services.push_back({"GHOST", "gh\"ost", std::nullopt, std::nullopt, std::nullopt});
  return worker;
}

TEST(ServiceBindings, DescriptorsNameTheServiceAndEntrypointButNotTheProps) {
  std::vector<std::string> specs = bindingSpecs(frontWorker());
  ASSERT_EQ(specs.size(), 3u);
  EXPECT_EQ(specs[0], R"({"type":"service","name":"SVC","service":"back","entrypoint":null})");
  EXPECT_EQ(specs[1], R"({"type":"service","name":"ADMIN","service":"back","entrypoint":"Admin"})");
  EXPECT_EQ(specs[2], R"({"type":"service","name":"GHOST","service":"gh\"ost","entrypoint":null})");
}

TEST(ServiceBindings, WarnsOnlyAboutServicesTheServerDoesNotRun) {
  std::vector<std::string> warnings = unresolvedServiceWarnings(frontWorker(), {"front", "back"});
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(
      warnings[0],
      "Worker \"front\"'s binding \"GHOST\" refers to a service \"gh\"ost\", which this server "
      "does not run: its calls fail until a Worker by that name is deployed.");
  EXPECT_TRUE(unresolvedServiceWarnings(frontWorker(), {"back", "gh\"ost"}).empty());
}

}  // namespace
}  // namespace edged::bindings::services
