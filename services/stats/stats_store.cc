#include "services/stats/stats_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/dates.h"

namespace dtr::stats {
namespace {

// Enum columns of the counter tables hold the API's enum numbers
// (dtr.stats.v1.ServiceLevel, Channel, DossierStatus); the record tables
// hold their CSV names, to be read by people.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE dossiers (
  dossier_id     TEXT PRIMARY KEY,
  unit_code      TEXT NOT NULL,
  level          TEXT NOT NULL,
  procedure_code TEXT NOT NULL,
  received_at    TEXT NOT NULL,
  received_day   INTEGER NOT NULL,
  channel        TEXT NOT NULL,
  service_level  TEXT NOT NULL,
  digitized      INTEGER NOT NULL,
  status         TEXT NOT NULL,
  due_at         TEXT NOT NULL,
  finished_at    TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE payments (
  transaction_id TEXT PRIMARY KEY,
  unit_code      TEXT NOT NULL,
  level          TEXT NOT NULL,
  paid_at        TEXT NOT NULL,
  paid_day       INTEGER NOT NULL,
  amount_vnd     INTEGER NOT NULL,
  status         TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE dossier_counts_daily (
  unit_code     TEXT NOT NULL,
  day           INTEGER NOT NULL,
  level         TEXT NOT NULL,
  service_level INTEGER NOT NULL,
  channel       INTEGER NOT NULL,
  digitized     INTEGER NOT NULL,
  status        INTEGER NOT NULL,
  dossier_count INTEGER NOT NULL,
  PRIMARY KEY (unit_code, day, level, service_level, channel, digitized,
               status)
) WITHOUT ROWID;

CREATE TABLE dossier_counts_monthly (
  unit_code     TEXT NOT NULL,
  month         INTEGER NOT NULL,
  level         TEXT NOT NULL,
  service_level INTEGER NOT NULL,
  channel       INTEGER NOT NULL,
  digitized     INTEGER NOT NULL,
  status        INTEGER NOT NULL,
  dossier_count INTEGER NOT NULL,
  PRIMARY KEY (unit_code, month, level, service_level, channel, digitized,
               status)
) WITHOUT ROWID;

CREATE TABLE payment_counts_daily (
  unit_code  TEXT NOT NULL,
  day        INTEGER NOT NULL,
  level      TEXT NOT NULL,
  successful INTEGER NOT NULL,
  amount_vnd INTEGER NOT NULL,
  failed     INTEGER NOT NULL,
  PRIMARY KEY (unit_code, day, level)
) WITHOUT ROWID;

CREATE TABLE payment_counts_monthly (
  unit_code  TEXT NOT NULL,
  month      INTEGER NOT NULL,
  level      TEXT NOT NULL,
  successful INTEGER NOT NULL,
  amount_vnd INTEGER NOT NULL,
  failed     INTEGER NOT NULL,
  PRIMARY KEY (unit_code, month, level)
) WITHOUT ROWID;

CREATE INDEX dossier_counts_monthly_by_month
  ON dossier_counts_monthly (month);
CREATE INDEX payment_counts_monthly_by_month
  ON payment_counts_monthly (month);
)sql";

constexpr char kSelectDossier[] =
    "SELECT unit_code, level, procedure_code, received_at, received_day, "
    "channel, service_level, digitized, status, due_at, finished_at "
    "FROM dossiers WHERE dossier_id = ?";
constexpr char kUpsertDossier[] =
    "INSERT INTO dossiers (dossier_id, unit_code, level, procedure_code, "
    "received_at, received_day, channel, service_level, digitized, status, "
    "due_at, finished_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (dossier_id) DO UPDATE SET unit_code = excluded.unit_code, "
    "level = excluded.level, procedure_code = excluded.procedure_code, "
    "received_at = excluded.received_at, "
    "received_day = excluded.received_day, channel = excluded.channel, "
    "service_level = excluded.service_level, "
    "digitized = excluded.digitized, status = excluded.status, "
    "due_at = excluded.due_at, finished_at = excluded.finished_at, "
    "updated_at = excluded.updated_at";
constexpr char kSelectPayment[] =
    "SELECT unit_code, level, paid_at, paid_day, amount_vnd, status "
    "FROM payments WHERE transaction_id = ?";
constexpr char kUpsertPayment[] =
    "INSERT INTO payments (transaction_id, unit_code, level, paid_at, "
    "paid_day, amount_vnd, status, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (transaction_id) DO UPDATE SET "
    "unit_code = excluded.unit_code, level = excluded.level, "
    "paid_at = excluded.paid_at, paid_day = excluded.paid_day, "
    "amount_vnd = excluded.amount_vnd, status = excluded.status, "
    "updated_at = excluded.updated_at";

std::string DossierCountUpsert(absl::string_view table,
                               absl::string_view period) {
  return absl::StrCat(
      "INSERT INTO ", table, " (unit_code, ", period,
      ", level, service_level, channel, digitized, status, dossier_count) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_code, ",
      period,
      ", level, service_level, channel, digitized, status) DO UPDATE SET "
      "dossier_count = ",
      table, ".dossier_count + excluded.dossier_count");
}

std::string PaymentCountUpsert(absl::string_view table,
                               absl::string_view period) {
  return absl::StrCat(
      "INSERT INTO ", table, " (unit_code, ", period,
      ", level, successful, amount_vnd, failed) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (unit_code, ",
      period, ", level) DO UPDATE SET successful = ", table,
      ".successful + excluded.successful, amount_vnd = ", table,
      ".amount_vnd + excluded.amount_vnd, failed = ", table,
      ".failed + excluded.failed");
}

std::string DossierCountSelect(absl::string_view table,
                               absl::string_view period) {
  return absl::StrCat(
      "SELECT level, service_level, channel, digitized, status, "
      "dossier_count FROM ",
      table, " WHERE unit_code = ? AND ", period, " BETWEEN ? AND ?");
}

std::string PaymentCountSelect(absl::string_view table,
                               absl::string_view period) {
  return absl::StrCat("SELECT level, successful, amount_vnd, failed FROM ",
                      table, " WHERE unit_code = ? AND ", period,
                      " BETWEEN ? AND ?");
}

const std::string& UpsertDailyDossierCounts() {
  static const auto* sql =
      new std::string(DossierCountUpsert("dossier_counts_daily", "day"));
  return *sql;
}
const std::string& UpsertMonthlyDossierCounts() {
  static const auto* sql =
      new std::string(DossierCountUpsert("dossier_counts_monthly", "month"));
  return *sql;
}
const std::string& UpsertDailyPaymentCounts() {
  static const auto* sql =
      new std::string(PaymentCountUpsert("payment_counts_daily", "day"));
  return *sql;
}
const std::string& UpsertMonthlyPaymentCounts() {
  static const auto* sql =
      new std::string(PaymentCountUpsert("payment_counts_monthly", "month"));
  return *sql;
}

std::string Now() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                          absl::UTCTimeZone());
}

}  // namespace

