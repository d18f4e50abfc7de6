#include "edged/bindings/hyperdrive/query_relay.h"

namespace edged::bindings::hyperdrive {
namespace {

std::string parseMessage(std::string_view name, const StatementText& statement) {
  return MessageBuilder('P').cstring(name).cstring(statement.query).bytes(statement.parameter_types).take();
}

std::string emptyMessage(char type) { return MessageBuilder(type).take(); }

}  // namespace

void QueryRelay::forward(std::string bytes, Expected expected) {
  expected_.push_back(std::move(expected));
  sinks_.to_origin(std::move(bytes));
}

void QueryRelay::synthesize(std::string bytes) {
  expected_.push_back({Expected::kSynthetic, "", std::move(bytes), ""});
  emitSynthetic();
}

void QueryRelay::emitSynthetic() {
  while (!expected_.empty() && expected_.front().kind == Expected::kSynthetic) {
    std::string bytes = std::move(expected_.front().bytes);
    expected_.pop_front();
    sinks_.to_client(std::move(bytes));
  }
}

std::string QueryRelay::ensurePrepared(const StatementText& statement, std::set<std::string>& prepared,
                                       OriginStatementNames& names) {
  std::string name = names.nameFor(statement);
  if (prepared.insert(name).second) {
    forward(parseMessage(name, statement), {Expected::kSwallowParse, "1", "", name});
  }
  return name;
}

void QueryRelay::fromClient(const Message& message, std::set<std::string>& prepared, OriginStatementNames& names) {
  if (skipping_ && message.type != 'S') return;  // the origin would ignore it (§55.2.3)
  MessageReader reader(message.body());
  switch (message.type) {
    case 'P': {
      std::string name(reader.cstring());
      StatementText statement{std::string(reader.cstring()), std::string(reader.rest())};
      if (reader.failed() || name.empty()) return forward(message.bytes, {Expected::kForward, "1", "", ""});
      std::string origin_name = names.nameFor(statement);
      statements_.define(std::move(name), statement);
      if (prepared.count(origin_name) != 0) return synthesize(emptyMessage('1'));
      prepared.insert(origin_name);
      return forward(parseMessage(origin_name, statement), {Expected::kForward, "1", "", origin_name});
    }
    case 'B': {
      std::string portal(reader.cstring());
      std::string name(reader.cstring());
      std::string_view rest = reader.rest();
      const StatementText* statement = statements_.find(name);
      if (reader.failed() || name.empty() || statement == nullptr) {
        return forward(message.bytes, {Expected::kForward, "2", "", ""});
      }
      std::string origin_name = ensurePrepared(*statement, prepared, names);
      return forward(MessageBuilder('B').cstring(portal).cstring(origin_name).bytes(rest).take(),
                     {Expected::kForward, "2", "", ""});
    }
    case 'D': {
      char kind = static_cast<char>(reader.byte());
      std::string name(reader.cstring());
      const StatementText* statement = kind == 'S' ? statements_.find(name) : nullptr;
      if (reader.failed() || name.empty() || statement == nullptr) {
        return forward(message.bytes, {Expected::kForward, "Tn", "", ""});
      }
      std::string origin_name = ensurePrepared(*statement, prepared, names);
      return forward(MessageBuilder('D').byte('S').cstring(origin_name).take(), {Expected::kForward, "Tn", "", ""});
    }
    case 'C': {
      char kind = static_cast<char>(reader.byte());
      std::string name(reader.cstring());
      // The origin keeps its copy for the pool's other clients; only this client forgets it.
      if (!reader.failed() && kind == 'S' && !name.empty()) {
        statements_.forget(name);
        return synthesize(emptyMessage('3'));
      }
      return forward(message.bytes, {Expected::kForward, "3", "", ""});
    }
    case 'E':
      return forward(message.bytes, {Expected::kForward, "CIs", "", ""});
    case 'S':
      skipping_ = false;
      return forward(message.bytes, {Expected::kForward, "Z", "", ""});
    case 'Q':
    case 'F':
      return forward(message.bytes, {Expected::kForward, "Z", "", ""});
    default:
      break;  // Flush, copy data: no answer of their own
  }
  sinks_.to_origin(message.bytes);
}

void QueryRelay::pop(std::set<std::string>& prepared, bool failed) {
  if (failed && !expected_.front().prepared_name.empty()) prepared.erase(expected_.front().prepared_name);
  expected_.pop_front();
}

void QueryRelay::fromOrigin(const Message& message, std::set<std::string>& prepared) {
  char type = message.type;
  // Asynchronous messages belong to no request (§55.2.7).
  if (type == 'N' || type == 'S' || type == 'A') return sinks_.to_client(message.bytes);
  if (type == 'E') {
    // Everything up to the next Sync (or the simple Query that failed) goes unanswered.
    while (!expected_.empty() && expected_.front().terminals != "Z") pop(prepared, true);
    if (expected_.empty()) skipping_ = true;
    return sinks_.to_client(message.bytes);
  }
  if (expected_.empty()) return sinks_.to_client(message.bytes);
  Expected& head = expected_.front();
  if (head.kind == Expected::kSwallowParse) {
    if (type == '1') {
      pop(prepared, false);
      emitSynthetic();
      return;
    }
    pop(prepared, true);
  }
  bool ends = !expected_.empty() && expected_.front().terminals.find(type) != std::string::npos;
  sinks_.to_client(message.bytes);
  if (ends) {
    pop(prepared, false);
    emitSynthetic();
  }
}

}  // namespace edged::bindings::hyperdrive
