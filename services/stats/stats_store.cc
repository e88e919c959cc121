#include "services/stats/stats_store.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/batch_sql.h"
#include "common/dates.h"
#include "common/store_retry.h"
#include "services/stats/dossier_cube.h"

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

constexpr char kDossierColumns[] =
    "dossier_id, unit_code, level, procedure_code, received_at, received_day, "
    "channel, service_level, digitized, status, due_at, finished_at, "
    "updated_at";
constexpr size_t kDossierColumnCount = 13;
constexpr char kPaymentColumns[] =
    "transaction_id, unit_code, level, paid_at, paid_day, amount_vnd, status, "
    "updated_at";
constexpr size_t kPaymentColumnCount = 8;
// Rows of one import written together (cut further into statements).
constexpr size_t kRowsPerRun = 1024;
// Counter changes an import holds before it writes them out: a national
// import touches millions of (unit, day, kind) counters, which would
// otherwise all sit in memory until the commit.
constexpr size_t kPendingCountersFlushed = 1 << 16;
// Rows one transaction writes that make it a bulk load.
constexpr size_t kBulkLoadRows = 100'000;

// The SQL for `rows` rows, built once per size and kept: sizes are powers
// of two (batch_sql.h), so a handful. One cache per kind of statement
// (each `build` lambda is its own type).
template <typename Build>
const std::string& SqlForRows(size_t rows, Build build) {
  static absl::Mutex mu;
  static auto* cache = new absl::flat_hash_map<size_t, std::string>();
  absl::MutexLock lock(&mu);
  auto it = cache->find(rows);
  if (it == cache->end()) it = cache->emplace(rows, build(rows)).first;
  return it->second;
}

const std::string& SelectDossiers(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return absl::StrCat("SELECT ", kDossierColumns,
                        " FROM dossiers WHERE dossier_id IN (",
                        ListPlaceholders(n), ")");
  });
}

const std::string& UpsertDossiers(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return absl::StrCat(
        "INSERT INTO dossiers (", kDossierColumns, ") VALUES ",
        ValuesPlaceholders(n, kDossierColumnCount),
        " ON CONFLICT (dossier_id) DO UPDATE SET "
        "unit_code = excluded.unit_code, level = excluded.level, "
        "procedure_code = excluded.procedure_code, "
        "received_at = excluded.received_at, "
        "received_day = excluded.received_day, channel = excluded.channel, "
        "service_level = excluded.service_level, "
        "digitized = excluded.digitized, status = excluded.status, "
        "due_at = excluded.due_at, finished_at = excluded.finished_at, "
        "updated_at = excluded.updated_at");
  });
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
    return absl::StrCat(
        "INSERT INTO payments (", kPaymentColumns, ") VALUES ",
        ValuesPlaceholders(n, kPaymentColumnCount),
        " ON CONFLICT (transaction_id) DO UPDATE SET "
        "unit_code = excluded.unit_code, level = excluded.level, "
        "paid_at = excluded.paid_at, paid_day = excluded.paid_day, "
        "amount_vnd = excluded.amount_vnd, status = excluded.status, "
        "updated_at = excluded.updated_at");
  });
}

// Counter upserts add their deltas to what is there.
std::string DossierCountUpsert(absl::string_view table,
                               absl::string_view period, size_t rows) {
  return absl::StrCat(
      "INSERT INTO ", table, " (unit_code, ", period,
      ", level, service_level, channel, digitized, status, dossier_count) "
      "VALUES ",
      ValuesPlaceholders(rows, 8), " ON CONFLICT (unit_code, ", period,
      ", level, service_level, channel, digitized, status) DO UPDATE SET "
      "dossier_count = ",
      table, ".dossier_count + excluded.dossier_count");
}

std::string PaymentCountUpsert(absl::string_view table,
                               absl::string_view period, size_t rows) {
  return absl::StrCat("INSERT INTO ", table, " (unit_code, ", period,
                      ", level, successful, amount_vnd, failed) VALUES ",
                      ValuesPlaceholders(rows, 6), " ON CONFLICT (unit_code, ",
                      period, ", level) DO UPDATE SET successful = ", table,
                      ".successful + excluded.successful, amount_vnd = ", table,
                      ".amount_vnd + excluded.amount_vnd, failed = ", table,
                      ".failed + excluded.failed");
}

