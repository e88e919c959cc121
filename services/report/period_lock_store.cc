#include "services/report/period_lock_store.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/store_retry.h"

namespace dtr::report {

const char PeriodLockStore::kSchema[] = R"sql(
CREATE TABLE period_closures (
  unit_code TEXT NOT NULL,
  period    TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  closed_by TEXT NOT NULL,
  PRIMARY KEY (unit_code, period)
) WITHOUT ROWID;
CREATE TRIGGER period_closures_not_updated BEFORE UPDATE ON period_closures
  BEGIN SELECT RAISE(ABORT, 'a closing is never changed'); END;
CREATE TRIGGER period_closures_not_deleted BEFORE DELETE ON period_closures
  BEGIN SELECT RAISE(ABORT, 'a closing is never deleted'); END;

CREATE TABLE lock_exceptions (
  id         INTEGER NOT NULL PRIMARY KEY,
  unit_code  TEXT NOT NULL,
  period     TEXT NOT NULL,
  kind       TEXT NOT NULL,
  until_unix INTEGER NOT NULL,
  until_at   TEXT NOT NULL,
  reason     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE TRIGGER lock_exceptions_not_updated BEFORE UPDATE ON lock_exceptions
  BEGIN SELECT RAISE(ABORT, 'an exception is never changed'); END;
CREATE TRIGGER lock_exceptions_not_deleted BEFORE DELETE ON lock_exceptions
  BEGIN SELECT RAISE(ABORT, 'an exception is never deleted'); END;
)sql";

absl::StatusOr<v1::PeriodLock> PeriodLockStore::Close(const std::string& unit,
                                                      const std::string& period,
                                                      const std::string& actor,
                                                      absl::Time at) {
  return RetryTransient([&]() -> absl::StatusOr<v1::PeriodLock> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    WriteTransaction tx(conn);
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    {
      auto q = conn->Prepare(
          "INSERT INTO period_closures (unit_code, period, closed_at, "
          "closed_by) VALUES (?, ?, ?, ?) ON CONFLICT (unit_code, period) DO "
          "NOTHING");
      if (!q.ok()) return q.status();
      (*q)->BindText(1, unit);
      (*q)->BindText(2, period);
      (*q)->BindText(3, FormatInstant(at));
      (*q)->BindText(4, actor);
      if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    }
    auto q = conn->Prepare(
        "SELECT closed_at, closed_by FROM period_closures WHERE unit_code = ? "
        "AND period = ?");
    if (!q.ok()) return q.status();
    (*q)->BindText(1, unit);
    (*q)->BindText(2, period);
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    v1::PeriodLock lock;
    lock.set_unit_code(unit);
    lock.set_period(period);
    lock.set_reason("closed");
    lock.set_since(std::string((*q)->ColumnText(0)));
    lock.set_closed_by(std::string((*q)->ColumnText(1)));
    (*q)->Reset();
    if (absl::Status s = tx.Commit(); !s.ok()) return s;
    return lock;
  });
}

absl::StatusOr<v1::PeriodLocks> PeriodLockStore::Locks(absl::Time now,
                                                       bool include_expired) {
  return RetryTransient([&]() -> absl::StatusOr<v1::PeriodLocks> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    return LocksOn(lease->get(), now, include_expired);
  });
}