const std::vector<Migration>& StatsStore::Migrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1, "dossiers, payments and counters", kSchemaV1}};
  return *migrations;
}

absl::StatusOr<std::unique_ptr<StatsStore::Transaction>>
StatsStore::BeginWrite() {
  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  std::unique_ptr<Transaction> tx(new Transaction(std::move(*lease), Now()));
  if (absl::Status s = tx->tx_.Begin(); !s.ok()) return s;
  return tx;
}

StatsStore::Transaction::Transaction(ConnectionLease lease, std::string now)
    : lease_(std::move(lease)), tx_(lease_.get()), now_(std::move(now)) {}

StatsStore::Transaction::~Transaction() = default;

void StatsStore::Transaction::CountDossier(const DossierRecord& r,
                                           int64_t sign) {
  DossierKey key{r.unit_code,     r.level,   r.received_day,
                 r.service_level, r.channel, r.digitized ? 1 : 0,
                 r.status};
  dossier_deltas_[std::move(key)] += sign;
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

absl::StatusOr<UpsertOutcome> StatsStore::Transaction::PutDossier(
    const DossierRecord& r) {
  Connection* conn = lease_.get();
  std::optional<DossierRecord> old;
  {
    auto select = conn->Prepare(kSelectDossier);
    if (!select.ok()) return select.status();
    (*select)->BindText(1, r.dossier_id);
    auto row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (*row) {
      const Statement& s = *select->get();
      DossierRecord o;
      o.dossier_id = r.dossier_id;
      o.unit_code = std::string(s.ColumnText(0));
      o.level = std::string(s.ColumnText(1));
      o.procedure_code = std::string(s.ColumnText(2));
      o.received_at = std::string(s.ColumnText(3));
      o.received_day = static_cast<int32_t>(s.ColumnInt(4));
      ParseChannel(s.ColumnText(5), &o.channel);
      ParseServiceLevel(s.ColumnText(6), &o.service_level);
      o.digitized = s.ColumnInt(7) != 0;
      ParseDossierStatus(s.ColumnText(8), &o.status);
      o.due_at = std::string(s.ColumnText(9));
      o.finished_at = std::string(s.ColumnText(10));
      old = std::move(o);
    }
  }
  if (old && old->unit_code == r.unit_code && old->level == r.level &&
      old->procedure_code == r.procedure_code &&
      old->received_at == r.received_at && old->channel == r.channel &&
      old->service_level == r.service_level && old->digitized == r.digitized &&
      old->status == r.status && old->due_at == r.due_at &&
      old->finished_at == r.finished_at) {
    return UpsertOutcome::kUnchanged;
  }
  auto upsert = conn->Prepare(kUpsertDossier);
  if (!upsert.ok()) return upsert.status();
  Statement* s = upsert->get();
  s->BindText(1, r.dossier_id);
  s->BindText(2, r.unit_code);
  s->BindText(3, r.level);
  s->BindText(4, r.procedure_code);
  s->BindText(5, r.received_at);
  s->BindInt(6, r.received_day);
  s->BindText(7, ChannelName(r.channel));
  s->BindText(8, ServiceLevelName(r.service_level));
  s->BindInt(9, r.digitized ? 1 : 0);
  s->BindText(10, DossierStatusName(r.status));
  s->BindText(11, r.due_at);
  s->BindText(12, r.finished_at);
  s->BindText(13, now_);
  if (auto done = s->Step(); !done.ok()) return done.status();
  if (old) CountDossier(*old, -1);
  CountDossier(r, +1);
  return old ? UpsertOutcome::kUpdated : UpsertOutcome::kCreated;
}

absl::StatusOr<UpsertOutcome> StatsStore::Transaction::PutPayment(
    const PaymentRecord& r) {
  Connection* conn = lease_.get();
  std::optional<PaymentRecord> old;
  {
    auto select = conn->Prepare(kSelectPayment);
    if (!select.ok()) return select.status();
    (*select)->BindText(1, r.transaction_id);
    auto row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (*row) {
      const Statement& s = *select->get();
      PaymentRecord o;
      o.transaction_id = r.transaction_id;
      o.unit_code = std::string(s.ColumnText(0));
      o.level = std::string(s.ColumnText(1));
      o.paid_at = std::string(s.ColumnText(2));
      o.paid_day = static_cast<int32_t>(s.ColumnInt(3));
      o.amount_vnd = s.ColumnInt(4);
      ParsePaymentStatus(s.ColumnText(5), &o.status);
      old = std::move(o);
    }
  }
  if (old && old->unit_code == r.unit_code && old->level == r.level &&
      old->paid_at == r.paid_at && old->amount_vnd == r.amount_vnd &&
      old->status == r.status) {
    return UpsertOutcome::kUnchanged;
  }
  auto upsert = conn->Prepare(kUpsertPayment);
  if (!upsert.ok()) return upsert.status();
  Statement* s = upsert->get();
  s->BindText(1, r.transaction_id);
  s->BindText(2, r.unit_code);
  s->BindText(3, r.level);
  s->BindText(4, r.paid_at);
  s->BindInt(5, r.paid_day);
  s->BindInt(6, r.amount_vnd);
  s->BindText(7, PaymentStatusName(r.status));
  s->BindText(8, now_);
  if (auto done = s->Step(); !done.ok()) return done.status();
  if (old) CountPayment(*old, -1);
  CountPayment(r, +1);
  return old ? UpsertOutcome::kUpdated : UpsertOutcome::kCreated;
}

absl::Status StatsStore::Transaction::FlushDossierCounts() {
  Connection* conn = lease_.get();
  absl::flat_hash_map<DossierKey, int64_t> monthly;
  auto daily = conn->Prepare(UpsertDailyDossierCounts());
  if (!daily.ok()) return daily.status();
  for (const auto& [key, delta] : dossier_deltas_) {
    if (delta == 0) continue;
    DossierKey month_key = key;
    month_key.day = key.day / 100;
    monthly[std::move(month_key)] += delta;
    Statement* s = daily->get();
    s->BindText(1, key.unit_code);
    s->BindInt(2, key.day);
    s->BindText(3, key.level);
    s->BindInt(4, key.service_level);
    s->BindInt(5, key.channel);
    s->BindInt(6, key.digitized);
    s->BindInt(7, key.status);
    s->BindInt(8, delta);
    if (auto done = s->Step(); !done.ok()) return done.status();
    s->Reset();
  }
  auto month = conn->Prepare(UpsertMonthlyDossierCounts());
  if (!month.ok()) return month.status();
  for (const auto& [key, delta] : monthly) {
    if (delta == 0) continue;
    Statement* s = month->get();
    s->BindText(1, key.unit_code);
    s->BindInt(2, key.day);
    s->BindText(3, key.level);
    s->BindInt(4, key.service_level);
    s->BindInt(5, key.channel);
    s->BindInt(6, key.digitized);
    s->BindInt(7, key.status);
    s->BindInt(8, delta);
    if (auto done = s->Step(); !done.ok()) return done.status();
    s->Reset();
  }
  return absl::OkStatus();
}

absl::Status StatsStore::Transaction::FlushPaymentCounts() {
  Connection* conn = lease_.get();
  absl::flat_hash_map<PaymentKey, PaymentDelta> monthly;
  auto daily = conn->Prepare(UpsertDailyPaymentCounts());
  if (!daily.ok()) return daily.status();
  for (const auto& [key, delta] : payment_deltas_) {
    if (delta.successful == 0 && delta.amount_vnd == 0 && delta.failed == 0) {
      continue;
    }
    PaymentDelta& m =
        monthly[PaymentKey{key.unit_code, key.level, key.day / 100}];
    m.successful += delta.successful;
    m.amount_vnd += delta.amount_vnd;
    m.failed += delta.failed;
    Statement* s = daily->get();
    s->BindText(1, key.unit_code);
    s->BindInt(2, key.day);
    s->BindText(3, key.level);
    s->BindInt(4, delta.successful);
    s->BindInt(5, delta.amount_vnd);
    s->BindInt(6, delta.failed);
    if (auto done = s->Step(); !done.ok()) return done.status();
    s->Reset();
  }
  auto month = conn->Prepare(UpsertMonthlyPaymentCounts());
  if (!month.ok()) return month.status();
  for (const auto& [key, delta] : monthly) {
    Statement* s = month->get();
    s->BindText(1, key.unit_code);
    s->BindInt(2, key.day);
    s->BindText(3, key.level);
    s->BindInt(4, delta.successful);
    s->BindInt(5, delta.amount_vnd);
    s->BindInt(6, delta.failed);
    if (auto done = s->Step(); !done.ok()) return done.status();
    s->Reset();
  }
  return absl::OkStatus();
}

absl::Status StatsStore::Transaction::Commit() {
  if (absl::Status s = FlushDossierCounts(); !s.ok()) return s;
  if (absl::Status s = FlushPaymentCounts(); !s.ok()) return s;
  return tx_.Commit();
}

absl::Status StatsStore::ReadCounts(
    const std::vector<SubtreeMember>& members,
    absl::flat_hash_map<std::string, LevelCounts>* by_level) {
  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  Connection* conn = lease->get();
  // One read transaction, so that every unit is read from the same state.
  ReadTransaction read(conn);
  if (absl::Status s = read.Begin(); !s.ok()) return s;

  static const std::string* kDossierDaily =
      new std::string(DossierCountSelect("dossier_counts_daily", "day"));
  static const std::string* kDossierMonthly =
      new std::string(DossierCountSelect("dossier_counts_monthly", "month"));
  static const std::string* kPaymentDaily =
      new std::string(PaymentCountSelect("payment_counts_daily", "day"));
  static const std::string* kPaymentMonthly =
      new std::string(PaymentCountSelect("payment_counts_monthly", "month"));

  // Cached per level name, so rows of one level share a lookup.
  std::string last_level;
  LevelCounts* last_counts = nullptr;
  auto counts_of = [&](absl::string_view level) {
    if (last_counts == nullptr || level != last_level) {
      last_level = std::string(level);
      last_counts = &(*by_level)[last_level];
    }
    return last_counts;
  };

  for (const SubtreeMember& member : members) {
    const MonthSplit split = SplitIntoMonths(member.days);
    struct Part {
      const std::optional<DayRange>& days;
      bool monthly;
    };
    for (const Part& part :
         {Part{split.leading_days, false}, Part{split.whole_months, true},
          Part{split.trailing_days, false}}) {
      if (!part.days) continue;
      const int64_t from = part.monthly ? MonthNumber(part.days->first)
                                        : DayNumber(part.days->first);
      const int64_t to = part.monthly ? MonthNumber(part.days->last)
                                      : DayNumber(part.days->last);
      {
        auto q =
            conn->Prepare(part.monthly ? *kDossierMonthly : *kDossierDaily);
        if (!q.ok()) return q.status();
        (*q)->BindText(1, member.code);
        (*q)->BindInt(2, from);
        (*q)->BindInt(3, to);
        while (true) {
          auto row = (*q)->Step();
          if (!row.ok()) return row.status();
          if (!*row) break;
          counts_of((*q)->ColumnText(0))
              ->dossiers.Add(static_cast<int>((*q)->ColumnInt(1)),
                             static_cast<int>((*q)->ColumnInt(2)),
                             static_cast<int>((*q)->ColumnInt(3)),
                             static_cast<int>((*q)->ColumnInt(4)),
                             (*q)->ColumnInt(5));
        }
      }
      {
        auto q =
            conn->Prepare(part.monthly ? *kPaymentMonthly : *kPaymentDaily);
        if (!q.ok()) return q.status();
        (*q)->BindText(1, member.code);
        (*q)->BindInt(2, from);
        (*q)->BindInt(3, to);
        while (true) {
          auto row = (*q)->Step();
          if (!row.ok()) return row.status();
          if (!*row) break;
          PaymentCounts& p = counts_of((*q)->ColumnText(0))->payments;
          const int64_t successful = (*q)->ColumnInt(1);
          p.successful += successful;
          p.amount_vnd += (*q)->ColumnInt(2);
          p.failed += (*q)->ColumnInt(3);
          if (successful > 0) p.paying_units.insert(member.code);
        }
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<absl::CivilDay>> StatsStore::LatestMonth() {
  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  // Counters that records moved away from stay at zero: only non-zero ones
  // say a month has data.
  auto q = (*lease)->Prepare(
      "SELECT MAX(month) FROM ("
      " SELECT MAX(month) AS month FROM dossier_counts_monthly"
      "  WHERE dossier_count > 0"
      " UNION ALL"
      " SELECT MAX(month) FROM payment_counts_monthly"
      "  WHERE successful > 0 OR failed > 0) AS latest");
  if (!q.ok()) return q.status();
  auto row = (*q)->Step();
  if (!row.ok()) return row.status();
  if (!*row || (*q)->ColumnIsNull(0)) return std::optional<absl::CivilDay>();
  const int64_t month = (*q)->ColumnInt(0);
  return std::optional<absl::CivilDay>(absl::CivilDay(
      static_cast<int>(month / 100), static_cast<int>(month % 100), 1));
}

}  // namespace dtr::stats
