#include "edged/config/cron_schedule.h"

#include <array>
#include <cctype>
#include <vector>

namespace edged::config {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct FieldSpec {
  std::string_view name;
  int min;
  int max;
  const std::string_view* names = nullptr;  // names[i] stands for min + i
  size_t name_count = 0;
  std::string_view range_hint = {};  // appended to out-of-range messages
};

constexpr FieldSpec kMinute{"minute", 0, 59};
constexpr FieldSpec kHour{"hour", 0, 23};
constexpr FieldSpec kDayOfMonth{"day-of-month", 1, 31};
constexpr FieldSpec kMonth{"month", 1, 12, kMonthNames.data(), kMonthNames.size(), " (or JAN-DEC)"};
constexpr FieldSpec kDayOfWeek{"day-of-week", 1, 7, kDayNames.data(), kDayNames.size(),
                               " (1 is Sunday, 7 is Saturday; or SUN-SAT)"};

// A parse failure inside this file; CronSchedule::parse turns it into an Error.
struct CronError {
  std::string message;
};

// Reads one field's text; every failure names the field and quotes it.
class FieldReader {
 public:
  FieldReader(const FieldSpec& spec, std::string_view text) : spec_(spec), text_(text) {}

  bool atEnd() const { return pos_ == text_.size(); }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }
  size_t position() const { return pos_; }
  void rewind(size_t pos) { pos_ = pos; }

  [[noreturn]] void fail(std::string_view problem) const {
    throw CronError{std::string(spec_.name) + " \"" + std::string(text_) + "\": " + std::string(problem)};
  }
  void expectEnd() const {
    if (!atEnd()) fail("unexpected \"" + std::string(text_.substr(pos_)) + "\"");
  }

  // A number, or (months, weekdays) a case-insensitive three-letter name; checked against the
  // field's range.
  int value() {
    if (auto number = digits()) {
      if (*number < spec_.min || *number > spec_.max) {
        fail(std::to_string(*number) + " is out of range " + std::to_string(spec_.min) + "-" +
             std::to_string(spec_.max) + std::string(spec_.range_hint));
      }
      return *number;
    }
    for (size_t i = 0; i < spec_.name_count; ++i) {
      std::string_view name = spec_.names[i];
      if (text_.size() - pos_ >= name.size() && sameLetters(text_.substr(pos_, name.size()), name)) {
        pos_ += name.size();
        return spec_.min + static_cast<int>(i);
      }
    }
    fail(expected());
  }

  // The number after `/`: 1 up to the field's span (saffron's Step bound).
  int step() {
    auto number = digits();
    int most = spec_.max - spec_.min;
    if (!number) fail(expected("a step"));
    if (*number < 1 || *number > most) {
      fail("step " + std::to_string(*number) + " is out of range 1-" + std::to_string(most));
    }
    return *number;
  }

  // Up to three digits (more can only be out of range); nullopt when there are none.
  std::optional<int> digits() {
    size_t start = pos_;
    int number = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      if (number < 1000) number = number * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    return number;
  }

  std::string expected(std::string_view what = "a value") const {
    std::string out = "expected " + std::string(what);
    if (spec_.name_count > 0 && what == "a value") {
      out += " (" + std::to_string(spec_.min) + "-" + std::to_string(spec_.max) + " or " +
             std::string(spec_.names[0]) + "-" + std::string(spec_.names[spec_.name_count - 1]) + ")";
    }
    if (atEnd()) return out + " at the end";
    return out + " at \"" + std::string(text_.substr(pos_)) + "\"";
  }

 private:
  static bool sameLetters(std::string_view a, std::string_view b) {
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
    }
    return true;
  }

  const FieldSpec& spec_;
  std::string_view text_;
  size_t pos_ = 0;
};

uint64_t bit(int value) { return uint64_t{1} << value; }

// `a-b`; a range whose start is past its end wraps around (`FRI-MON`), as in Quartz and saffron.
uint64_t rangeBits(const FieldSpec& spec, int start, int end) {
  uint64_t bits = 0;
  if (start <= end) {
    for (int v = start; v <= end; ++v) bits |= bit(v);
  } else {
    for (int v = start; v <= spec.max; ++v) bits |= bit(v);
    for (int v = spec.min; v <= end; ++v) bits |= bit(v);
  }
  return bits;
}

// `a-b/s` (or `a/s`, to the field's end): every s-th value of the (possibly wrapping) range.
uint64_t stepBits(const FieldSpec& spec, int start, int end, int step) {
  std::vector<int> sequence;
  if (start <= end) {
    for (int v = start; v <= end; ++v) sequence.push_back(v);
  } else {
    for (int v = start; v <= spec.max; ++v) sequence.push_back(v);
    for (int v = spec.min; v <= end; ++v) sequence.push_back(v);
  }
  uint64_t bits = 0;
  for (size_t i = 0; i < sequence.size(); i += static_cast<size_t>(step)) bits |= bit(sequence[i]);
  return bits;
}