const std::string& UpsertDossierCounts(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return DossierCountUpsert("dossier_counts_daily", "day", n);
  });
}

// A cube's new value replaces the old: the sum is made by the writer, which
// holds the write lock.
const std::string& UpsertDossierCubes(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return absl::StrCat(
        "INSERT INTO dossier_cubes_monthly (unit_code, month, level, cells) "
        "VALUES ",
        ValuesPlaceholders(n, 4),
        " ON CONFLICT (unit_code, month, level) DO UPDATE SET "
        "cells = excluded.cells");
  });
}

// Every unit's cubes over a range of months: for a server store asked for
// most of the tree (the country), one scan beats a primary-key lookup per
// unit (PostgreSQL: 27 ms against 120 for 3,355 units).
constexpr char kSelectAllDossierCubes[] =
    "SELECT unit_code, month, level, cells FROM dossier_cubes_monthly "
    "WHERE month BETWEEN ? AND ?";
constexpr size_t kScanUnitsAbove = 1024;

// The cubes of `units` units over a range of months, with their keys.
const std::string& SelectDossierCubes(size_t units) {
  return SqlForRows(units, [](size_t n) {
    return absl::StrCat(
        "SELECT unit_code, month, level, cells FROM dossier_cubes_monthly "
        "WHERE unit_code IN (",
        ListPlaceholders(n), ") AND month BETWEEN ? AND ?");
  });
}

const std::string& UpsertPaymentCounts(bool monthly, size_t rows) {
  if (monthly) {
    return SqlForRows(rows, [](size_t n) {
      return PaymentCountUpsert("payment_counts_monthly", "month", n);
    });
  }
  return SqlForRows(rows, [](size_t n) {
    return PaymentCountUpsert("payment_counts_daily", "day", n);
  });
}

// The counters of `units` units over a range of days or months. `summed`:
// added up by the store (over the units for dossiers; per unit for
// payments, where a paying unit counts once), so that a server store sends
// a few hundred rows rather than every counter; otherwise as stored.
std::string DossierCountSelect(absl::string_view table,
                               absl::string_view period, size_t units,
                               bool summed) {
  return absl::StrCat(
      "SELECT level, service_level, channel, digitized, status, ",
      summed ? "SUM(dossier_count)" : "dossier_count", " FROM ", table,
      " WHERE unit_code IN (", ListPlaceholders(units), ") AND ", period,
      " BETWEEN ? AND ?",
      summed ? " GROUP BY level, service_level, channel, digitized, status"
             : "");
}

std::string PaymentCountSelect(absl::string_view table,
                               absl::string_view period, size_t units,
                               bool summed) {
  return absl::StrCat("SELECT unit_code, level, ",
                      summed ? "SUM(successful), SUM(amount_vnd), SUM(failed)"
                             : "successful, amount_vnd, failed",
                      " FROM ", table, " WHERE unit_code IN (",
                      ListPlaceholders(units), ") AND ", period,
                      " BETWEEN ? AND ?",
                      summed ? " GROUP BY unit_code, level" : "");
}

const std::string& SelectDossierCounts(size_t units, bool summed) {
  if (summed) {
    return SqlForRows(units, [](size_t n) {
      return DossierCountSelect("dossier_counts_daily", "day", n, true);
    });
  }
  return SqlForRows(units, [](size_t n) {
    return DossierCountSelect("dossier_counts_daily", "day", n, false);
  });
}

const std::string& SelectPaymentCounts(bool monthly, size_t units,
                                       bool summed) {
  if (monthly && summed) {
    return SqlForRows(units, [](size_t n) {
      return PaymentCountSelect("payment_counts_monthly", "month", n, true);
    });
  }
  if (monthly) {
    return SqlForRows(units, [](size_t n) {
      return PaymentCountSelect("payment_counts_monthly", "month", n, false);
    });
  }
  if (summed) {
    return SqlForRows(units, [](size_t n) {
      return PaymentCountSelect("payment_counts_daily", "day", n, true);
    });
  }
  return SqlForRows(units, [](size_t n) {
    return PaymentCountSelect("payment_counts_daily", "day", n, false);
  });
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
  return o;
}

