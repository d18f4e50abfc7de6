#pragma once
// Cloudflare's Workers script upload (PUT …/workers/scripts/:name, the shape wrangler sends): a
// `metadata` JSON part — main_module, compatibility_date/flags, bindings, migrations — and one
// part per module. edged turns it into a project directory with a generated wrangler.jsonc, so a
// deployed Worker goes through exactly the validation and bindings of `edged serve`.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "edged/server/multipart_form.h"
#include "edged/util/result.h"

namespace edged::server {

struct UploadedModule {
  std::string name;  // as uploaded, e.g. "index.js", "data/words.txt"
  std::string rule_type;  // wrangler's rule type: ESModule, Text, Data, CompiledWasm
  std::string content;
};

struct ScriptUpload {
  std::string metadata_json;  // as uploaded, kept with the version
  std::vector<UploadedModule> modules;
  // `application/source-map` parts ("index.js.map"), stored beside the modules (rule_type
  // "SourceMap"); server/source_map_files reads them.
  std::vector<UploadedModule> source_maps;
  std::map<std::string, std::string> secrets;  // secret_text bindings
  // Every Durable Object migration step the Worker has had, as wrangler.jsonc entries: the
  // earlier ones plus this upload's if its tag is new (Cloudflare uploads only the new step).
  std::vector<std::string> migrations;
  std::string wrangler_jsonc;  // the generated project config (main, bindings, rules, …)
};

// What a deployed Worker keeps from one version to the next.
struct WorkerHistory {
  std::vector<std::string> migrations;  // as in ScriptUpload
  std::vector<std::string> crons;       // the schedules API's
};

// Validates the upload and builds its config; the error is what the API answers (400).
Result<ScriptUpload> parseScriptUpload(const std::string& worker_name, const std::vector<FormPart>& parts,
                                       const WorkerHistory& history);

// `wrangler_jsonc` (a config parseScriptUpload generated) with `crons` as its triggers.crons,
// replacing the ones it had; no triggers at all when `crons` is empty.
std::string withCrons(std::string_view wrangler_jsonc, const std::vector<std::string>& crons);

}  // namespace edged::server
