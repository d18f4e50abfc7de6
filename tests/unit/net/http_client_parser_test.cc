// The client's wire format on byte strings: HttpResponseParser (what a fetch sees of a
// response, RFC 9112 framing) and serializeRequestHead (what goes out).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edged/net/http_request_writer.h"
#include "edged/net/http_response_parser.h"

namespace edged::net {
namespace {

using Event = HttpResponseParser::Event;

struct Parsed {
  std::vector<HttpResponseHead> heads;
  std::string body;
  bool ended = false;
  std::string error;
};

// Feeds `bytes` in pieces of `piece` bytes; `eof` calls finish() once everything was fed.
Parsed parse(std::string_view bytes, bool head_request = false, size_t piece = std::string_view::npos,
             bool eof = false, HttpClientLimits limits = {}) {
  HttpResponseParser parser(limits);
  parser.expectResponse(head_request);
  Parsed out;
  std::string pending;
  size_t offset = 0;
  bool finished = false;
  while (true) {
    HttpResponseParser::Step step = parser.feed(pending);
    std::string body(step.body);
    pending.erase(0, step.consumed);
    switch (step.event) {
      case Event::kHead:
        out.heads.push_back(parser.takeHead());
        continue;
      case Event::kBody:
        out.body += body;
        continue;
      case Event::kMessageEnd:
        out.ended = true;
        return out;
      case Event::kError:
        out.error = parser.error();
        return out;
      case Event::kNeedMore:
        if (offset < bytes.size()) {
          pending.append(bytes.substr(offset, piece));
          offset += std::min(piece, bytes.size() - offset);
          continue;
        }
        if (eof && !finished) {
          finished = true;
          HttpResponseParser::Step last = parser.finish();
          if (last.event == Event::kMessageEnd) out.ended = true;
          if (last.event == Event::kError) out.error = parser.error();
        }
        return out;
    }
  }
}

const char* header(const HttpResponseHead& head, std::string_view name) {
  for (const HttpHeader& h : head.headers) {
    if (h.name == name) return h.value.c_str();
  }
  return nullptr;
}

TEST(HttpResponseParser, ContentLengthBodyWholeAndByteByByte) {
  std::string_view response =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-A:  b c \r\n\r\nhello";
  for (size_t piece : {std::string_view::npos, size_t{1}, size_t{7}}) {
    Parsed p = parse(response, false, piece);
    ASSERT_EQ(p.error, "");
    ASSERT_EQ(p.heads.size(), 1u);
    const HttpResponseHead& h = p.heads[0];
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(h.reason, "OK");
    EXPECT_EQ(h.content_length, 5u);
    EXPECT_TRUE(h.has_body);
    EXPECT_TRUE(h.keep_alive);
    EXPECT_STREQ(header(h, "X-A"), "b c");
    EXPECT_EQ(p.body, "hello");
    EXPECT_TRUE(p.ended);
  }
}

TEST(HttpResponseParser, ChunkedBodyWithTrailers) {
  Parsed p = parse(
      "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
      false, 3);
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.heads[0].status, 201);
  EXPECT_FALSE(p.heads[0].content_length.has_value());
  EXPECT_EQ(p.body, "hello world");
  EXPECT_TRUE(p.ended);
  EXPECT_TRUE(p.heads[0].keep_alive);
}

TEST(HttpResponseParser, CloseDelimitedBodyEndsAtEof) {
  // RFC 9112 §6.3 item 8: neither length nor chunked: the body runs until the connection closes.
  Parsed open = parse("HTTP/1.1 200 OK\r\n\r\npartial", false, 4);
  EXPECT_FALSE(open.ended);
  EXPECT_EQ(open.body, "partial");
  Parsed closed = parse("HTTP/1.1 200 OK\r\n\r\nall of it", false, 4, /*eof=*/true);
  EXPECT_TRUE(closed.ended);
  EXPECT_EQ(closed.body, "all of it");
  EXPECT_FALSE(closed.heads[0].keep_alive);
}

TEST(HttpResponseParser, TruncatedBodyIsAnErrorAtEof) {
  Parsed p = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", false, 100, true);
  EXPECT_FALSE(p.ended);
  EXPECT_NE(p.error, "");
}

TEST(HttpResponseParser, NoContentForHeadAnd204And304) {
  Parsed head = parse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", /*head_request=*/true);
  ASSERT_EQ(head.error, "");
  EXPECT_FALSE(head.heads[0].has_body);
  EXPECT_EQ(head.heads[0].content_length, 1234u);
  EXPECT_TRUE(head.ended);
  EXPECT_TRUE(head.heads[0].keep_alive);
  for (std::string_view status : {"204 No Content", "304 Not Modified"}) {
    Parsed p = parse("HTTP/1.1 " + std::string(status) + "\r\n\r\n");
    ASSERT_EQ(p.error, "");
    EXPECT_FALSE(p.heads[0].has_body);
    EXPECT_TRUE(p.ended);
    EXPECT_TRUE(p.heads[0].keep_alive);
  }
}

TEST(HttpResponseParser, InterimResponsesAreSkipped) {
  Parsed p = parse(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
      false, 5);
  ASSERT_EQ(p.error, "");
  ASSERT_EQ(p.heads.size(), 1u);
  EXPECT_EQ(p.heads[0].status, 200);
  EXPECT_EQ(header(p.heads[0], "Link"), nullptr);
  EXPECT_EQ(p.body, "ok");
}

TEST(HttpResponseParser, PersistenceFollowsVersionAndConnection) {
  EXPECT_FALSE(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                   .heads[0].keep_alive);
  EXPECT_FALSE(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").heads[0].keep_alive);
  EXPECT_TRUE(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
                  .heads[0].keep_alive);
}

TEST(HttpResponseParser, ObsFoldBecomesSpace) {
  // RFC 9112 §5.2: a user agent replaces obs-fold in a response with SP.
  Parsed p = parse("HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(p.error, "");
  std::string value = header(p.heads[0], "X-Folded");
  EXPECT_EQ(value.find('\r'), std::string::npos);
  EXPECT_EQ(value.find('\n'), std::string::npos);
  EXPECT_EQ(value.substr(0, 3), "one");
  EXPECT_EQ(value.substr(value.size() - 3), "two");
}

TEST(HttpResponseParser, RefusesBrokenResponses) {
  for (std::string_view bad : {
           std::string_view("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
           std::string_view("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"),
           std::string_view("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
           std::string_view("HTTP/2.0 200 OK\r\n\r\n"),
           std::string_view("SSH-2.0-OpenSSH\r\n"),
           std::string_view("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n"),
       }) {
    Parsed p = parse(bad);
    EXPECT_NE(p.error, "") << bad;
  }
}

TEST(HttpResponseParser, HeaderSectionLimit) {
  HttpClientLimits limits;
  limits.max_header_bytes = 64;
  Parsed p = parse("HTTP/1.1 200 OK\r\nX-Long: " + std::string(100, 'a') + "\r\n\r\n", false, 10,
                   false, limits);
  EXPECT_NE(p.error, "");
  limits.max_header_count = 1;
  limits.max_header_bytes = 1024;
  Parsed many = parse("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n", false, 100, false, limits);
  EXPECT_NE(many.error, "");
}

TEST(HttpResponseParser, ReusableForTheNextResponse) {
  HttpResponseParser parser{HttpClientLimits{}};
  for (int i = 0; i < 2; ++i) {
    parser.expectResponse(false);
    std::string bytes = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx";
    HttpResponseParser::Step step = parser.feed(bytes);
    ASSERT_EQ(step.event, Event::kHead);
    bytes.erase(0, step.consumed);
    step = parser.feed(bytes);
    ASSERT_EQ(step.event, Event::kBody);
    EXPECT_EQ(step.body, "x");
    bytes.erase(0, step.consumed);
    EXPECT_EQ(parser.feed(bytes).event, Event::kMessageEnd);
  }
  // Bytes with no request outstanding are an error, not a response.
  EXPECT_EQ(parser.feed("HTTP/1.1 200 OK\r\n\r\n").event, Event::kError);
}

TEST(HttpRequestWriter, HeadAndFraming) {
  HttpClientRequest request;
  request.method = "POST";
  request.target = "/upload?x=1";
  request.host_header = "example.com:8080";
  request.headers = {{"Content-Type", "text/plain"},
                     {"host", "evil.example"},
                     {"Connection", "close"},
                     {"Transfer-Encoding", "gzip"},
                     {"X-Injected", "a\r\nEvil: 1"},
                     {"Bad Name", "x"}};
  request.body_mode = HttpBodyMode::kLength;
  request.content_length = 11;
  EXPECT_EQ(serializeRequestHead(request),
            "POST /upload?x=1 HTTP/1.1\r\nHost: example.com:8080\r\nContent-Type: text/plain\r\n"
            "Content-Length: 11\r\n\r\n");
  request.body_mode = HttpBodyMode::kChunked;
  EXPECT_NE(serializeRequestHead(request).find("\r\nTransfer-Encoding: chunked\r\n\r\n"),
            std::string::npos);
  request.body_mode = HttpBodyMode::kNone;
  EXPECT_EQ(serializeRequestHead(request).find("Content-Length"), std::string::npos);
  EXPECT_EQ(chunkPrefix(255), "ff\r\n");
}

}  // namespace
}  // namespace edged::net
