#pragma once
// What the admin listener's Workers routes share (admin_workers.cc, admin_versions.cc,
// admin_schedules.cc, admin_account.cc): the deployment store, the registry that serves
// versions, and the answers every one of them gives the same way. Lives on the admin loop
// thread; serve() owns the registry and outlives the admin server.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "edged/server/admin_server.h"
#include "edged/server/deployments.h"

namespace edged::server {

class WorkerRegistry;

struct WorkerAdminContext {
  WorkerRegistry* registry;
  DeploymentStore store;
  std::filesystem::path data_dir;

  // The Worker named by the path's :script_name, or null with `answer` set to the response
  // (404 code 10007, "This Worker does not exist on your account.", as Cloudflare answers).
  std::optional<DeployedWorker> worker(const AdminRequest& request, AdminResponse* answer) const;

  // Stores the request's script upload (multipart: metadata + modules) as a new version of
  // :script_name, not yet serving; null with `answer` set when it is refused.
  struct Upload {
    DeployedWorker worker;  // as stored, the new version included
    DeployedVersion version;
  };
  std::optional<Upload> upload(const AdminRequest& request, AdminResponse* answer);

  // Stops serving :script_name and forgets its versions and secrets (its data stays): the
  // answer to DELETE …/scripts/:name and …/services/:name (`wrangler delete`).
  AdminResponse remove(const AdminRequest& request);

  // Builds version `id` of `worker` and serves it on every thread; the old one keeps serving
  // when that fails.
  Status serve(const DeployedWorker& worker, const std::string& id);
};

// "wrangler" when the request's User-Agent says it comes from wrangler, else "api": the
// `source` Cloudflare reports for versions and deployments.
std::string requestSource(const AdminRequest& request);

// The bindings of a version's upload metadata, secret_text ones by name only (values never
// leave the server), as a JSON array; `secrets` (the Worker's) are listed after them.
std::string bindingsJson(const std::string& metadata_json,
                         const std::map<std::string, std::string>& secrets);

// The tag of the last Durable Object migration applied to `worker` ("" when none): the
// `migration_tag` wrangler compares with its config to know which steps to upload.
std::string migrationTag(const DeployedWorker& worker);

// Cloudflare's script object (`id`, `etag`, `created_on`, `modified_on`, `migration_tag`, …) as
// the scripts list and the services API report it.
std::string scriptJson(const DeployedWorker& worker);

// The routes beside addWorkerRoutes' scripts, settings and secrets.
// GET …/versions[/:version_id], POST …/versions (upload without deploying), GET/POST
// …/deployments (admin_versions.cc).
void addVersionRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx);
// PUT/GET …/workers/scripts/:script_name/schedules (admin_schedules.cc).
void addScheduleRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx);
// GET/PATCH …/workers/scripts/:script_name/script-settings (admin_script_settings.cc).
void addScriptSettingsRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx);
// What wrangler asks about the account and a Worker's reachability: /user/tokens/verify,
// …/workers/subdomain, …/workers/scripts/:script_name/subdomain, GET/DELETE
// …/workers/services/:name (admin_account.cc).
void addAccountRoutes(AdminServer& admin, std::shared_ptr<WorkerAdminContext> ctx);

}  // namespace edged::server
