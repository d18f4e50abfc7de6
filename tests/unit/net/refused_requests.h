#pragma once
// Requests RFC 9112 (and RFC 9110) say a server must refuse, with the status edged answers.
// Shared by the parser tests (status) and the server tests (status + connection closed).

#include <string>

namespace edged::net {

using namespace std::string_literals;

struct RefusedRequest {
  const char* name;
  std::string bytes;
  int status;
  bool in_body = false;  // found while the handler reads the body, so the handler did run
};

// clang-format off
inline const RefusedRequest kRefusedRequests[] = {
    {"missing_version", "GET /\r\n\r\n", 400},
    {"double_space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
    {"space_after_target", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400},
    {"lowercase_method", "get / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
    {"leading_space", " GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
    {"bad_target", "GET a HTTP/1.1\r\nHost: a\r\n\r\n", 400},
    {"asterisk_not_options", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400},
    {"ctl_in_target", "GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n", 400},
    {"version_1_2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 400},
    {"version_garbage", "GET / HTTP/x.1\r\nHost: a\r\n\r\n", 400},
    {"version_2_0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505},
    {"h2_preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505},
    {"missing_host", "GET / HTTP/1.1\r\n\r\n", 400},
    {"two_hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
    {"bad_host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400},
    {"cl_and_te", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
    {"te_and_cl", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400},
    {"duplicate_cl_differing", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400},
    {"duplicate_cl_same", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400},
    {"cl_list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", 400},
    {"cl_negative", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400},
    {"cl_overflow", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400},
    {"te_not_chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400},
    {"te_chunked_then_gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400},
    {"te_chunked_twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400},
    {"te_in_http10", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
    {"te_gzip_chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501},
    {"bad_chunk_size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, true},
    {"chunk_size_overflow", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n", 400, true},
    {"chunk_missing_crlf", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 400, true},
    {"obs_fold", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400},
    {"obs_fold_tab", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n\tb\r\n\r\n", 400},
    {"space_before_first_header", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400},
    {"nul_in_value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n"s, 400},
    {"nul_in_name", "GET / HTTP/1.1\r\nHost: a\r\nX\0: b\r\n\r\n"s, 400},
    {"cr_in_value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400},
    {"lf_in_value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\nb\r\n\r\n", 400},
    {"bare_lf_lines", "GET / HTTP/1.1\nHost: a\n\n", 400},
    {"ctl_in_value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\x01z\r\n\r\n", 400},
    {"space_before_colon", "GET / HTTP/1.1\r\nHost: a\r\nX : b\r\n\r\n", 400},
    {"empty_name", "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", 400},
    {"bad_name_char", "GET / HTTP/1.1\r\nHost: a\r\nX(y): b\r\n\r\n", 400},
    {"no_colon", "GET / HTTP/1.1\r\nHost: a\r\nXYZ\r\n\r\n", 400},
    {"connect", "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", 501},
    {"tls_handshake", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"s, 400},
};
// clang-format on

}  // namespace edged::net
