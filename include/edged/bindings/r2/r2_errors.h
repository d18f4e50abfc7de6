#pragma once
// R2's own errors: what a Worker's request got wrong in the bucket's eyes (a missing upload, a
// bad checksum, a failed precondition…). Workers shows them as `Error("<method>: <message>
// (<code>)")` (workerd r2-rpc.c++ throwIfError); the codes and texts are R2's v4 codes as
// Cloudflare documents them (developers.cloudflare.com/r2/api/error-codes) and Miniflare
// reproduces them.

#include <string>
#include <string_view>

namespace edged::bindings::r2 {

enum class R2ErrorCode {
  kNone = 0,
  kInternal = 10001,
  kNoSuchKey = 10007,
  kEntityTooSmall = 10011,
  kMetadataTooLarge = 10012,
  kInvalidObjectName = 10020,
  kInvalidMaxKeys = 10022,
  kNoSuchUpload = 10024,
  kInvalidPart = 10025,
  kInvalidArgument = 10029,
  kPreconditionFailed = 10031,
  kBadDigest = 10037,
  kInvalidRange = 10039,
  kBadUpload = 10048,
  kEntityTooLarge = 100100,
};

// An R2 error with its text; `message` overrides the standard text (BadDigest names values).
struct R2Error {
  R2ErrorCode code = R2ErrorCode::kNone;
  std::string message;
};

// R2's standard text for `code`.
std::string_view r2ErrorText(R2ErrorCode code);

// "<method>: <message> (<code>)", the message of the Error a Worker catches.
std::string r2ErrorMessage(std::string_view method, const R2Error& error);

}  // namespace edged::bindings::r2
