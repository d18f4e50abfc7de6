// HttpServer over real loopback sockets: persistence, pipelining, bodies both ways, HEAD,
// 100-continue, refused requests, aborts and graceful close. Each test reads like a client
// session: exact bytes out, exact responses back.
#include <atomic>
#include <chrono>
#include <future>
#include <utility>

#include "refused_requests.h"
#include "server_fixture.h"

namespace edged::net {
namespace {

// Echoes the target and reads any body, answering with its length and content.
void echoHandler(std::shared_ptr<HttpExchange> exchange) {
  auto body = std::make_shared<std::string>();
  exchange->readBody([body](std::string_view chunk) { body->append(chunk); },
                     [exchange, body](Status status) {
                       if (!status) return;
                       respond(
                           *exchange, 200,
                           exchange->head().method + " " + exchange->head().target + " " + *body);
                     });
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start(echoHandler);
  TestClient client(port_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.send(getRequest("/r" + std::to_string(i))));
    TestResponse r = client.readResponse();
    ASSERT_TRUE(r.complete);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "GET /r" + std::to_string(i) + " ");
    EXPECT_TRUE(r.header("Date").has_value());
    EXPECT_EQ(r.header("Content-Length"), std::to_string(r.body.size()));
    EXPECT_FALSE(r.header("Connection").has_value());
  }
  EXPECT_EQ(connectionCount(), 1u);
}

TEST_F(HttpServerTest, Http10ClosesUnlessKeepAliveIsAsked) {
  start(echoHandler);
  TestClient once(port_);
  once.send("GET /a HTTP/1.0\r\n\r\n");
  TestResponse r = once.readResponse();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(once.waitClosed());

  TestClient kept(port_);
  for (int i = 0; i < 2; ++i) {
    kept.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    TestResponse k = kept.readResponse();
    EXPECT_EQ(k.status, 200);
    EXPECT_EQ(k.header("Connection"), "keep-alive");
  }
}

TEST_F(HttpServerTest, Http10UnknownLengthIsDelimitedByClose) {
  start([](std::shared_ptr<HttpExchange> exchange) {
    exchange->writeHead(200, "", {}, std::nullopt);
    exchange->writeBody("streamed ");
    exchange->writeBody("body");
    exchange->end();
  });
  TestClient client(port_);
  client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  TestResponse r = client.readResponse();  // no length: reads to EOF
  EXPECT_FALSE(r.header("Transfer-Encoding").has_value());
  EXPECT_EQ(r.body, "streamed body");
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  start(echoHandler);
  TestClient client(port_);
  client.send(getRequest("/", "Connection: close\r\n"));
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(client.waitClosed());
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredOneAtATimeInOrder) {
  std::vector<std::string> events;  // loop thread only
  start([&](std::shared_ptr<HttpExchange> exchange) {
    std::string target = exchange->head().target;
    events.push_back("start " + target);
    auto finish = [&events, exchange, target] {
      events.push_back("end " + target);
      respond(*exchange, 200, "answer " + target);
    };
    if (target == "/slow") {
      after(50, finish);
    } else {
      finish();
    }
  });
  TestClient client(port_);
  client.send(getRequest("/slow") +
              "POST /post HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody" +
              getRequest("/fast"));
  for (std::string target : {"/slow", "/post", "/fast"}) {
    TestResponse r = client.readResponse();
    // The POST body was never read: it is skipped, and /fast is next.
    ASSERT_TRUE(r.complete) << target;
    EXPECT_EQ(r.body, "answer " + target);
  }
  std::vector<std::string> seen;
  loop_.runSync([&] { seen = events; });
  EXPECT_EQ(seen, (std::vector<std::string>{"start /slow", "end /slow", "start /post", "end /post",
                                            "start /fast", "end /fast"}));
}

TEST_F(HttpServerTest, PipelinedRequestsWithBodiesKeepTheConnection) {
  start(echoHandler);
  TestClient client(port_);
  client.send(
      "POST /1 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
      "POST /2 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n" +
      getRequest("/3"));
  EXPECT_EQ(client.readResponse().body, "POST /1 abc");
  EXPECT_EQ(client.readResponse().body, "POST /2 de");
  EXPECT_EQ(client.readResponse().body, "GET /3 ");
  EXPECT_EQ(connectionCount(), 1u);
}