bool SameDossier(const DossierRecord& a, const DossierRecord& b) {
  return a.unit_code == b.unit_code && a.level == b.level &&
         a.procedure_code == b.procedure_code &&
         a.received_at == b.received_at && a.channel == b.channel &&
         a.service_level == b.service_level && a.digitized == b.digitized &&
         a.status == b.status && a.due_at == b.due_at &&
         a.finished_at == b.finished_at;
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

// Runs of rows with no id twice, at most kRowsPerRun long, so that no
// statement touches a row twice: [begin, end) pairs.
template <typename Record, typename Id>
std::vector<std::pair<size_t, size_t>> Runs(const std::vector<Record>& rows,
                                            Id id) {
  std::vector<std::pair<size_t, size_t>> runs;
  size_t begin = 0;
  while (begin < rows.size()) {
    absl::flat_hash_set<absl::string_view> seen;
    size_t end = begin;
    while (end < rows.size() && end - begin < kRowsPerRun &&
           seen.insert(id(rows[end])).second) {
      ++end;
    }
    runs.emplace_back(begin, end);
    begin = end;
  }
  return runs;
}

// Reads the stored versions of rows [begin, end) by id into `out`.
template <typename Record, typename Id, typename SelectSql, typename From>
absl::Status ReadStored(Connection* conn, const std::vector<Record>& rows,
                        size_t begin, size_t end, Id id, SelectSql sql,
                        From from,
                        absl::flat_hash_map<std::string, Record>* out) {
  size_t next = begin;
  for (size_t piece : PowerOfTwoPieces(end - begin)) {
    auto q = conn->Prepare(sql(piece));
    if (!q.ok()) return q.status();
    for (size_t i = 0; i < piece; ++i) {
      (*q)->BindText(static_cast<int>(i + 1), id(rows[next + i]));
    }
    next += piece;
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      Record r = from(*q->get());
      std::string key = id(r);
      out->emplace(std::move(key), std::move(r));
    }
  }
  return absl::OkStatus();
}

// Writes `changed` with multi-row upserts; `bind` binds one record at a
// 1-based parameter offset.
template <typename Record, typename UpsertSql, typename Bind>
absl::Status WriteAll(Connection* conn,
                      const std::vector<const Record*>& changed, UpsertSql sql,
                      size_t columns, Bind bind) {
  size_t next = 0;
  for (size_t piece : PowerOfTwoPieces(changed.size())) {
    auto q = conn->Prepare(sql(piece));
    if (!q.ok()) return q.status();
    for (size_t i = 0; i < piece; ++i) {
      bind(q->get(), static_cast<int>(i * columns + 1), *changed[next + i]);
    }
    next += piece;
    if (auto done = (*q)->Step(); !done.ok()) return done.status();
  }
  return absl::OkStatus();
}

// Writes a batch of records of one kind: reads the stored versions of a
// run, leaves the unchanged ones, counts each change out of its old
// counters (`count(record, -1)`) and into its new ones, and writes the
// changed rows. The outcome of each record, in order.
template <typename Record, typename Id, typename SelectSql, typename From,
          typename Same, typename Count, typename UpsertSql, typename Bind>
absl::StatusOr<std::vector<UpsertOutcome>> UpsertRecords(
    Connection* conn, const std::vector<Record>& rows, Id id, SelectSql select,
    From from, Same same, Count count, UpsertSql upsert, size_t columns,
    Bind bind) {
  std::vector<UpsertOutcome> outcomes(rows.size());
  for (const auto& [begin, end] : Runs(rows, id)) {
    absl::flat_hash_map<std::string, Record> stored;
    if (absl::Status s =
            ReadStored(conn, rows, begin, end, id, select, from, &stored);
        !s.ok()) {
      return s;
    }
    std::vector<const Record*> changed;
    for (size_t i = begin; i < end; ++i) {
      auto old = stored.find(id(rows[i]));
      if (old != stored.end() && same(old->second, rows[i])) {
        outcomes[i] = UpsertOutcome::kUnchanged;
        continue;
      }
      outcomes[i] = old == stored.end() ? UpsertOutcome::kCreated
                                        : UpsertOutcome::kUpdated;
      if (old != stored.end()) count(old->second, -1);
      count(rows[i], +1);
      changed.push_back(&rows[i]);
    }
    if (absl::Status s = WriteAll(conn, changed, upsert, columns, bind);
        !s.ok()) {
      return s;
    }
  }
  return outcomes;
}

