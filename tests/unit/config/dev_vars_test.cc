#include "edged/config/dev_vars.h"

#include <gtest/gtest.h>

#include "config_test_support.h"

namespace edged::config {
namespace {

using testing::TempProject;

ParsedDotenv parse(std::string_view text) {
  Result<ParsedDotenv> parsed = parseDotenv(text, ".dev.vars");
  if (!parsed) {
    ADD_FAILURE() << parsed.error().message;
    return {};
  }
  return std::move(parsed).value();
}

std::string valueOf(const ParsedDotenv& parsed, std::string_view name) {
  for (const DotenvEntry& entry : parsed.entries) {
    if (entry.name == name) return entry.value;
  }
  return "(absent)";
}

std::string secretOf(const LoadedSecrets& loaded, std::string_view name) {
  for (const Secret& secret : loaded.secrets) {
    if (secret.name == name) return secret.value + " from " + secret.source;
  }
  return "(absent)";
}

TEST(Dotenv, PlainAssignmentsCommentsAndExport) {
  ParsedDotenv parsed = parse(
      "# database\n"
      "DB_URL=postgres://localhost/db\n"
      "  export API_KEY = abc123   # trailing comment\n"
      "\n"
      "EMPTY=\n"
      "COLON: works\n"
      "HASH=a#b\n");
  EXPECT_EQ(valueOf(parsed, "DB_URL"), "postgres://localhost/db");
  EXPECT_EQ(valueOf(parsed, "API_KEY"), "abc123");
  EXPECT_EQ(valueOf(parsed, "EMPTY"), "");
  EXPECT_EQ(valueOf(parsed, "COLON"), "works");
  EXPECT_EQ(valueOf(parsed, "HASH"), "a");  // dotenv ends unquoted values at `#`
  EXPECT_TRUE(parsed.warnings.empty());
}

TEST(Dotenv, DoubleQuotesExpandNewlinesOnly) {
  ParsedDotenv parsed = parse(R"(KEY="line1\nline2\tkept # not a comment")");
  EXPECT_EQ(valueOf(parsed, "KEY"), "line1\nline2\\tkept # not a comment");
}

TEST(Dotenv, SingleQuotesAndBackticksAreLiteral) {
  ParsedDotenv parsed = parse("A='a\\nb'\nB=`it's`\n");
  EXPECT_EQ(valueOf(parsed, "A"), "a\\nb");
  EXPECT_EQ(valueOf(parsed, "B"), "it's");
}

TEST(Dotenv, QuotedValuesMaySpanLines) {
  ParsedDotenv parsed = parse("KEY=\"-----BEGIN-----\nabc\n-----END-----\"\nNEXT=1\n");
  EXPECT_EQ(valueOf(parsed, "KEY"), "-----BEGIN-----\nabc\n-----END-----");
  EXPECT_EQ(valueOf(parsed, "NEXT"), "1");
}

TEST(Dotenv, EscapedQuoteStaysInsideTheValue) {
  ParsedDotenv parsed = parse(R"(KEY="say \"hi\"")");
  EXPECT_EQ(valueOf(parsed, "KEY"), R"(say \"hi\")");  // dotenv keeps the backslashes
}

TEST(Dotenv, CrLfLineEndings) {
  ParsedDotenv parsed = parse("A=1\r\nB=\"x\"\r\n");
  EXPECT_EQ(valueOf(parsed, "A"), "1");
  EXPECT_EQ(valueOf(parsed, "B"), "x");
}

TEST(Dotenv, RepeatedNameKeepsTheLastValue) {
  ParsedDotenv parsed = parse("A=1\nA=2\n");
  ASSERT_EQ(parsed.entries.size(), 1u);
  EXPECT_EQ(valueOf(parsed, "A"), "2");
}

TEST(Dotenv, LineThatIsNotAnAssignmentIsSkippedWithAWarning) {
  ParsedDotenv parsed = parse("A=1\njust words\nB=2\n");
  EXPECT_EQ(valueOf(parsed, "B"), "2");
  ASSERT_EQ(parsed.warnings.size(), 1u);
  EXPECT_EQ(parsed.warnings[0], ".dev.vars:2: ignoring a line that is not KEY=value");
}

TEST(Dotenv, UnterminatedQuoteIsAnError) {
  Result<ParsedDotenv> parsed = parseDotenv("A=1\nB=\"open\nC=3\n", ".dev.vars");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, ".dev.vars:2: unterminated \" quote");
}

TEST(Secrets, DevVarsBesideTheConfig) {
  TempProject project;
  project.write(".dev.vars", "API_KEY=from-dev-vars\n");
  project.write(".env", "API_KEY=from-env\nOTHER=x\n");
  Result<LoadedSecrets> loaded = loadSecrets(project.path(), std::nullopt, {});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(secretOf(*loaded, "API_KEY"),
            "from-dev-vars from " + project.path(".dev.vars").string());
  EXPECT_EQ(secretOf(*loaded, "OTHER"), "(absent)");  // .env is only a fallback
}

TEST(Secrets, EnvironmentSpecificDevVarsReplacesDevVars) {
  TempProject project;
  project.write(".dev.vars", "A=base\nB=base\n");
  project.write(".dev.vars.staging", "A=staging\n");
  Result<LoadedSecrets> loaded = loadSecrets(project.path(), "staging", {});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(secretOf(*loaded, "A"), "staging from " + project.path(".dev.vars.staging").string());
  EXPECT_EQ(secretOf(*loaded, "B"), "(absent)");
}

TEST(Secrets, MissingEnvironmentFileFallsBackToDevVars) {
  TempProject project;
  project.write(".dev.vars", "A=base\n");
  Result<LoadedSecrets> loaded = loadSecrets(project.path(), "production", {});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(secretOf(*loaded, "A"), "base from " + project.path(".dev.vars").string());
}

TEST(Secrets, WithoutDevVarsTheEnvFilesMergeLaterOverEarlier) {
  TempProject project;
  project.write(".env", "A=env\nB=env\nC=env\n");
  project.write(".env.local", "B=local\n");
  project.write(".env.staging", "C=staging\n");
  Result<LoadedSecrets> loaded = loadSecrets(project.path(), "staging", {});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(secretOf(*loaded, "A"), "env from " + project.path(".env").string());
  EXPECT_EQ(secretOf(*loaded, "B"), "local from " + project.path(".env.local").string());
  EXPECT_EQ(secretOf(*loaded, "C"), "staging from " + project.path(".env.staging").string());
}

TEST(Secrets, ProcessEnvironmentOverridesFiles) {
  TempProject project;
  project.write(".dev.vars", "API_KEY=file\n");
  EnvironmentVariables env = {{"EDGED_SECRET_API_KEY", "process"},
                              {"EDGED_SECRET_TOKEN", "t0k"},
                              {"EDGED_SECRET_", "no name"},
                              {"PATH", "/usr/bin"}};
  Result<LoadedSecrets> loaded = loadSecrets(project.path(), std::nullopt, env);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(secretOf(*loaded, "API_KEY"), "process from EDGED_SECRET_API_KEY");
  EXPECT_EQ(secretOf(*loaded, "TOKEN"), "t0k from EDGED_SECRET_TOKEN");
  EXPECT_EQ(loaded->secrets.size(), 2u);
}

TEST(Secrets, NoFilesNoSecrets) {
  TempProject project;
  Result<LoadedSecrets> loaded = loadSecrets(project.path(), std::nullopt, {});
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->secrets.empty());
}

TEST(Secrets, BrokenDevVarsIsAnError) {
  TempProject project;
  project.write(".dev.vars", "A='open\n");
  Result<LoadedSecrets> loaded = loadSecrets(project.path(), std::nullopt, {});
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message,
            project.path(".dev.vars").string() + ":1: unterminated ' quote");
}

TEST(Secrets, ProcessEnvironmentIsReadable) {
  ::setenv("EDGED_CONFIG_TEST_VARIABLE", "yes", 1);
  bool found = false;
  for (const auto& [name, value] : processEnvironment()) {
    found = found || (name == "EDGED_CONFIG_TEST_VARIABLE" && value == "yes");
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace edged::config