TEST_F(HttpServerTest, ChunkedRequestBodyArrivesDecoded) {
  std::promise<void> first_chunk;
  start([&first_chunk](std::shared_ptr<HttpExchange> exchange) {
    auto body = std::make_shared<std::string>();
    exchange->readBody(
        [body, &first_chunk](std::string_view chunk) {
          if (body->empty()) first_chunk.set_value();
          body->append(chunk);
        },
        [exchange, body](Status status) {
          if (!status) return;
          respond(*exchange, 200,
                  exchange->head().method + " " + exchange->head().target + " " + *body);
        });
  });
  TestClient client(port_);
  client.send("PUT /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
  client.send("5\r\nhello\r\n");
  // The rest goes out only once the first chunk was decoded: the body spans several reads.
  ASSERT_EQ(first_chunk.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  client.send("1;name=value\r\n \r\n5\r\nworld\r\n");
  client.send("0\r\nX-Trailer: dropped\r\n\r\n");
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.body, "PUT /up hello world");
}

TEST_F(HttpServerTest, ResponseWithoutLengthIsChunked) {
  start([](std::shared_ptr<HttpExchange> exchange) {
    exchange->writeHead(200, "", {}, std::nullopt);
    exchange->writeBody("a");
    exchange->writeBody("");  // must not end the body early
    exchange->writeBody("bc");
    exchange->end();
  });
  TestClient client(port_);
  for (int i = 0; i < 2; ++i) {
    client.send(getRequest("/"));
    TestResponse r = client.readResponse();
    ASSERT_TRUE(r.complete);
    EXPECT_EQ(r.header("Transfer-Encoding"), "chunked");
    EXPECT_EQ(r.body, "abc");
  }
}

TEST_F(HttpServerTest, HeadGetsHeadersButNoBody) {
  start([](std::shared_ptr<HttpExchange> exchange) { respond(*exchange, 200, "hello"); });
  TestClient client(port_);
  client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n");
  TestResponse head = client.readResponse(/*head_request=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Length"), "5");
  // Had any body bytes followed, they would corrupt the next response.
  client.send(getRequest("/"));
  TestResponse get = client.readResponse();
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "hello");
}

TEST_F(HttpServerTest, RespondSendsAWholeResponseAndKeepsTheConnection) {
  start([](std::shared_ptr<HttpExchange> exchange) {
    int status = exchange->head().target == "/not-modified" ? 304 : 201;
    exchange->respond(status, "", {{"Content-Type", "text/plain"}}, "made");
  });
  TestClient client(port_);
  client.send(getRequest("/"));
  TestResponse get = client.readResponse();
  EXPECT_EQ(get.status, 201);
  EXPECT_EQ(get.header("Content-Length"), "4");
  EXPECT_EQ(get.body, "made");
  client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n");
  TestResponse head = client.readResponse(/*head_request=*/true);
  EXPECT_EQ(head.status, 201);
  EXPECT_EQ(head.header("Content-Length"), "4");
  client.send(getRequest("/not-modified"));
  TestResponse not_modified = client.readResponse();
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.body, "");
  client.send(getRequest("/again"));
  EXPECT_EQ(client.readResponse().body, "made");
  EXPECT_EQ(connectionCount(), 1u);
}

TEST_F(HttpServerTest, ExpectContinueIsSentWhenTheHandlerReadsTheBody) {
  start(echoHandler);
  TestClient client(port_);
  client.send("POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  TestResponse interim = client.readResponse();
  EXPECT_EQ(interim.status, 100);
  client.send("hello");
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "POST /e hello");
  EXPECT_FALSE(r.header("Connection").has_value());
}

TEST_F(HttpServerTest, ExpectContinueAnsweredWithoutReadingClosesWithout100) {
  start([](std::shared_ptr<HttpExchange> exchange) { respond(*exchange, 403, "no"); });
  TestClient client(port_);
  client.send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(client.waitClosed());
}

// A body the handler never reads is skipped after the response (up to 64 KiB, workerd's grace),
// so the connection carries the client's next request instead of closing under it.
void ignoreBodyHandler(std::shared_ptr<HttpExchange> exchange) {
  respond(*exchange, 200, "ignored " + exchange->head().target);
}

TEST_F(HttpServerTest, UnreadSmallBodyIsSkippedAndTheConnectionKept) {
  start(ignoreBodyHandler);
  TestClient client(port_);
  client.send("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789" +
              getRequest("/b"));
  TestResponse first = client.readResponse();
  EXPECT_EQ(first.body, "ignored /a");
  EXPECT_FALSE(first.header("Connection").has_value());
  EXPECT_EQ(client.readResponse().body, "ignored /b");
  EXPECT_EQ(connectionCount(), 1u);
}

TEST_F(HttpServerTest, UnreadBodyArrivingAfterTheResponseIsSkipped) {
  start(ignoreBodyHandler);
  TestClient client(port_);
  std::string body(60000, 'x');
  client.send("PUT /a HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\n\r\n");
  TestResponse first = client.readResponse();
  EXPECT_EQ(first.body, "ignored /a");
  EXPECT_FALSE(first.header("Connection").has_value());
  client.send(body + getRequest("/b"));  // the body comes only after the response
  EXPECT_EQ(client.readResponse().body, "ignored /b");
}

