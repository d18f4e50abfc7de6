#pragma once
// Workers deployed over the admin API, on disk under <data-dir>/deployments/<name>/: each version
// a project directory (versions/<id>/ with its generated wrangler.jsonc and modules), state.json
// (which version serves, the order they came in, the deployments, migrations and cron schedules),
// secrets.json (mode 0600). Every file is replaced atomically; a restart serves each Worker's
// current version.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edged/server/script_upload.h"
#include "edged/util/result.h"

namespace edged::server {

struct DeployedVersion {
  std::string id;
  int64_t created_ms = 0;
  std::string metadata_json;  // the upload's metadata part
  std::string source;         // who uploaded it: "wrangler" or "api" (DeploymentCause::source)
};

// Why a version started serving, as Cloudflare's deployments API reports it.
struct DeploymentCause {
  std::string source;        // "wrangler" when the client said so in its User-Agent, else "api"
  std::string triggered_by;  // "upload" (a deploy), "deployment" (a chosen version), "secret"
  std::string message;       // the annotation "workers/message" ("" when none)
};

// One change of the serving version (or of its secrets), kept for `wrangler deployments list`
// and `wrangler rollback`.
struct DeploymentRecord {
  std::string id;
  int64_t created_ms = 0;
  std::string version_id;
  DeploymentCause cause;
};

struct DeployedWorker {
  std::string name;
  std::string current;                    // the version that serves
  std::vector<DeployedVersion> versions;  // oldest first
  WorkerHistory history;
  std::map<std::string, std::string> secrets;
  std::vector<DeploymentRecord> deployments;  // oldest first
};

class DeploymentStore {
 public:
  explicit DeploymentStore(std::filesystem::path data_dir) : root_(std::move(data_dir) / "deployments") {}

  // Cloudflare's rule for script names (lower-case letters, digits, "-" and "_", at most 63).
  static bool validName(const std::string& name);

  std::vector<std::string> workers() const;
  // Null when no Worker of that name was deployed.
  Result<std::optional<DeployedWorker>> read(const std::string& name) const;
  // Writes the upload as a new version (its id a UUID, as Cloudflare's); it becomes current
  // only through setCurrent().
  Result<DeployedVersion> addVersion(const std::string& name, const ScriptUpload& upload,
                                     const std::string& source);
  // Serves `version_id` from now on and records the deployment (also when the version was
  // already current: a secret change is a deployment too).
  Status setCurrent(const std::string& name, const std::string& version_id,
                    const DeploymentCause& cause);
  // Forgets a version that never served (it failed to start); a Worker left without versions
  // is forgotten too.
  Status dropVersion(const std::string& name, const std::string& version_id);
  // The Worker's cron schedules (not versioned, as on Cloudflare): kept in state.json and
  // written into every version's generated config, so whichever version serves has them.
  Status setCrons(const std::string& name, std::vector<std::string> crons);
  // The Worker's script settings (Cloudflare's …/script-settings: logpush, tail_consumers,
  // observability, tags) as the JSON object last written; "{}" when none was.
  Result<std::string> scriptSettings(const std::string& name) const;
  Status setScriptSettings(const std::string& name, std::string_view json_object);
  Status putSecret(const std::string& name, const std::string& key, const std::string& value);
  // False when there was no such secret.
  Result<bool> deleteSecret(const std::string& name, const std::string& key);
  Status remove(const std::string& name);

  std::filesystem::path versionDir(const std::string& name, const std::string& version_id) const {
    return root_ / name / "versions" / version_id;
  }

 private:
  Status writeState(const DeployedWorker& worker) const;
  Status writeSecrets(const DeployedWorker& worker) const;

  std::filesystem::path root_;
};

}  // namespace edged::server
