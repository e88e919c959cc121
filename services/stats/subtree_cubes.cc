// The month cubes summed over whole subtrees (StatsStore): for each month
// and each subtree of the writer's tree that stays the same through the
// month (UnitTree::StableSubtreesOf), the sum of its units' cubes by level,
// stored with the digest of those units. A year to date of the country
// then reads twelve of them instead of a cube per commune and month.
//
// They are exact for a reader whose tree gives the subtree the same
// digest, whatever tree wrote them, because every writer keeps them so:
//  - its deltas go into the subtrees stored under its own digest that
//    hold the unit (a unit is in such a subtree all month or not at all);
//  - a subtree stored under another digest, or missing while the month
//    has cubes, is summed anew from the cubes this transaction wrote;
//  - a subtree its tree does not keep for the month is dropped, and a
//    writer without a tree drops every subtree of the months it touches.
// A month without a single cube needs no subtree cubes: its sum is zero.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/statement_rows.h"
#include "services/stats/counter_sql.h"
#include "services/stats/dossier_cube.h"
#include "services/stats/stats_store.h"

namespace dtr::stats {
namespace {

// A sum of cubes: the counts this binary knows, and the cells it does not,
// kept as they were stored (dossier_cube.h).
struct CubeSum {
  DossierCounts counts;
  std::string unknown;
};

// The digest as stored: SQL integers are signed.
int64_t StoredDigest(uint64_t digest) { return static_cast<int64_t>(digest); }

// Writes a subtree cube: (root_code, month, level, cells).
constexpr char kUpsertSubtreeCube[] =
    "INSERT INTO dossier_subtree_cubes_monthly "
    "(root_code, month, level, cells) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (root_code, month, level) DO UPDATE SET cells = "
    "excluded.cells";

// Removes what the store keeps of the subtree of (root, month).
absl::Status DropSubtree(Connection* conn, const std::string& root,
                         int32_t month) {
  for (const char* sql : {"DELETE FROM dossier_subtree_cubes_monthly "
                          "WHERE root_code = ? AND month = ?",
                          "DELETE FROM dossier_subtree_units_monthly "
                          "WHERE root_code = ? AND month = ?"}) {
    auto drop = conn->Prepare(sql);
    if (!drop.ok()) return drop.status();
    BindRow(drop->get(), 1, root, month);
    if (absl::Status s = (*drop)->Step().status(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// Replaces the subtree cubes of (root, month) with `by_level` and its
// digest with `digest`.
absl::Status WriteSubtree(
    Connection* conn, const std::string& root, int32_t month, uint64_t digest,
    const absl::flat_hash_map<std::string, CubeSum>& by_level) {
  if (absl::Status s = DropSubtree(conn, root, month); !s.ok()) return s;
  auto insert = conn->Prepare(kUpsertSubtreeCube);
  if (!insert.ok()) return insert.status();
  for (const auto& [level, sum] : by_level) {
    (*insert)->Reset();
    BindRow(insert->get(), 1, root, month, level);
    (*insert)->BindBlob(4, EncodeDossierCube(sum.counts, sum.unknown));
    if (absl::Status s = (*insert)->Step().status(); !s.ok()) return s;
  }
  auto units = conn->Prepare(
      "INSERT INTO dossier_subtree_units_monthly (root_code, month, units) "
      "VALUES (?, ?, ?)");
  if (!units.ok()) return units.status();
  BindRow(units->get(), 1, root, month, StoredDigest(digest));
  return (*units)->Step().status();
}

}  // namespace

absl::Status StatsStore::Transaction::FlushSubtreeCubes() {
  // The deltas of each month, and the months touched.
  absl::flat_hash_map<
      int32_t, std::vector<const std::pair<const DossierKey, DossierDelta>*>>
      by_month;
  for (const auto& row : monthly_dossier_deltas_) {
    if (!row.second.IsZero()) by_month[row.first.day].push_back(&row);
  }
  Connection* conn = lease_.get();
  for (const auto& entry : by_month) {
    // Named copies: C++17 lambdas cannot capture structured bindings.
    const int32_t month = entry.first;
    const auto& deltas = entry.second;
    absl::flat_hash_set<std::string> current;
    if (absl::Status s = SyncSubtreeCubes(month, &current); !s.ok()) return s;
    if (current.empty()) continue;

    // The deltas into each current subtree that holds their unit: its
    // ancestors on the month's first day, itself included (a unit of a
    // subtree kept for the month is in it on every day of the month).
    const absl::CivilDay first(month / 100, month % 100, 1);
    absl::flat_hash_map<std::pair<std::string, std::string>, CubeSum> sums;
    for (const auto* row : deltas) {
      const DossierKey& key = row->first;
      const DossierDelta& delta = row->second;
      for (const UnitVersion* v = units_->Find(key.unit_code, first);
           v != nullptr;
           v = v->parent_code.empty() ? nullptr
                                      : units_->Find(v->parent_code, first)) {
        if (current.contains(v->code)) {
          AddDelta(key, delta, &sums[{v->code, key.level}].counts);
        }
      }
    }
    auto read = conn->Prepare(
        "SELECT level, cells FROM dossier_subtree_cubes_monthly "
        "WHERE root_code = ? AND month = ?");
    if (!read.ok()) return read.status();
    auto write = conn->Prepare(kUpsertSubtreeCube);
    if (!write.ok()) return write.status();
    absl::flat_hash_set<std::string> roots_read;
    for (auto& [key, sum] : sums) {
      const std::string& root = key.first;
      if (!roots_read.insert(root).second) continue;
      (*read)->Reset();
      BindRow(read->get(), 1, root, month);
      if (absl::Status s = ForEachRow(
              read->get(),
              [&](const Statement& row) {
                auto it = sums.find({root, std::string(row.ColumnText(0))});
                if (it == sums.end()) return absl::OkStatus();
                return AddDossierCube(row.ColumnBlob(1), &it->second.counts,
                                      &it->second.unknown)
                           ? absl::OkStatus()
                           : UnreadableCube(root, month);
              });
          !s.ok()) {
        return s;
      }
    }
    for (const auto& [key, sum] : sums) {
      (*write)->Reset();
      BindRow(write->get(), 1, key.first, month, key.second);
      (*write)->BindBlob(4, EncodeDossierCube(sum.counts, sum.unknown));
      if (absl::Status s = (*write)->Step().status(); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status StatsStore::Transaction::SyncSubtreeCubes(
    int32_t month, absl::flat_hash_set<std::string>* current) {
  Connection* conn = lease_.get();
  // What the store keeps for the month: root → digest.
  absl::flat_hash_map<std::string, int64_t> stored;
  auto q = conn->Prepare(
      "SELECT root_code, units FROM dossier_subtree_units_monthly "
      "WHERE month = ?");
  if (!q.ok()) return q.status();
  BindRow(q->get(), 1, month);
  if (absl::Status s = ForEachRow(q->get(),
                                  [&](const Statement& row) {
                                    stored[row.ColumnText(0)] =
                                        row.ColumnInt(1);
                                    return absl::OkStatus();
                                  });
      !s.ok()) {
    return s;
  }
  const auto kept_by_tree = units_ != nullptr
                                ? units_->StableSubtreesOf(month)
                                : std::make_shared<UnitTree::SubtreeDigests>();
  const UnitTree::SubtreeDigests& kept = *kept_by_tree;
  std::vector<std::string> rebuilt;
  for (const auto& [root, digest] : kept) {
    auto it = stored.find(root);
    if (it != stored.end() && it->second == StoredDigest(digest)) {
      current->insert(root);
    } else {
      rebuilt.push_back(root);
    }
  }
  for (const auto& [root, digest] : stored) {
    if (kept.contains(root)) continue;
    if (absl::Status s = DropSubtree(conn, root, month); !s.ok()) return s;
  }
  return RebuildSubtreeCubes(month, rebuilt);
}

absl::Status StatsStore::KeepSubtreeCubes() {
  auto tx = BeginWrite();
  if (!tx.ok()) return tx.status();
  if ((*tx)->units_ == nullptr) return absl::OkStatus();
  std::vector<int32_t> months;
  auto q = (*tx)->lease_->Prepare(
      "SELECT DISTINCT month FROM dossier_cubes_monthly ORDER BY month");
  if (!q.ok()) return q.status();
  if (absl::Status s =
          ForEachRow(q->get(),
                     [&](const Statement& row) {
                       months.push_back(static_cast<int32_t>(row.ColumnInt(0)));
                       return absl::OkStatus();
                     });
      !s.ok()) {
    return s;
  }
  for (int32_t month : months) {
    absl::flat_hash_set<std::string> current;
    if (absl::Status s = (*tx)->SyncSubtreeCubes(month, &current); !s.ok()) {
      return s;
    }
  }
  return (*tx)->Commit();
}

absl::Status StatsStore::Transaction::RebuildSubtreeCubes(
    int32_t month, const std::vector<std::string>& roots) {
  if (roots.empty()) return absl::OkStatus();
  Connection* conn = lease_.get();
  // Every cube of the month, by unit: the kept subtrees of a tree cover
  // most of it.
  absl::flat_hash_map<std::string, std::vector<std::pair<std::string, CubeSum>>>
      cubes;
  auto q = conn->Prepare(kSelectAllDossierCubes);
  if (!q.ok()) return q.status();
  BindRow(q->get(), 1, month, month);
  if (absl::Status s = ForEachRow(
          q->get(),
          [&](const Statement& row) {
            auto& of_unit = cubes[row.ColumnText(0)];
            of_unit.emplace_back(std::string(row.ColumnText(2)), CubeSum());
            CubeSum& sum = of_unit.back().second;
            return AddDossierCube(row.ColumnBlob(3), &sum.counts, &sum.unknown)
                       ? absl::OkStatus()
                       : UnreadableCube(row.ColumnText(0), month);
          });
      !s.ok()) {
    return s;
  }
  const absl::CivilDay first(month / 100, month % 100, 1);
  const std::vector<std::vector<SubtreeMember>> subtrees =
      units_->Subtrees(roots, DayRange{first, LastDayOfMonth(first)});
  const auto kept = units_->StableSubtreesOf(month);
  for (size_t r = 0; r < roots.size(); ++r) {
    absl::flat_hash_map<std::string, CubeSum> by_level;
    for (const SubtreeMember& member : subtrees[r]) {
      auto it = cubes.find(member.code);
      if (it == cubes.end()) continue;
      for (const auto& [level, cube] : it->second) {
        CubeSum& sum = by_level[level];
        sum.counts.Merge(cube.counts);
        sum.unknown += cube.unknown;
      }
    }
    if (absl::Status s =
            WriteSubtree(conn, roots[r], month, kept->at(roots[r]), by_level);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> StatsStore::ReadSubtreeCubes(
    Connection* conn, const WholeSubtree& whole,
    absl::FunctionRef<DossierCounts*(int64_t month, absl::string_view level)>
        sink) {
  const MonthSplit split = SplitIntoMonths(whole.range);
  if (!split.whole_months) return false;
  // Ranges of up to ten years: a longer one (rare) is read from the units
  // rather than make the tree work out a subtree for each of its months.
  constexpr int kMonthsAtMost = 120;
  if (absl::CivilMonth(split.whole_months->last) -
          absl::CivilMonth(split.whole_months->first) >=
      kMonthsAtMost) {
    return false;
  }
  const int64_t first = MonthNumber(split.whole_months->first);
  const int64_t last = MonthNumber(split.whole_months->last);
  absl::flat_hash_map<int64_t, int64_t> stored;  // month → digest
  auto digests = conn->Prepare(
      "SELECT month, units FROM dossier_subtree_units_monthly "
      "WHERE root_code = ? AND month BETWEEN ? AND ?");
  if (!digests.ok()) return digests.status();
  BindRow(digests->get(), 1, whole.root, first, last);
  if (absl::Status s = ForEachRow(digests->get(),
                                  [&](const Statement& row) {
                                    stored[row.ColumnInt(0)] = row.ColumnInt(1);
                                    return absl::OkStatus();
                                  });
      !s.ok()) {
    return s;
  }
  auto any_cube = conn->Prepare(
      "SELECT 1 FROM dossier_cubes_monthly WHERE month = ? LIMIT 1");
  if (!any_cube.ok()) return any_cube.status();
  for (absl::CivilMonth m(split.whole_months->first);
       m <= absl::CivilMonth(split.whole_months->last); ++m) {
    const int32_t month = static_cast<int32_t>(m.year() * 100 + m.month());
    const auto kept = whole.tree->StableSubtreesOf(month);
    auto digest = kept->find(whole.root);
    if (digest == kept->end()) return false;
    auto it = stored.find(month);
    if (it != stored.end()) {
      if (it->second != StoredDigest(digest->second)) return false;
      continue;
    }
    (*any_cube)->Reset();
    BindRow(any_cube->get(), 1, month);
    absl::StatusOr<bool> has_cube = (*any_cube)->Step();
    if (!has_cube.ok()) return has_cube.status();
    if (*has_cube) return false;  // cubes the subtree's sum was not kept for
  }
  auto cubes = conn->Prepare(
      "SELECT month, level, cells FROM dossier_subtree_cubes_monthly "
      "WHERE root_code = ? AND month BETWEEN ? AND ?");
  if (!cubes.ok()) return cubes.status();
  BindRow(cubes->get(), 1, whole.root, first, last);
  if (absl::Status s = ForEachRow(
          cubes->get(),
          [&](const Statement& row) {
            return AddDossierCube(row.ColumnBlob(2),
                                  sink(row.ColumnInt(0), row.ColumnText(1)))
                       ? absl::OkStatus()
                       : UnreadableCube(whole.root, row.ColumnInt(0));
          });
      !s.ok()) {
    return s;
  }
  return true;
}

}  // namespace dtr::stats
