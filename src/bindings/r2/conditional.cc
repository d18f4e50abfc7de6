// R2's evaluation of onlyIf, after RFC 9110 §13.2.2's order: If-Match, then
// If-Unmodified-Since only without If-Match, If-None-Match, then If-Modified-Since only without
// If-None-Match (an etag condition that holds wins over the date next to it).
#include "edged/bindings/r2/conditional.h"

namespace edged::bindings::r2 {
namespace {

// Strong comparison for If-Match, weak for If-None-Match (RFC 9110 §8.8.3.2).
bool includesEtag(const std::vector<EtagCondition>& conditions, const std::string& etag,
                  bool weak_comparison) {
  for (const EtagCondition& condition : conditions) {
    if (condition.kind == EtagCondition::Kind::kWildcard) return true;
    if (condition.value != etag) continue;
    if (condition.kind == EtagCondition::Kind::kStrong || weak_comparison) return true;
  }
  return false;
}

int64_t truncated(int64_t ms, bool seconds) { return seconds ? ms / 1000 * 1000 : ms; }

}  // namespace

bool conditionHolds(const Conditional& c, const std::string* etag, int64_t uploaded_ms) {
  if (etag == nullptr) return !c.etag_matches && !c.uploaded_after_ms;
  bool if_match = !c.etag_matches || includesEtag(*c.etag_matches, *etag, false);
  bool if_none_match = !c.etag_does_not_match || !includesEtag(*c.etag_does_not_match, *etag, true);
  int64_t uploaded = truncated(uploaded_ms, c.seconds_granularity);
  bool if_modified_since =
      !c.uploaded_after_ms ||
      truncated(*c.uploaded_after_ms, c.seconds_granularity) < uploaded ||
      (c.etag_does_not_match && if_none_match);
  bool if_unmodified_since =
      !c.uploaded_before_ms ||
      uploaded < truncated(*c.uploaded_before_ms, c.seconds_granularity) ||
      (c.etag_matches && if_match);
  return if_match && if_none_match && if_modified_since && if_unmodified_since;
}

}  // namespace edged::bindings::r2
