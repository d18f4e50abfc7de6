#include "edged/bindings/hyperdrive/pg_message.h"

#include <gtest/gtest.h>

namespace edged::bindings::hyperdrive {
namespace {

TEST(PgMessage, BuildsAndFramesTypedMessages) {
  std::string query = MessageBuilder('Q').cstring("SELECT 1").take();
  EXPECT_EQ(query, std::string("Q\0\0\0\x0dSELECT 1\0", 14));
  MessageFramer framer;
  // Split anywhere: nothing until the message is whole.
  framer.append(query.substr(0, 3));
  EXPECT_FALSE(framer.next()->has_value());
  framer.append(query.substr(3) + readyForQuery('I'));
  auto first = framer.next();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->type, 'Q');
  EXPECT_EQ((*first)->body(), std::string_view("SELECT 1\0", 9));
  auto second = framer.next();
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->type, 'Z');
  EXPECT_EQ((*second)->body(), "I");
  EXPECT_FALSE(framer.next()->has_value());
}

TEST(PgMessage, StartupPhaseHasNoTypeByte) {
  std::string ssl = MessageBuilder(0).int32(kSslRequestCode).take();
  EXPECT_EQ(ssl, std::string("\0\0\0\x08\x04\xd2\x16\x2f", 8));
  MessageFramer framer(true);
  framer.append(ssl);
  auto message = framer.next();
  ASSERT_TRUE(message.ok() && message->has_value());
  EXPECT_EQ((*message)->type, 0);
  EXPECT_EQ(MessageReader((*message)->body()).int32(), kSslRequestCode);
  // After a startup message, typed ones follow.
  framer.append(MessageBuilder('X').take());
  EXPECT_EQ((*framer.next())->type, 'X');
}

TEST(PgMessage, RefusesImpossibleLengths) {
  MessageFramer framer;
  framer.append(std::string("Q\0\0\0\x02", 5));
  EXPECT_FALSE(framer.next().ok());
  MessageFramer huge;
  huge.append(std::string("Q\x7f\xff\xff\xff", 5));
  EXPECT_FALSE(huge.next().ok());
}

TEST(PgMessage, ReaderStopsAtTheEnd) {
  MessageReader reader(std::string_view("ab\0\0\x01", 5));
  EXPECT_EQ(reader.cstring(), "ab");
  EXPECT_EQ(reader.int16(), 1);
  EXPECT_FALSE(reader.failed());
  EXPECT_EQ(reader.int32(), 0u);
  EXPECT_TRUE(reader.failed());
}

TEST(PgMessage, ErrorResponseFields) {
  std::string error = errorResponse("ERROR", "08006", "no origin");
  MessageFramer framer;
  framer.append(error);
  auto message = framer.next();
  ASSERT_TRUE(message.ok() && message->has_value());
  EXPECT_EQ((*message)->type, 'E');
  EXPECT_EQ(errorMessageOf((*message)->body()), "no origin");
}

}  // namespace
}  // namespace edged::bindings::hyperdrive
