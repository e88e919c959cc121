// The stats store's schema and its migrations (StatsStore::Migrations).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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
// counted them in the rows of the dossiers' own cells (the cubes hold them
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

// A day's dossier counters as one cube a unit, day and level, as the
// months have them: an import wrote nearly one counter row a dossier
// (410,000 for 500,000 dossiers), a day cube a unit and day (23,000).
constexpr char kSchemaV7[] = R"sql(
CREATE TABLE dossier_cubes_daily (
  unit_code TEXT NOT NULL,
  day       INTEGER NOT NULL,
  level     TEXT NOT NULL,
  cells     BLOB NOT NULL,
  PRIMARY KEY (unit_code, day, level)
) WITHOUT ROWID;
)sql";

// A table of counters in one row per combination, as versions 1 and 6
// kept them: the monthly ones, then the daily ones, which also count the
// recorded attributes of the row's dossiers (version 4).
struct CounterTable {
  const char* table;
  const char* period;  // its day or month column
  bool recorded;       // has components_no, …, reuse_yes
};

// Moves the counters of `from` into one cube a unit, period and level in
// the cube table `to`, and drops `from`.
absl::Status MoveCountsIntoCubes(Connection* conn, const CounterTable& from,
                                 const std::string& to) {
  // A unit at a time: a national store has millions of counters, which a
  // server store would otherwise send in one result.
  std::vector<std::string> units;
  {
    auto q = conn->Prepare(absl::StrCat("SELECT DISTINCT unit_code FROM ",
                                        from.table, " ORDER BY unit_code"));
    if (!q.ok()) return q.status();
    while (true) {
      auto row = (*q)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      units.emplace_back((*q)->ColumnText(0));
    }
  }
  auto rows = conn->Prepare(absl::StrCat(
      "SELECT ", from.period,
      ", level, service_level, channel, digitized, status, dossier_count",
      from.recorded ? ", components_no, components_yes, reuse_no, reuse_yes"
                    : "",
      " FROM ", from.table, " WHERE unit_code = ? ORDER BY ", from.period,
      ", level"));
  if (!rows.ok()) return rows.status();
  auto insert = conn->Prepare(
      absl::StrCat("INSERT INTO ", to, " (unit_code, ", from.period,
                   ", level, cells) VALUES (?, ?, ?, ?)"));
  if (!insert.ok()) return insert.status();
  for (const std::string& unit : units) {
    std::string level;
    int64_t period = -1;
    DossierCounts cube;
    auto write = [&]() -> absl::Status {
      if (period < 0) return absl::OkStatus();
      ScopedStatement& q = *insert;
      q->Reset();
      q->BindText(1, unit);
      q->BindInt(2, period);
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
      if (q->ColumnInt(0) != period || q->ColumnText(1) != level) {
        if (absl::Status s = write(); !s.ok()) return s;
        period = q->ColumnInt(0);
        level = std::string(q->ColumnText(1));
        cube = DossierCounts();
      }
      cube.Add(static_cast<int>(q->ColumnInt(2)),
               static_cast<int>(q->ColumnInt(3)),
               static_cast<int>(q->ColumnInt(4)),
               static_cast<int>(q->ColumnInt(5)), q->ColumnInt(6));
      if (from.recorded) {
        cube.recorded[kComponentsDigitized][0] += q->ColumnInt(7);
        cube.recorded[kComponentsDigitized][1] += q->ColumnInt(8);
        cube.recorded[kResultsReused][0] += q->ColumnInt(9);
        cube.recorded[kResultsReused][1] += q->ColumnInt(10);
      }
    }
    if (absl::Status s = write(); !s.ok()) return s;
  }
  return conn->Execute(absl::StrCat("DROP TABLE ", from.table));
}

}  // namespace

const std::vector<Migration>& StatsStore::Migrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1, "dossiers, payments and counters", kSchemaV1},
      {2, "monthly dossier counters as cubes", kSchemaV2, "",
       [](Connection* conn) {
         return MoveCountsIntoCubes(conn,
                                    {"dossier_counts_monthly", "month", false},
                                    "dossier_cubes_monthly");
       }},
      {3, "dossiers by unit and day, for the lists behind a figure", kSchemaV3},
      {4,
       "whether a dossier's components were digitized and its results "
       "reused",
       kSchemaV4},
      {5, "payments by unit and day, for the lists behind a figure", kSchemaV5},
      {6, "month cubes summed over subtrees", kSchemaV6},
      {7, "daily dossier counters as cubes", kSchemaV7, "",
       [](Connection* conn) {
         return MoveCountsIntoCubes(conn, {"dossier_counts_daily", "day", true},
                                    "dossier_cubes_daily");
       }}};
  return *migrations;
}

}  // namespace dtr::stats
