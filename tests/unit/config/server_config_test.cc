#include "edged/config/server_config.h"

#include <gtest/gtest.h>

namespace edged::config {
namespace {

std::string errorOf(std::string_view text) {
  Result<ServerConfig> loaded = loadServerConfigFromText(text, "/etc/edged/edged.jsonc");
  return loaded.ok() ? "ok" : loaded.error().message;
}

TEST(ServerConfigTest, ReadsEveryFieldWithPathsRelativeToTheFile) {
  Result<ServerConfig> loaded = loadServerConfigFromText(R"({
    // the one listener
    "listen": { "address": "0.0.0.0", "port": 443,
                "tls": [{ "certificate": "tls/site.pem", "key": "/keys/site.key", "server_names": ["example.com"] }] },
    "data_dir": "../../var/lib/edged",
    "threads": 4,
    "workers": ["workers/site/wrangler.jsonc", "/srv/api/wrangler.jsonc"],
    "admin": { "address": "127.0.0.1:8788", "token_file": "admin-token" },
    "limits": { "max_body_mb": 500 },
    "log": { "format": "json", "level": "warn" },
  })", "/etc/edged/edged.jsonc");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const ServerConfig& c = loaded.value();
  EXPECT_EQ(c.address, "0.0.0.0");
  EXPECT_EQ(c.port, 443);
  ASSERT_EQ(c.tls.size(), 1u);
  EXPECT_EQ(c.tls[0].certificate, "/etc/edged/tls/site.pem");
  EXPECT_EQ(c.tls[0].key, "/keys/site.key");
  EXPECT_EQ(c.tls[0].server_names, std::vector<std::string>{"example.com"});
  EXPECT_EQ(c.data_dir, "/var/lib/edged");
  EXPECT_EQ(c.threads, 4u);
  EXPECT_EQ(c.workers, (std::vector<std::filesystem::path>{"/etc/edged/workers/site/wrangler.jsonc",
                                                            "/srv/api/wrangler.jsonc"}));
  EXPECT_EQ(c.admin_address, "127.0.0.1:8788");
  EXPECT_EQ(c.admin_token_file, "/etc/edged/admin-token");
  EXPECT_EQ(c.max_body_mb, 500u);
  EXPECT_EQ(c.log_format, "json");
  EXPECT_EQ(c.log_level, "warn");
}

TEST(ServerConfigTest, DefaultsNeedOnlyWorkers) {
  Result<ServerConfig> loaded = loadServerConfigFromText(R"({"workers": ["w.jsonc"]})", "/etc/edged/edged.jsonc");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->address, "127.0.0.1");
  EXPECT_EQ(loaded->port, 8787);
  EXPECT_EQ(loaded->data_dir, "/var/lib/edged");
  EXPECT_TRUE(loaded->tls.empty());
  EXPECT_FALSE(loaded->admin_address);
}

TEST(ServerConfigTest, ErrorsNameTheFileTheFieldAndTheExpectation) {
  EXPECT_EQ(errorOf(R"({})"),
            "/etc/edged/edged.jsonc: field \"workers\" must list the wrangler.jsonc files to serve, such as "
            "[\"workers/site/wrangler.jsonc\"]");
  EXPECT_EQ(errorOf(R"({"workers": ["w"], "listen": {"port": 70000}})"),
            "/etc/edged/edged.jsonc: field \"listen.port\" must be a port number from 0 to 65535, got 70000");
  EXPECT_EQ(errorOf(R"({"workers": ["w"], "log": {"format": "xml"}})"),
            "/etc/edged/edged.jsonc: field \"log.format\" must be \"text\" or \"json\", got \"xml\"");
  EXPECT_EQ(errorOf(R"({"workers": ["w"], "listen": {"tls": [{"certificate": "c"}]}})"),
            "/etc/edged/edged.jsonc: field \"listen.tls[0].key\" is required");
  EXPECT_EQ(errorOf(R"({"workers": ["w"], "lisen": {}})"),
            "/etc/edged/edged.jsonc: unknown field \"lisen\" (did you mean \"listen\"?)");
  EXPECT_EQ(errorOf("{\"workers\": [\"w\"],\n  \"threads\": }"), "/etc/edged/edged.jsonc:2:14: expected a value");
}

TEST(ServerConfigTest, LimitsAreTheDefaultsOfWorkersWithoutTheirOwn) {
  Result<ServerConfig> loaded = loadServerConfigFromText(
      R"({"workers": ["w"], "limits": {"cpu_ms": 50, "memory_mb": 256, "subrequests": 20}})",
      "/etc/edged/edged.jsonc");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->cpu_ms, 50);
  EXPECT_EQ(loaded->memory_mb, 256u);
  EXPECT_EQ(loaded->subrequests, 20);
  EXPECT_FALSE(loaded->max_body_mb);
}

TEST(ServerConfigTest, LimitErrorsSayTheRange) {
  EXPECT_EQ(errorOf(R"({"workers": ["w"], "limits": {"cpu_ms": 0}})"),
            "/etc/edged/edged.jsonc: field \"limits.cpu_ms\" must be a number of milliseconds from 1 to "
            "300000, got 0");
  EXPECT_EQ(errorOf(R"({"workers": ["w"], "limits": {"memory_mb": "lots"}})"),
            "/etc/edged/edged.jsonc: field \"limits.memory_mb\" must be a number of MiB from 16 to 16384, "
            "got \"lots\"");
  EXPECT_EQ(errorOf(R"({"workers": ["w"], "limits": {"subrequests": 20000000}})"),
            "/etc/edged/edged.jsonc: field \"limits.subrequests\" must be a number of subrequests from 1 "
            "to 10000000, got 20000000");
  EXPECT_EQ(errorOf(R"({"workers": ["w"], "limits": {"cpu": 5}})"),
            "/etc/edged/edged.jsonc: unknown field \"limits.cpu\" (did you mean \"limits.cpu_ms\"?)");
}

}  // namespace
}  // namespace edged::config
