#pragma once
// A cron trigger's schedule (`triggers.crons`), parsed and matched the way Cloudflare's scheduler
// does it (its open-source parser, cloudflare/saffron): five fields, all in UTC,
//   minute (0-59)  hour (0-23)  day-of-month (1-31)  month (1-12, JAN-DEC)  day-of-week (1-7, SUN-SAT)
// where day-of-week 1 is Sunday (Quartz numbering, not classic cron's 0). Each field takes `*`,
// values, ranges (`MON-FRI`; a range may wrap: `FRI-MON`), steps (`*/15`, `5/10`, `1-30/2`) and
// comma lists; day-of-month also takes `L` (last day), `L-3` (third to last), `15W` (weekday
// nearest the 15th, never leaving the month), `LW` and `L-3W`; day-of-week takes `L` alone
// (Saturday), `6L` (the month's last Friday) and `MON#2` / `2#2` (its second Monday). When both
// day fields are restricted, a day matches if either does (classic cron's OR).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edged/util/result.h"

namespace edged::config {

class CronSchedule {
 public:
  // The error says which field is wrong and why: `day-of-week "0": 0 is out of range 1-7 ...`.
  static Result<CronSchedule> parse(std::string_view expression);

  // The first whole minute strictly after `after_ms` (Unix milliseconds) that the schedule
  // matches, in Unix milliseconds; nullopt when it never matches (`0 0 31 2 *`).
  std::optional<int64_t> nextAfter(int64_t after_ms) const;

  // Whether the schedule fires at the minute that contains `unix_ms`.
  bool matches(int64_t unix_ms) const;

  // Day-of-month kinds beyond a plain set of days.
  enum class DayOfMonth { kAny, kSet, kLast, kNearestWeekday, kLastNearestWeekday };
  // Day-of-week kinds beyond a plain set of weekdays.
  enum class DayOfWeek { kAny, kSet, kLast, kNth };

 private:
  bool matchesDay(int64_t unix_day) const;
  bool matchesDayOfMonth(int day, int days_in_month, int weekday) const;
  bool matchesDayOfWeek(int day, int days_in_month, int weekday) const;

  uint64_t minutes_ = 0;  // bit m: minute m
  uint32_t hours_ = 0;    // bit h: hour h
  uint16_t months_ = 0;   // bit m: month m (1-12)
  DayOfMonth dom_kind_ = DayOfMonth::kAny;
  uint32_t dom_days_ = 0;  // kSet: bit d for day d (1-31)
  int dom_value_ = 0;      // kLast/kLastNearestWeekday: offset from the end; kNearestWeekday: day
  DayOfWeek dow_kind_ = DayOfWeek::kAny;
  uint8_t dow_days_ = 0;  // kSet: bit w for weekday w (0 = Sunday)
  int dow_weekday_ = 0;   // kLast/kNth: the weekday (0 = Sunday)
  int dow_nth_ = 0;       // kNth: 1-5

  friend class CronScheduleParser;
};

}  // namespace edged::config