TEST_F(HttpServerTest, UnreadBodyOfUnknownLengthAnnouncesCloseAndCloses) {
  start(ignoreBodyHandler);
  TestClient client(port_);
  client.send("PUT /a HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.body, "ignored /a");
  // It could go on forever: the server cannot promise to skip it.
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(client.waitClosed());
}

TEST_F(HttpServerTest, UnreadLargeBodyAnnouncesCloseAndCloses) {
  start(ignoreBodyHandler);
  TestClient client(port_);
  client.send("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n" +
              std::string(1000, 'x'));
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.body, "ignored /big");
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(client.waitClosed());
}

TEST_F(HttpServerTest, PartlyReadBodyPastTheGraceClosesAfterTheResponse) {
  // The handler takes one chunk, then answers: what is left is more than the grace allows.
  start([](std::shared_ptr<HttpExchange> exchange) {
    auto once = std::make_shared<bool>(false);
    exchange->readBody(
        [exchange, once](std::string_view) {
          if (std::exchange(*once, true)) return;
          respond(*exchange, 200, "partly");
        },
        [](Status) {});
  });
  TestClient client(port_);
  std::string body(200 * 1024, 'x');
  client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\n\r\n" + body);
  EXPECT_EQ(client.readResponse().body, "partly");
  EXPECT_TRUE(client.waitClosed());
}

// A client may half-close (shutdown(SHUT_WR)) once its request is out: the FIN means "no more
// requests", not "stop answering". These two tests order every step explicitly, with a client
// that reads nothing until the server has handled its FIN and whose small receive buffer keeps
// most of the 16 MiB response queued inside the server (far above the 256 KiB pipelining
// backlog) at that moment. Closing then instead of flushing would cut the response short.
constexpr size_t kPiece = 64 * 1024, kPieces = 256;
constexpr int kSmallReceiveBuffer = 64 * 1024;

void writeBigResponse(HttpExchange& exchange) {
  exchange.writeHead(200, "", {}, kPiece * kPieces);
  for (size_t i = 0; i < kPieces; ++i) exchange.writeBody(std::string(kPiece, 'r'));
  exchange.end();
}

TEST_F(HttpServerTest, HalfClosedClientStillGetsItsWholeResponse) {
  std::promise<void> ended;
  start([&ended](std::shared_ptr<HttpExchange> exchange) {
    writeBigResponse(*exchange);
    ended.set_value();
  });
  TestClient client(port_, 5000, kSmallReceiveBuffer);
  ASSERT_TRUE(client.send(getRequest("/")));
  ASSERT_EQ(ended.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  client.shutdownWrite();  // after the response ended: the server is between requests
  ASSERT_TRUE(client.waitWriteShutdownAcked());
  settleLoop();  // the server has read the EOF with the response still queued
  TestResponse r = client.readResponse();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body.size(), kPiece * kPieces);
  EXPECT_TRUE(client.waitEof());  // a FIN after the last byte, not a reset
}

TEST_F(HttpServerTest, ClientHalfClosingBeforeTheResponseStillGetsIt) {
  std::promise<std::shared_ptr<HttpExchange>> started;
  start([&started](std::shared_ptr<HttpExchange> exchange) { started.set_value(exchange); });
  TestClient client(port_, 5000, kSmallReceiveBuffer);
  ASSERT_TRUE(client.send(getRequest("/")));
  auto f = started.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  std::shared_ptr<HttpExchange> exchange = f.get();
  client.shutdownWrite();  // while the handler is still working on the response
  ASSERT_TRUE(client.waitWriteShutdownAcked());
  settleLoop();  // the server has read the EOF
  loop_.runSync([&] { writeBigResponse(*exchange); });
  TestResponse r = client.readResponse();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body.size(), kPiece * kPieces);
  EXPECT_EQ(r.header("Connection"), "close");  // no further request can come
  EXPECT_TRUE(client.waitEof());
}

TEST_F(HttpServerTest, ServerOwnsFramingHeaders) {
  start([](std::shared_ptr<HttpExchange> exchange) {
    exchange->writeHead(
        200, "Fine", {{"Content-Length", "999"}, {"Transfer-Encoding", "gzip"}, {"X-A", "b"}}, 2);
    exchange->writeBody("ok");
    exchange->end();
  });
  TestClient client(port_);
  client.send(getRequest("/"));
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.head.rfind("HTTP/1.1 200 Fine\r\n", 0), 0u);
  EXPECT_EQ(r.header("Content-Length"), "2");
  EXPECT_FALSE(r.header("Transfer-Encoding").has_value());
  EXPECT_EQ(r.header("X-A"), "b");
}

