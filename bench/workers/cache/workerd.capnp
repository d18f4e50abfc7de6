# Without cacheApiOutbound, workerd's caches.default.match and put reject ("No Cache was
# configured"); with it they are HTTP requests to that service: here cache_service.js.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "cache", worker = .cacheService),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:@PORT@", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "@COMPATIBILITY_DATE@",
  cacheApiOutbound = "cache",
);

const cacheService :Workerd.Worker = (
  modules = [ (name = "cache_service.js", esModule = embed "cache_service.js") ],
  compatibilityDate = "@COMPATIBILITY_DATE@",
);
