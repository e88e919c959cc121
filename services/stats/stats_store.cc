#include "services/stats/stats_store.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/batch_sql.h"
#include "common/batch_upsert.h"
#include "common/statement_rows.h"
#include "common/store_retry.h"
#include "services/stats/stats_names.h"

namespace dtr::stats {
namespace {

constexpr char kDossierColumns[] =
    "dossier_id, unit_code, level, procedure_code, received_at, received_day, "
    "channel, service_level, digitized, status, due_at, finished_at, "
    "components_digitized, results_reused, updated_at";
constexpr size_t kDossierColumnCount = 15;
constexpr char kPaymentColumns[] =
    "transaction_id, unit_code, level, paid_at, paid_day, amount_vnd, status, "
    "updated_at";
constexpr size_t kPaymentColumnCount = 8;
// Counter changes an import holds before it writes them out: a national
// import touches millions of (unit, day, kind) counters, which would
// otherwise all sit in memory until the commit.
constexpr size_t kPendingCountersFlushed = 1 << 16;
// Rows one transaction writes that make it a bulk load.
constexpr size_t kBulkLoadRows = 100'000;

// What an upsert of a stored record changes.
constexpr char kDossierUpdates[] =
    " ON CONFLICT (dossier_id) DO UPDATE SET "
    "unit_code = excluded.unit_code, level = excluded.level, "
    "procedure_code = excluded.procedure_code, "
    "received_at = excluded.received_at, "
    "received_day = excluded.received_day, channel = excluded.channel, "
    "service_level = excluded.service_level, "
    "digitized = excluded.digitized, status = excluded.status, "
    "due_at = excluded.due_at, finished_at = excluded.finished_at, "
    "components_digitized = excluded.components_digitized, "
    "results_reused = excluded.results_reused, "
    "updated_at = excluded.updated_at";
constexpr char kPaymentUpdates[] =
    " ON CONFLICT (transaction_id) DO UPDATE SET "
    "unit_code = excluded.unit_code, level = excluded.level, "
    "paid_at = excluded.paid_at, paid_day = excluded.paid_day, "
    "amount_vnd = excluded.amount_vnd, status = excluded.status, "
    "updated_at = excluded.updated_at";

const std::string& SelectDossiers(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return absl::StrCat("SELECT ", kDossierColumns,
                        " FROM dossiers WHERE dossier_id IN (",
                        ListPlaceholders(n), ")");
  });
}

const std::string& UpsertDossiers(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return absl::StrCat("INSERT INTO dossiers (", kDossierColumns, ") VALUES ",
                        ValuesPlaceholders(n, kDossierColumnCount),
                        kDossierUpdates);
  });
}

// The same for a store that takes arrays, a column each, typed as the
// PostgreSQL schema has them (an INTEGER column is a BIGINT there).
const ArraySql* DossierArrays() {
  static const auto* sql = new ArraySql{
      absl::StrCat("SELECT ", kDossierColumns,
                   " FROM dossiers WHERE dossier_id = ANY(?::text[])"),
      absl::StrCat("INSERT INTO dossiers (", kDossierColumns,
                   ") SELECT * FROM unnest(?::text[], ?::text[], ?::text[], "
                   "?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], "
                   "?::bigint[], ?::text[], ?::text[], ?::text[], "
                   "?::bigint[], ?::bigint[], ?::text[])",
                   kDossierUpdates)};
  return sql;
}

const std::string& SelectPayments(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return absl::StrCat("SELECT ", kPaymentColumns,
                        " FROM payments WHERE transaction_id IN (",
                        ListPlaceholders(n), ")");
  });
}

const std::string& UpsertPayments(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return absl::StrCat("INSERT INTO payments (", kPaymentColumns, ") VALUES ",
                        ValuesPlaceholders(n, kPaymentColumnCount),
                        kPaymentUpdates);
  });
}

const ArraySql* PaymentArrays() {
  static const auto* sql = new ArraySql{
      absl::StrCat("SELECT ", kPaymentColumns,
                   " FROM payments WHERE transaction_id = ANY(?::text[])"),
      absl::StrCat("INSERT INTO payments (", kPaymentColumns,
                   ") SELECT * FROM unnest(?::text[], ?::text[], ?::text[], "
                   "?::text[], ?::bigint[], ?::bigint[], ?::text[], "
                   "?::text[])",
                   kPaymentUpdates)};
  return sql;
}

std::optional<bool> OptionalFlag(const Statement& s, int column) {
  if (s.ColumnIsNull(column)) return std::nullopt;
  return s.ColumnInt(column) != 0;
}

