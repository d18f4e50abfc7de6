#include "edged/bindings/browser/chunked_framing.h"

#include <gtest/gtest.h>

namespace edged::bindings::browser {
namespace {

uint32_t headerOf(const std::string& frame) {
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= static_cast<uint32_t>(static_cast<unsigned char>(frame[i])) << (8 * i);
  return n;
}

TEST(ChunkedFraming, ASmallMessageIsOneFrameWithItsLengthFirst) {
  auto frames = encodeChunkedMessage(R"({"id":1,"method":"Browser.getVersion"})");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(headerOf(frames[0]), 38u);
  EXPECT_EQ(frames[0].substr(4), R"({"id":1,"method":"Browser.getVersion"})");
}

TEST(ChunkedFraming, AnEmptyMessageIsAHeaderAlone) {
  auto frames = encodeChunkedMessage("");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0], std::string(4, '\0'));
  ChunkedMessageDecoder decoder(1 << 20);
  auto message = decoder.push(frames[0]);
  ASSERT_TRUE(message.ok());
  ASSERT_TRUE(message.value().has_value());
  EXPECT_EQ(*message.value(), "");
}

TEST(ChunkedFraming, ALargeMessageSplitsAtTheFrameLimitHeaderIncluded) {
  std::string message(3 * kMaxChunkBytes, 'x');
  message[0] = 'a';
  message.back() = 'z';
  auto frames = encodeChunkedMessage(message);
  ASSERT_EQ(frames.size(), 4u);  // 4 header bytes push the last 4 payload bytes into a 4th frame
  EXPECT_EQ(frames[0].size(), kMaxChunkBytes);
  EXPECT_EQ(frames[1].size(), kMaxChunkBytes);
  EXPECT_EQ(frames[2].size(), kMaxChunkBytes);
  EXPECT_EQ(frames[3].size(), 4u);
  EXPECT_EQ(headerOf(frames[0]), message.size());

  ChunkedMessageDecoder decoder(64u << 20);
  for (size_t i = 0; i + 1 < frames.size(); ++i) {
    auto partial = decoder.push(frames[i]);
    ASSERT_TRUE(partial.ok());
    EXPECT_FALSE(partial.value().has_value());
  }
  auto whole = decoder.push(frames.back());
  ASSERT_TRUE(whole.ok());
  ASSERT_TRUE(whole.value().has_value());
  EXPECT_EQ(*whole.value(), message);
}

TEST(ChunkedFraming, MessagesFollowOneAnother) {
  ChunkedMessageDecoder decoder(1 << 20);
  for (const char* text : {"first", "second, longer", "3"}) {
    auto message = decoder.push(encodeChunkedMessage(text)[0]);
    ASSERT_TRUE(message.ok());
    ASSERT_TRUE(message.value().has_value());
    EXPECT_EQ(*message.value(), text);
  }
}

TEST(ChunkedFraming, BadFramesAreErrorsNotCrashes) {
  ChunkedMessageDecoder short_header(1 << 20);
  EXPECT_FALSE(short_header.push("ab").ok());

  ChunkedMessageDecoder bounded(100);
  std::string huge = encodeChunkedMessage(std::string(101, 'x'))[0];
  EXPECT_FALSE(bounded.push(huge).ok());

  ChunkedMessageDecoder overlong(1 << 20);
  std::string frame = encodeChunkedMessage("abc")[0] + "def";  // 6 bytes after a header of 3
  EXPECT_FALSE(overlong.push(frame).ok());
}

}  // namespace
}  // namespace edged::bindings::browser