absl::StatusOr<v1::PeriodLocks> PeriodLockStore::LocksOn(Connection* conn,
                                                         absl::Time now,
                                                         bool include_expired) {
  std::map<std::pair<std::string, std::string>, v1::PeriodLock> locks;
  {
    // The first issue of each period.
    auto q = conn->Prepare(
        "SELECT unit_code, period, recorded_at, document_number FROM "
        "report_events WHERE state = ? ORDER BY unit_code, period, "
        "recorded_at DESC");
    if (!q.ok()) return q.status();
    (*q)->BindInt(1, v1::REPORT_STATE_ISSUED);
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      v1::PeriodLock& lock = locks[{std::string((*q)->ColumnText(0)),
                                    std::string((*q)->ColumnText(1))}];
      lock.set_unit_code(std::string((*q)->ColumnText(0)));
      lock.set_period(std::string((*q)->ColumnText(1)));
      lock.set_reason("issued");
      lock.set_since(std::string((*q)->ColumnText(2)));
      lock.set_document_number(std::string((*q)->ColumnText(3)));
    }
  }
  {
    auto q = conn->Prepare(
        "SELECT unit_code, period, closed_at, closed_by FROM "
        "period_closures");
    if (!q.ok()) return q.status();
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      const std::pair<std::string, std::string> key{
          std::string((*q)->ColumnText(0)), std::string((*q)->ColumnText(1))};
      if (locks.count(key) > 0) continue;
      v1::PeriodLock& lock = locks[key];
      lock.set_unit_code(key.first);
      lock.set_period(key.second);
      lock.set_reason("closed");
      lock.set_since(std::string((*q)->ColumnText(2)));
      lock.set_closed_by(std::string((*q)->ColumnText(3)));
    }
  }
  v1::PeriodLocks out;
  for (auto& [key, lock] : locks) *out.add_locks() = std::move(lock);
  auto q = conn->Prepare(
      "SELECT id, unit_code, period, kind, until_unix, until_at, reason, "
      "created_at, created_by FROM lock_exceptions WHERE ? = 1 OR "
      "until_unix > ? ORDER BY id DESC");
  if (!q.ok()) return q.status();
  (*q)->BindInt(1, include_expired ? 1 : 0);
  (*q)->BindInt(2, absl::ToUnixSeconds(now));
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    v1::LockException* e = out.add_exceptions();
    e->set_id((*q)->ColumnInt(0));
    e->set_unit_code(std::string((*q)->ColumnText(1)));
    e->set_period(std::string((*q)->ColumnText(2)));
    e->set_kind(std::string((*q)->ColumnText(3)));
    e->set_active((*q)->ColumnInt(4) > absl::ToUnixSeconds(now));
    e->set_until(std::string((*q)->ColumnText(5)));
    e->set_reason(std::string((*q)->ColumnText(6)));
    e->set_created_at(std::string((*q)->ColumnText(7)));
    e->set_created_by(std::string((*q)->ColumnText(8)));
  }
  out.set_as_of(FormatInstant(now));
  return out;
}

absl::StatusOr<v1::LockException> PeriodLockStore::AddException(
    v1::LockException exception, absl::Time until, const std::string& actor,
    absl::Time at) {
  exception.set_until(FormatInstant(until));
  exception.set_created_at(FormatInstant(at));
  exception.set_created_by(actor);
  exception.set_active(until > at);
  return RetryTransient([&]() -> absl::StatusOr<v1::LockException> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    WriteTransaction tx(conn);
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    int64_t id = 1;
    {
      auto q = conn->Prepare(
          "SELECT COALESCE(MAX(id), 0) + 1 FROM "
          "lock_exceptions");
      if (!q.ok()) return q.status();
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      id = (*q)->ColumnInt(0);
    }
    auto q = conn->Prepare(
        "INSERT INTO lock_exceptions (id, unit_code, period, kind, "
        "until_unix, until_at, reason, created_at, created_by) VALUES (?, ?, "
        "?, ?, ?, ?, ?, ?, ?)");
    if (!q.ok()) return q.status();
    (*q)->BindInt(1, id);
    (*q)->BindText(2, exception.unit_code());
    (*q)->BindText(3, exception.period());
    (*q)->BindText(4, exception.kind());
    (*q)->BindInt(5, absl::ToUnixSeconds(until));
    (*q)->BindText(6, exception.until());
    (*q)->BindText(7, exception.reason());
    (*q)->BindText(8, exception.created_at());
    (*q)->BindText(9, exception.created_by());
    if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    if (absl::Status s = tx.Commit(); !s.ok()) return s;
    v1::LockException out = exception;
    out.set_id(id);
    return out;
  });
}

}  // namespace dtr::report
