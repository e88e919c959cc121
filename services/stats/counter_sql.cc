#include "services/stats/counter_sql.h"

#include "absl/strings/str_cat.h"
#include "common/batch_sql.h"
#include "common/batch_upsert.h"

namespace dtr::stats {
namespace {

// A table kept by day and by month: its name and its period column.
struct PeriodTable {
  const char* table;
  const char* period;
};
// The payment counter tables: daily, or monthly.
constexpr PeriodTable kPaymentTables[] = {{"payment_counts_daily", "day"},
                                          {"payment_counts_monthly", "month"}};

// Counter upserts add their deltas to what is there.
template <bool kMonthly>
const std::string& PaymentCountUpsert(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    const auto [table, period] = kPaymentTables[kMonthly];
    return absl::StrCat(
        "INSERT INTO ", table, " (unit_code, ", period,
        ", level, successful, amount_vnd, failed) VALUES ",
        ValuesPlaceholders(n, 6), " ON CONFLICT (unit_code, ", period,
        ", level) DO UPDATE SET successful = ", table,
        ".successful + excluded.successful, amount_vnd = ", table,
        ".amount_vnd + excluded.amount_vnd, failed = ", table,
        ".failed + excluded.failed");
  });
}

// The cube tables (counter_sql.h): a day's or a month's.
constexpr PeriodTable kCubeTables[] = {{"dossier_cubes_daily", "day"},
                                       {"dossier_cubes_monthly", "month"}};

template <CubePeriod kPeriod>
const std::string& CubeUpsert(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    const auto [table, period] = kCubeTables[static_cast<int>(kPeriod)];
    return absl::StrCat("INSERT INTO ", table, " (unit_code, ", period,
                        ", level, cells) VALUES ", ValuesPlaceholders(n, 4),
                        " ON CONFLICT (unit_code, ", period,
                        ", level) DO UPDATE SET cells = excluded.cells");
  });
}

template <CubePeriod kPeriod>
const std::string& CubeSelect(size_t units) {
  return SqlForRows(units, [](size_t n) {
    const auto [table, period] = kCubeTables[static_cast<int>(kPeriod)];
    return absl::StrCat("SELECT unit_code, ", period, ", level, cells FROM ",
                        table, " WHERE unit_code IN (", ListPlaceholders(n),
                        ") AND ", period, " BETWEEN ? AND ?");
  });
}

template <bool kMonthly, bool kSummed>
const std::string& PaymentCountSelect(size_t units) {
  return SqlForRows(units, [](size_t n) {
    const auto [table, period] = kPaymentTables[kMonthly];
    return absl::StrCat(
        "SELECT unit_code, level, ",
        kSummed ? "SUM(successful), SUM(amount_vnd), SUM(failed)"
                : "successful, amount_vnd, failed",
        " FROM ", table, " WHERE unit_code IN (", ListPlaceholders(n), ") AND ",
        period, " BETWEEN ? AND ?",
        kSummed ? " GROUP BY unit_code, level" : "");
  });
}

}  // namespace

const std::string& UpsertDossierCubes(CubePeriod period, size_t rows) {
  return period == CubePeriod::kDay ? CubeUpsert<CubePeriod::kDay>(rows)
                                    : CubeUpsert<CubePeriod::kMonth>(rows);
}

const std::string& UpsertPaymentCounts(bool monthly, size_t rows) {
  return monthly ? PaymentCountUpsert<true>(rows)
                 : PaymentCountUpsert<false>(rows);
}

const std::string& SelectDossierCubes(CubePeriod period, size_t units) {
  return period == CubePeriod::kDay ? CubeSelect<CubePeriod::kDay>(units)
                                    : CubeSelect<CubePeriod::kMonth>(units);
}

const std::string& SelectPaymentCounts(bool monthly, size_t units,
                                       bool summed) {
  using Select = const std::string& (*)(size_t);
  static constexpr Select kSelects[2][2] = {
      {PaymentCountSelect<false, false>, PaymentCountSelect<false, true>},
      {PaymentCountSelect<true, false>, PaymentCountSelect<true, true>}};
  return kSelects[monthly][summed](units);
}

}  // namespace dtr::stats
