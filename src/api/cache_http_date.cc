// HTTP-date parsing for the Cache API (Expires, Date, Last-Modified, If-Modified-Since).
#include <ctime>

#include "cache_policy.h"

namespace edged::api::cache {
namespace {

constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A small cursor over the text; every reader fails (returns false) without consuming on a
// mismatch.
struct Cursor {
  std::string_view text;

  bool literal(std::string_view s) {
    if (!text.starts_with(s)) return false;
    text.remove_prefix(s.size());
    return true;
  }
  // Exactly `digits` digits (or 1-2 for a day written with a leading space in asctime).
  bool number(int min_digits, int max_digits, int& out) {
    int n = 0;
    int value = 0;
    while (n < max_digits && n < static_cast<int>(text.size()) && text[n] >= '0' &&
           text[n] <= '9') {
      value = value * 10 + (text[n] - '0');
      ++n;
    }
    if (n < min_digits) return false;
    text.remove_prefix(n);
    out = value;
    return true;
  }
  bool month(int& out) {
    for (int i = 0; i < 12; ++i) {
      if (literal(kMonths[i])) {
        out = i;
        return true;
      }
    }
    return false;
  }
  // Skips a day name ("Sun" or "Sunday"): its value is redundant with the date.
  bool dayName() {
    size_t n = 0;
    while (n < text.size() &&
           ((text[n] >= 'A' && text[n] <= 'Z') || (text[n] >= 'a' && text[n] <= 'z'))) {
      ++n;
    }
    if (n < 3) return false;
    text.remove_prefix(n);
    return true;
  }
  bool time(std::tm& tm) {
    return number(2, 2, tm.tm_hour) && literal(":") && number(2, 2, tm.tm_min) && literal(":") &&
           number(2, 2, tm.tm_sec);
  }
};

bool valid(const std::tm& tm) {
  return tm.tm_mday >= 1 && tm.tm_mday <= 31 && tm.tm_hour <= 23 && tm.tm_min <= 59 &&
         tm.tm_sec <= 60;
}

}  // namespace

// RFC 9110 §5.6.7:
//   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
//   rfc850-date  "Sunday, 06-Nov-94 08:49:37 GMT" (two-digit years: 70-99 → 19xx, else 20xx)
//   asctime      "Sun Nov  6 08:49:37 1994"
std::optional<int64_t> parseHttpDate(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::tm tm{};
  int year = 0;
  Cursor c{text};
  if (!c.dayName()) return std::nullopt;
  if (c.literal(", ")) {
    Cursor imf = c;
    if (imf.number(2, 2, tm.tm_mday) && imf.literal(" ") && imf.month(tm.tm_mon) &&
        imf.literal(" ") && imf.number(4, 4, year) && imf.literal(" ") && imf.time(tm) &&
        imf.literal(" GMT") && imf.text.empty()) {
      tm.tm_year = year - 1900;
    } else if (c.number(2, 2, tm.tm_mday) && c.literal("-") && c.month(tm.tm_mon) &&
               c.literal("-") && c.number(2, 2, year) && c.literal(" ") && c.time(tm) &&
               c.literal(" GMT") && c.text.empty()) {
      tm.tm_year = (year >= 70 ? 1900 + year : 2000 + year) - 1900;
    } else {
      return std::nullopt;
    }
  } else if (c.literal(" ") && c.month(tm.tm_mon) && c.literal(" ")) {
    (void)c.literal(" ");  // a one-digit day is padded with a space
    if (!(c.number(1, 2, tm.tm_mday) && c.literal(" ") && c.time(tm) && c.literal(" ") &&
          c.number(4, 4, year) && c.text.empty())) {
      return std::nullopt;
    }
    tm.tm_year = year - 1900;
  } else {
    return std::nullopt;
  }
  if (!valid(tm)) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace edged::api::cache