TEST_F(HttpServerTest, EndWithoutHeadAnswers500) {
  start([](std::shared_ptr<HttpExchange> exchange) { exchange->end(); });
  TestClient client(port_);
  client.send(getRequest("/"));
  EXPECT_EQ(client.readResponse().status, 500);
}

class HttpServerRefusesTest : public HttpServerTest,
                              public ::testing::WithParamInterface<RefusedRequest> {};

TEST_P(HttpServerRefusesTest, AnswersWithAShortTextAndCloses) {
  std::atomic<int> handled{0};
  start([&](std::shared_ptr<HttpExchange> exchange) {
    ++handled;
    echoHandler(std::move(exchange));  // answers only once the whole body was read
  });
  TestClient client(port_);
  client.send(GetParam().bytes);
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.status, GetParam().status) << r.head;
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_EQ(r.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.body.rfind(std::to_string(GetParam().status) + " ", 0), 0u) << r.body;
  EXPECT_TRUE(client.waitClosed());
  EXPECT_EQ(handled.load(), GetParam().in_body ? 1 : 0);
}

INSTANTIATE_TEST_SUITE_P(Rfc9112, HttpServerRefusesTest, ::testing::ValuesIn(kRefusedRequests),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(HttpServerTest, MalformedChunkMidBodyFailsTheReaderAndAnswers400) {
  std::promise<std::string> body_end;
  start([&](std::shared_ptr<HttpExchange> exchange) {
    exchange->readBody([](std::string_view) {},
                       [&body_end](Status s) { body_end.set_value(s ? "ok" : s.error().message); });
  });
  TestClient client(port_);
  client.send(
      "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nxyz\r\n");
  EXPECT_EQ(client.readResponse().status, 400);
  EXPECT_TRUE(client.waitClosed());
  auto end = body_end.get_future();
  ASSERT_EQ(end.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  EXPECT_NE(end.get(), "ok");
}

TEST_F(HttpServerTest, ClientGoingAwayMidBodyFailsTheReaderAndCallsOnClose) {
  std::promise<std::string> body_end;
  std::promise<void> closed;
  std::promise<void> got_part;
  start([&](std::shared_ptr<HttpExchange> exchange) {
    exchange->onClose([&closed] { closed.set_value(); });
    exchange->readBody(
        [&got_part, first = true](std::string_view) mutable {
          if (std::exchange(first, false)) got_part.set_value();
        },
        [&body_end](Status s) { body_end.set_value(s ? "ok" : s.error().message); });
  });
  {
    TestClient client(port_);
    client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly part");
    // The handler is reading the body when the client goes away.
    ASSERT_EQ(got_part.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  }  // closes the socket
  auto end = body_end.get_future();
  ASSERT_EQ(end.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  EXPECT_NE(end.get(), "ok");
  EXPECT_EQ(closed.get_future().wait_for(std::chrono::seconds(2)), std::future_status::ready);
}

TEST_F(HttpServerTest, AbortResetsTheConnectionMidResponse) {
  start([](std::shared_ptr<HttpExchange> exchange) {
    exchange->writeHead(200, "", {}, std::nullopt);
    exchange->writeBody("partial", [exchange] { exchange->abort(); });
  });
  TestClient client(port_);
  client.send(getRequest("/"));
  TestResponse r = client.readResponse();
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.complete);  // no terminating chunk ever came
}

TEST_F(HttpServerTest, ExchangeIsANoOpAfterTheConnectionIsGone) {
  std::promise<std::shared_ptr<HttpExchange>> kept;
  start([&](std::shared_ptr<HttpExchange> exchange) { kept.set_value(exchange); });
  {
    TestClient client(port_);
    client.send(getRequest("/"));
    auto f = kept.get_future();
    ASSERT_EQ(f.wait_for(std::chrono::seconds(2)), std::future_status::ready);
    std::shared_ptr<HttpExchange> exchange = f.get();
    loop_.runSync([&] { exchange->abort(); });
    loop_.runSync([&] {
      EXPECT_FALSE(exchange->isOpen());
      bool called = false;
      exchange->onClose([&called] { called = true; });  // already closed: runs at once
      EXPECT_TRUE(called);
      exchange->writeHead(200, "", {}, 0);
      exchange->writeBody("x", [] { ADD_FAILURE() << "flushed after close"; });
      exchange->end();
      Status body = Ok{};
      exchange->readBody([](std::string_view) {}, [&body](Status s) { body = std::move(s); });
      EXPECT_FALSE(body.ok());
    });
  }
}

}  // namespace
}  // namespace edged::net
