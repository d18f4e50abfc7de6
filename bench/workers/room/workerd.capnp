# The same Durable Object on workerd: SQLite-backed storage in a local directory.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "storage", disk = (path = "@STORAGE_DIR@", writable = true)),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:@PORT@", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "@COMPATIBILITY_DATE@",
  bindings = [ (name = "ROOM", durableObjectNamespace = "Room") ],
  durableObjectNamespaces = [ (className = "Room", uniqueKey = "bench-room", enableSql = true) ],
  durableObjectStorage = (localDisk = "storage"),
);
