#include "common/audit_log.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/log.h"

namespace dtr {
namespace {

constexpr char kTable[] = R"sql(
CREATE TABLE audit_events (
  sequence  INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  at_us     INTEGER NOT NULL,
  identity  TEXT NOT NULL,
  method    TEXT NOT NULL,
  units     TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  outcome   TEXT NOT NULL,
  detail    TEXT NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (at_us);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
)sql";

// Events written in one transaction, at most.
constexpr size_t kEventsPerWrite = 256;
constexpr int kMaxListed = 10000;

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone());
}

absl::Status Insert(Connection* conn, const common::v1::AuditEvent& e) {
  auto q = conn->Prepare(
      "INSERT INTO audit_events (at, at_us, identity, method, units, "
      "row_count, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!q.ok()) return q.status();
  absl::Time at;
  std::string ignored;
  if (!absl::ParseTime(absl::RFC3339_full, e.time(), &at, &ignored)) {
    at = absl::Now();
  }
  (*q)->BindText(1, e.time());
  (*q)->BindInt(2, absl::ToUnixMicros(at));
  (*q)->BindText(3, e.identity());
  (*q)->BindText(4, e.method());
  (*q)->BindText(5, absl::StrJoin(e.units(), ","));
  (*q)->BindInt(6, e.rows());
  (*q)->BindText(7, e.outcome());
  (*q)->BindText(8, e.detail());
  return (*q)->Step().status();
}

}  // namespace

const Migration& AuditLog::TableMigration() {
  // A version of its own, far from the services' own numbering.
  static const auto* migration = new Migration{1000, "audit events", kTable};
  return *migration;
}

AuditLog::AuditLog(Database* db) : db_(db) {
  thread_ = std::thread([this] { Loop(); });
}

AuditLog::~AuditLog() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void AuditLog::Record(common::v1::AuditEvent event) {
  if (event.time().empty()) event.set_time(Rfc3339(absl::Now()));
  absl::MutexLock lock(&mu_);
  queue_.push_back(std::move(event));
  ++queued_;
}

void AuditLog::Flush(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  const int64_t target = queued_;
  auto done = [this, target]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return written_ >= target;
  };
  mu_.AwaitWithTimeout(absl::Condition(&done), timeout);
}

void AuditLog::Loop() {
  while (true) {
    std::vector<common::v1::AuditEvent> batch;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !queue_.empty();
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // stopping, nothing left
      const size_t n = std::min(queue_.size(), kEventsPerWrite);
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + n));
      queue_.erase(queue_.begin(), queue_.begin() + n);
    }
    absl::Status s = Write(batch);
    absl::MutexLock lock(&mu_);
    if (s.ok()) {
      written_ += static_cast<int64_t>(batch.size());
      continue;
    }
    // The store is busy or away: keep them, in order, and try again.
    LogWarning("audit events not written yet",
               {{"events", static_cast<int64_t>(batch.size())},
                {"error", std::string(s.message())}});
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
      queue_.push_front(std::move(*it));
    }
    if (stopping_) return;
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Seconds(1));
  }
}

absl::Status AuditLog::Write(
    const std::vector<common::v1::AuditEvent>& events) {
  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  WriteTransaction tx(lease->get());
  if (absl::Status s = tx.Begin(); !s.ok()) return s;
  for (const common::v1::AuditEvent& e : events) {
    if (absl::Status s = Insert(lease->get(), e); !s.ok()) return s;
  }
  return tx.Commit();
}

void AuditLog::NoteCall(const grpc::ServerContextBase* call,
                        const std::string& identity, const std::string& method,
                        const std::set<std::string>& units) {
  absl::MutexLock lock(&calls_mu_);
  common::v1::AuditEvent& event = calls_[call].event;
  event.set_identity(identity);
  event.set_method(method);
  event.clear_units();
  for (const std::string& unit : units) event.add_units(unit);
}

bool AuditLog::EndCall(const grpc::ServerContextBase* call) {
  absl::MutexLock lock(&calls_mu_);
  auto it = calls_.find(call);
  if (it == calls_.end()) return false;
  const bool stored = it->second.stored;
  calls_.erase(it);
  return stored;
}

absl::Status AuditLog::InsertCallEvent(Connection* conn,
                                       const grpc::ServerContextBase* call,
                                       int64_t rows) {
  common::v1::AuditEvent event;
  {
    absl::MutexLock lock(&calls_mu_);
    auto it = calls_.find(call);
    if (it == calls_.end() || it->second.stored) return absl::OkStatus();
    event = it->second.event;
  }
  event.set_time(Rfc3339(absl::Now()));
  event.set_rows(rows);
  event.set_outcome("accepted");
  return Insert(conn, event);
}

void AuditLog::MarkStored(const grpc::ServerContextBase* call) {
  absl::MutexLock lock(&calls_mu_);
  auto it = calls_.find(call);
  if (it != calls_.end()) it->second.stored = true;
}

AuditedWrites::AuditedWrites(AuditLog* log, const grpc::ServerContextBase* call,
                             std::function<int64_t()> rows)
    : scope_(
          [log, call, rows = std::move(rows)](Connection* conn) {
            if (log == nullptr) return absl::OkStatus();
            return log->InsertCallEvent(conn, call, rows ? rows() : 0);
          },
          [log, call] {
            if (log != nullptr) log->MarkStored(call);
          }) {}

absl::StatusOr<std::vector<common::v1::AuditEvent>> AuditLog::List(
    absl::Time since, int limit) {
  if (limit <= 0 || limit > kMaxListed) limit = kMaxListed;
  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  auto q = (*lease)->Prepare(
      "SELECT sequence, at, identity, method, units, row_count, outcome, "
      "detail FROM audit_events WHERE at_us >= ? ORDER BY sequence LIMIT ?");
  if (!q.ok()) return q.status();
  (*q)->BindInt(
      1, since == absl::InfinitePast() ? INT64_MIN : absl::ToUnixMicros(since));
  (*q)->BindInt(2, limit);
  std::vector<common::v1::AuditEvent> out;
  while (true) {
    auto row = (*q)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    common::v1::AuditEvent& e = out.emplace_back();
    e.set_sequence((*q)->ColumnInt(0));
    e.set_time(std::string((*q)->ColumnText(1)));
    e.set_identity(std::string((*q)->ColumnText(2)));
    e.set_method(std::string((*q)->ColumnText(3)));
    const std::string units((*q)->ColumnText(4));
    for (absl::string_view unit :
         absl::StrSplit(units, ',', absl::SkipEmpty())) {
      e.add_units(std::string(unit));
    }
    e.set_rows((*q)->ColumnInt(5));
    e.set_outcome(std::string((*q)->ColumnText(6)));
    e.set_detail(std::string((*q)->ColumnText(7)));
  }
  return out;
}

}  // namespace dtr
