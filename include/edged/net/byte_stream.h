#pragma once
// A connected, ordered, full-duplex byte stream: what the outbound HTTP client speaks over. Plain
// TCP (TcpStream) or TLS on top of another stream (TlsStream). Loop thread only.
//
// Callbacks never run after close() or destruction. A callback may close or destroy the stream
// that called it; implementations check that they are still alive before touching themselves.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::net {

class ByteStream {
 public:
  // `on_data`: received bytes, valid only during the call. `on_end`: once, Ok when the peer
  // finished sending (EOF), an error when the stream failed; nothing is received afterwards.
  struct Handler {
    std::function<void(std::string_view)> on_data;
    std::function<void(Status)> on_end;
  };

  virtual ~ByteStream() = default;

  virtual void setHandler(Handler handler) = 0;
  // Reading is off until startReading(). stopReading() stops reading from the socket; bytes
  // already received may still be delivered by the call in progress.
  virtual void startReading() = 0;
  virtual void stopReading() = 0;
  // Queues `bytes`; `on_written(Ok)` runs once they were handed to the kernel. Writes complete
  // in order. A failed write ends the stream instead (on_end with the error) and its `on_written`
  // does not run, unless on_end already ran (the peer's EOF, then a write to a half-open
  // connection fails): then its `on_written` gets the error, so the writer still hears of it.
  virtual void write(std::string bytes, std::function<void(Status)> on_written) = 0;
  // Bytes queued and not yet handed to the kernel.
  virtual size_t pendingWriteBytes() const = 0;
  // Half-close: sends the end of this side (a TCP FIN, after TLS close_notify) once queued writes
  // are flushed, while receiving goes on. `on_done` runs once with the outcome; nothing may be
  // written afterwards. Streams that cannot half-close report an error.
  virtual void shutdown(std::function<void(Status)> on_done) {
    on_done(makeError("This connection cannot be half-closed."));
  }
  // Closes at once, dropping queued writes (their callbacks do not run). Idempotent.
  virtual void close() = 0;
};

}  // namespace edged::net
