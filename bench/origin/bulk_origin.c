// The origin behind the proxy workload: a single-threaded libuv + llhttp HTTP/1.1 server that
// answers every request with --bytes N bytes (default 100 MiB) of a repeating pattern, with a
// Content-Length, written 1 MiB at a time as the client takes them (the next write is issued
// when the previous one completed, so a slow reader holds back the origin: backpressure).
//
//   bulk_origin [--port N] [--bytes N]
//
// Prints "bulk_origin: listening on http://127.0.0.1:<port>" once it accepts connections.
// Keep-alive is honoured; request bodies are read and ignored.
// Built by bench/web.sh:  cc -O2 bulk_origin.c /usr/share/llhttp/*.c -luv

#include <arpa/inet.h>
#include <llhttp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#define CHUNK_BYTES (1024 * 1024)

static char chunk[CHUNK_BYTES];
static unsigned long long body_bytes = 100ull * 1024 * 1024;
static llhttp_settings_t parser_settings;

typedef struct {
  uv_tcp_t handle;
  llhttp_t parser;
  char head[256];
  unsigned long long left;  // body bytes still to write for the current response
  int keep_alive;
} connection_t;

static void on_closed(uv_handle_t* handle) { free(handle->data); }

static void close_connection(connection_t* conn) {
  if (!uv_is_closing((uv_handle_t*)&conn->handle)) uv_close((uv_handle_t*)&conn->handle, on_closed);
}

static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);

static void allocate_read_buffer(uv_handle_t* handle, size_t suggested, uv_buf_t* buf) {
  (void)handle;
  (void)suggested;
  static char buffer[64 * 1024];  // single-threaded: one read at a time
  *buf = uv_buf_init(buffer, sizeof(buffer));
}

static void write_next(connection_t* conn);

static void on_write_done(uv_write_t* req, int status) {
  connection_t* conn = req->data;
  free(req);
  if (status < 0) {
    close_connection(conn);
  } else if (conn->left > 0) {
    write_next(conn);
  } else if (!conn->keep_alive) {
    close_connection(conn);
  } else {
    uv_read_start((uv_stream_t*)&conn->handle, allocate_read_buffer, on_read);
  }
}

// Writes the next piece of the body (the chunk's bytes are static, never copied).
static void write_next(connection_t* conn) {
  size_t size = conn->left < CHUNK_BYTES ? (size_t)conn->left : CHUNK_BYTES;
  conn->left -= size;
  uv_buf_t buf = uv_buf_init(chunk, (unsigned)size);
  uv_write_t* req = malloc(sizeof(uv_write_t));
  req->data = conn;
  if (uv_write(req, (uv_stream_t*)&conn->handle, &buf, 1, on_write_done) < 0) {
    free(req);
    close_connection(conn);
  }
}

static int on_message_complete(llhttp_t* parser) {
  connection_t* conn = parser->data;
  conn->keep_alive = llhttp_should_keep_alive(parser);
  int length = snprintf(conn->head, sizeof(conn->head),
                        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                        "Content-Length: %llu\r\n%s\r\n",
                        body_bytes, conn->keep_alive ? "" : "Connection: close\r\n");
  conn->left = body_bytes;
  uv_read_stop((uv_stream_t*)&conn->handle);  // one response at a time; reading resumes after it
  uv_buf_t buf = uv_buf_init(conn->head, (unsigned)length);
  uv_write_t* req = malloc(sizeof(uv_write_t));
  req->data = conn;
  if (uv_write(req, (uv_stream_t*)&conn->handle, &buf, 1, on_write_done) < 0) {
    free(req);
    close_connection(conn);
  }
  return HPE_PAUSED;
}

static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  connection_t* conn = stream->data;
  if (nread < 0) {
    close_connection(conn);
    return;
  }
  if (nread == 0) return;
  llhttp_errno_t err = llhttp_execute(&conn->parser, buf->base, (size_t)nread);
  if (err == HPE_PAUSED) {
    llhttp_resume(&conn->parser);  // bytes after the request (a pipelined one) are not expected
  } else if (err != HPE_OK) {
    close_connection(conn);
  }
}

static void on_new_connection(uv_stream_t* server, int status) {
  if (status < 0) return;
  connection_t* conn = calloc(1, sizeof(connection_t));
  uv_tcp_init(server->loop, &conn->handle);
  conn->handle.data = conn;
  if (uv_accept(server, (uv_stream_t*)&conn->handle) != 0) {
    close_connection(conn);
    return;
  }
  llhttp_init(&conn->parser, HTTP_REQUEST, &parser_settings);
  conn->parser.data = conn;
  uv_read_start((uv_stream_t*)&conn->handle, allocate_read_buffer, on_read);
}

static void on_signal(uv_signal_t* handle, int signum) {
  (void)signum;
  uv_stop(handle->loop);
}

int main(int argc, char** argv) {
  int port = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--bytes") == 0 && i + 1 < argc) {
      body_bytes = strtoull(argv[++i], NULL, 10);
    } else {
      fprintf(stderr, "usage: %s [--port N] [--bytes N]\n", argv[0]);
      return 2;
    }
  }
  for (size_t i = 0; i < CHUNK_BYTES; i++) chunk[i] = (char)('a' + i % 26);
  signal(SIGPIPE, SIG_IGN);
  llhttp_settings_init(&parser_settings);
  parser_settings.on_message_complete = on_message_complete;

  uv_loop_t* loop = uv_default_loop();
  uv_tcp_t server;
  uv_tcp_init(loop, &server);
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", port, &addr);
  if (uv_tcp_bind(&server, (const struct sockaddr*)&addr, 0) != 0 ||
      uv_listen((uv_stream_t*)&server, 128, on_new_connection) != 0) {
    fprintf(stderr, "bulk_origin: cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  struct sockaddr_in bound;
  int length = sizeof(bound);
  uv_tcp_getsockname(&server, (struct sockaddr*)&bound, &length);
  printf("bulk_origin: listening on http://127.0.0.1:%d\n", ntohs(bound.sin_port));
  fflush(stdout);

  uv_signal_t sigterm, sigint;
  uv_signal_init(loop, &sigterm);
  uv_signal_start(&sigterm, on_signal, SIGTERM);
  uv_signal_init(loop, &sigint);
  uv_signal_start(&sigint, on_signal, SIGINT);
  uv_run(loop, UV_RUN_DEFAULT);
  return 0;
}
