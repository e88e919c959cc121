#include "services/report/contribution_request_store.h"

#include "common/dates.h"
#include "common/store_retry.h"

namespace dtr::report {

const char ContributionRequestStore::kSchema[] = R"sql(
CREATE TABLE contribution_requests (
  period       TEXT NOT NULL,
  section      TEXT NOT NULL,
  unit_code    TEXT NOT NULL,
  deadline     TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  PRIMARY KEY (period, section, unit_code)
) WITHOUT ROWID;
)sql";

absl::Status ContributionRequestStore::Put(
    const std::vector<v1::ContributionRequest>& requests,
    const std::string& actor, absl::Time at) {
  return RetryTransient([&]() -> absl::Status {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    Connection* conn = lease->get();
    WriteTransaction tx(conn);
    if (absl::Status s = tx.Begin(); !s.ok()) return s;
    auto q = conn->Prepare(
        "INSERT INTO contribution_requests (period, section, unit_code, "
        "deadline, requested_at, requested_by) VALUES (?, ?, ?, ?, ?, ?) ON "
        "CONFLICT (period, section, unit_code) DO UPDATE SET deadline = "
        "excluded.deadline, requested_at = excluded.requested_at, "
        "requested_by = excluded.requested_by");
    if (!q.ok()) return q.status();
    const std::string when = FormatInstant(at);
    for (const v1::ContributionRequest& r : requests) {
      (*q)->Reset();
      (*q)->BindText(1, r.period());
      (*q)->BindText(2, r.section());
      (*q)->BindText(3, r.unit_code());
      (*q)->BindText(4, r.deadline());
      (*q)->BindText(5, when);
      (*q)->BindText(6, actor);
      if (absl::Status s = (*q)->Step().status(); !s.ok()) return s;
    }
    return tx.Commit();
  });
}

absl::StatusOr<std::vector<v1::ContributionRequest>>
ContributionRequestStore::List(const std::string& period) {
  return RetryTransient(
      [&]() -> absl::StatusOr<std::vector<v1::ContributionRequest>> {
        auto lease = db_->Acquire();
        if (!lease.ok()) return lease.status();
        auto q = (*lease)->Prepare(
            "SELECT unit_code, section, deadline, requested_at, requested_by "
            "FROM contribution_requests WHERE period = ? ORDER BY unit_code, "
            "section");
        if (!q.ok()) return q.status();
        (*q)->BindText(1, period);
        std::vector<v1::ContributionRequest> out;
        while (true) {
          auto row = (*q)->Step();
          if (!row.ok()) return row.status();
          if (!*row) break;
          v1::ContributionRequest& r = out.emplace_back();
          r.set_unit_code(std::string((*q)->ColumnText(0)));
          r.set_period(period);
          r.set_section(std::string((*q)->ColumnText(1)));
          r.set_deadline(std::string((*q)->ColumnText(2)));
          r.set_requested_at(std::string((*q)->ColumnText(3)));
          r.set_requested_by(std::string((*q)->ColumnText(4)));
        }
        return out;
      });
}

}  // namespace dtr::report