// One list item after the first: a value (`*` standing for the field's minimum), optionally
// followed by `/step` or `-end[/step]`.
uint64_t listItem(FieldReader& reader, const FieldSpec& spec) {
  int start = reader.eat('*') ? spec.min : reader.value();
  if (reader.eat('/')) return stepBits(spec, start, spec.max, reader.step());
  if (reader.eat('-')) {
    int end = reader.value();
    if (reader.eat('/')) return stepBits(spec, start, end, reader.step());
    return rangeBits(spec, start, end);
  }
  return bit(start);
}

// A field of values, ranges and steps; nullopt for a lone `*` (any value).
std::optional<uint64_t> valueList(FieldReader& reader, const FieldSpec& spec) {
  uint64_t bits = 0;
  if (reader.eat('*')) {
    if (reader.atEnd()) return std::nullopt;
    if (!reader.eat('/')) reader.expectEnd();
    bits = stepBits(spec, spec.min, spec.max, reader.step());
  } else {
    bits = listItem(reader, spec);
  }
  while (reader.eat(',')) bits |= listItem(reader, spec);
  reader.expectEnd();
  return bits;
}

uint64_t allBits(const FieldSpec& spec) { return rangeBits(spec, spec.min, spec.max); }

// ---- Calendar arithmetic (proleptic Gregorian, UTC) ----

struct CivilDay {
  int year;
  int month;  // 1-12
  int day;    // 1-31
};

// Days since 1970-01-01 → year/month/day (Howard Hinnant's civil_from_days).
CivilDay civilFromDays(int64_t days) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

bool isLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMinutes = 1440;
// Long enough for any schedule that ever fires: a 29 February that must also be a given weekday
// recurs within 28 years; 2100 is not a leap year, so allow a little more.
constexpr int64_t kSearchDays = 366 * 40;

// The weekday nearest `target` without leaving the month (Quartz `W`): a Saturday moves back to
// Friday unless that leaves the month (the 1st moves on to Monday the 3rd); a Sunday moves on to
// Monday unless that leaves the month (the last day moves back to Friday).
int nearestWeekday(int target, int days_in_month, int weekday_of_day1) {
  int weekday = (weekday_of_day1 + target - 1) % 7;
  if (weekday == 6) return target == 1 ? 3 : target - 1;
  if (weekday == 0) return target == days_in_month ? target - 2 : target + 1;
  return target;
}

}  // namespace

// Builds a CronSchedule field by field (a friend, so the schedule's layout stays private).
class CronScheduleParser {
 public:
  static CronSchedule parse(std::string_view expression) {
    std::vector<std::string_view> fields;
    if (!expression.empty() && (std::isspace(static_cast<unsigned char>(expression.front())) ||
                                std::isspace(static_cast<unsigned char>(expression.back())))) {
      throw CronError{"it must not start or end with whitespace"};
    }
    size_t pos = 0;
    while (pos < expression.size()) {
      size_t end = expression.find_first_of(" \t", pos);
      if (end == std::string_view::npos) end = expression.size();
      if (end > pos) fields.push_back(expression.substr(pos, end - pos));
      pos = end + 1;
    }
    if (fields.size() != 5) {
      throw CronError{"expected 5 fields (minute hour day-of-month month day-of-week), got " +
                      std::to_string(fields.size())};
    }
    CronSchedule out;
    out.minutes_ = simpleField(kMinute, fields[0]);
    out.hours_ = static_cast<uint32_t>(simpleField(kHour, fields[1]));
    dayOfMonth(out, fields[2]);
    out.months_ = static_cast<uint16_t>(simpleField(kMonth, fields[3]));
    dayOfWeek(out, fields[4]);
    return out;
  }

 private:
  static uint64_t simpleField(const FieldSpec& spec, std::string_view text) {
    FieldReader reader(spec, text);
    return valueList(reader, spec).value_or(allBits(spec));
  }

  // `L`, `LW`, `L-n`, `L-nW` and `nW` each stand alone; anything else is a value list.
  static void dayOfMonth(CronSchedule& out, std::string_view text) {
    using Kind = CronSchedule::DayOfMonth;
    FieldReader reader(kDayOfMonth, text);
    if (reader.eat('L')) {
      int offset = 0;
      if (reader.eat('-')) {
        auto number = reader.digits();
        if (!number) reader.fail(reader.expected("a number of days before the last"));
        if (*number < 1 || *number > 30) reader.fail("L-" + std::to_string(*number) + " is out of range L-1 to L-30");
        offset = *number;
      }
      bool weekday = reader.eat('W');
      reader.expectEnd();
      out.dom_kind_ = weekday ? Kind::kLastNearestWeekday : Kind::kLast;
      out.dom_value_ = offset;
      return;
    }
    size_t start = reader.position();
    if (!reader.peek('*')) {
      int day = reader.value();
      if (reader.eat('W')) {
        reader.expectEnd();
        out.dom_kind_ = Kind::kNearestWeekday;
        out.dom_value_ = day;
        return;
      }
      reader.rewind(start);
    }
    std::optional<uint64_t> days = valueList(reader, kDayOfMonth);
    out.dom_kind_ = days ? Kind::kSet : Kind::kAny;
    out.dom_days_ = static_cast<uint32_t>(days.value_or(0));
  }

