#include "edged/bindings/hyperdrive/query_relay.h"

#include <gtest/gtest.h>

#include <vector>

namespace edged::bindings::hyperdrive {
namespace {

Message frame(std::string bytes) {
  MessageFramer framer;
  framer.append(bytes);
  return std::move(**framer.next());
}

Message parse(std::string_view name, std::string_view sql) {
  return frame(MessageBuilder('P').cstring(name).cstring(sql).int16(0).take());
}
Message bind(std::string_view statement) {
  return frame(MessageBuilder('B').cstring("").cstring(statement).int16(0).int16(0).int16(0).take());
}
Message describeStatement(std::string_view name) { return frame(MessageBuilder('D').byte('S').cstring(name).take()); }
Message execute() { return frame(MessageBuilder('E').cstring("").int32(0).take()); }
Message empty(char type) { return frame(MessageBuilder(type).take()); }
Message ready(char status) { return frame(readyForQuery(status)); }

// The statement name of a Parse/Bind/Describe the relay sent, with the message type.
std::string describe(const std::string& bytes) {
  Message m = frame(bytes);
  MessageReader reader(m.body());
  if (m.type == 'P') return "P " + std::string(reader.cstring());
  if (m.type == 'B') {
    reader.cstring();
    return "B " + std::string(reader.cstring());
  }
  if (m.type == 'D') {
    reader.byte();
    return "D " + std::string(reader.cstring());
  }
  return std::string(1, m.type);
}

struct Wire {
  std::vector<std::string> to_origin;
  std::string to_client;  // message types, in order
  QueryRelay relay{{[this](std::string b) { to_origin.push_back(describe(b)); },
                    [this](std::string b) { to_client += frame(b).type; }}};
};

TEST(QueryRelay, StatementsFollowTheClientAcrossConnections) {
  Wire wire;
  OriginStatementNames names;
  std::set<std::string> first_connection, second_connection;

  // postgres.js's first use of a statement: Parse + Describe + Flush, answers, then Bind.
  wire.relay.fromClient(parse("p1", "SELECT $1"), first_connection, names);
  wire.relay.fromClient(describeStatement("p1"), first_connection, names);
  wire.relay.fromClient(empty('H'), first_connection, names);
  EXPECT_EQ(wire.to_origin, (std::vector<std::string>{"P edged_1", "D edged_1", "H"}));
  for (char type : {'1', 't', 'T'}) wire.relay.fromOrigin(empty(type), first_connection);
  EXPECT_EQ(wire.to_client, "1tT");
  EXPECT_TRUE(wire.relay.settled());

  // The next transaction runs on another connection: the statement is prepared there first
  // and that ParseComplete is not the client's.
  wire.relay.reset();
  wire.to_origin.clear();
  wire.to_client.clear();
  wire.relay.fromClient(bind("p1"), second_connection, names);
  wire.relay.fromClient(execute(), second_connection, names);
  wire.relay.fromClient(empty('S'), second_connection, names);
  EXPECT_EQ(wire.to_origin, (std::vector<std::string>{"P edged_1", "B edged_1", "E", "S"}));
  for (char type : {'1', '2', 'D', 'C'}) wire.relay.fromOrigin(empty(type), second_connection);
  EXPECT_FALSE(wire.relay.settled());
  wire.relay.fromOrigin(ready('I'), second_connection);
  EXPECT_EQ(wire.to_client, "2DCZ");
  EXPECT_TRUE(wire.relay.settled());
  EXPECT_EQ(second_connection.count("edged_1"), 1u);

  // Parsing it again where it exists is answered without the origin; Close only forgets it.
  wire.to_origin.clear();
  wire.to_client.clear();
  wire.relay.fromClient(parse("p2", "SELECT $1"), second_connection, names);
  wire.relay.fromClient(frame(MessageBuilder('C').byte('S').cstring("p2").take()), second_connection, names);
  EXPECT_TRUE(wire.to_origin.empty());
  EXPECT_EQ(wire.to_client, "13");
}

TEST(QueryRelay, AnErrorSkipsToSyncAndForgetsTheFailedStatement) {
  Wire wire;
  OriginStatementNames names;
  std::set<std::string> connection;
  wire.relay.fromClient(parse("bad", "SELEC 1"), connection, names);
  wire.relay.fromClient(bind("bad"), connection, names);
  wire.relay.fromClient(execute(), connection, names);
  wire.relay.fromClient(empty('S'), connection, names);
  wire.relay.fromOrigin(frame(errorResponse("ERROR", "42601", "syntax error")), connection);
  EXPECT_FALSE(wire.relay.settled());
  wire.relay.fromOrigin(ready('I'), connection);
  EXPECT_EQ(wire.to_client, "EZ");
  EXPECT_TRUE(wire.relay.settled());
  EXPECT_TRUE(connection.empty());
}

TEST(QueryRelay, AnErrorBeforeSyncWaitsForIt) {
  Wire wire;
  OriginStatementNames names;
  std::set<std::string> connection;
  wire.relay.fromClient(parse("", "SELEC 1"), connection, names);
  wire.relay.fromClient(empty('H'), connection, names);
  wire.relay.fromOrigin(frame(errorResponse("ERROR", "42601", "syntax error")), connection);
  EXPECT_FALSE(wire.relay.settled());
  // Until Sync the origin ignores messages, so none is expected to be answered.
  wire.relay.fromClient(execute(), connection, names);
  wire.relay.fromClient(empty('S'), connection, names);
  wire.relay.fromOrigin(ready('I'), connection);
  EXPECT_EQ(wire.to_client, "EZ");
  EXPECT_TRUE(wire.relay.settled());
}

TEST(QueryRelay, SimpleQueryWithAnErrorEndsAtReadyForQuery) {
  Wire wire;
  OriginStatementNames names;
  std::set<std::string> connection;
  wire.relay.fromClient(frame(MessageBuilder('Q').cstring("SELECT 1; SELEC").take()), connection, names);
  for (char type : {'T', 'D', 'C'}) wire.relay.fromOrigin(empty(type), connection);
  wire.relay.fromOrigin(frame(errorResponse("ERROR", "42601", "syntax error")), connection);
  EXPECT_FALSE(wire.relay.settled());
  wire.relay.fromOrigin(ready('I'), connection);
  EXPECT_EQ(wire.to_client, "TDCEZ");
  EXPECT_TRUE(wire.relay.settled());
}

}  // namespace
}  // namespace edged::bindings::hyperdrive
