// bundle_builder: when a Worker needs esbuild, and the bundle of named modules a plain
// JavaScript project directory becomes (wrangler's find_additional_modules).
#include "edged/server/bundle_builder.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <optional>

#include "edged/config/module_rules.h"
#include "temp_dir.h"
#include "test_isolate.h"

namespace edged::server {
namespace {

// ---- needsBundler ------------------------------------------------------------------------------

TEST(NeedsBundler, TypeScriptAndJsxAlwaysNeedIt) {
  for (const char* main : {"src/index.ts", "a.tsx", "a.mts", "a.cts", "a.jsx"}) {
    EXPECT_TRUE(needsBundler(main, "export default {}")) << main;
  }
}

TEST(NeedsBundler, PlainJavaScriptWithoutImportsDoesNot) {
  EXPECT_FALSE(needsBundler("index.js", ""));
  EXPECT_FALSE(
      needsBundler("index.mjs", "export default { fetch() { return new Response('hi'); } };"));
  EXPECT_FALSE(needsBundler("index.js", "const u = import.meta.url; export default {};"));
}

TEST(NeedsBundler, RelativeImportsAndExportsDoNot) {
  EXPECT_FALSE(needsBundler("index.js", R"(import x from "./a.js";)"));
  EXPECT_FALSE(needsBundler("index.js", R"(import { a, b as c } from '../lib/a.js';)"));
  EXPECT_FALSE(needsBundler("index.js", R"(import * as all from "./all.js";)"));
  EXPECT_FALSE(needsBundler("index.js", R"(import "./side-effect.js";)"));
  EXPECT_FALSE(needsBundler("index.js", R"(export { a } from "./a.js"; export * from "./b.js";)"));
  EXPECT_FALSE(needsBundler("index.js", R"(import text from "./data/page.html";)"));
  EXPECT_FALSE(needsBundler("index.js", R"(import data from "./d.json" with { type: "json" };)"));
  EXPECT_FALSE(needsBundler("index.js", R"(import root from "/root.js";)"));
  EXPECT_FALSE(needsBundler("index.js", R"(const lazy = () => import("./lazy.js");)"));
}

// nodejs_compat_v2 resolves `import "buffer"` in the runtime: no bundling for that alone.
TEST(NeedsBundler, BareNodeBuiltInsOnlyUnderNodejsCompatV2) {
  const char* source = R"(import { Buffer } from "buffer"; import { join } from 'path/posix';)";
  EXPECT_TRUE(needsBundler("index.js", source));
  EXPECT_FALSE(needsBundler("index.js", source, true));
  EXPECT_TRUE(needsBundler("index.js", R"(import { Hono } from "hono";)", true));
}

TEST(NeedsBundler, BuiltInModulesDoNot) {
  EXPECT_FALSE(needsBundler("index.js", R"(import { DurableObject } from "cloudflare:workers";)"));
  EXPECT_FALSE(needsBundler("index.js", R"(import { connect } from 'cloudflare:sockets';)"));
  EXPECT_FALSE(needsBundler("index.js", R"(import { Buffer } from "node:buffer";)"));
  EXPECT_FALSE(needsBundler("index.js", R"(import x from "workerd:x";)"));
}

TEST(NeedsBundler, BarePackageImportsDo) {
  EXPECT_TRUE(needsBundler("index.js", R"(import { Hono } from "hono";)"));
  EXPECT_TRUE(needsBundler("index.js", R"(import { cors } from 'hono/cors';)"));
  EXPECT_TRUE(needsBundler("index.js", R"(import React from "react";)"));
  EXPECT_TRUE(needsBundler("index.js", R"(import * as z from "zod";)"));
  EXPECT_TRUE(needsBundler("index.js", R"(import def, { named } from "@scope/pkg";)"));
  EXPECT_TRUE(needsBundler("index.js", R"(import "reflect-metadata";)"));
  EXPECT_TRUE(needsBundler("index.js", R"(export * from "pkg";)"));
  EXPECT_TRUE(needsBundler("index.js", R"(export { a as b } from "pkg";)"));
  EXPECT_TRUE(needsBundler("index.js", R"(const { Hono } = await import("hono");)"));
  EXPECT_TRUE(needsBundler("index.js", R"(export default { fetch: () => import ( 'lib' ) };)"));
}

TEST(NeedsBundler, ABareImportAnywhereInTheFileCounts) {
  EXPECT_TRUE(needsBundler("index.js",
                           "import a from './a.js';\nimport b from './b.js';\n"
                           "import {\n  Hono,\n  type,\n} from 'hono';\n"));
  EXPECT_TRUE(needsBundler("index.js", "export const x = 1;import y from\"pkg\";"));
}

// BUG (src/server/bundle_builder.cc, needsBundler's regex): a named import or re-export
// written without spaces, as minifiers emit it, is not recognised — `import{Hono}from"hono"`
// needs `\sfrom` after the braces. Such a main is loaded unbundled and fails at start-up with
// `No such module "hono".`
TEST(NeedsBundler, MinifiedBareImportsDo) {
  EXPECT_TRUE(needsBundler("index.js", R"(import{Hono}from"hono";)"));
  EXPECT_TRUE(needsBundler("index.js", R"(export{a}from"pkg";)"));
  EXPECT_TRUE(needsBundler("index.js", R"(export*from"pkg";)"));
}

// ---- buildBundle -------------------------------------------------------------------------------

using runtime::BundleModule;
using runtime::ModuleType;

class BuildBundle : public ::testing::Test {
 protected:
  config::WorkerConfig worker(std::string_view main) {
    config::WorkerConfig w;
    w.name = "app";
    w.main = dir_.path(main);
    w.rules = config::resolveModuleRules({}).rules;
    return w;
  }