  // `L` alone is Saturday (the last day of the week); `nL` and `n#k` stand alone.
  static void dayOfWeek(CronSchedule& out, std::string_view text) {
    using Kind = CronSchedule::DayOfWeek;
    FieldReader reader(kDayOfWeek, text);
    if (text == "L") {
      out.dow_kind_ = Kind::kSet;
      out.dow_days_ = 1 << 6;
      return;
    }
    size_t start = reader.position();
    if (!reader.peek('*')) {
      int day = reader.value();
      if (reader.eat('L')) {
        reader.expectEnd();
        out.dow_kind_ = Kind::kLast;
        out.dow_weekday_ = day - 1;
        return;
      }
      if (reader.eat('#')) {
        auto nth = reader.digits();
        if (!nth) reader.fail(reader.expected("which occurrence in the month (1-5)"));
        if (*nth < 1 || *nth > 5) reader.fail("#" + std::to_string(*nth) + " is out of range #1-#5");
        reader.expectEnd();
        out.dow_kind_ = Kind::kNth;
        out.dow_weekday_ = day - 1;
        out.dow_nth_ = *nth;
        return;
      }
      reader.rewind(start);
    }
    std::optional<uint64_t> days = valueList(reader, kDayOfWeek);
    out.dow_kind_ = days ? Kind::kSet : Kind::kAny;
    // Stored by JavaScript's getUTCDay() numbering (0 = Sunday): bit v of the field is day v-1.
    out.dow_days_ = static_cast<uint8_t>(days.value_or(0) >> 1);
  }
};

Result<CronSchedule> CronSchedule::parse(std::string_view expression) {
  try {
    return CronScheduleParser::parse(expression);
  } catch (const CronError& error) {
    return makeError(error.message);
  }
}

bool CronSchedule::matchesDayOfMonth(int day, int days_in_month, int weekday) const {
  int weekday_of_day1 = ((weekday - (day - 1)) % 7 + 7) % 7;
  switch (dom_kind_) {
    case DayOfMonth::kAny:
      return true;
    case DayOfMonth::kSet:
      return (dom_days_ >> day) & 1;
    case DayOfMonth::kLast:
      return day == days_in_month - dom_value_;
    case DayOfMonth::kNearestWeekday:
      return dom_value_ <= days_in_month &&
             day == nearestWeekday(dom_value_, days_in_month, weekday_of_day1);
    case DayOfMonth::kLastNearestWeekday: {
      int target = days_in_month - dom_value_;
      return target >= 1 && day == nearestWeekday(target, days_in_month, weekday_of_day1);
    }
  }
  return false;
}

bool CronSchedule::matchesDayOfWeek(int day, int days_in_month, int weekday) const {
  switch (dow_kind_) {
    case DayOfWeek::kAny:
      return true;
    case DayOfWeek::kSet:
      return (dow_days_ >> weekday) & 1;
    case DayOfWeek::kLast:
      return weekday == dow_weekday_ && day + 7 > days_in_month;
    case DayOfWeek::kNth:
      return weekday == dow_weekday_ && (day - 1) / 7 + 1 == dow_nth_;
  }
  return false;
}

bool CronSchedule::matchesDay(int64_t unix_day) const {
  CivilDay civil = civilFromDays(unix_day);
  if (!((months_ >> civil.month) & 1)) return false;
  int weekday = static_cast<int>(((unix_day % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
  int days_in_month = daysInMonth(civil.year, civil.month);
  bool dom_any = dom_kind_ == DayOfMonth::kAny;
  bool dow_any = dow_kind_ == DayOfWeek::kAny;
  if (dom_any && dow_any) return true;
  if (dow_any) return matchesDayOfMonth(civil.day, days_in_month, weekday);
  if (dom_any) return matchesDayOfWeek(civil.day, days_in_month, weekday);
  return matchesDayOfMonth(civil.day, days_in_month, weekday) ||
         matchesDayOfWeek(civil.day, days_in_month, weekday);
}

bool CronSchedule::matches(int64_t unix_ms) const {
  int64_t minute = floorDiv(unix_ms, kMinuteMs);
  int64_t day = floorDiv(minute, kDayMinutes);
  int64_t minute_of_day = minute - day * kDayMinutes;
  return matchesDay(day) && ((hours_ >> (minute_of_day / 60)) & 1) &&
         ((minutes_ >> (minute_of_day % 60)) & 1);
}

std::optional<int64_t> CronSchedule::nextAfter(int64_t after_ms) const {
  int64_t first = floorDiv(after_ms, kMinuteMs) + 1;
  int64_t first_day = floorDiv(first, kDayMinutes);
  for (int64_t day = first_day; day < first_day + kSearchDays; ++day) {
    if (!matchesDay(day)) continue;
    int64_t from = day == first_day ? first - day * kDayMinutes : 0;
    for (int64_t m = from; m < kDayMinutes; ++m) {
      if (((hours_ >> (m / 60)) & 1) && ((minutes_ >> (m % 60)) & 1)) {
        return (day * kDayMinutes + m) * kMinuteMs;
      }
    }
  }
  return std::nullopt;
}

}  // namespace edged::config
