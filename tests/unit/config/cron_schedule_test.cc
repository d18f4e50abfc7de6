// Cron triggers' schedules: Cloudflare's syntax (saffron's), what it accepts and rejects, and the
// next fire time against calendar facts checked independently (weekdays of real dates, leap years,
// month ends).

#include "edged/config/cron_schedule.h"

#include <gtest/gtest.h>

#include <ctime>
#include <string>

namespace edged::config {
namespace {

// "2024-02-29T12:00" (UTC) → Unix milliseconds.
int64_t at(const std::string& text, int seconds = 0) {
  std::tm tm{};
  EXPECT_EQ(std::sscanf(text.c_str(), "%d-%d-%dT%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                        &tm.tm_hour, &tm.tm_min),
            5);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return (static_cast<int64_t>(timegm(&tm)) + seconds) * 1000;
}

std::string show(std::optional<int64_t> ms) {
  if (!ms) return "never";
  std::time_t seconds = *ms / 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M", &tm);
  return out;
}

// The next fire time after `after` (UTC, minute precision), as text.
std::string next(const std::string& cron, const std::string& after, int seconds = 0) {
  auto schedule = CronSchedule::parse(cron);
  EXPECT_TRUE(schedule.ok()) << cron << ": " << (schedule.ok() ? "" : schedule.error().message);
  if (!schedule.ok()) return "invalid";
  return show(schedule->nextAfter(at(after, seconds)));
}

std::string errorOf(const std::string& cron) {
  auto schedule = CronSchedule::parse(cron);
  return schedule.ok() ? "accepted" : schedule.error().message;
}

TEST(CronSchedule, EveryMinuteFiresAtTheNextWholeMinute) {
  EXPECT_EQ(next("* * * * *", "2024-01-01T00:00", 30), "2024-01-01T00:01");
  EXPECT_EQ(next("* * * * *", "2024-01-01T00:00"), "2024-01-01T00:01");  // strictly after
  EXPECT_EQ(next("* * * * *", "2024-12-31T23:59", 59), "2025-01-01T00:00");
}

TEST(CronSchedule, StepsRangesAndLists) {
  EXPECT_EQ(next("*/15 * * * *", "2024-05-05T10:07"), "2024-05-05T10:15");
  EXPECT_EQ(next("*/15 * * * *", "2024-05-05T10:45"), "2024-05-05T11:00");
  EXPECT_EQ(next("5/20 * * * *", "2024-05-05T10:26"), "2024-05-05T10:45");
  EXPECT_EQ(next("0 1-10/3 * * *", "2024-05-05T04:00"), "2024-05-05T07:00");
  EXPECT_EQ(next("0 1-10/3 * * *", "2024-05-05T10:00"), "2024-05-06T01:00");
  EXPECT_EQ(next("0,30 9,17 * * *", "2024-05-05T09:30"), "2024-05-05T17:00");
  EXPECT_EQ(next("45 * * * *", "2024-05-05T10:45"), "2024-05-05T11:45");
  // A range whose start is past its end wraps around (saffron: "59-0 23-0 31-1 12-1 *").
  EXPECT_EQ(next("50-10/10 * * * *", "2024-05-05T10:55"), "2024-05-05T11:00");
  EXPECT_EQ(next("0 0 1 NOV-FEB *", "2024-03-15T00:00"), "2024-11-01T00:00");
  EXPECT_EQ(next("0 0 1 nov-feb *", "2024-12-15T00:00"), "2025-01-01T00:00");
}

TEST(CronSchedule, YearsMonthEndsAndLeapDays) {
  EXPECT_EQ(next("0 0 1 1 *", "2024-06-01T00:00"), "2025-01-01T00:00");
  EXPECT_EQ(next("0 12 29 2 *", "2023-03-01T00:00"), "2024-02-29T12:00");
  // 2100 is not a leap year: the next 29 February after 2096 is in 2104.
  EXPECT_EQ(next("0 12 29 2 *", "2096-03-01T00:00"), "2104-02-29T12:00");
  EXPECT_EQ(next("0 0 31 * *", "2024-04-01T00:00"), "2024-05-31T00:00");  // April has 30 days
  EXPECT_EQ(next("0 0 31 2 *", "2024-01-01T00:00"), "never");
  EXPECT_EQ(next("0 0 30 2 *", "2024-01-01T00:00"), "never");
}

TEST(CronSchedule, LastDayOfMonth) {
  EXPECT_EQ(next("0 0 L * *", "2024-02-10T00:00"), "2024-02-29T00:00");
  EXPECT_EQ(next("0 0 L * *", "2023-02-10T00:00"), "2023-02-28T00:00");
  EXPECT_EQ(next("0 0 L * *", "2024-04-30T00:00"), "2024-05-31T00:00");
  EXPECT_EQ(next("0 0 L FEB *", "2100-01-01T00:00"), "2100-02-28T00:00");
  EXPECT_EQ(next("0 0 L-3 * *", "2024-02-01T00:00"), "2024-02-26T00:00");
}

TEST(CronSchedule, NearestWeekday) {
  // 15 June 2024 is a Saturday: the Friday before. 15 September 2024 is a Sunday: the Monday after.
  EXPECT_EQ(next("0 0 15W * *", "2024-06-01T00:00"), "2024-06-14T00:00");
  EXPECT_EQ(next("0 0 15W * *", "2024-09-01T00:00"), "2024-09-16T00:00");
  EXPECT_EQ(next("0 0 15W * *", "2024-05-01T00:00"), "2024-05-15T00:00");  // a Wednesday
  // 1 June 2024 is a Saturday: W never leaves the month, so Monday the 3rd.
  EXPECT_EQ(next("0 0 1W * *", "2024-05-31T00:00"), "2024-06-03T00:00");
  // 31 March 2024 is a Sunday and the month's last day: back to Friday the 29th.
  EXPECT_EQ(next("0 0 31W * *", "2024-03-01T00:00"), "2024-03-29T00:00");
  // April has no 31st: 31W skips it.
  EXPECT_EQ(next("0 0 31W * *", "2024-04-01T00:00"), "2024-05-31T00:00");
}

TEST(CronSchedule, LastWeekdayOfMonth) {
  // The documented "59 23 LW * *": 31 August 2024 is a Saturday, 31 March 2024 a Sunday.
  EXPECT_EQ(next("59 23 LW * *", "2024-08-01T00:00"), "2024-08-30T23:59");
  EXPECT_EQ(next("59 23 LW * *", "2024-03-01T00:00"), "2024-03-29T23:59");
  EXPECT_EQ(next("59 23 LW * *", "2024-07-01T00:00"), "2024-07-31T23:59");  // a Wednesday
  // L-1W in March 2024: the 30th is a Saturday, so Friday the 29th.
  EXPECT_EQ(next("0 0 L-1W * *", "2024-03-01T00:00"), "2024-03-29T00:00");
}

TEST(CronSchedule, WeekdaysNumberFromSundayAsOne) {
  // 5 January 2025 is a Sunday. "0 17 * * sun" and "0 17 * * 1" are the same (Cloudflare's docs).
  EXPECT_EQ(next("0 17 * * 1", "2025-01-01T00:00"), "2025-01-05T17:00");
  EXPECT_EQ(next("0 17 * * sun", "2025-01-01T00:00"), "2025-01-05T17:00");
  EXPECT_EQ(next("0 17 * * 7", "2025-01-01T00:00"), "2025-01-04T17:00");  // Saturday
  // "10 7 * * mon-fri" and "10 7 * * 2-6": 4-5 January 2025 is a weekend.
  EXPECT_EQ(next("10 7 * * mon-fri", "2025-01-03T08:00"), "2025-01-06T07:10");
  EXPECT_EQ(next("10 7 * * 2-6", "2025-01-03T08:00"), "2025-01-06T07:10");
  EXPECT_EQ(next("0 0 * * FRI-MON", "2025-01-06T00:00"), "2025-01-10T00:00");  // wraps: Fri..Mon
  EXPECT_EQ(next("0 0 * * L", "2025-01-01T00:00"), "2025-01-04T00:00");  // L alone: Saturday
}

TEST(CronSchedule, LastAndNthWeekdayOfMonth) {
  // "0 18 * * 6L" / "friL": the last Friday; 31 January 2025 is one.
  EXPECT_EQ(next("0 18 * * 6L", "2025-01-01T00:00"), "2025-01-31T18:00");
  EXPECT_EQ(next("0 18 * * friL", "2025-02-01T00:00"), "2025-02-28T18:00");
  // The second Monday of January 2025 is the 13th (the first is the 6th).
  EXPECT_EQ(next("0 10 * * MON#2", "2025-01-01T00:00"), "2025-01-13T10:00");
  EXPECT_EQ(next("0 10 * * 2#2", "2025-01-01T00:00"), "2025-01-13T10:00");
  // A fifth Monday: not in February 2025, next in March (the 31st).
  EXPECT_EQ(next("0 10 * * MON#5", "2025-02-01T00:00"), "2025-03-31T10:00");
}

TEST(CronSchedule, BothDayFieldsMatchEitherDay) {
  // The 13th (a Friday in September 2024) or any Sunday (the 15th).
  EXPECT_EQ(next("0 0 13 * SUN", "2024-09-09T00:00"), "2024-09-13T00:00");
  EXPECT_EQ(next("0 0 13 * SUN", "2024-09-13T00:00"), "2024-09-15T00:00");
}

TEST(CronSchedule, Matches) {
  auto schedule = CronSchedule::parse("*/10 0 * OCT MON");
  ASSERT_TRUE(schedule.ok());
  EXPECT_TRUE(schedule->matches(at("2020-10-19T00:30", 15)));  // saffron's own example
  EXPECT_FALSE(schedule->matches(at("2020-10-20T00:30")));
}

TEST(CronSchedule, RejectsWithTheFieldAndTheReason) {
  EXPECT_EQ(errorOf("* * * *"),
            "expected 5 fields (minute hour day-of-month month day-of-week), got 4");
  EXPECT_EQ(errorOf("0 * * * * *"),
            "expected 5 fields (minute hour day-of-month month day-of-week), got 6");
  EXPECT_EQ(errorOf(""), "expected 5 fields (minute hour day-of-month month day-of-week), got 0");
  EXPECT_EQ(errorOf(" * * * * *"), "it must not start or end with whitespace");
  EXPECT_EQ(errorOf("60 * * * *"), "minute \"60\": 60 is out of range 0-59");
  EXPECT_EQ(errorOf("0 24 * * *"), "hour \"24\": 24 is out of range 0-23");
  EXPECT_EQ(errorOf("0 0 0 * *"), "day-of-month \"0\": 0 is out of range 1-31");
  EXPECT_EQ(errorOf("0 0 * 13 *"), "month \"13\": 13 is out of range 1-12 (or JAN-DEC)");
  EXPECT_EQ(errorOf("0 0 * * 0"),
            "day-of-week \"0\": 0 is out of range 1-7 (1 is Sunday, 7 is Saturday; or SUN-SAT)");
  EXPECT_EQ(errorOf("*/0 * * * *"), "minute \"*/0\": step 0 is out of range 1-59");
  EXPECT_EQ(errorOf("*/60 * * * *"), "minute \"*/60\": step 60 is out of range 1-59");
  EXPECT_EQ(errorOf("0 0 * FOO *"),
            "month \"FOO\": expected a value (1-12 or JAN-DEC) at \"FOO\"");
  EXPECT_EQ(errorOf("0 0 * * MON#6"), "day-of-week \"MON#6\": #6 is out of range #1-#5");
  EXPECT_EQ(errorOf("0 0 L-31 * *"), "day-of-month \"L-31\": L-31 is out of range L-1 to L-30");
  EXPECT_EQ(errorOf("0 0 15W,20 * *"), "day-of-month \"15W,20\": unexpected \",20\"");
  EXPECT_EQ(errorOf("0 0 L,15 * *"), "day-of-month \"L,15\": unexpected \",15\"");
  EXPECT_EQ(errorOf("0 0 ? * MON"), "day-of-month \"?\": expected a value at \"?\"");
  EXPECT_EQ(errorOf("0 0 * * 6L,2"), "day-of-week \"6L,2\": unexpected \",2\"");
  EXPECT_EQ(errorOf("*,5 * * * *"), "minute \"*,5\": unexpected \",5\"");
  EXPECT_EQ(errorOf("5- * * * *"), "minute \"5-\": expected a value at the end");
  EXPECT_EQ(errorOf("1000 * * * *"), "minute \"1000\": 1000 is out of range 0-59");
}

TEST(CronSchedule, AcceptsWhatCloudflareDocuments) {
  for (const char* cron : {"* * * * *", "*/30 * * * *", "45 * * * *", "0 17 * * sun", "0 17 * * 1",
                           "10 7 * * mon-fri", "10 7 * * 2-6", "0 15 1 * *", "0 18 * * 6L",
                           "0 18 * * friL", "59 23 LW * *", "*/3 * * * *", "0 10 * * MON#2",
                           "0 9 L * *", "0\t0  * * *"}) {
    EXPECT_EQ(errorOf(cron), "accepted") << cron;
  }
}

}  // namespace
}  // namespace edged::config
