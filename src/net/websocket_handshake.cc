#include "edged/net/websocket_handshake.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

#include "edged/net/http_syntax.h"

namespace edged::net {
namespace {

constexpr std::string_view kWebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr size_t kKeyBytes = 16;

std::string base64(const unsigned char* data, size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data,
                                static_cast<int>(size));
  out.resize(static_cast<size_t>(std::max(written, 0)));
  return out;
}

// Calls `fn` with each comma-separated element of every `name` field (RFC 9110 §5.6.1), trimmed;
// stops early when `fn` returns true. Returns whether it did.
template <typename Headers, typename Fn>
bool anyListElement(const Headers& headers, std::string_view name, Fn&& fn) {
  for (const HttpHeader& h : headers) {
    if (!equalsIgnoreCase(h.name, name)) continue;
    std::string_view rest = h.value;
    while (true) {
      size_t comma = rest.find(',');
      std::string_view element = trimOws(rest.substr(0, comma));
      if (!element.empty() && fn(element)) return true;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return false;
}

template <typename Headers>
bool hasToken(const Headers& headers, std::string_view name, std::string_view token) {
  return anyListElement(headers, name,
                        [&](std::string_view element) { return equalsIgnoreCase(element, token); });
}

template <typename Headers>
const std::string* findHeader(const Headers& headers, std::string_view name) {
  for (const HttpHeader& h : headers) {
    if (equalsIgnoreCase(h.name, name)) return &h.value;
  }
  return nullptr;
}

// §4.1 item 7: base64 of exactly 16 bytes is 22 significant characters and "==".
bool isValidKey(std::string_view key) {
  if (key.size() != 24 || key.substr(22) != "==") return false;
  return std::all_of(key.begin(), key.begin() + 22, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/';
  });
}

}  // namespace

bool asksForWebSocket(const HttpRequestHead& head) {
  return hasToken(head.headers, "upgrade", "websocket");
}

Result<WebSocketUpgradeRequest> checkWebSocketUpgrade(const HttpRequestHead& head) {
  if (head.method != "GET") return makeError("a WebSocket handshake must be a GET request");
  if (head.version_minor != 1) return makeError("a WebSocket handshake needs HTTP/1.1");
  if (!hasToken(head.headers, "connection", "upgrade")) {
    return makeError("the Connection header does not contain \"upgrade\"");
  }
  if (!asksForWebSocket(head)) return makeError("the Upgrade header does not contain \"websocket\"");
  const std::string* version = findHeader(head.headers, "sec-websocket-version");
  if (version == nullptr || *version != "13") {
    return makeError("unsupported Sec-WebSocket-Version (only 13 is)");
  }
  const std::string* key = findHeader(head.headers, "sec-websocket-key");
  if (key == nullptr || !isValidKey(*key)) return makeError("missing or invalid Sec-WebSocket-Key");
  WebSocketUpgradeRequest request;
  request.key = *key;
  anyListElement(head.headers, "sec-websocket-protocol", [&](std::string_view protocol) {
    request.protocols.emplace_back(protocol);
    return false;
  });
  return request;
}

std::string websocketAccept(std::string_view key) {
  std::string input(key);
  input += kWebSocketGuid;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  // SHA-1 is always available in OpenSSL's default provider; a failure leaves an empty digest,
  // whose answer no client accepts.
  if (EVP_Digest(input.data(), input.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1) {
    size = 0;
  }
  return base64(digest.data(), size);
}

std::vector<HttpHeader> websocketAcceptHeaders(std::string_view key, std::string_view protocol) {
  std::vector<HttpHeader> headers{{"Sec-WebSocket-Accept", websocketAccept(key)}};
  if (!protocol.empty()) headers.push_back({"Sec-WebSocket-Protocol", std::string(protocol)});
  return headers;
}

Result<std::string> newWebSocketKey() {
  std::array<unsigned char, kKeyBytes> nonce{};
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
    return makeError("the random number generator failed");
  }
  return base64(nonce.data(), nonce.size());
}

std::vector<HttpHeader> websocketRequestHeaders(std::string_view key,
                                                const std::vector<std::string>& protocols) {
  std::vector<HttpHeader> headers{{"Sec-WebSocket-Key", std::string(key)},
                                  {"Sec-WebSocket-Version", "13"}};
  if (!protocols.empty()) {
    std::string list;
    for (const std::string& protocol : protocols) {
      if (!list.empty()) list += ", ";
      list += protocol;
    }
    headers.push_back({"Sec-WebSocket-Protocol", std::move(list)});
  }
  return headers;
}

Status checkWebSocketResponse(const HttpResponseHead& head, std::string_view key,
                              const std::vector<std::string>& protocols) {
  if (head.status != 101) return makeError("the server did not switch protocols");
  if (!hasToken(head.headers, "upgrade", "websocket")) {
    return makeError("the server's Upgrade header is not \"websocket\"");
  }
  if (!hasToken(head.headers, "connection", "upgrade")) {
    return makeError("the server's Connection header does not contain \"upgrade\"");
  }
  const std::string* accept = findHeader(head.headers, "sec-websocket-accept");
  if (accept == nullptr || *accept != websocketAccept(key)) {
    return makeError("the server's Sec-WebSocket-Accept does not match the key");
  }
  if (findHeader(head.headers, "sec-websocket-extensions") != nullptr) {
    return makeError("the server chose a WebSocket extension that was not offered");
  }
  if (const std::string* protocol = findHeader(head.headers, "sec-websocket-protocol")) {
    if (std::find(protocols.begin(), protocols.end(), *protocol) == protocols.end()) {
      return makeError("the server chose a WebSocket protocol that was not offered");
    }
  }
  return Ok{};
}

}  // namespace edged::net
