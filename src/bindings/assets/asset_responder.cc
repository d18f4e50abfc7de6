#include "edged/bindings/assets/asset_responder.h"

#include "edged/bindings/assets/file_chunks.h"

namespace edged::bindings::assets {

void sendAssetResponse(uv_loop_t* loop, const std::shared_ptr<net::HttpExchange>& exchange,
                       const AssetResponse& response, std::function<void()> done) {
  if (response.file != nullptr && response.file->bytes && !response.head) {
    exchange->respond(response.status, {}, response.headers,
                      response.file->bytes->substr(response.offset, response.length));
    return done();
  }
  exchange->writeHead(response.status, {}, response.headers, response.length);
  if (response.file == nullptr || response.head || response.length == 0) {
    exchange->end();
    return done();
  }
  // Done exactly once: at the end of the file or when the client goes away first.
  auto finished = std::make_shared<std::function<void()>>(std::move(done));
  auto finish = [finished] {
    auto cb = std::move(*finished);
    *finished = nullptr;
    if (cb) cb();
  };
  std::weak_ptr<net::HttpExchange> weak = exchange;
  // Set once open() returns; each chunk asks for the next once the socket took it.
  auto self = std::make_shared<std::weak_ptr<FileChunks>>();
  auto chunks = FileChunks::open(
      loop, response.file->file, response.offset, response.length,
      [weak, self](std::string chunk) {
        auto ex = weak.lock();
        if (!ex) return;
        ex->writeBody(std::move(chunk), [self] {
          if (auto c = self->lock()) c->next();
        });
      },
      [weak, finish](Status status) {
        if (auto ex = weak.lock()) {
          if (status.ok()) {
            ex->end();
          } else {
            ex->abort();  // the head promised bytes the file no longer has
          }
        }
        finish();
      });
  *self = chunks;
  exchange->onClose([chunks, finish] {
    chunks->stop();
    finish();
  });
  chunks->next();
}

}  // namespace edged::bindings::assets
