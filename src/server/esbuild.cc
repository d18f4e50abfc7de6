#include "edged/server/esbuild.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "edged/runtime/compatibility_flags.h"
#include "edged/server/builtin_requires.h"
#include "edged/runtime/node_builtins.h"
#include "edged/util/json_escape.h"

extern char** environ;

namespace edged::server {
namespace fs = std::filesystem;
namespace {

bool isExecutable(const fs::path& path) { return ::access(path.c_str(), X_OK) == 0; }

fs::path selfDirectory() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// "**/*.wasm" → "*.wasm": esbuild's --external takes one `*` wildcard.
std::string externalPattern(const std::string& glob) {
  size_t star = glob.rfind('*');
  if (star == std::string::npos) return glob;
  return "*" + glob.substr(star + 1);
}

// Runs esbuild with `args` in the project directory; its diagnostics go to a file read back
// for the error message.
Status runBundler(std::vector<std::string>& args, const fs::path& project_dir,
                  const fs::path& main, const fs::path& out_file) {
  fs::path log_file = out_file.string() + ".log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, project_dir.c_str());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int spawn_error = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) return makeError("could not start " + args[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Ok{};
  std::ifstream log(log_file);
  std::stringstream text;
  text << log.rdbuf();
  return makeError("esbuild could not bundle " + main.string() + ":\n" + text.str());
}

}  // namespace

Result<fs::path> findEsbuild(const fs::path& project_dir) {
  if (const char* env = std::getenv("EDGED_ESBUILD"); env != nullptr && *env != '\0') {
    if (isExecutable(env)) return fs::path(env);
    return makeError(std::string("EDGED_ESBUILD=") + env + " is not an executable");
  }
  std::vector<fs::path> candidates;
  for (fs::path dir = project_dir; !dir.empty(); dir = dir.parent_path()) {
    candidates.push_back(dir / "node_modules/@esbuild/linux-x64/bin/esbuild");
    if (dir == dir.parent_path()) break;
  }
  // edged in build/<preset>/src/edged finds build/tools (scripts/setup.sh).
  fs::path self = selfDirectory();
  for (fs::path dir = self; !dir.empty() && dir != dir.parent_path(); dir = dir.parent_path()) {
    candidates.push_back(dir / "tools/node_modules/@esbuild/linux-x64/bin/esbuild");
  }
  candidates.push_back("/usr/lib/edged/tools/node_modules/@esbuild/linux-x64/bin/esbuild");
  for (const fs::path& candidate : candidates) {
    if (isExecutable(candidate)) return candidate;
  }
  if (const char* path = std::getenv("PATH")) {
    std::stringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
      if (!dir.empty() && isExecutable(fs::path(dir) / "esbuild")) return fs::path(dir) / "esbuild";
    }
  }
  return makeError(
      "esbuild was not found: this Worker needs bundling (TypeScript, JSX or npm imports). "
      "Run scripts/setup.sh, `npm install esbuild` in the project, or set EDGED_ESBUILD");
}