std::string Now() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                          absl::UTCTimeZone());
}

}  // namespace

namespace {

// The monthly dossier counters as one cube a unit, month and level
// (dossier_cube.h); the counters of version 1 are moved into them.
constexpr char kSchemaV2[] = R"sql(
CREATE TABLE dossier_cubes_monthly (
  unit_code TEXT NOT NULL,
  month     INTEGER NOT NULL,
  level     TEXT NOT NULL,
  cells     BLOB NOT NULL,
  PRIMARY KEY (unit_code, month, level)
) WITHOUT ROWID;

CREATE INDEX dossier_cubes_monthly_by_month
  ON dossier_cubes_monthly (month);
)sql";

absl::Status MoveMonthlyCountsIntoCubes(Connection* conn) {
  // A unit at a time: a national store has millions of counters, which a
  // server store would otherwise send in one result.
  std::vector<std::string> units;
  {
    auto q = conn->Prepare(
        "SELECT DISTINCT unit_code FROM dossier_counts_monthly "
        "ORDER BY unit_code");
    if (!q.ok()) return q.status();
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      units.emplace_back((*q)->ColumnText(0));
    }
  }
  auto rows = conn->Prepare(
      "SELECT month, level, service_level, channel, digitized, status, "
      "dossier_count FROM dossier_counts_monthly WHERE unit_code = ? "
      "ORDER BY month, level");
  if (!rows.ok()) return rows.status();
  auto insert = conn->Prepare(
      "INSERT INTO dossier_cubes_monthly (unit_code, month, level, cells) "
      "VALUES (?, ?, ?, ?)");
  if (!insert.ok()) return insert.status();
  for (const std::string& unit : units) {
    std::string level;
    int64_t month = -1;
    DossierCounts cube;
    auto write = [&]() -> absl::Status {
      if (month < 0) return absl::OkStatus();
      ScopedStatement& q = *insert;
      q->Reset();
      q->BindText(1, unit);
      q->BindInt(2, month);
      q->BindText(3, level);
      q->BindBlob(4, EncodeDossierCube(cube));
      return q->Step().status();
    };
    (*rows)->Reset();
    (*rows)->BindText(1, unit);
    while (true) {
      auto row = (*rows)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      const auto* q = rows->get();
      if (q->ColumnInt(0) != month || q->ColumnText(1) != level) {
        if (absl::Status s = write(); !s.ok()) return s;
        month = q->ColumnInt(0);
        level = std::string(q->ColumnText(1));
        cube = DossierCounts();
      }
      cube.Add(static_cast<int>(q->ColumnInt(2)),
               static_cast<int>(q->ColumnInt(3)),
               static_cast<int>(q->ColumnInt(4)),
               static_cast<int>(q->ColumnInt(5)), q->ColumnInt(6));
    }
    if (absl::Status s = write(); !s.ok()) return s;
  }
  return conn->Execute("DROP TABLE dossier_counts_monthly");
}

}  // namespace

const std::vector<Migration>& StatsStore::Migrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1, "dossiers, payments and counters", kSchemaV1},
      {2, "monthly dossier counters as cubes", kSchemaV2, "",
       MoveMonthlyCountsIntoCubes}};
  return *migrations;
}

absl::StatusOr<std::unique_ptr<StatsStore::Transaction>>
StatsStore::BeginWrite() {
  return RetryTransient(
      [&]() -> absl::StatusOr<std::unique_ptr<StatsStore::Transaction>> {
        auto lease = db_->Acquire();
        if (!lease.ok()) return lease.status();
        std::unique_ptr<Transaction> tx(
            new Transaction(std::move(*lease), Now()));
        if (absl::Status s = tx->tx_.Begin(); !s.ok()) return s;
        return tx;
      });
}

StatsStore::Transaction::Transaction(ConnectionLease lease, std::string now)
    : lease_(std::move(lease)), tx_(lease_.get()), now_(std::move(now)) {}

StatsStore::Transaction::~Transaction() = default;

