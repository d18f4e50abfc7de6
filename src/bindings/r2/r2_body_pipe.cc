// An R2 object's body returned unchanged from a fetch handler: read from its blob on the thread
// pool and written to the client natively, never through JavaScript.
#include <algorithm>

#include "edged/api/native_body.h"
#include "edged/bindings/r2/r2_ops.h"
#include "r2_op_args.h"

namespace edged::bindings::r2 {
namespace {

constexpr uint64_t kPipeChunkBytes = 512 * 1024;

// Reads the blob one chunk at a time and keeps one chunk read ahead: while the client is
// behind (paused) the chunk read last waits here, so disk reads and socket writes overlap
// without more than two chunks in memory.
struct BlobPump : std::enable_shared_from_this<BlobPump> {
  runtime::Realm* realm = nullptr;
  BodyReader reader;
  api::BodyPipe pipe;
  bool paused = false;
  bool reading = false;
  bool stopped = false;
  std::shared_ptr<std::vector<uint8_t>> ready;  // read, not yet handed to the client

  void finish(Status status) {
    stopped = true;
    auto on_end = std::move(pipe.on_end);
    if (on_end) on_end(std::move(status));
  }

  void resume() {
    if (stopped || paused) return;
    if (ready) {
      auto chunk = std::move(ready);
      pipe.on_chunk({reinterpret_cast<const char*>(chunk->data()), chunk->size()});
      if (stopped) return;
    }
    if (!reading && reader.offset >= reader.end) return finish(Ok{});
    read();
  }

  void read() {
    if (reading || ready || reader.offset >= reader.end) return;
    reading = true;
    auto chunk = std::make_shared<std::vector<uint8_t>>(
        std::min<uint64_t>(kPipeChunkBytes, reader.end - reader.offset));
    auto result = std::make_shared<Result<size_t>>(size_t{0});
    realm->state<R2State>().queue(
        *realm,
        [file = reader.file, offset = reader.offset, chunk, result] {
          *result = file->readAt(offset, *chunk);
        },
        [self = shared_from_this(), chunk, result](R2State&) {
          self->reading = false;
          if (self->stopped) return;
          if (!result->ok() || result->value() == 0) {
            return self->finish(makeError(
                "The R2 object's data could not be read: " +
                (result->ok() ? std::string("its blob file ended early") : result->error().message)));
          }
          chunk->resize(result->value());
          self->reader.offset += result->value();
          self->ready = chunk;
          self->resume();
        });
  }
};

}  // namespace

void opR2BodyPipe(const v8::FunctionCallbackInfo<v8::Value>& info) {
  runtime::Realm* realm = runtime::Realm::from(info.GetIsolate());
  R2State& state = realm->state<R2State>();
  BodyReader* reader = info[1]->IsNumber() ? state.reader(info[1].As<v8::Number>()->Value()) : nullptr;
  if (reader == nullptr || reader->reading) return;
  auto pump = std::make_shared<BlobPump>();
  pump->realm = realm;
  pump->reader = std::move(*reader);
  state.closeReader(info[1].As<v8::Number>()->Value());
  api::respondWithNativeBody(info, {
      [pump](api::BodyPipe pipe) {
        pump->pipe = std::move(pipe);
        pump->resume();
        return true;
      },
      [pump](bool paused) {
        pump->paused = paused;
        pump->resume();
      },
      [pump] { pump->stopped = true; },
  });
}

}  // namespace edged::bindings::r2