Status runEsbuild(const config::WorkerConfig& worker, const fs::path& out_file) {
  fs::path project_dir = worker.config_path.parent_path();
  Result<fs::path> esbuild = findEsbuild(project_dir);
  if (!esbuild.ok()) return esbuild.error();

  // wrangler 4.86's bundleWorker (deployment-bundle/bundle.ts) and COMMON_ESBUILD_OPTIONS: the
  // `workerd`, `worker`, `browser` export conditions on esbuild's default (browser) platform,
  // so package.json `main` fields resolve as browser, module, main; .js files may hold JSX;
  // `__STATIC_CONTENT_MANIFEST` and `cloudflare:*` stay imports. One deliberate difference:
  // target es2022 instead of es2024, the syntax edged's V8 (10.2) runs.
  std::vector<std::string> args = {
      esbuild->string(), worker.main.string(), "--bundle", "--format=esm", "--target=es2022",
      "--platform=browser", "--conditions=workerd,worker,browser", "--supported:import-source=true",
      "--loader:.js=jsx", "--loader:.mjs=jsx", "--loader:.cjs=jsx", "--log-level=error",
      "--charset=utf8", "--external:__STATIC_CONTENT_MANIFEST", "--external:cloudflare:*",
      "--external:node:*", "--external:workerd:*", "--outfile=" + out_file.string()};
  // A map next to the output (index.js.map) for stack traces, as wrangler makes one unless
  // upload_source_maps is false; the sources' text is not kept, positions are all edged needs.
  if (worker.upload_source_maps.value_or(true)) {
    args.push_back("--sourcemap=external");
    args.push_back("--sources-content=false");
  }
  // `node:*` stays an import in every mode (wrangler marks the ones it cannot resolve external);
  // nodejs_compat_v2 also serves the unprefixed names (`buffer`), so those stay imports too
  // (wrangler's hybrid nodejs_compat plugin); before it they resolve like any package.
  runtime::CompatibilityFlags compat =
      runtime::CompatibilityFlags::resolve(worker.compatibility_date, worker.compatibility_flags);
  if (compat.enabled(runtime::CompatFlag::kNodejsCompatV2)) {
    for (std::string_view name : runtime::nodeBuiltinModules()) {
      args.push_back("--external:" + std::string(name));
    }
  }
  // wrangler's defines, before the Worker's own (which may replace them): NODE_ENV from the
  // environment, else "production" as `wrangler deploy` sets it; navigator.userAgent.
  const char* node_env = std::getenv("NODE_ENV");
  std::string node_env_json = jsonQuote(node_env && *node_env ? node_env : "production");
  for (const char* name :
       {"process.env.NODE_ENV", "global.process.env.NODE_ENV", "globalThis.process.env.NODE_ENV"}) {
    args.push_back(std::string("--define:") + name + "=" + node_env_json);
  }
  if (std::find(worker.compatibility_flags.begin(), worker.compatibility_flags.end(),
                "no_global_navigator") == worker.compatibility_flags.end()) {
    args.push_back("--define:navigator.userAgent=\"Cloudflare-Workers\"");
  }
  for (const config::ModuleRule& rule : worker.rules) {
    for (const std::string& glob : rule.globs) {
      std::string ext = externalPattern(glob);
      if (!ext.starts_with("*.")) continue;
      switch (rule.type) {
        case config::ModuleType::kText:
          args.push_back("--loader:" + ext.substr(1) + "=text");
          break;
        case config::ModuleType::kData:
        case config::ModuleType::kCompiledWasm:
          args.push_back("--external:" + ext);
          break;
        default:
          break;
      }
    }
  }
  if (worker.minify.value_or(false)) args.push_back("--minify");
  if (worker.keep_names.value_or(true)) args.push_back("--keep-names");
  if (worker.tsconfig) args.push_back("--tsconfig=" + worker.tsconfig->string());
  if (worker.jsx_factory) args.push_back("--jsx-factory=" + *worker.jsx_factory);
  if (worker.jsx_fragment) args.push_back("--jsx-fragment=" + *worker.jsx_fragment);
  for (const auto& d : worker.define) args.push_back("--define:" + d.from + "=" + d.to);
  for (const auto& a : worker.alias) args.push_back("--alias:" + a.from + "=" + a.to);

  if (!compat.enabled(runtime::CompatFlag::kNodejsCompatV2)) {
    return runBundler(args, project_dir, worker.main, out_file);
  }
  // Under nodejs_compat_v2 CommonJS require() calls of built-ins get a `require` (see
  // builtin_requires.h) in a second pass; most bundles have none and take one.
  fs::path metafile = out_file.string() + ".meta.json";
  args.push_back("--metafile=" + metafile.string());
  Status bundled = runBundler(args, project_dir, worker.main, out_file);
  if (!bundled.ok()) return bundled;
  Result<std::vector<std::string>> required = builtinRequireCalls(metafile);
  if (!required.ok()) return required.error();
  if (required->empty()) return Ok{};
  args.push_back("--banner:js=" + builtinRequireBanner(*required));
  return runBundler(args, project_dir, worker.main, out_file);
}

}  // namespace edged::server