  Result<std::shared_ptr<const runtime::WorkerBundle>> build(const config::WorkerConfig& w) {
    return buildBundle(w, BundleOptions{dir_.path(".edged/bundle")});
  }

  // "name type" for every module, main first, the others sorted by name.
  static std::vector<std::string> describe(const runtime::WorkerBundle& bundle) {
    auto line = [](const BundleModule& m) {
      static const char* kNames[] = {"ESModule", "Text", "Data", "CompiledWasm", "JSON"};
      return m.name + " " + kNames[static_cast<int>(m.type)];
    };
    std::vector<std::string> out;
    for (const BundleModule& m : bundle.modules) out.push_back(line(m));
    std::sort(out.begin() + 1, out.end());
    return out;
  }

  testing::TempDir dir_;
};

// The project most tests start from: src/ holds the Worker and files of every kind.
void writeProject(const testing::TempDir& dir) {
  dir.write("src/index.js", R"(import { greet } from "./lib/util.js";
import page from "./data/page.html";
export default { fetch() { return new Response(greet(page)); } };
)");
  dir.write("src/lib/util.js", "export const greet = (s) => 'hello ' + s;\n");
  dir.write("src/data/page.html", "<p>page</p>");
  dir.write("src/data/notes.txt", "some notes");
  dir.write("src/data/query.sql", "SELECT 1;");
  dir.write("src/data/blob.bin", std::string("\x00\xff\x01", 3));
  dir.write("src/mod.wasm", std::string("\x00\x61\x73\x6d\x01\x00\x00\x00", 8));
  dir.write("src/helper.mjs", "export const m = 1;");
  dir.write("src/README.md", "# not a module");
  dir.write("src/node_modules/pkg/index.js", "export const pkg = 1;");
  dir.write("src/lib/node_modules/deep/index.js", "export const deep = 1;");
  dir.write("src/.cache/stale.js", "export const stale = 1;");
  dir.write("wrangler.jsonc", "{}");
}

TEST_F(BuildBundle, PlainJavaScriptBecomesEveryFileUnderMainsDirectoryThatARuleMatches) {
  writeProject(dir_);
  auto bundle = build(worker("src/index.js"));
  ASSERT_TRUE(bundle.ok()) << bundle.error().message;
  EXPECT_EQ((*bundle)->main_module, "index.js");
  EXPECT_EQ(describe(**bundle), (std::vector<std::string>{
                                    "index.js ESModule",
                                    "data/blob.bin Data",
                                    "data/notes.txt Text",
                                    "data/page.html Text",
                                    "data/query.sql Text",
                                    "helper.mjs ESModule",
                                    "lib/util.js ESModule",
                                    "mod.wasm CompiledWasm",
                                }));
  EXPECT_FALSE(std::filesystem::exists(dir_.path(".edged/bundle"))) << "esbuild's directory";
}

TEST_F(BuildBundle, ModulesKeepTheirExactBytes) {
  writeProject(dir_);
  auto bundle = build(worker("src/index.js"));
  ASSERT_TRUE(bundle.ok()) << bundle.error().message;
  EXPECT_EQ((*bundle)->find("data/blob.bin")->content, std::string("\x00\xff\x01", 3));
  EXPECT_EQ((*bundle)->find("lib/util.js")->content, "export const greet = (s) => 'hello ' + s;\n");
  EXPECT_EQ((*bundle)->find("index.js")->type, ModuleType::kEsModule);
}

TEST_F(BuildBundle, BaseDirNamesModulesRelativeToIt) {
  writeProject(dir_);
  config::WorkerConfig w = worker("src/index.js");
  w.base_dir = dir_.path();
  auto bundle = build(w);
  ASSERT_TRUE(bundle.ok()) << bundle.error().message;
  EXPECT_EQ((*bundle)->main_module, "src/index.js");
  EXPECT_TRUE((*bundle)->find("src/lib/util.js"));
  EXPECT_TRUE((*bundle)->find("src/data/page.html"));
  EXPECT_FALSE((*bundle)->find("lib/util.js"));
}

TEST_F(BuildBundle, MainOutsideBaseDirIsAnError) {
  writeProject(dir_);
  config::WorkerConfig w = worker("src/index.js");
  w.base_dir = dir_.path("src/lib");
  auto bundle = build(w);
  ASSERT_FALSE(bundle.ok());
  EXPECT_EQ(bundle.error().message, "main " + dir_.path("src/index.js").string() +
                                        " is outside base_dir " + dir_.path("src/lib").string());
}

TEST_F(BuildBundle, MissingMainIsAnError) {
  auto bundle = build(worker("src/index.js"));
  ASSERT_FALSE(bundle.ok());
  EXPECT_EQ(bundle.error().message, "cannot read " + dir_.path("src/index.js").string());
}

TEST_F(BuildBundle, UserRulesDecideTheModuleTypes) {
  writeProject(dir_);
  config::WorkerConfig w = worker("src/index.js");
  // Markdown as text; .bin no longer Data (a Data rule without fallthrough replaces the default).
  w.rules = config::resolveModuleRules({{config::ModuleType::kText, {"**/*.md"}, true},
                                        {config::ModuleType::kData, {"**/*.dat"}, false}})
                .rules;
  auto bundle = build(w);
  ASSERT_TRUE(bundle.ok()) << bundle.error().message;
  ASSERT_TRUE((*bundle)->find("README.md"));
  EXPECT_EQ((*bundle)->find("README.md")->type, ModuleType::kText);
  EXPECT_TRUE((*bundle)->find("data/notes.txt")) << "the default Text rule still applies";
  EXPECT_FALSE((*bundle)->find("data/blob.bin"));
}

TEST_F(BuildBundle, AModuleTypeEdgedCannotLoadIsAnError) {
  dir_.write("src/index.js", "export default {};");
  dir_.write("src/legacy.cjs", "module.exports = 1;");
  config::WorkerConfig w = worker("src/index.js");
  w.rules = config::resolveModuleRules({{config::ModuleType::kCommonJS, {"**/*.cjs"}}}).rules;
  auto bundle = build(w);
  ASSERT_FALSE(bundle.ok());
  EXPECT_EQ(bundle.error().message,
            "legacy.cjs: modules of type CommonJS are not supported by edged");
}

TEST_F(BuildBundle, NoBundleLoadsEvenTypeScriptAsItIs) {
  dir_.write("src/index.ts", "export default {};");
  config::WorkerConfig w = worker("src/index.ts");
  w.no_bundle = true;
  auto bundle = build(w);
  ASSERT_TRUE(bundle.ok()) << bundle.error().message;
  EXPECT_EQ((*bundle)->main_module, "index.ts");
  EXPECT_EQ(describe(**bundle), std::vector<std::string>{"index.ts ESModule"});
}

// Sets an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = ::getenv(name)) old_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST_F(BuildBundle, TypeScriptGoesThroughEsbuild) {
  ScopedEnv esbuild("EDGED_ESBUILD", "/nonexistent/esbuild");
  dir_.write("src/index.ts", "export default {} satisfies object;");
  auto bundle = build(worker("src/index.ts"));
  ASSERT_FALSE(bundle.ok());
  EXPECT_EQ(bundle.error().message, "EDGED_ESBUILD=/nonexistent/esbuild is not an executable");
}

// BUG (src/server/bundle_builder.cc, buildBundle): only main's own source is checked for bare
// imports. A plain-JS main that imports "./app.js", which imports "hono", is served unbundled
// and fails at start-up with `No such module "hono".` (wrangler bundles it). esbuild should be
// asked for (the error here would then name EDGED_ESBUILD).
TEST_F(BuildBundle, ABareImportInAnImportedModuleAlsoNeedsEsbuild) {
  ScopedEnv esbuild("EDGED_ESBUILD", "/nonexistent/esbuild");
  dir_.write("src/index.js", R"(export { default } from "./app.js";)");
  dir_.write("src/app.js", R"(import { Hono } from "hono"; export default new Hono();)");
  auto bundle = build(worker("src/index.js"));
  ASSERT_FALSE(bundle.ok()) << "bundled without esbuild: " << (*bundle)->modules.size()
                            << " modules";
  EXPECT_EQ(bundle.error().message, "EDGED_ESBUILD=/nonexistent/esbuild is not an executable");
}

// The names the bundle gives modules are the names the runtime resolves imports to.
TEST_F(BuildBundle, TheBundleOfAProjectStartsInTheRuntime) {
  writeProject(dir_);
  auto bundle = build(worker("src/index.js"));
  ASSERT_TRUE(bundle.ok()) << bundle.error().message;
  auto snapshot = edged::testing::makeSnapshot(
      edged::testing::recordOps(), {{"test:runtime", edged::testing::kMinimalRuntimeJs}});
  ASSERT_TRUE(snapshot);
  edged::testing::TestLoop loop;
  auto isolate = edged::testing::startWorker(*snapshot, *bundle, loop.get());
  ASSERT_TRUE(isolate);
  EXPECT_EQ(edged::testing::evalJs(isolate->realm(), "typeof worker.default.fetch"), "function");
}

}  // namespace
}  // namespace edged::server
