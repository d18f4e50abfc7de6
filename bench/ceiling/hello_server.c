// The ceiling for this machine: a minimal single-threaded HTTP/1.1 server on libuv + llhttp
// that answers every request with "hello" and runs no JavaScript. edged's figures are compared
// with it to show how much of the machine's capacity the Worker runtime itself costs.
//
//   hello_server [--port N] [--reuseport]
//
// Listens on 127.0.0.1:N (0, the default, picks a free port) and prints
// "hello_server: listening on http://127.0.0.1:<port>" once it accepts connections.
// --reuseport sets SO_REUSEPORT so that several processes can share one port (one per core).
// Keep-alive and pipelining are honoured; request bodies are read and ignored.
// Built by bench/run.sh:  cc -O2 hello_server.c /usr/share/llhttp/*.c -luv

#include <arpa/inet.h>
#include <llhttp.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

static const char kResponse[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/plain;charset=UTF-8\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "hello";

typedef struct {
  uv_tcp_t handle;
  llhttp_t parser;
  unsigned pending_responses;  // complete requests seen in the current read, not yet answered
  int close_after_write;
} connection_t;

static llhttp_settings_t parser_settings;

static void on_connection_closed(uv_handle_t* handle) { free(handle->data); }

static void close_connection(connection_t* conn) {
  if (!uv_is_closing((uv_handle_t*)&conn->handle)) {
    uv_close((uv_handle_t*)&conn->handle, on_connection_closed);
  }
}

static int on_message_complete(llhttp_t* parser) {
  connection_t* conn = parser->data;
  conn->pending_responses++;
  if (!llhttp_should_keep_alive(parser)) conn->close_after_write = 1;
  return 0;
}

static void on_write_done(uv_write_t* req, int status) {
  connection_t* conn = req->data;
  free(req);
  if (status < 0 || conn->close_after_write) close_connection(conn);
}

// One write for every request completed by this read, so pipelined requests cost one syscall.
static void send_pending_responses(connection_t* conn) {
  unsigned count = conn->pending_responses;
  conn->pending_responses = 0;
  uv_buf_t* bufs = malloc(sizeof(uv_buf_t) * count);
  for (unsigned i = 0; i < count; i++) bufs[i] = uv_buf_init((char*)kResponse, sizeof(kResponse) - 1);
  uv_write_t* req = malloc(sizeof(uv_write_t));
  req->data = conn;
  if (uv_write(req, (uv_stream_t*)&conn->handle, bufs, count, on_write_done) < 0) {
    free(req);
    close_connection(conn);
  }
  free(bufs);  // uv_write copies the buffer descriptors; the bytes are static
}

static void allocate_read_buffer(uv_handle_t* handle, size_t suggested, uv_buf_t* buf) {
  (void)handle;
  static char buffer[64 * 1024];  // single-threaded: one read at a time
  (void)suggested;
  *buf = uv_buf_init(buffer, sizeof(buffer));
}

static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  connection_t* conn = stream->data;
  if (nread < 0) {
    close_connection(conn);
    return;
  }
  if (nread == 0) return;
  llhttp_errno_t err = llhttp_execute(&conn->parser, buf->base, (size_t)nread);
  if (err == HPE_PAUSED_UPGRADE) err = HPE_OK;
  if (conn->pending_responses > 0) send_pending_responses(conn);
  if (err != HPE_OK) {
    close_connection(conn);
  } else if (conn->close_after_write) {
    uv_read_stop(stream);
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
  uv_tcp_nodelay(&conn->handle, 1);
  llhttp_init(&conn->parser, HTTP_REQUEST, &parser_settings);
  conn->parser.data = conn;
  uv_read_start((uv_stream_t*)&conn->handle, allocate_read_buffer, on_read);
}

// libuv 1.44 (Debian 12) has no UV_TCP_REUSEPORT, so the socket is made by hand.
static int open_listening_socket(int port, int reuseport) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (reuseport) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr*)&addr, sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static void on_signal(uv_signal_t* handle, int signum) {
  (void)signum;
  uv_stop(handle->loop);
}

int main(int argc, char** argv) {
  int port = 0;
  int reuseport = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--reuseport") == 0) {
      reuseport = 1;
    } else {
      fprintf(stderr, "usage: %s [--port N] [--reuseport]\n", argv[0]);
      return 2;
    }
  }
  signal(SIGPIPE, SIG_IGN);
  llhttp_settings_init(&parser_settings);
  parser_settings.on_message_complete = on_message_complete;

  uv_loop_t* loop = uv_default_loop();
  int fd = open_listening_socket(port, reuseport);
  if (fd < 0) {
    perror("hello_server: bind");
    return 1;
  }
  uv_tcp_t server;
  uv_tcp_init(loop, &server);
  uv_tcp_open(&server, fd);
  int rc = uv_listen((uv_stream_t*)&server, 1024, on_new_connection);
  if (rc != 0) {
    fprintf(stderr, "hello_server: listen: %s\n", uv_strerror(rc));
    return 1;
  }
  struct sockaddr_in bound;
  int bound_len = sizeof(bound);
  uv_tcp_getsockname(&server, (struct sockaddr*)&bound, &bound_len);
  printf("hello_server: listening on http://127.0.0.1:%d\n", ntohs(bound.sin_port));
  fflush(stdout);

  uv_signal_t sigterm, sigint;
  uv_signal_init(loop, &sigterm);
  uv_signal_init(loop, &sigint);
  uv_signal_start(&sigterm, on_signal, SIGTERM);
  uv_signal_start(&sigint, on_signal, SIGINT);
  uv_run(loop, UV_RUN_DEFAULT);
  return 0;
}
