#pragma once
// A ByteStream that first delivers bytes someone else already read from the inner stream, then
// the inner stream's own. Protocol switches need it: the bytes after an HTTP head (the first
// WebSocket frames) may have arrived in the same read as the head. Private to src/net.

#include <memory>
#include <optional>
#include <string>

#include "edged/net/byte_stream.h"

namespace edged::net {

class PrefixedStream final : public ByteStream {
 public:
  // `inner_ended`: the inner stream already reported EOF to its previous reader (it will not
  // again), so on_end(Ok) follows the prefix.
  PrefixedStream(std::unique_ptr<ByteStream> inner, std::string prefix, bool inner_ended);
  ~PrefixedStream() override;

  void setHandler(Handler handler) override { handler_ = std::move(handler); }
  // Delivers the prefix from inside this call, then starts the inner stream.
  void startReading() override;
  void stopReading() override;
  void write(std::string bytes, std::function<void(Status)> on_written) override;
  size_t pendingWriteBytes() const override { return inner_->pendingWriteBytes(); }
  void close() override;

 private:
  void onInnerData(std::string_view bytes);
  void onInnerEnd(Status status);

  std::unique_ptr<ByteStream> inner_;
  Handler handler_;
  std::string prefix_;  // not yet delivered
  std::optional<Status> end_;  // the inner stream's end, owed after the prefix
  bool reading_ = false;
  bool closed_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace edged::net
