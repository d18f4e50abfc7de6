// Fuzzes HttpRequestParser with untrusted bytes. Besides "no crash, no sanitizer report", checks
// that feeding the same bytes whole or in small pieces gives the same requests, bodies and
// outcome: the connection feeds whatever a read returned, so the split must never matter.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "edged/net/http_request_parser.h"
#include "edged/util/assert.h"

namespace {

using edged::net::HttpLimits;
using edged::net::HttpRequestParser;
using Event = HttpRequestParser::Event;

struct Outcome {
  std::vector<std::string> heads;  // method, target and fields, flattened
  std::string body;
  bool failed = false;
};

Outcome parseInPieces(std::string_view input, size_t piece) {
  HttpLimits limits;
  limits.max_header_bytes = 512;
  limits.max_header_count = 16;
  limits.max_body_bytes = 4096;
  HttpRequestParser parser(limits);
  Outcome out;
  std::string pending;
  size_t offset = 0;
  for (;;) {
    HttpRequestParser::Step step = parser.feed(pending);
    EDGED_ASSERT(step.consumed <= pending.size());
    // Events other than kNeedMore are reported one at a time; kNeedMore consumes everything.
    EDGED_ASSERT(step.event != Event::kNeedMore || step.consumed == pending.size());
    if (step.event == Event::kBody) {
      EDGED_ASSERT(!step.body.empty());
      out.body.append(step.body);
      EDGED_ASSERT(out.body.size() <= (out.heads.size() + 1) * limits.max_body_bytes);
    }
    pending.erase(0, step.consumed);
    switch (step.event) {
      case Event::kHead: {
        edged::net::HttpRequestHead head = parser.takeHead();
        EDGED_ASSERT(head.headers.size() <= limits.max_header_count);
        EDGED_ASSERT(head.version_minor == 0 || head.version_minor == 1);
        std::string flat = head.method + ' ' + head.target;
        for (const auto& h : head.headers) flat += '\n' + h.name + ':' + h.value;
        out.heads.push_back(std::move(flat));
        break;
      }
      case Event::kError: {
        int status = parser.error().status;
        EDGED_ASSERT(status == 400 || status == 413 || status == 431 || status == 501 ||
                     status == 505);
        EDGED_ASSERT(parser.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n").event == Event::kError);
        out.failed = true;
        return out;
      }
      case Event::kNeedMore:
        if (offset >= input.size()) return out;
        pending.append(input.substr(offset, piece));
        offset += std::min(piece, input.size() - offset);
        break;
      default:
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t piece = 1 + data[0] % 16;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  Outcome whole = parseInPieces(input, std::string_view::npos);
  Outcome split = parseInPieces(input, piece);
  EDGED_ASSERT(whole.failed == split.failed);
  EDGED_ASSERT(whole.heads == split.heads);
  EDGED_ASSERT(whole.body == split.body);
  return 0;
}
