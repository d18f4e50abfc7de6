#pragma once
// One client's traffic through whichever origin connection it holds (transaction mode): client
// messages rewritten for that connection (prepared statements, statement_map.h), and origin
// messages routed back with the answers to rewritten messages swallowed or synthesized, in the
// order the client expects (PostgreSQL docs §55.2.3 "Extended Query": after an error the
// server skips to the next Sync). No I/O: the session passes bytes in and out.

#include <deque>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "edged/bindings/hyperdrive/pg_message.h"
#include "edged/bindings/hyperdrive/statement_map.h"

namespace edged::bindings::hyperdrive {

class QueryRelay {
 public:
  struct Sinks {
    std::function<void(std::string)> to_origin;
    std::function<void(std::string)> to_client;
  };
  explicit QueryRelay(Sinks sinks) : sinks_(std::move(sinks)) {}

  // A frontend message, sent over an origin connection whose prepared statement names are
  // `prepared` (updated) and whose pool names statements with `names`.
  void fromClient(const Message& message, std::set<std::string>& prepared, OriginStatementNames& names);
  // A backend message; `prepared` as above (a failed Parse unmarks its statement).
  void fromOrigin(const Message& message, std::set<std::string>& prepared);
  // No answer is outstanding: the origin connection may go back to the pool (when idle).
  bool settled() const { return expected_.empty() && !skipping_; }
  // The origin connection changes: nothing is outstanding on the new one.
  void reset() {
    expected_.clear();
    skipping_ = false;
  }

 private:
  // What the next backend messages answer, in order.
  struct Expected {
    enum Kind { kForward, kSwallowParse, kSynthetic } kind;
    std::string terminals;       // kForward: types that end the answer ("Z", "TN"...)
    std::string bytes;           // kSynthetic: what the client gets
    std::string prepared_name;   // a Parse's origin-side name, unmarked if it fails
  };
  void forward(std::string bytes, Expected expected);
  void synthesize(std::string bytes);
  // Prepares `statement` on the connection first unless it is there.
  std::string ensurePrepared(const StatementText& statement, std::set<std::string>& prepared,
                             OriginStatementNames& names);
  void pop(std::set<std::string>& prepared, bool failed);
  void emitSynthetic();

  Sinks sinks_;
  ClientStatements statements_;
  std::deque<Expected> expected_;
  // An error arrived with no Sync queued: the origin ignores what comes until the next Sync.
  bool skipping_ = false;
};

}  // namespace edged::bindings::hyperdrive
