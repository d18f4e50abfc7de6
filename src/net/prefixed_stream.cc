#include "prefixed_stream.h"

namespace edged::net {

PrefixedStream::PrefixedStream(std::unique_ptr<ByteStream> inner, std::string prefix,
                               bool inner_ended)
    : inner_(std::move(inner)), prefix_(std::move(prefix)) {
  if (inner_ended) end_ = Status(Ok{});
  // Replaces the previous reader's callbacks at once: they must not run after the hand-over.
  inner_->setHandler({[this](std::string_view bytes) { onInnerData(bytes); },
                      [this](Status status) { onInnerEnd(std::move(status)); }});
  inner_->stopReading();
}

PrefixedStream::~PrefixedStream() { close(); }

void PrefixedStream::startReading() {
  if (closed_ || reading_) return;
  reading_ = true;
  std::weak_ptr<bool> alive = alive_;
  if (!prefix_.empty()) {
    std::string bytes = std::move(prefix_);
    prefix_.clear();
    if (handler_.on_data) handler_.on_data(bytes);
    if (alive.expired() || closed_ || !reading_) return;
  }
  if (end_) {
    Status status = std::move(*end_);
    end_.reset();
    std::function<void(Status)> on_end = std::move(handler_.on_end);
    if (on_end) on_end(std::move(status));  // may destroy this stream
    return;
  }
  inner_->startReading();
}

void PrefixedStream::stopReading() {
  reading_ = false;
  if (!closed_) inner_->stopReading();
}

void PrefixedStream::write(std::string bytes, std::function<void(Status)> on_written) {
  if (!closed_) inner_->write(std::move(bytes), std::move(on_written));
}

void PrefixedStream::close() {
  if (closed_) return;
  closed_ = true;
  reading_ = false;
  prefix_.clear();
  inner_->close();
}

void PrefixedStream::onInnerData(std::string_view bytes) {
  if (closed_) return;
  // The inner stream may deliver the rest of a read in progress before the prefix went out
  // (ByteStream::stopReading allows it): keep the order.
  if (!prefix_.empty() || !reading_) {
    prefix_.append(bytes);
    return;
  }
  if (handler_.on_data) handler_.on_data(bytes);
}

void PrefixedStream::onInnerEnd(Status status) {
  if (closed_) return;
  // EOF waits for the prefix to be read; a failure ends the stream now (the prefix is moot).
  if (status.ok() && !prefix_.empty()) {
    end_ = std::move(status);
    return;
  }
  std::function<void(Status)> on_end = std::move(handler_.on_end);
  if (on_end) on_end(std::move(status));
}

}  // namespace edged::net
