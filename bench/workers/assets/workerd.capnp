# The bundled asset is embedded from the directory bench/assets.sh generates
# (bench/.build/assets-public, beside this config's copy in bench/.build/workerd-assets).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:@PORT@", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "asset.bin", data = embed "../assets-public/asset.bin"),
  ],
  compatibilityDate = "@COMPATIBILITY_DATE@",
);
