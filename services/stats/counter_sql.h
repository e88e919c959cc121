// The SQL of the stats store's counter tables (stats_schema.cc): the
// cubes' upserts, the upserts that add a transaction's deltas to the
// payment counters, and the selects that read them for a set of units over
// a range of days or months. Each statement's text is built once per
// number of units or rows and kept (common/batch_upsert.h).
#ifndef DTR_SERVICES_STATS_COUNTER_SQL_H_
#define DTR_SERVICES_STATS_COUNTER_SQL_H_

#include <cstddef>
#include <string>

namespace dtr::stats {

// The two tables of dossier cubes (dossier_cube.h): a unit's counters of
// one day (dossier_cubes_daily, keyed by yyyymmdd), for the days of a
// month a range covers in part, and of one month (dossier_cubes_monthly,
// by yyyymm).
enum class CubePeriod { kDay = 0, kMonth = 1 };

// Replaces `rows` cubes: (unit_code, day or month, level, cells) each. The
// sum is made by the writer, which holds the write lock.
const std::string& UpsertDossierCubes(CubePeriod period, size_t rows);
// Adds `rows` deltas to payment_counts_daily or _monthly: (unit_code, day
// or month, level, successful, amount_vnd, failed) each.
const std::string& UpsertPaymentCounts(bool monthly, size_t rows);

// The cubes of `units` units over a range of days or months, with their
// keys: unit_code, day or month, level, cells; binds the units, then the
// first and last day or month.
const std::string& SelectDossierCubes(CubePeriod period, size_t units);
// Every unit's cubes over a range of months: for a server store asked for
// most of the tree (the country), one scan beats a primary-key lookup per
// unit (PostgreSQL: 27 ms against 120 for 3,355 units).
inline constexpr char kSelectAllDossierCubes[] =
    "SELECT unit_code, month, level, cells FROM dossier_cubes_monthly "
    "WHERE month BETWEEN ? AND ?";
inline constexpr size_t kScanUnitsAbove = 1024;

// The payment counters of `units` units over a range of days or months:
// unit_code, level, successful, amount_vnd, failed; `summed` per unit
// (where a paying unit counts once).
const std::string& SelectPaymentCounts(bool monthly, size_t units, bool summed);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_COUNTER_SQL_H_