// A stored dossier, from the columns kDossierColumns names.
DossierRecord DossierFrom(const Statement& s) {
  DossierRecord o;
  o.dossier_id = std::string(s.ColumnText(0));
  o.unit_code = std::string(s.ColumnText(1));
  o.level = std::string(s.ColumnText(2));
  o.procedure_code = std::string(s.ColumnText(3));
  o.received_at = std::string(s.ColumnText(4));
  o.received_day = static_cast<int32_t>(s.ColumnInt(5));
  ParseChannel(s.ColumnText(6), &o.channel);
  ParseServiceLevel(s.ColumnText(7), &o.service_level);
  o.digitized = s.ColumnInt(8) != 0;
  ParseDossierStatus(s.ColumnText(9), &o.status);
  o.due_at = std::string(s.ColumnText(10));
  o.finished_at = std::string(s.ColumnText(11));
  o.components_digitized = OptionalFlag(s, 12);
  o.results_reused = OptionalFlag(s, 13);
  return o;
}

const std::string& DossierId(const DossierRecord& r) { return r.dossier_id; }
const std::string& PaymentId(const PaymentRecord& r) {
  return r.transaction_id;
}

bool SameDossier(const DossierRecord& a, const DossierRecord& b) {
  return a.unit_code == b.unit_code && a.level == b.level &&
         a.procedure_code == b.procedure_code &&
         a.received_at == b.received_at && a.channel == b.channel &&
         a.service_level == b.service_level && a.digitized == b.digitized &&
         a.status == b.status && a.due_at == b.due_at &&
         a.finished_at == b.finished_at &&
         a.components_digitized == b.components_digitized &&
         a.results_reused == b.results_reused;
}

PaymentRecord PaymentFrom(const Statement& s) {
  PaymentRecord o;
  o.transaction_id = std::string(s.ColumnText(0));
  o.unit_code = std::string(s.ColumnText(1));
  o.level = std::string(s.ColumnText(2));
  o.paid_at = std::string(s.ColumnText(3));
  o.paid_day = static_cast<int32_t>(s.ColumnInt(4));
  o.amount_vnd = s.ColumnInt(5);
  ParsePaymentStatus(s.ColumnText(6), &o.status);
  return o;
}

bool SamePayment(const PaymentRecord& a, const PaymentRecord& b) {
  return a.unit_code == b.unit_code && a.level == b.level &&
         a.paid_at == b.paid_at && a.amount_vnd == b.amount_vnd &&
         a.status == b.status;
}

std::string Now() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                          absl::UTCTimeZone());
}

}  // namespace

absl::StatusOr<std::vector<UpsertOutcome>> StatsStore::PreviewDossiers(
    const std::vector<DossierRecord>& records) {
  return RetryTransient([&]() -> absl::StatusOr<std::vector<UpsertOutcome>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    return ClassifyRecords(lease->get(), records, DossierId, SelectDossiers,
                           DossierFrom, SameDossier, DossierArrays());
  });
}

absl::StatusOr<std::vector<UpsertOutcome>> StatsStore::PreviewPayments(
    const std::vector<PaymentRecord>& records) {
  return RetryTransient([&]() -> absl::StatusOr<std::vector<UpsertOutcome>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    return ClassifyRecords(lease->get(), records, PaymentId, SelectPayments,
                           PaymentFrom, SamePayment, PaymentArrays());
  });
}

absl::StatusOr<std::unique_ptr<StatsStore::Transaction>>
StatsStore::BeginWrite() {
  return RetryTransient(
      [&]() -> absl::StatusOr<std::unique_ptr<StatsStore::Transaction>> {
        auto lease = db_->Acquire();
        if (!lease.ok()) return lease.status();
        std::unique_ptr<Transaction> tx(
            new Transaction(std::move(*lease), Now(),
                            units_ != nullptr ? units_->Get() : nullptr));
        if (absl::Status s = tx->tx_.Begin(); !s.ok()) return s;
        return tx;
      });
}

StatsStore::Transaction::Transaction(ConnectionLease lease, std::string now,
                                     std::shared_ptr<const UnitTree> units)
    : lease_(std::move(lease)),
      tx_(lease_.get()),
      now_(std::move(now)),
      units_(std::move(units)) {}

StatsStore::Transaction::~Transaction() = default;

void StatsStore::Transaction::CountDossier(const DossierRecord& r,
                                           int64_t sign) {
  DossierKey key{r.unit_code,     r.level,   r.received_day,
                 r.service_level, r.channel, r.digitized ? 1 : 0,
                 r.status};
  // What the dossier records is counted in its own counter's row: no row
  // more per attribute.
  const auto count = [&](DossierDelta& delta) {
    delta.dossiers += sign;
    for (const auto& [attribute, value] :
         {std::pair{kComponentsDigitized, &r.components_digitized},
          std::pair{kResultsReused, &r.results_reused}}) {
      if (value->has_value())
        delta.recorded[attribute][**value ? 1 : 0] += sign;
    }
  };
  count(daily_dossier_deltas_[key]);
  key.day = r.received_day / 100;  // yyyymm
  count(monthly_dossier_deltas_[std::move(key)]);
}

