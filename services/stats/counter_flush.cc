// Writing out a transaction's counter changes (StatsStore::Transaction):
// the day and month cubes and the payment counters, each in key order (the
// subtree cubes: subtree_cubes.cc).
#include <algorithm>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/batch_sql.h"
#include "common/batch_upsert.h"
#include "common/statement_rows.h"
#include "services/stats/counter_sql.h"
#include "services/stats/dossier_cube.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {
namespace {

// A batch's units are read over its whole range of days or months: one
// whose range has grown wider than this is cut at its next unit, so that a
// record far older than the rest widens the read of its own unit only.
constexpr int64_t kMaxBatchSpan[] = {31, 12};  // days, months

// A day (yyyymmdd) or month (yyyymm) as days or months since an epoch.
int64_t Ordinal(CubePeriod period, int32_t value) {
  if (period == CubePeriod::kMonth) {
    return int64_t{value / 100} * 12 + value % 100;
  }
  return absl::CivilDay(value / 10000, value / 100 % 100, value % 100) -
         absl::CivilDay();
}

}  // namespace

absl::Status StatsStore::Transaction::FlushDailyDossierCounts() {
  if (absl::Status s =
          FlushDossierCubes(CubePeriod::kDay, daily_dossier_deltas_);
      !s.ok()) {
    return s;
  }
  daily_dossier_deltas_.clear();
  return absl::OkStatus();
}

absl::Status StatsStore::Transaction::FlushMonthlyDossierCounts() {
  if (absl::Status s =
          FlushDossierCubes(CubePeriod::kMonth, monthly_dossier_deltas_);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = FlushSubtreeCubes(); !s.ok()) return s;
  monthly_dossier_deltas_.clear();
  return absl::OkStatus();
}

absl::Status StatsStore::Transaction::FlushDossierCubes(
    CubePeriod period,
    const absl::flat_hash_map<DossierKey, DossierDelta>& pending) {
  // In key order: the deltas of one cube (unit, day or month, level) are
  // then adjacent, and the cubes are read and written page after page.
  std::vector<const std::pair<const DossierKey, DossierDelta>*> deltas;
  deltas.reserve(pending.size());
  for (const auto& row : pending) {
    if (!row.second.IsZero()) deltas.push_back(&row);
  }
  std::sort(deltas.begin(), deltas.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  struct Cube {
    const DossierKey* key;  // its unit_code, day (or month) and level
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
    int32_t first = batch.front().key->day, last = first;
    for (const Cube& c : batch) {
      if (units.empty() || *units.back() != c.key->unit_code) {
        units.push_back(&c.key->unit_code);
      }
      first = std::min(first, c.key->day);
      last = std::max(last, c.key->day);
    }
    // The batch's units over its days or months: a few more cubes than it
    // has, fetched by the primary key's prefix.
    absl::flat_hash_map<
        std::tuple<absl::string_view, int32_t, absl::string_view>, Cube*>
        by_key;
    for (Cube& c : batch) {
      by_key[{c.key->unit_code, c.key->day, c.key->level}] = &c;
    }
    size_t next = 0;
    for (size_t piece : PowerOfTwoPieces(units.size())) {
      auto q = conn->Prepare(SelectDossierCubes(period, piece));
      if (!q.ok()) return q.status();
      for (size_t i = 0; i < piece; ++i) {
        (*q)->BindKeptText(static_cast<int>(i + 1), *units[next + i]);
      }
      BindRow(q->get(), static_cast<int>(piece + 1), first, last);
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
          return UnreadableCube(it->second->key->unit_code,
                                it->second->key->day);
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
            [period](size_t n) -> const std::string& {
              return UpsertDossierCubes(period, n);
            },
            4,
            [](Statement* s, int at, const Cube& c) {
              BindRow(s, at, KeptText(c.key->unit_code), c.key->day,
                      KeptText(c.key->level));
              s->BindBlob(at + 3, c.cells);
            });
        !s.ok()) {
      return s;
    }
    batch.clear();
    return absl::OkStatus();
  };
  // The batch's range, as days or months counted from an epoch.
  int64_t first = 0, last = 0;
  for (const auto* delta : deltas) {
    const DossierKey& key = delta->first;
    if (batch.empty() || batch.back().key->unit_code != key.unit_code ||
        batch.back().key->day != key.day ||
        batch.back().key->level != key.level) {
      const bool next_unit =
          !batch.empty() && batch.back().key->unit_code != key.unit_code;
      if (batch.size() == kMaxRowsPerStatement ||
          (next_unit &&
           last - first > kMaxBatchSpan[static_cast<int>(period)])) {
        if (absl::Status s = write_batch(); !s.ok()) return s;
      }
      const int64_t at = Ordinal(period, key.day);
      first = batch.empty() ? at : std::min(first, at);
      last = batch.empty() ? at : std::max(last, at);
      batch.push_back(Cube{&key, DossierCounts(), "", ""});
    }
    AddDelta(key, delta->second, &batch.back().counts);
  }
  return write_batch();
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
    BindRow(s, at, row.first->unit_code, row.first->day, row.first->level,
            row.second.successful, row.second.amount_vnd, row.second.failed);
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

}  // namespace dtr::stats
