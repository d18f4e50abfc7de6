#include "edged/server/deployments.h"

#include <simdjson.h>

#include <fstream>
#include <sstream>

#include "edged/storage/blob_file.h"
#include "edged/util/clock.h"
#include "edged/util/json_escape.h"
#include "edged/util/log.h"

namespace edged::server {
namespace fs = std::filesystem;
namespace {

Result<std::string> readText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Status writeFile(const fs::path& path, std::string_view content) {
  auto writer = storage::AtomicFileWriter::create(path);
  if (!writer.ok()) return writer.error();
  if (Status s = writer->append({reinterpret_cast<const uint8_t*>(content.data()), content.size()}); !s.ok()) return s;
  return writer->commit();
}

std::string quotedList(const std::vector<std::string>& items, bool raw = false) {
  std::string out = "[";
  for (const std::string& item : items) out += (out.size() > 1 ? ", " : "") + (raw ? item : jsonQuote(item));
  return out + "]";
}

std::vector<std::string> strings(simdjson::dom::element e, const char* key, bool raw = false) {
  std::vector<std::string> out;
  simdjson::dom::array items;
  if (e[key].get(items) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element item : items) {
    std::string_view v;
    if (raw) {
      out.push_back(simdjson::minify(item));
    } else if (item.get(v) == simdjson::SUCCESS) {
      out.emplace_back(v);
    }
  }
  return out;
}

// A random (version 4) UUID, the shape of Cloudflare's version and deployment ids.
std::string newUuid() {
  std::string hex = log::newReferenceId() + log::newReferenceId();
  hex[12] = '4';
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string field(simdjson::dom::element e, const char* key) {
  std::string_view v;
  return e[key].get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
}

}  // namespace

bool DeploymentStore::validName(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

std::vector<std::string> DeploymentStore::workers() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "state.json")) names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::optional<DeployedWorker>> DeploymentStore::read(const std::string& name) const {
  fs::path dir = root_ / name;
  if (!validName(name) || !fs::exists(dir / "state.json")) return std::optional<DeployedWorker>();
  Result<std::string> text = readText(dir / "state.json");
  if (!text.ok()) return text.error();
  simdjson::dom::parser parser;
  simdjson::dom::element state;
  if (parser.parse(*text).get(state) != simdjson::SUCCESS) return makeError((dir / "state.json").string() + " is not JSON");
  DeployedWorker worker;
  worker.name = name;
  std::string_view current;
  if (state["current"].get(current) == simdjson::SUCCESS) worker.current = std::string(current);
  worker.history.migrations = strings(state, "migrations", /*raw=*/true);
  worker.history.crons = strings(state, "crons");
  simdjson::dom::array versions;
  if (state["versions"].get(versions) == simdjson::SUCCESS) {
    for (simdjson::dom::element v : versions) {
      DeployedVersion version;
      std::string_view id;
      int64_t created = 0;
      if (v["id"].get(id) != simdjson::SUCCESS) continue;
      if (v["created_ms"].get(created) != simdjson::SUCCESS) created = 0;
      version.id = std::string(id);
      version.created_ms = created;
      version.source = field(v, "source");
      if (version.source.empty()) version.source = "api";
      Result<std::string> metadata = readText(versionDir(name, version.id) / "metadata.json");
      version.metadata_json = metadata.ok() ? *metadata : "{}";
      worker.versions.push_back(std::move(version));
    }
  }
  simdjson::dom::array deployments;
  if (state["deployments"].get(deployments) == simdjson::SUCCESS) {
    for (simdjson::dom::element d : deployments) {
      DeploymentRecord record;
      record.id = field(d, "id");
      record.version_id = field(d, "version_id");
      if (d["created_ms"].get(record.created_ms) != simdjson::SUCCESS) record.created_ms = 0;
      record.cause = {field(d, "source"), field(d, "triggered_by"), field(d, "message")};
      worker.deployments.push_back(std::move(record));
    }
  }
  // A Worker deployed before deployments were recorded: its current version is its one known
  // deployment.
  if (worker.deployments.empty() && !worker.current.empty()) {
    for (const DeployedVersion& v : worker.versions) {
      if (v.id != worker.current) continue;
      worker.deployments.push_back({v.id, v.created_ms, v.id, {v.source, "upload", ""}});
    }
  }
  if (fs::exists(dir / "secrets.json")) {
    Result<std::string> secrets = readText(dir / "secrets.json");
    if (!secrets.ok()) return secrets.error();
    simdjson::dom::parser secrets_parser;
    simdjson::dom::object object;
    if (secrets_parser.parse(*secrets).get(object) != simdjson::SUCCESS) {
      return makeError((dir / "secrets.json").string() + " is not a JSON object");
    }
    for (auto [key, value] : object) {
      std::string_view v;
      if (value.get(v) == simdjson::SUCCESS) worker.secrets[std::string(key)] = std::string(v);
    }
  }
  return std::optional<DeployedWorker>(std::move(worker));
}

Result<DeployedVersion> DeploymentStore::addVersion(const std::string& name,
                                                    const ScriptUpload& upload,
                                                    const std::string& source) {
  Result<std::optional<DeployedWorker>> existing = read(name);
  if (!existing.ok()) return existing.error();
  DeployedWorker worker = existing->value_or(DeployedWorker{name, {}, {}, {}, {}, {}});
  DeployedVersion version{newUuid(), static_cast<int64_t>(clock::nowMs()), upload.metadata_json,
                          source};
  fs::path dir = versionDir(name, version.id);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return makeError("cannot create " + dir.string() + ": " + ec.message());
  for (const std::vector<UploadedModule>* files : {&upload.modules, &upload.source_maps}) {
    for (const UploadedModule& module : *files) {
      fs::path path = dir / module.name;
      fs::create_directories(path.parent_path(), ec);
      if (Status s = writeFile(path, module.content); !s.ok()) return s.error();
    }
  }
  if (Status s = writeFile(dir / "wrangler.jsonc", upload.wrangler_jsonc); !s.ok()) return s.error();
  if (Status s = writeFile(dir / "metadata.json", upload.metadata_json); !s.ok()) return s.error();
  worker.versions.push_back(version);
  worker.history.migrations = upload.migrations;
  for (const auto& [key, value] : upload.secrets) worker.secrets[key] = value;
  if (!upload.secrets.empty()) {
    if (Status s = writeSecrets(worker); !s.ok()) return s.error();
  }
  if (Status s = writeState(worker); !s.ok()) return s.error();
  return version;
}

Status DeploymentStore::setCurrent(const std::string& name, const std::string& version_id,
                                   const DeploymentCause& cause) {
  Result<std::optional<DeployedWorker>> worker = read(name);
  if (!worker.ok()) return worker.error();
  if (!worker->has_value()) return makeError("no Worker named \"" + name + "\"");
  (*worker)->current = version_id;
  auto& deployments = (*worker)->deployments;
  deployments.push_back({newUuid(), static_cast<int64_t>(clock::nowMs()), version_id, cause});
  // wrangler lists the last ten; keeping a hundred bounds state.json.
  if (deployments.size() > 100) deployments.erase(deployments.begin(), deployments.end() - 100);
  return writeState(**worker);
}

Status DeploymentStore::dropVersion(const std::string& name, const std::string& version_id) {
  Result<std::optional<DeployedWorker>> worker = read(name);
  if (!worker.ok()) return worker.error();
  if (!worker->has_value()) return Ok{};
  auto& versions = (*worker)->versions;
  std::erase_if(versions, [&](const DeployedVersion& v) { return v.id == version_id; });
  if (versions.empty()) return remove(name);
  if (Status s = writeState(**worker); !s.ok()) return s;
  std::error_code ec;
  fs::remove_all(versionDir(name, version_id), ec);
  return Ok{};
}

Status DeploymentStore::setCrons(const std::string& name, std::vector<std::string> crons) {
  Result<std::optional<DeployedWorker>> worker = read(name);
  if (!worker.ok()) return worker.error();
  if (!worker->has_value()) return makeError("no Worker named \"" + name + "\"");
  for (const DeployedVersion& v : (*worker)->versions) {
    fs::path config = versionDir(name, v.id) / "wrangler.jsonc";
    Result<std::string> text = readText(config);
    if (!text.ok()) return text.error();
    if (Status s = writeFile(config, withCrons(*text, crons)); !s.ok()) return s;
  }
  (*worker)->history.crons = std::move(crons);
  return writeState(**worker);
}

Result<std::string> DeploymentStore::scriptSettings(const std::string& name) const {
  fs::path file = root_ / name / "script-settings.json";
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::string("{}");
  return readText(file);
}

Status DeploymentStore::setScriptSettings(const std::string& name, std::string_view json_object) {
  if (!validName(name) || !fs::exists(root_ / name / "state.json")) return makeError("no Worker named \"" + name + "\"");
  return writeFile(root_ / name / "script-settings.json", json_object);
}

Status DeploymentStore::putSecret(const std::string& name, const std::string& key, const std::string& value) {
  Result<std::optional<DeployedWorker>> worker = read(name);
  if (!worker.ok()) return worker.error();
  if (!worker->has_value()) return makeError("no Worker named \"" + name + "\"");
  (*worker)->secrets[key] = value;
  return writeSecrets(**worker);
}

Result<bool> DeploymentStore::deleteSecret(const std::string& name, const std::string& key) {
  Result<std::optional<DeployedWorker>> worker = read(name);
  if (!worker.ok()) return worker.error();
  if (!worker->has_value() || (*worker)->secrets.erase(key) == 0) return false;
  if (Status s = writeSecrets(**worker); !s.ok()) return s.error();
  return true;
}

Status DeploymentStore::remove(const std::string& name) {
  if (!validName(name)) return makeError("no Worker named \"" + name + "\"");
  std::error_code ec;
  // The state file first: a crash half-way leaves files no Worker points to, never half a Worker.
  fs::remove(root_ / name / "state.json", ec);
  fs::remove_all(root_ / name, ec);
  if (ec) return makeError("cannot remove " + (root_ / name).string() + ": " + ec.message());
  return Ok{};
}

Status DeploymentStore::writeState(const DeployedWorker& worker) const {
  std::string versions = "[";
  for (const DeployedVersion& v : worker.versions) {
    versions += (versions.size() > 1 ? ", " : "") + std::string("{\"id\": ") + jsonQuote(v.id) +
                ", \"created_ms\": " + std::to_string(v.created_ms) +
                ", \"source\": " + jsonQuote(v.source) + "}";
  }
  std::string deployments = "[";
  for (const DeploymentRecord& d : worker.deployments) {
    deployments += (deployments.size() > 1 ? ", " : "") + std::string("{\"id\": ") +
                   jsonQuote(d.id) + ", \"created_ms\": " + std::to_string(d.created_ms) +
                   ", \"version_id\": " + jsonQuote(d.version_id) +
                   ", \"source\": " + jsonQuote(d.cause.source) +
                   ", \"triggered_by\": " + jsonQuote(d.cause.triggered_by) +
                   ", \"message\": " + jsonQuote(d.cause.message) + "}";
  }
  std::string state = "{\"current\": " + jsonQuote(worker.current) + ", \"versions\": " + versions +
                      "], \"deployments\": " + deployments +
                      "], \"migrations\": " + quotedList(worker.history.migrations, true) +
                      ", \"crons\": " + quotedList(worker.history.crons) + "}\n";
  std::error_code ec;
  fs::create_directories(root_ / worker.name, ec);
  return writeFile(root_ / worker.name / "state.json", state);
}

Status DeploymentStore::writeSecrets(const DeployedWorker& worker) const {
  std::string json = "{";
  for (const auto& [key, value] : worker.secrets) {
    json += (json.size() > 1 ? ", " : "") + jsonQuote(key) + ": " + jsonQuote(value);
  }
  json += "}\n";
  fs::path path = root_ / worker.name / "secrets.json";
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  // AtomicFileWriter's temporary file is created 0600 (mkostemp) and renamed: secrets are never
  // readable by others, not even for a moment.
  return writeFile(path, json);
}

}  // namespace edged::server
