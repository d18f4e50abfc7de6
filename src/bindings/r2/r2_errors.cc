#include "edged/bindings/r2/r2_errors.h"

#include <fmt/format.h>

namespace edged::bindings::r2 {

std::string_view r2ErrorText(R2ErrorCode code) {
  switch (code) {
    case R2ErrorCode::kNone: return "";
    case R2ErrorCode::kInternal: return "We encountered an internal error. Please try again.";
    case R2ErrorCode::kNoSuchKey: return "The specified key does not exist.";
    case R2ErrorCode::kEntityTooSmall:
      return "Your proposed upload is smaller than the minimum allowed object size.";
    case R2ErrorCode::kMetadataTooLarge:
      return "Your metadata headers exceed the maximum allowed metadata size.";
    case R2ErrorCode::kInvalidObjectName: return "The specified object name is not valid.";
    case R2ErrorCode::kInvalidMaxKeys: return "MaxKeys params must be positive integer <= 1000.";
    case R2ErrorCode::kNoSuchUpload: return "The specified multipart upload does not exist.";
    case R2ErrorCode::kInvalidPart:
      return "One or more of the specified parts could not be found.";
    case R2ErrorCode::kInvalidArgument: return "Invalid argument.";
    case R2ErrorCode::kPreconditionFailed:
      return "At least one of the pre-conditions you specified did not hold.";
    case R2ErrorCode::kBadDigest: return "The checksum you specified did not match what we received.";
    case R2ErrorCode::kInvalidRange: return "The requested range is not satisfiable";
    case R2ErrorCode::kBadUpload: return "There was a problem with the multipart upload.";
    case R2ErrorCode::kEntityTooLarge:
      return "Your proposed upload exceeds the maximum allowed object size.";
  }
  return "";
}

std::string r2ErrorMessage(std::string_view method, const R2Error& error) {
  std::string_view text = error.message.empty() ? r2ErrorText(error.code) : error.message;
  return fmt::format("{}: {} ({})", method, text, static_cast<int>(error.code));
}

}  // namespace edged::bindings::r2