void StatsStore::Transaction::CountDossier(const DossierRecord& r,
                                           int64_t sign) {
  DossierKey key{r.unit_code,     r.level,   r.received_day,
                 r.service_level, r.channel, r.digitized ? 1 : 0,
                 r.status};
  daily_dossier_deltas_[key] += sign;
  key.day = r.received_day / 100;  // yyyymm
  monthly_dossier_deltas_[std::move(key)] += sign;
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
      lease_.get(), rows,
      [](const DossierRecord& r) -> const std::string& { return r.dossier_id; },
      SelectDossiers, DossierFrom, SameDossier,
      [this](const DossierRecord& r, int64_t sign) { CountDossier(r, sign); },
      UpsertDossiers, kDossierColumnCount,
      [this](Statement* s, int at, const DossierRecord& r) {
        s->BindText(at, r.dossier_id);
        s->BindText(at + 1, r.unit_code);
        s->BindText(at + 2, r.level);
        s->BindText(at + 3, r.procedure_code);
        s->BindText(at + 4, r.received_at);
        s->BindInt(at + 5, r.received_day);
        s->BindText(at + 6, ChannelName(r.channel));
        s->BindText(at + 7, ServiceLevelName(r.service_level));
        s->BindInt(at + 8, r.digitized ? 1 : 0);
        s->BindText(at + 9, DossierStatusName(r.status));
        s->BindText(at + 10, r.due_at);
        s->BindText(at + 11, r.finished_at);
        s->BindText(at + 12, now_);
      });
  if (!outcomes.ok()) return outcomes;
  rows_written_ += rows.size();
  // Each table's changes written out once they are many; the monthly ones
  // gather far more records per key, so they wait longer.
  for (bool is_monthly : {false, true}) {
    const auto& deltas =
        is_monthly ? monthly_dossier_deltas_ : daily_dossier_deltas_;
    if (deltas.size() >= kPendingCountersFlushed) {
      if (absl::Status flushed = FlushDossierCounts(is_monthly);
          !flushed.ok()) {
        return flushed;
      }
    }
  }
  return outcomes;
}

absl::StatusOr<std::vector<UpsertOutcome>> StatsStore::Transaction::PutPayments(
    const std::vector<PaymentRecord>& rows) {
  auto outcomes = UpsertRecords(
      lease_.get(), rows,
      [](const PaymentRecord& r) -> const std::string& {
        return r.transaction_id;
      },
      SelectPayments, PaymentFrom, SamePayment,
      [this](const PaymentRecord& r, int64_t sign) { CountPayment(r, sign); },
      UpsertPayments, kPaymentColumnCount,
      [this](Statement* s, int at, const PaymentRecord& r) {
        s->BindText(at, r.transaction_id);
        s->BindText(at + 1, r.unit_code);
        s->BindText(at + 2, r.level);
        s->BindText(at + 3, r.paid_at);
        s->BindInt(at + 4, r.paid_day);
        s->BindInt(at + 5, r.amount_vnd);
        s->BindText(at + 6, PaymentStatusName(r.status));
        s->BindText(at + 7, now_);
      });
  if (!outcomes.ok()) return outcomes;
  rows_written_ += rows.size();
  if (payment_deltas_.size() >= kPendingCountersFlushed) {
    if (absl::Status flushed = FlushPaymentCounts(); !flushed.ok()) {
      return flushed;
    }
  }
  return outcomes;
}

