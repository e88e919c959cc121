// The stats store's schema and its migrations (StatsStore::Migrations).
#include <string>
#include <vector>

#include "common/database.h"
#include "common/migrations.h"
#include "services/stats/dossier_cube.h"
#include "services/stats/stats_store.h"

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

// The lists behind a figure read a unit's dossiers of a range of days in
// the order of this index (dossier_list.h).
constexpr char kSchemaV3[] = R"sql(
CREATE INDEX dossiers_by_unit_day
  ON dossiers (unit_code, received_day, dossier_id);
)sql";

// Two attributes a source may record of a dossier (indicators.h); NULL
// where it did not, as for every dossier stored before. The daily counters
// count them in the rows of the dossiers' own cells (the cubes hold them
// as cells of their own).
constexpr char kSchemaV4[] = R"sql(
ALTER TABLE dossiers ADD COLUMN components_digitized INTEGER;
ALTER TABLE dossiers ADD COLUMN results_reused INTEGER;
ALTER TABLE dossier_counts_daily
  ADD COLUMN components_no INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossier_counts_daily
  ADD COLUMN components_yes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossier_counts_daily ADD COLUMN reuse_no INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossier_counts_daily
  ADD COLUMN reuse_yes INTEGER NOT NULL DEFAULT 0;
)sql";

// The payments behind a figure are read a unit and range of days at a
// time, as the dossiers are (payment_list.h).
constexpr char kSchemaV5[] = R"sql(
CREATE INDEX payments_by_unit_day
  ON payments (unit_code, paid_day, transaction_id);
)sql";

// A month's cubes summed over each subtree that stays the same through
// the month (UnitTree::StableSubtreesOf), with the digest of the units
// they sum: the country's year to date reads a dozen of them rather than a
// cube a commune and month (subtree_cubes.cc).
constexpr char kSchemaV6[] = R"sql(
CREATE TABLE dossier_subtree_cubes_monthly (
  root_code TEXT NOT NULL,
  month     INTEGER NOT NULL,
  level     TEXT NOT NULL,
  cells     BLOB NOT NULL,
  PRIMARY KEY (root_code, month, level)
) WITHOUT ROWID;

CREATE TABLE dossier_subtree_units_monthly (
  root_code TEXT NOT NULL,
  month     INTEGER NOT NULL,
  units     INTEGER NOT NULL,
  PRIMARY KEY (root_code, month)
) WITHOUT ROWID;

CREATE INDEX dossier_subtree_units_monthly_by_month
  ON dossier_subtree_units_monthly (month);
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
       MoveMonthlyCountsIntoCubes},
      {3, "dossiers by unit and day, for the lists behind a figure", kSchemaV3},
      {4,
       "whether a dossier's components were digitized and its results "
       "reused",
       kSchemaV4},
      {5, "payments by unit and day, for the lists behind a figure", kSchemaV5},
      {6, "month cubes summed over subtrees", kSchemaV6}};
  return *migrations;
}

}  // namespace dtr::stats
