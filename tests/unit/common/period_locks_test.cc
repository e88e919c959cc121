#include "common/period_locks.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/unit/test_fixtures.h"

namespace dtr {
namespace {

namespace rv1 = report::v1;

std::shared_ptr<const UnitTree> Tree() {
  return testing::TreeFromCsv(
      "code,name,level,parent_code,valid_from,valid_to\n"
      "P,Province,province,,,\n"
      "D1,District 1,district,P,,\n"
      "D2,District 2,district,P,,\n"
      "C1,Commune 1,commune,D1,,\n");
}

rv1::PeriodLock Lock(const std::string& unit, const std::string& period,
                     const std::string& since) {
  rv1::PeriodLock lock;
  lock.set_unit_code(unit);
  lock.set_period(period);
  lock.set_since(since);
  lock.set_reason("issued");
  lock.set_document_number("12/BC-STTTT");
  return lock;
}

// October 2023 of P, issued on 5 November.
rv1::PeriodLocks OctoberIssued() {
  rv1::PeriodLocks locks;
  *locks.add_locks() = Lock("P", "2023-10", "2023-11-05T02:00:00Z");
  return locks;
}

TEST(PeriodLocksTest, AChangeInOrBeforeTheMonthUnderTheUnitIsRefused) {
  const PeriodLockCheck check(OctoberIssued(), Tree());
  const absl::Status s =
      check.Check("staff", "start_date", "C1", absl::CivilDay(2023, 10, 31));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(
      absl::StrContains(s.message(), "start_date: a staff change of C1"))
      << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "report 12/BC-STTTT was issued"))
      << s;
  EXPECT_FALSE(
      check.Check("staff", "start_date", "D2", absl::CivilDay(2022, 1, 1))
          .ok());
  // After the month, and another province's unit: open.
  EXPECT_TRUE(
      check.Check("staff", "start_date", "C1", absl::CivilDay(2023, 11, 1))
          .ok());
  EXPECT_TRUE(
      check.Check("staff", "start_date", "Q", absl::CivilDay(2023, 10, 1))
          .ok());
  // A day that is not one is for the record's own checks.
  EXPECT_TRUE(check.CheckDay("staff", "start_date", "C1", "").ok());
  EXPECT_FALSE(check.CheckDay("staff", "start_date", "C1", "2023-10-01").ok());
}

TEST(PeriodLocksTest, AMonthIssuedBeforeItEndedKeepsItsLaterDaysOpen) {
  rv1::PeriodLocks locks;
  // Issued at 09:00 on 20 October in Vietnam.
  *locks.add_locks() = Lock("P", "2023-10", "2023-10-20T02:00:00Z");
  const PeriodLockCheck check(std::move(locks), Tree());
  EXPECT_FALSE(
      check.Check("security", "context", "D1", absl::CivilDay(2023, 10, 19))
          .ok());
  EXPECT_TRUE(
      check.Check("security", "context", "D1", absl::CivilDay(2023, 10, 20))
          .ok());
  EXPECT_TRUE(
      check.Check("security", "context", "D1", absl::CivilDay(2023, 10, 31))
          .ok());
}

TEST(PeriodLocksTest, AnActiveExceptionLetsItsKindSubtreeAndMonthThrough) {
  rv1::PeriodLocks locks = OctoberIssued();
  rv1::LockException* e = locks.add_exceptions();
  e->set_unit_code("D1");
  e->set_period("2023-10");
  e->set_kind("staff");
  e->set_active(true);
  const PeriodLockCheck check(locks, Tree());
  const absl::CivilDay october(2023, 10, 10);
  EXPECT_TRUE(check.Check("staff", "start_date", "C1", october).ok());
  EXPECT_FALSE(check.Check("staff", "start_date", "D2", october).ok());
  EXPECT_FALSE(check.Check("absences", "start_date", "C1", october).ok());
  EXPECT_FALSE(
      check.Check("staff", "start_date", "C1", absl::CivilDay(2023, 9, 10))
          .ok());
  // Ended: the lock again.
  locks.mutable_exceptions(0)->set_active(false);
  const PeriodLockCheck ended(std::move(locks), Tree());
  EXPECT_FALSE(ended.Check("staff", "start_date", "C1", october).ok());
}

TEST(PeriodLocksTest, WithoutATreeALockCoversItsOwnUnit) {
  const PeriodLockCheck check(OctoberIssued(), nullptr);
  EXPECT_FALSE(
      check.Check("contributions", "period", "P", absl::CivilDay(2023, 10, 1))
          .ok());
  EXPECT_TRUE(
      check.Check("contributions", "period", "C1", absl::CivilDay(2023, 10, 1))
          .ok());
}

TEST(PeriodLocksTest, AClosedMonthNamesWhoClosedIt) {
  rv1::PeriodLocks locks;
  rv1::PeriodLock* lock = locks.add_locks();
  *lock = Lock("D2", "2023-11", "2023-12-02T01:00:00Z");
  lock->set_reason("closed");
  lock->set_closed_by("ops (10.0.0.5)");
  const PeriodLockCheck check(std::move(locks), Tree());
  const absl::Status s =
      check.Check("courses", "start_date", "D2", absl::CivilDay(2023, 11, 3));
  EXPECT_TRUE(absl::StrContains(s.message(), "2023-11, locked for D2 since"))
      << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "closed by ops (10.0.0.5)")) << s;
}

}  // namespace
}  // namespace dtr
