#include "services/stats/counter_sql.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/batch_sql.h"
#include "common/batch_upsert.h"

namespace dtr::stats {
namespace {

// Counter upserts add their deltas to what is there.
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

std::string DailyDossierCountSelect(size_t units, bool summed) {
  return absl::StrCat(
      "SELECT level, service_level, channel, digitized, status, ",
      summed ? "SUM(dossier_count)" : "dossier_count",
      " FROM dossier_counts_daily WHERE unit_code IN (",
      ListPlaceholders(units), ") AND day BETWEEN ? AND ?",
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

}  // namespace

const std::string& UpsertDailyDossierCounts(size_t rows) {
  return SqlForRows(rows, [](size_t n) {
    return absl::StrCat(
        "INSERT INTO dossier_counts_daily (unit_code, day, level, "
        "service_level, channel, digitized, status, dossier_count) VALUES ",
        ValuesPlaceholders(n, 8),
        " ON CONFLICT (unit_code, day, level, service_level, channel, "
        "digitized, status) DO UPDATE SET dossier_count = "
        "dossier_counts_daily.dossier_count + excluded.dossier_count");
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
  if (monthly) {
    return SqlForRows(rows, [](size_t n) {
      return PaymentCountUpsert("payment_counts_monthly", "month", n);
    });
  }
  return SqlForRows(rows, [](size_t n) {
    return PaymentCountUpsert("payment_counts_daily", "day", n);
  });
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
  if (summed) {
    return SqlForRows(
        units, [](size_t n) { return DailyDossierCountSelect(n, true); });
  }
  return SqlForRows(units,
                    [](size_t n) { return DailyDossierCountSelect(n, false); });
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

}  // namespace dtr::stats
