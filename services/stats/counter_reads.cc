// Reading the counters a query sums (StatsStore::ReadCounts): whole months
// from the month cubes and the monthly payment counters, the days at
// either end from the day cubes and the daily payment counters; and the
// latest month with data.
#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/batch_sql.h"
#include "common/dates.h"
#include "common/statement_rows.h"
#include "common/store_retry.h"
#include "services/stats/counter_sql.h"
#include "services/stats/dossier_cube.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {

absl::Status StatsStore::ReadCounts(
    const std::vector<SubtreeMember>& members,
    absl::flat_hash_map<std::string, LevelCounts>* by_level,
    const WholeSubtree* whole) {
  return RetryTransient([&] {
    by_level->clear();  // a failed attempt's partial sums go
    return ReadCountsOnce(members, by_level, whole);
  });
}

absl::Status StatsStore::ReadCountsOnce(
    const std::vector<SubtreeMember>& members,
    absl::flat_hash_map<std::string, LevelCounts>* by_level,
    const WholeSubtree* whole) {
  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  Connection* conn = lease->get();
  // One read transaction, so that every unit is read from the same state.
  ReadTransaction read(conn);
  if (absl::Status s = read.Begin(); !s.ok()) return s;
  return ReadCountsOn(conn, members, by_level, whole);
}

absl::Status StatsStore::ReadCountsOn(
    Connection* conn, const std::vector<SubtreeMember>& members,
    absl::flat_hash_map<std::string, LevelCounts>* by_level,
    const WholeSubtree* whole) {
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

  // The whole months of a whole subtree, from its own cubes when the store
  // keeps them: the members' cubes of those months are then not read.
  bool months_from_subtree = false;
  if (whole != nullptr) {
    absl::StatusOr<bool> read =
        ReadSubtreeCubes(conn, *whole, [&](int64_t, absl::string_view level) {
          return &counts_of(level)->dossiers;
        });
    if (!read.ok()) return read.status();
    months_from_subtree = *read;
  }

  // Each member's range splits into leading days, whole months and
  // trailing days; members whose parts are alike (nearly all: units valid
  // over the whole range) are grouped. A server store reads a group a few
  // hundred units a statement (their payment counters summed by the
  // server): a province costs a few round trips rather than several per
  // unit. An embedded store has no
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

  // Adds a cube a query returns (unit_code, day or month, level, cells)
  // to the counts.
  const auto add_cube = [&](const Statement& q) -> absl::Status {
    if (AddDossierCube(q.ColumnBlob(3),
                       &counts_of(q.ColumnText(2))->dossiers)) {
      return absl::OkStatus();
    }
    return UnreadableCube(q.ColumnText(0), q.ColumnInt(1));
  };
  // Adds the payment counters a query returns (unit_code, level,
  // successful, amount, failed): a unit with a successful one pays.
  const auto add_payments = [&](const Statement& q) {
    PaymentCounts& p = counts_of(q.ColumnText(1))->payments;
    const int64_t successful = q.ColumnInt(2);
    p.successful += successful;
    p.amount_vnd += q.ColumnInt(3);
    p.failed += q.ColumnInt(4);
    if (successful > 0) p.paying_units.insert(std::string(q.ColumnText(0)));
    return absl::OkStatus();
  };

  for (const auto& group : units_by_part) {
    // Named copies: C++17 lambdas cannot capture structured bindings.
    const std::vector<const std::string*>& codes = group.second;
    const bool monthly = std::get<0>(group.first);
    const int64_t from = std::get<1>(group.first);
    const int64_t to = std::get<2>(group.first);
    // Cubes of most of the tree: one scan of the months, filtered here.
    const bool scan_cubes = server && monthly && !months_from_subtree &&
                            codes.size() > kScanUnitsAbove;
    if (scan_cubes) {
      absl::flat_hash_set<absl::string_view> wanted;
      for (const std::string* code : codes) wanted.insert(*code);
      auto q = conn->Prepare(kSelectAllDossierCubes);
      if (!q.ok()) return q.status();
      BindRow(q->get(), 1, from, to);
      if (absl::Status s = ForEachRow(
              q->get(),
              [&](const Statement& row) {
                return wanted.contains(row.ColumnText(0)) ? add_cube(row)
                                                          : absl::OkStatus();
              });
          !s.ok()) {
        return s;
      }
    }
    size_t next = 0;
    for (size_t piece : PowerOfTwoPieces(codes.size(), units_per_statement)) {
      // Runs `sql` over this piece's units and the range, `row` on each
      // result.
      const auto run = [&](const std::string& sql, const auto& row) {
        auto q = conn->Prepare(sql);
        if (!q.ok()) return q.status();
        for (size_t i = 0; i < piece; ++i) {
          (*q)->BindText(static_cast<int>(i + 1), *codes[next + i]);
        }
        BindRow(q->get(), static_cast<int>(piece + 1), from, to);
        return ForEachRow(q->get(), row);
      };
      absl::Status s;
      if (!monthly) {
        s = run(SelectDossierCubes(CubePeriod::kDay, piece), add_cube);
      } else if (!scan_cubes && !months_from_subtree) {
        s = run(SelectDossierCubes(CubePeriod::kMonth, piece), add_cube);
      }
      if (s.ok()) {
        s = run(SelectPaymentCounts(monthly, piece, server), add_payments);
      }
      if (!s.ok()) return s;
      next += piece;
    }
  }
  return absl::OkStatus();
}