void StatsStore::Transaction::AddDelta(const DossierKey& key,
                                       const DossierDelta& delta,
                                       DossierCounts* counts) {
  counts->Add(key.service_level, key.channel, key.digitized, key.status,
              delta.dossiers);
  for (int a = 0; a < DossierCounts::kRecordedAttributes; ++a) {
    for (int value = 0; value < 2; ++value) {
      counts->recorded[a][value] += delta.recorded[a][value];
    }
  }
}

bool StatsStore::Transaction::DossierDelta::IsZero() const {
  if (dossiers != 0) return false;
  for (const auto& values : recorded) {
    if (values[0] != 0 || values[1] != 0) return false;
  }
  return true;
}

void StatsStore::Transaction::CountPayment(const PaymentRecord& r,
                                           int64_t sign) {
  PaymentDelta& delta =
      payment_deltas_[PaymentKey{r.unit_code, r.level, r.paid_day}];
  if (r.status == v1::PAYMENT_STATUS_SUCCESS) {
    delta.successful += sign;
    delta.amount_vnd += sign * r.amount_vnd;
  } else {
    delta.failed += sign;
  }
}

absl::StatusOr<std::vector<UpsertOutcome>> StatsStore::Transaction::PutDossiers(
    const std::vector<DossierRecord>& rows) {
  auto outcomes = UpsertRecords(
      lease_.get(), rows, DossierId, SelectDossiers, DossierFrom, SameDossier,
      [this](const DossierRecord& r, int64_t sign) { CountDossier(r, sign); },
      UpsertDossiers, kDossierColumnCount,
      // The records and names outlive the statements: bound in place.
      [this](Statement* s, int at, const DossierRecord& r) {
        BindRow(s, at, KeptText(r.dossier_id), KeptText(r.unit_code),
                KeptText(r.level), KeptText(r.procedure_code),
                KeptText(r.received_at), r.received_day,
                KeptText(ChannelName(r.channel)),
                KeptText(ServiceLevelName(r.service_level)), r.digitized,
                KeptText(DossierStatusName(r.status)), KeptText(r.due_at),
                KeptText(r.finished_at), r.components_digitized,
                r.results_reused, KeptText(now_));
      },
      DossierArrays());
  if (!outcomes.ok()) return outcomes;
  rows_written_ += rows.size();
  // Each table's changes written out once they are many; the monthly ones
  // gather far more records per key, so they wait longer.
  if (daily_dossier_deltas_.size() >= kPendingCountersFlushed) {
    if (absl::Status s = FlushDailyDossierCounts(); !s.ok()) return s;
  }
  if (monthly_dossier_deltas_.size() >= kPendingCountersFlushed) {
    if (absl::Status s = FlushMonthlyDossierCounts(); !s.ok()) return s;
  }
  return outcomes;
}

absl::StatusOr<std::vector<UpsertOutcome>> StatsStore::Transaction::PutPayments(
    const std::vector<PaymentRecord>& rows) {
  auto outcomes = UpsertRecords(
      lease_.get(), rows, PaymentId, SelectPayments, PaymentFrom, SamePayment,
      [this](const PaymentRecord& r, int64_t sign) { CountPayment(r, sign); },
      UpsertPayments, kPaymentColumnCount,
      [this](Statement* s, int at, const PaymentRecord& r) {
        BindRow(s, at, KeptText(r.transaction_id), KeptText(r.unit_code),
                KeptText(r.level), KeptText(r.paid_at), r.paid_day,
                r.amount_vnd, KeptText(PaymentStatusName(r.status)),
                KeptText(now_));
      },
      PaymentArrays());
  if (!outcomes.ok()) return outcomes;
  rows_written_ += rows.size();
  if (payment_deltas_.size() >= kPendingCountersFlushed) {
    if (absl::Status flushed = FlushPaymentCounts(); !flushed.ok()) {
      return flushed;
    }
  }
  return outcomes;
}

absl::Status StatsStore::Transaction::Commit() {
  if (absl::Status s = FlushDailyDossierCounts(); !s.ok()) return s;
  if (absl::Status s = FlushMonthlyDossierCounts(); !s.ok()) return s;
  if (absl::Status s = FlushPaymentCounts(); !s.ok()) return s;
  if (absl::Status s = tx_.Commit(); !s.ok()) return s;
  // A bulk load changes the tables' size enough for a server store to plan
  // the next indicator queries differently (PostgreSQL's autovacuum would
  // catch up only later). The import is committed either way.
  if (rows_written_ >= kBulkLoadRows) {
    lease_
        ->RefreshStatistics(
            "dossiers, payments, dossier_cubes_daily, "
            "dossier_cubes_monthly, dossier_subtree_cubes_monthly, "
            "dossier_subtree_units_monthly, payment_counts_daily, "
            "payment_counts_monthly")
        .IgnoreError();
  }
  return absl::OkStatus();
}

}  // namespace dtr::stats
