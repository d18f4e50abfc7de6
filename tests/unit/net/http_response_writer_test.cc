// HttpResponseWriter: the bytes a response puts on the wire (RFC 9112 §4, §6, §7.1).
#include "edged/net/http_response_writer.h"

#include <gtest/gtest.h>

namespace edged::net {
namespace {

constexpr std::string_view kDate = "Sun, 06 Nov 1994 08:49:37 GMT";

TEST(HttpResponseWriter, ContentLengthResponse) {
  HttpResponseWriter w(/*head_request=*/false, /*version_minor=*/1);
  std::string head = w.writeHead(200, "", {{"Content-Type", "text/plain"}}, 5, false, kDate);
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            "Content-Length: 5\r\n\r\n");
  HttpResponseWriter::Frame f = w.frameBody(5);
  EXPECT_TRUE(f.send);
  EXPECT_EQ(f.size, 5u);
  EXPECT_EQ(f.prefix, "");
  EXPECT_EQ(w.finish(), "");
  EXPECT_TRUE(w.reusable());
}

TEST(HttpResponseWriter, ChunkedWhenLengthUnknown) {
  HttpResponseWriter w(false, 1);
  std::string head = w.writeHead(201, "Made", {}, std::nullopt, false, kDate);
  EXPECT_NE(head.find("HTTP/1.1 201 Made\r\n"), std::string::npos);
  EXPECT_NE(head.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  HttpResponseWriter::Frame f = w.frameBody(26);
  EXPECT_EQ(f.prefix, "1a\r\n");
  EXPECT_EQ(f.suffix, "\r\n");
  EXPECT_FALSE(w.frameBody(0).send);  // an empty chunk would end the body
  EXPECT_EQ(w.finish(), "0\r\n\r\n");
  EXPECT_TRUE(w.reusable());
}

TEST(HttpResponseWriter, Http10UnknownLengthIsCloseDelimited) {
  HttpResponseWriter w(false, 0);
  std::string head = w.writeHead(200, "", {}, std::nullopt, false, kDate);
  EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos);
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(w.frameBody(3).send);
  EXPECT_FALSE(w.reusable());
}

TEST(HttpResponseWriter, Http10KeepAliveIsAnnounced) {
  HttpResponseWriter w(false, 0);
  EXPECT_NE(w.writeHead(200, "", {}, 0, false, kDate).find("Connection: keep-alive\r\n"),
            std::string::npos);
}

TEST(HttpResponseWriter, HeadKeepsContentLengthButSendsNoBody) {
  HttpResponseWriter w(/*head_request=*/true, 1);
  std::string head = w.writeHead(200, "", {}, 1234, false, kDate);
  EXPECT_NE(head.find("Content-Length: 1234\r\n"), std::string::npos);
  EXPECT_FALSE(w.frameBody(10).send);
  EXPECT_EQ(w.finish(), "");
  EXPECT_TRUE(w.reusable());
}

TEST(HttpResponseWriter, NoContentStatusesHaveNoFraming) {
  for (int status : {204, 304}) {
    HttpResponseWriter w(false, 1);
    std::string head = w.writeHead(status, "", {}, std::nullopt, false, kDate);
    EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos) << status;
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << status;
    EXPECT_FALSE(w.frameBody(4).send);
    EXPECT_TRUE(w.reusable());
  }
}

TEST(HttpResponseWriter, ServerOwnsFramingHeaders) {
  HttpResponseWriter w(false, 1);
  std::string head = w.writeHead(200, "",
                                 {{"content-length", "99"},
                                  {"Transfer-Encoding", "gzip"},
                                  {"Connection", "upgrade"},
                                  {"Keep-Alive", "timeout=5"},
                                  {"Date", "custom"}},
                                 2, true, kDate);
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\nDate: custom\r\nContent-Length: 2\r\nConnection: close\r\n\r\n");
  EXPECT_FALSE(w.reusable());
}

TEST(HttpResponseWriter, DropsHeadersThatWouldSplitTheResponse) {
  HttpResponseWriter w(false, 1);
  std::string head = w.writeHead(200, "OK\r\nX: y",
                                 {{"X-Bad", "a\r\nSet-Cookie: b"}, {"Bad Name", "v"}, {"Ok", "v"}},
                                 0, false, kDate);
  EXPECT_EQ(head.find("Set-Cookie"), std::string::npos);
  EXPECT_EQ(head.find("Bad Name"), std::string::npos);
  EXPECT_NE(head.find("HTTP/1.1 200 OKX: y\r\n"), std::string::npos);
  EXPECT_NE(head.find("Ok: v\r\n"), std::string::npos);
}

TEST(HttpResponseWriter, BytesBeyondContentLengthAreCutAndPreventReuse) {
  HttpResponseWriter w(false, 1);
  w.writeHead(200, "", {}, 4, false, kDate);
  EXPECT_EQ(w.frameBody(3).size, 3u);
  EXPECT_EQ(w.frameBody(3).size, 1u);
  EXPECT_FALSE(w.frameBody(3).send);
  EXPECT_FALSE(w.reusable());
}

TEST(HttpResponseWriter, ShortBodyPreventsReuse) {
  HttpResponseWriter w(false, 1);
  w.writeHead(200, "", {}, 4, false, kDate);
  w.frameBody(2);
  EXPECT_FALSE(w.reusable());
}

TEST(HttpResponseWriter, ErrorResponse) {
  std::string r = serializeErrorResponse(431, "too many header fields", kDate);
  EXPECT_EQ(r.rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0), 0u);
  EXPECT_NE(r.find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(r.find("\r\n\r\n431 Request Header Fields Too Large: too many header fields\n"),
            std::string::npos);
}

TEST(HttpDateCache, FormatsAnImfFixdate) {
  HttpDateCache cache;
  const std::string& now = cache.now();
  EXPECT_EQ(now.size(), kDate.size());
  EXPECT_EQ(now.substr(now.size() - 4), " GMT");
}

}  // namespace
}  // namespace edged::net
