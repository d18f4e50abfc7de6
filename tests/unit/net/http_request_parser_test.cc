// HttpRequestParser on byte strings: what a handler sees, and which requests are refused with
// which status (RFC 9112).
#include "edged/net/http_request_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "refused_requests.h"

namespace edged::net {
namespace {

using Event = HttpRequestParser::Event;

// Everything the parser produced for a byte string, fed whole or in pieces of `piece` bytes.
struct Parsed {
  std::vector<HttpRequestHead> heads;
  std::vector<std::string> bodies;  // one per request with a body
  int error_status = 0;
  std::string error_reason;
};

Parsed parse(std::string_view bytes, size_t piece = std::string_view::npos,
             HttpLimits limits = {}) {
  HttpRequestParser parser(limits);
  Parsed out;
  std::string pending;
  size_t offset = 0;
  while (true) {
    HttpRequestParser::Step step = parser.feed(pending);
    std::string body(step.body);  // a view into `pending`, copied before it changes
    pending.erase(0, step.consumed);
    switch (step.event) {
      case Event::kHead:
        out.heads.push_back(parser.takeHead());
        if (out.heads.back().has_body) out.bodies.emplace_back();
        continue;
      case Event::kBody:
        out.bodies.back().append(body);
        continue;
      case Event::kMessageEnd:
        continue;
      case Event::kError:
        out.error_status = parser.error().status;
        out.error_reason = parser.error().reason;
        return out;
      case Event::kNeedMore:
        if (offset >= bytes.size()) return out;
        pending.append(bytes.substr(offset, piece));
        offset += std::min(piece, bytes.size() - offset);
        continue;
    }
  }
}

TEST(HttpRequestParser, SimpleGet) {
  Parsed p = parse("GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\nX-Thing:  spaced value \r\n\r\n");
  ASSERT_EQ(p.error_status, 0) << p.error_reason;
  ASSERT_EQ(p.heads.size(), 1u);
  const HttpRequestHead& h = p.heads[0];
  EXPECT_EQ(h.method, "GET");
  EXPECT_EQ(h.target, "/a?b=1");
  EXPECT_EQ(h.version_minor, 1);
  ASSERT_EQ(h.headers.size(), 2u);
  EXPECT_EQ(h.headers[1].name, "X-Thing");
  EXPECT_EQ(h.headers[1].value, "spaced value");  // OWS trimmed (RFC 9112 §5.1)
  EXPECT_FALSE(h.has_body);
  EXPECT_TRUE(h.keep_alive);
  EXPECT_FALSE(h.content_length.has_value());
}

TEST(HttpRequestParser, ByteByByteGivesTheSameResult) {
  std::string req =
      "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
  Parsed p = parse(req, 1);
  ASSERT_EQ(p.error_status, 0) << p.error_reason;
  ASSERT_EQ(p.heads.size(), 1u);
  EXPECT_TRUE(p.heads[0].chunked);
  EXPECT_TRUE(p.heads[0].has_body);
  EXPECT_EQ(p.bodies[0], "hello world");
  EXPECT_EQ(p.heads[0].headers.size(), 2u);  // the trailer is discarded
}

TEST(HttpRequestParser, ContentLengthBody) {
  Parsed p = parse("PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world", 4);
  ASSERT_EQ(p.error_status, 0) << p.error_reason;
  EXPECT_EQ(p.heads[0].content_length, 11u);
  EXPECT_EQ(p.bodies[0], "hello world");
}

TEST(HttpRequestParser, PipelinedRequestsComeOutInOrder) {
  Parsed p = parse(
      "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
      "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
      "GET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(p.error_status, 0) << p.error_reason;
  ASSERT_EQ(p.heads.size(), 3u);
  EXPECT_EQ(p.heads[0].target, "/1");
  EXPECT_EQ(p.heads[1].target, "/2");
  EXPECT_EQ(p.bodies[0], "abc");
  EXPECT_EQ(p.heads[2].target, "/3");
  EXPECT_FALSE(p.heads[2].keep_alive);
}

TEST(HttpRequestParser, StopsAtEachEventSoLaterBytesStayUnparsed) {
  HttpRequestParser parser({});
  std::string bytes = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n";
  HttpRequestParser::Step step = parser.feed(bytes);
  EXPECT_EQ(step.event, Event::kHead);
  EXPECT_EQ(step.consumed, bytes.size() / 2);
}

TEST(HttpRequestParser, KeepAliveRules) {
  EXPECT_FALSE(parse("GET / HTTP/1.0\r\n\r\n").heads.at(0).keep_alive);
  EXPECT_TRUE(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").heads.at(0).keep_alive);
  EXPECT_FALSE(
      parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").heads.at(0).keep_alive);
  EXPECT_EQ(parse("GET / HTTP/1.0\r\n\r\n").heads.at(0).version_minor, 0);
}

TEST(HttpRequestParser, ExpectContinueOnlyWithABodyInHttp11) {
  EXPECT_TRUE(
      parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n")
          .heads.at(0)
          .expect_continue);
  EXPECT_FALSE(parse("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")
                   .heads.at(0)
                   .expect_continue);
  EXPECT_FALSE(parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx")
                   .heads.at(0)
                   .expect_continue);
}

TEST(HttpRequestParser, AcceptsOtherTargetFormsAndUpgradeAsPlainHttp) {
  EXPECT_EQ(parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").heads.at(0).target, "*");
  EXPECT_EQ(parse("GET http://a/b HTTP/1.1\r\nHost: a\r\n\r\n").heads.at(0).target, "http://a/b");
  Parsed p = parse(
      "GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n"
      "GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
  ASSERT_EQ(p.error_status, 0) << p.error_reason;
  ASSERT_EQ(p.heads.size(), 2u);
  EXPECT_EQ(p.heads[1].target, "/next");
}

TEST(HttpRequestParser, EmptyLineBeforeRequestIsIgnored) {
  Parsed p = parse("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");  // RFC 9112 §2.2
  EXPECT_EQ(p.error_status, 0) << p.error_reason;
  EXPECT_EQ(p.heads.size(), 1u);
}

class HttpRequestParserRefuses : public ::testing::TestWithParam<RefusedRequest> {};

TEST_P(HttpRequestParserRefuses, WithStatus) {
  for (size_t piece : {std::string_view::npos, size_t{1}}) {
    Parsed p = parse(GetParam().bytes, piece);
    EXPECT_EQ(p.error_status, GetParam().status)
        << GetParam().name << " piece=" << piece << " reason=" << p.error_reason;
  }
}

INSTANTIATE_TEST_SUITE_P(Rfc9112, HttpRequestParserRefuses, ::testing::ValuesIn(kRefusedRequests),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(HttpRequestParser, HeaderLimits) {
  HttpLimits limits;
  limits.max_header_bytes = 200;
  limits.max_header_count = 3;
  std::string big = "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(300, 'v') + "\r\n\r\n";
  EXPECT_EQ(parse(big, std::string_view::npos, limits).error_status, 431);
  EXPECT_EQ(parse(big, 7, limits).error_status, 431);
  std::string many = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
  EXPECT_EQ(parse(many, std::string_view::npos, limits).error_status, 431);
  std::string fits = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n";
  EXPECT_EQ(parse(fits, std::string_view::npos, limits).error_status, 0);
}

TEST(HttpRequestParser, BodyLimits) {
  HttpLimits limits;
  limits.max_body_bytes = 10;
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n",
                  std::string_view::npos, limits)
                .error_status,
            413);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789",
                  std::string_view::npos, limits)
                .error_status,
            0);
  std::string chunked =
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
      "chunked\r\n\r\n6\r\n012345\r\n5\r\n67890\r\n0\r\n\r\n";
  EXPECT_EQ(parse(chunked, std::string_view::npos, limits).error_status, 413);
}

TEST(HttpRequestParser, AfterAnErrorEveryFeedIsAnError) {
  HttpRequestParser parser({});
  EXPECT_EQ(parser.feed("GARBAGE\r\n\r\n").event, Event::kError);
  EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n").event, Event::kError);
}

}  // namespace
}  // namespace edged::net
