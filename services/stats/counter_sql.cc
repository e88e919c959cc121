#include "services/stats/counter_sql.h"

#include "absl/strings/str_cat.h"
#include "common/batch_sql.h"
#include "common/batch_upsert.h"

namespace dtr::stats {
namespace {

// The payment counter tables: daily, or monthly.
struct PaymentTable {
  const char* table;
  const char* period;
};
constexpr PaymentTable kPaymentTables[] = {{"payment_counts_daily", "day"},
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

template <bool kSummed>
const std::string& DailyDossierCountSelect(size_t units) {
  return SqlForRows(units, [](size_t n) {
    return absl::StrCat(
        "SELECT level, service_level, channel, digitized, status, ",
        kSummed ? "SUM(dossier_count), SUM(components_no), "
                  "SUM(components_yes), SUM(reuse_no), SUM(reuse_yes)"
                : "dossier_count, components_no, components_yes, reuse_no, "
                  "reuse_yes",
        " FROM dossier_counts_daily WHERE unit_code IN (", ListPlaceholders(n),
        ") AND day BETWEEN ? AND ?",
        kSummed ? " GROUP BY level, service_level, channel, digitized, status"
                : "");
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

const std::string& UpsertDailyDossierCounts(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return absl::StrCat(
        "INSERT INTO dossier_counts_daily (unit_code, day, level, "
        "service_level, channel, digitized, status, dossier_count, "
        "components_no, components_yes, reuse_no, reuse_yes) VALUES ",
        ValuesPlaceholders(n, kDailyDossierCountColumns),
        " ON CONFLICT (unit_code, day, level, service_level, channel, "
        "digitized, status) DO UPDATE SET dossier_count = "
        "dossier_counts_daily.dossier_count + excluded.dossier_count, "
        "components_no = dossier_counts_daily.components_no + "
        "excluded.components_no, components_yes = "
        "dossier_counts_daily.components_yes + excluded.components_yes, "
        "reuse_no = dossier_counts_daily.reuse_no + excluded.reuse_no, "
        "reuse_yes = dossier_counts_daily.reuse_yes + excluded.reuse_yes");
  });
}

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

const std::string& UpsertPaymentCounts(bool monthly, size_t rows) {
  return monthly ? PaymentCountUpsert<true>(rows)
                 : PaymentCountUpsert<false>(rows);
}

const std::string& SelectDossierCubes(size_t units) {
  return SqlForRows(units, [](size_t n) {
    return absl::StrCat(
        "SELECT unit_code, month, level, cells FROM dossier_cubes_monthly "
        "WHERE unit_code IN (",
        ListPlaceholders(n), ") AND month BETWEEN ? AND ?");
  });
}

const std::string& SelectDailyDossierCounts(size_t units, bool summed) {
  return summed ? DailyDossierCountSelect<true>(units)
                : DailyDossierCountSelect<false>(units);
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