absl::Status StatsStore::Transaction::FlushDossierCounts(bool is_monthly) {
  if (is_monthly) return FlushDossierCubes();
  auto& deltas = daily_dossier_deltas_;
  // In key order: the counters' B-trees are then written page after page
  // rather than all over, which matters once they outgrow the cache.
  std::vector<const std::pair<const DossierKey, int64_t>*> rows;
  rows.reserve(deltas.size());
  for (const auto& row : deltas) {
    if (row.second != 0) rows.push_back(&row);
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  const auto bind = [](Statement* s, int at,
                       const std::pair<const DossierKey, int64_t>& row) {
    const DossierKey& key = row.first;
    s->BindText(at, key.unit_code);
    s->BindInt(at + 1, key.day);
    s->BindText(at + 2, key.level);
    s->BindInt(at + 3, key.service_level);
    s->BindInt(at + 4, key.channel);
    s->BindInt(at + 5, key.digitized);
    s->BindInt(at + 6, key.status);
    s->BindInt(at + 7, row.second);
  };
  if (absl::Status s = WriteAll(
          lease_.get(), rows,
          [](size_t n) -> const std::string& { return UpsertDossierCounts(n); },
          8, bind);
      !s.ok()) {
    return s;
  }
  deltas.clear();
  return absl::OkStatus();
}

absl::Status StatsStore::Transaction::FlushDossierCubes() {
  // In key order: the deltas of one cube (unit, month, level) are then
  // adjacent, and the cubes are read and written page after page.
  std::vector<const std::pair<const DossierKey, int64_t>*> deltas;
  deltas.reserve(monthly_dossier_deltas_.size());
  for (const auto& row : monthly_dossier_deltas_) {
    if (row.second != 0) deltas.push_back(&row);
  }
  std::sort(deltas.begin(), deltas.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  struct Cube {
    const DossierKey* key;  // its unit_code, day (the month) and level
    DossierCounts counts;
    std::string unknown;  // stored cells of a newer binary, kept
    std::string cells;
  };
  std::vector<Cube> batch;
  batch.reserve(kMaxRowsPerStatement);
  Connection* conn = lease_.get();
  // Reads the stored cubes of the batch, adds them in, writes them back.
  auto write_batch = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    std::vector<const std::string*> units;
    int32_t first_month = batch.front().key->day, last_month = first_month;
    for (const Cube& c : batch) {
      if (units.empty() || *units.back() != c.key->unit_code) {
        units.push_back(&c.key->unit_code);
      }
      first_month = std::min(first_month, c.key->day);
      last_month = std::max(last_month, c.key->day);
    }
    // The batch's units over its months: a few more cubes than it has,
    // fetched by the primary key's prefix.
    absl::flat_hash_map<
        std::tuple<absl::string_view, int32_t, absl::string_view>, Cube*>
        by_key;
    for (Cube& c : batch) {
      by_key[{c.key->unit_code, c.key->day, c.key->level}] = &c;
    }
    size_t next = 0;
    for (size_t piece : PowerOfTwoPieces(units.size())) {
      auto q = conn->Prepare(SelectDossierCubes(piece));
      if (!q.ok()) return q.status();
      for (size_t i = 0; i < piece; ++i) {
        (*q)->BindText(static_cast<int>(i + 1), *units[next + i]);
      }
      (*q)->BindInt(static_cast<int>(piece + 1), first_month);
      (*q)->BindInt(static_cast<int>(piece + 2), last_month);
      next += piece;
      while (true) {
        auto row = (*q)->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        auto it = by_key.find({(*q)->ColumnText(0),
                               static_cast<int32_t>((*q)->ColumnInt(1)),
                               (*q)->ColumnText(2)});
        if (it == by_key.end()) continue;
        if (!AddDossierCube((*q)->ColumnBlob(3), &it->second->counts,
                            &it->second->unknown)) {
          return absl::DataLossError(absl::StrCat(
              "store: the counters of ", it->second->key->unit_code, " for ",
              it->second->key->day, " are unreadable"));
        }
      }
    }
    std::vector<const Cube*> rows;
    for (Cube& c : batch) {
      c.cells = EncodeDossierCube(c.counts, c.unknown);
      rows.push_back(&c);
    }
    if (absl::Status s = WriteAll(
            conn, rows,
            [](size_t n) -> const std::string& {
              return UpsertDossierCubes(n);
            },
            4,
            [](Statement* s, int at, const Cube& c) {
              s->BindText(at, c.key->unit_code);
              s->BindInt(at + 1, c.key->day);
              s->BindText(at + 2, c.key->level);
              s->BindBlob(at + 3, c.cells);
            });
        !s.ok()) {
      return s;
    }
    batch.clear();
    return absl::OkStatus();
  };
  for (const auto* delta : deltas) {
    const DossierKey& key = delta->first;
    if (batch.empty() || batch.back().key->unit_code != key.unit_code ||
        batch.back().key->day != key.day ||
        batch.back().key->level != key.level) {
      if (batch.size() == kMaxRowsPerStatement) {
        if (absl::Status s = write_batch(); !s.ok()) return s;
      }
      batch.push_back(Cube{&key, DossierCounts(), "", ""});
    }
    batch.back().counts.Add(key.service_level, key.channel, key.digitized,
                            key.status, delta->second);
  }
  if (absl::Status s = write_batch(); !s.ok()) return s;
  monthly_dossier_deltas_.clear();
  return absl::OkStatus();
}

absl::Status StatsStore::Transaction::FlushPaymentCounts() {
  absl::flat_hash_map<PaymentKey, PaymentDelta> monthly;
  std::vector<std::pair<const PaymentKey*, PaymentDelta>> daily;
  for (const auto& [key, delta] : payment_deltas_) {
    if (delta.successful == 0 && delta.amount_vnd == 0 && delta.failed == 0) {
      continue;
    }
    PaymentDelta& m =
        monthly[PaymentKey{key.unit_code, key.level, key.day / 100}];
    m.successful += delta.successful;
    m.amount_vnd += delta.amount_vnd;
    m.failed += delta.failed;
    daily.emplace_back(&key, delta);
  }
  std::vector<std::pair<const PaymentKey*, PaymentDelta>> by_month;
  for (const auto& [key, delta] : monthly) by_month.emplace_back(&key, delta);
  const auto bind = [](Statement* s, int at,
                       const std::pair<const PaymentKey*, PaymentDelta>& row) {
    s->BindText(at, row.first->unit_code);
    s->BindInt(at + 1, row.first->day);
    s->BindText(at + 2, row.first->level);
    s->BindInt(at + 3, row.second.successful);
    s->BindInt(at + 4, row.second.amount_vnd);
    s->BindInt(at + 5, row.second.failed);
  };
  for (bool is_monthly : {false, true}) {
    const auto& rows = is_monthly ? by_month : daily;
    std::vector<const std::pair<const PaymentKey*, PaymentDelta>*> all;
    all.reserve(rows.size());
    for (const auto& row : rows) all.push_back(&row);
    if (absl::Status s = WriteAll(
            lease_.get(), all,
            [is_monthly](size_t n) -> const std::string& {
              return UpsertPaymentCounts(is_monthly, n);
            },
            6, bind);
        !s.ok()) {
      return s;
    }
  }
  payment_deltas_.clear();
  return absl::OkStatus();
}

absl::Status StatsStore::Transaction::Commit() {
  if (absl::Status s = FlushDossierCounts(false); !s.ok()) return s;
  if (absl::Status s = FlushDossierCounts(true); !s.ok()) return s;
  if (absl::Status s = FlushPaymentCounts(); !s.ok()) return s;
  if (absl::Status s = tx_.Commit(); !s.ok()) return s;
  // A bulk load changes the tables' size enough for a server store to plan
  // the next indicator queries differently (PostgreSQL's autovacuum would
  // catch up only later). The import is committed either way.
  if (rows_written_ >= kBulkLoadRows) {
    lease_
        ->RefreshStatistics(
            "dossiers, payments, dossier_counts_daily, "
            "dossier_cubes_monthly, payment_counts_daily, "
            "payment_counts_monthly")
        .IgnoreError();
  }
  return absl::OkStatus();
}

absl::Status StatsStore::ReadCounts(
    const std::vector<SubtreeMember>& members,
    absl::flat_hash_map<std::string, LevelCounts>* by_level) {
  return RetryTransient([&] {
    by_level->clear();  // a failed attempt's partial sums go
    return ReadCountsOnce(members, by_level);
  });
}

absl::Status StatsStore::ReadCountsOnce(
    const std::vector<SubtreeMember>& members,
    absl::flat_hash_map<std::string, LevelCounts>* by_level) {
  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  Connection* conn = lease->get();
  // One read transaction, so that every unit is read from the same state.
  ReadTransaction read(conn);
  if (absl::Status s = read.Begin(); !s.ok()) return s;

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

  // Each member's range splits into leading days, whole months and
  // trailing days; members whose parts are alike (nearly all: units valid
  // over the whole range) are grouped. A server store reads a group a few
  // hundred units a statement, summed by the server: a province costs a
  // few round trips rather than several per unit. An embedded store has no
  // round trips; one unit a statement keeps to its primary key's order.
  const bool server = db_->dialect() != "sqlite";
  const size_t units_per_statement = server ? kMaxRowsPerStatement : 1;
  using Part = std::tuple<bool, int64_t, int64_t>;  // monthly, from, to
  absl::flat_hash_map<Part, std::vector<const std::string*>> units_by_part;
  for (const SubtreeMember& member : members) {
    const MonthSplit split = SplitIntoMonths(member.days);
    for (const auto& [days, monthly] :
         {std::pair{&split.leading_days, false},
          std::pair{&split.whole_months, true},
          std::pair{&split.trailing_days, false}}) {
      if (!*days) continue;
      const Part part = monthly ? Part{true, MonthNumber((*days)->first),
                                       MonthNumber((*days)->last)}
                                : Part{false, DayNumber((*days)->first),
                                       DayNumber((*days)->last)};
      units_by_part[part].push_back(&member.code);
    }
  }

  // Adds the cubes a query returns (unit_code, month, level, cells) to the
  // counts; `wanted`, when not null, keeps only the rows of its units.
  const auto add_cubes =
      [&](Statement* q, const absl::flat_hash_set<absl::string_view>* wanted)
      -> absl::Status {
    while (true) {
      auto row = q->Step();
      if (!row.ok()) return row.status();
      if (!*row) return absl::OkStatus();
      if (wanted != nullptr && !wanted->contains(q->ColumnText(0))) continue;
      if (!AddDossierCube(q->ColumnBlob(3),
                          &counts_of(q->ColumnText(2))->dossiers)) {
        return absl::DataLossError(
            absl::StrCat("store: the counters of ", q->ColumnText(0), " for ",
                         q->ColumnInt(1), " are unreadable"));
      }
    }
  };

  for (const auto& group : units_by_part) {
    // Named copies: C++17 lambdas cannot capture structured bindings.
    const std::vector<const std::string*>& codes = group.second;
    const bool monthly = std::get<0>(group.first);
    const int64_t from = std::get<1>(group.first);
    const int64_t to = std::get<2>(group.first);
    // Cubes of most of the tree: one scan of the months, filtered here.
    const bool scan_cubes = server && monthly && codes.size() > kScanUnitsAbove;
    if (scan_cubes) {
      absl::flat_hash_set<absl::string_view> wanted;
      for (const std::string* code : codes) wanted.insert(*code);
      auto q = conn->Prepare(kSelectAllDossierCubes);
      if (!q.ok()) return q.status();
      (*q)->BindInt(1, from);
      (*q)->BindInt(2, to);
      if (absl::Status s = add_cubes(q->get(), &wanted); !s.ok()) return s;
    }
    size_t next = 0;
    for (size_t piece : PowerOfTwoPieces(codes.size(), units_per_statement)) {
      const auto bind = [&](Statement* q) {
        for (size_t i = 0; i < piece; ++i) {
          q->BindText(static_cast<int>(i + 1), *codes[next + i]);
        }
        q->BindInt(static_cast<int>(piece + 1), from);
        q->BindInt(static_cast<int>(piece + 2), to);
      };
      if (monthly) {
        if (!scan_cubes) {
          auto q = conn->Prepare(SelectDossierCubes(piece));
          if (!q.ok()) return q.status();
          bind(q->get());
          if (absl::Status s = add_cubes(q->get(), nullptr); !s.ok()) {
            return s;
          }
        }
      } else {
        auto q = conn->Prepare(SelectDossierCounts(piece, server));
        if (!q.ok()) return q.status();
        bind(q->get());
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
        auto q = conn->Prepare(SelectPaymentCounts(monthly, piece, server));
        if (!q.ok()) return q.status();
        bind(q->get());
        while (true) {
          auto row = (*q)->Step();
          if (!row.ok()) return row.status();
          if (!*row) break;
          PaymentCounts& p = counts_of((*q)->ColumnText(1))->payments;
          const int64_t successful = (*q)->ColumnInt(2);
          p.successful += successful;
          p.amount_vnd += (*q)->ColumnInt(3);
          p.failed += (*q)->ColumnInt(4);
          if (successful > 0) {
            p.paying_units.insert(std::string((*q)->ColumnText(0)));
          }
        }
      }
      next += piece;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<absl::CivilDay>> StatsStore::LatestMonth() {
  return RetryTransient([&]() -> absl::StatusOr<std::optional<absl::CivilDay>> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    // Counters that records moved away from stay at zero: only non-zero ones
    // say a month has data.
    auto q = (*lease)->Prepare(
        "SELECT MAX(month) FROM ("
        " SELECT MAX(month) AS month FROM dossier_cubes_monthly"
        "  WHERE length(cells) > 0"
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
  });
}

}  // namespace dtr::stats