absl::Status StatsStore::ReadMemberCounts(
    const std::vector<SubtreeMember>& members, CountsSink sink,
    const WholeSubtree* whole) {
  auto lease = db_->Acquire();
  if (!lease.ok()) return lease.status();
  Connection* conn = lease->get();
  ReadTransaction read(conn);
  if (absl::Status s = read.Begin(); !s.ok()) return s;
  return ReadMemberCountsOn(conn, members, sink, whole);
}

absl::Status StatsStore::ReadMemberCountsOn(
    Connection* conn, const std::vector<SubtreeMember>& members,
    CountsSink sink, const WholeSubtree* whole) {
  const bool server = db_->dialect() != "sqlite";
  bool months_from_subtree = false;
  if (whole != nullptr) {
    const auto root = std::find_if(
        members.begin(), members.end(),
        [&](const SubtreeMember& m) { return m.code == whole->root; });
    if (root != members.end()) {
      const size_t root_member = static_cast<size_t>(root - members.begin());
      absl::StatusOr<bool> read = ReadSubtreeCubes(
          conn, *whole, [&](int64_t month, absl::string_view level) {
            return sink(root_member, month, level);
          });
      if (!read.ok()) return read.status();
      months_from_subtree = *read;
    }
  }

  // Each member's days as whole months (one run of them: its days are one
  // range) and days of a month it covers only in part; members alike
  // (nearly all) grouped, as ReadCountsOn does.
  using Months = std::pair<int64_t, int64_t>;  // first, last (yyyymm)
  absl::flat_hash_map<Months, std::vector<size_t>> by_months;
  std::vector<std::pair<size_t, DayRange>> part_months;
  for (size_t i = 0; i < members.size(); ++i) {
    const DayRange days = members[i].days;
    std::optional<Months> whole_months;
    for (absl::CivilDay first = days.first; first <= days.last;) {
      const absl::CivilDay month_last = LastDayOfMonth(first);
      const absl::CivilDay last = std::min(month_last, days.last);
      if (first == FirstDayOfMonth(first) && last == month_last) {
        const int64_t month = MonthNumber(first);
        if (!whole_months) whole_months = Months{month, month};
        whole_months->second = month;
      } else {
        part_months.emplace_back(i, DayRange{first, last});
      }
      first = last + 1;
    }
    if (whole_months && !months_from_subtree) {
      by_months[*whole_months].push_back(i);
    }
  }

  const auto add_cube = [&](const Statement& q, size_t member) {
    if (AddDossierCube(q.ColumnBlob(3),
                       sink(member, q.ColumnInt(1), q.ColumnText(2)))) {
      return absl::OkStatus();
    }
    return UnreadableCube(q.ColumnText(0), q.ColumnInt(1));
  };
  for (const auto& [months, group] : by_months) {
    // A unit may be a member of several subtrees (a ranked unit under
    // another of its level): its cube counts in each.
    absl::flat_hash_map<absl::string_view, std::vector<size_t>> members_of;
    std::vector<absl::string_view> codes;  // each once, in the group's order
    for (size_t i : group) {
      std::vector<size_t>& of = members_of[members[i].code];
      if (of.empty()) codes.push_back(members[i].code);
      of.push_back(i);
    }
    const auto add_row = [&](const Statement& q) -> absl::Status {
      auto it = members_of.find(q.ColumnText(0));
      if (it == members_of.end()) return absl::OkStatus();
      for (size_t member : it->second) {
        if (absl::Status s = add_cube(q, member); !s.ok()) return s;
      }
      return absl::OkStatus();
    };
    if (server && codes.size() > kScanUnitsAbove) {
      auto q = conn->Prepare(kSelectAllDossierCubes);
      if (!q.ok()) return q.status();
      BindRow(q->get(), 1, months.first, months.second);
      if (absl::Status s = ForEachRow(q->get(), add_row); !s.ok()) return s;
      continue;
    }
    size_t next = 0;
    for (size_t piece :
         PowerOfTwoPieces(codes.size(), server ? kMaxRowsPerStatement : 1)) {
      auto q = conn->Prepare(SelectDossierCubes(CubePeriod::kMonth, piece));
      if (!q.ok()) return q.status();
      for (size_t i = 0; i < piece; ++i) {
        (*q)->BindText(static_cast<int>(i + 1), codes[next + i]);
      }
      BindRow(q->get(), static_cast<int>(piece + 1), months.first,
              months.second);
      if (absl::Status s = ForEachRow(q->get(), add_row); !s.ok()) return s;
      next += piece;
    }
  }
  // Days of a month in part: a unit a statement, its day cubes added into
  // the month's counts.
  for (const auto& part : part_months) {
    // Named copies: C++17 lambdas cannot capture structured bindings.
    const size_t member = part.first;
    const DayRange days = part.second;
    auto q = conn->Prepare(SelectDossierCubes(CubePeriod::kDay, 1));
    if (!q.ok()) return q.status();
    (*q)->BindText(1, members[member].code);
    BindRow(q->get(), 2, DayNumber(days.first), DayNumber(days.last));
    const int64_t month = MonthNumber(days.first);
    if (absl::Status s = ForEachRow(
            q->get(),
            [&](const Statement& row) {
              if (AddDossierCube(row.ColumnBlob(3),
                                 sink(member, month, row.ColumnText(2)))) {
                return absl::OkStatus();
              }
              return UnreadableCube(row.ColumnText(0), row.ColumnInt(1));
            });
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::pair<std::string, int64_t>, DossierCounts>>
StatsStore::MonthlyCountsByUnit(int64_t from_month, int64_t to_month) {
  using Counts = std::map<std::pair<std::string, int64_t>, DossierCounts>;
  return RetryTransient([&]() -> absl::StatusOr<Counts> {
    auto lease = db_->Acquire();
    if (!lease.ok()) return lease.status();
    auto q = (*lease)->Prepare(kSelectAllDossierCubes);
    if (!q.ok()) return q.status();
    BindRow(q->get(), 1, from_month, to_month);
    Counts out;
    absl::Status s = ForEachRow(q->get(), [&](const Statement& row) {
      DossierCounts& counts =
          out[{std::string(row.ColumnText(0)), row.ColumnInt(1)}];
      if (AddDossierCube(row.ColumnBlob(3), &counts)) return absl::OkStatus();
      return UnreadableCube(row.ColumnText(0), row.ColumnInt(1));
    });
    if (!s.ok()) return s;
    return out;
  });
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
