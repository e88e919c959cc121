// The tree of organisation units, with validity dates.
//
// A province has provincial agencies, districts and communes; Vietnam removed
// the district level on 2025-07-01, so the tree is versioned: each row of the
// CSV file (`code,name,level,parent_code,valid_from,valid_to`) is one version
// of a unit, valid on the days [valid_from, valid_to] (empty: unbounded).
// Levels are names taken from the data, ordered from the top of the tree
// down. A report for 2023 reads the tree as it stood in 2023.
//
// Thread-safe: immutable once loaded (but for answers it keeps); a reload
// builds a new tree.
#ifndef DTR_COMMON_UNIT_TREE_H_
#define DTR_COMMON_UNIT_TREE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "common/csv_reader.h"
#include "common/dates.h"

namespace dtr {

// One version of a unit.
struct UnitVersion {
  std::string code;
  std::string name;
  std::string level;
  std::string parent_code;  // empty for a root
  absl::CivilDay valid_from;
  absl::CivilDay valid_to;
  bool open_from = false;  // valid_from was empty in the file
  bool open_to = false;    // valid_to was empty in the file

  bool ValidOn(absl::CivilDay day) const {
    return valid_from <= day && day <= valid_to;
  }
};

// A unit of a subtree and the days on which it belongs to it.
struct SubtreeMember {
  std::string code;
  DayRange days;
};

class UnitTree {
 public:
  // The CSV header the tree is read from.
  static const std::vector<std::string>& CsvHeader();

  // Reads and checks a tree. Errors name the line and field: a missing code,
  // name or level, a bad date, overlapping versions of one code, a parent
  // that does not exist on every day its child names it, a cycle.
  static absl::StatusOr<std::shared_ptr<const UnitTree>> Load(
      CsvReader* reader);
  static absl::StatusOr<std::shared_ptr<const UnitTree>> LoadFile(
      const std::string& path);

  // The version of `code` valid on `day`, or nullptr.
  const UnitVersion* Find(absl::string_view code, absl::CivilDay day) const;

  // The version of `code` valid on the latest day of `range` it is valid on,
  // or nullptr when it is valid on none.
  const UnitVersion* FindInRange(absl::string_view code, DayRange range) const;

  // Level names from the top of the tree down: a level comes after every
  // level that has ever been directly above it.
  const std::vector<std::string>& levels() const { return levels_; }
  // The levels the members have on their days, in that order.
  std::vector<std::string> LevelsOf(
      const std::vector<SubtreeMember>& members) const;
  // Position of `level` in levels(), or -1.
  int LevelIndex(absl::string_view level) const;

  // Every unit that belongs to the subtree of `root` (itself included) on
  // some day of `range`, with the days it does; a unit that leaves and
  // rejoins the subtree appears once per stretch of days.
  std::vector<SubtreeMember> Subtree(absl::string_view root,
                                     DayRange range) const;
  // Subtree of each of `roots`, in that order: the tree's shape on each
  // day it changes is built once for all of them (a ranking of the
  // country's communes asks for thousands).
  std::vector<std::vector<SubtreeMember>> Subtrees(
      const std::vector<std::string>& roots, DayRange range) const;

  // The units valid on `day`, in tree order (a parent before its children),
  // restricted to the subtree of `root` and to `level` when not empty.
  std::vector<const UnitVersion*> ListOn(absl::CivilDay day,
                                         absl::string_view root,
                                         absl::string_view level) const;

  // The subtrees of `month` (yyyymm) that stay the same through it: each
  // unit with a child on the month's first day whose subtree has the same
  // units on every day of the month, mapped to a digest of those units
  // (never 0). Two trees that give a subtree the same digest give it the
  // same units, so sums over it stored under one tree serve the other
  // (the stats store's subtree cubes). Computed once a month and kept (the
  // last few hundred months asked for).
  using SubtreeDigests = absl::flat_hash_map<std::string, uint64_t>;
  std::shared_ptr<const SubtreeDigests> StableSubtreesOf(int32_t month) const;

  // Identifies the content of the tree; cached answers carry it so that a
  // reloaded tree never serves answers computed on the old one.
  uint64_t fingerprint() const { return fingerprint_; }

  size_t version_count() const { return versions_.size(); }

 private:
  UnitTree() = default;

  // Parent → children (indices into versions_) on `day`, roots under "".
  absl::flat_hash_map<std::string, std::vector<size_t>> ChildrenOn(
      absl::CivilDay day) const;
  // Days on which some version starts or some version's successor day
  // begins: the tree is the same between two consecutive ones.
  std::vector<absl::CivilDay> ChangeDaysWithin(DayRange range) const;

  // StableSubtreesOf's answers, by month: the tree's only mutable part.
  mutable absl::Mutex stable_subtrees_mu_;
  mutable absl::flat_hash_map<int32_t, std::shared_ptr<const SubtreeDigests>>
      stable_subtrees_ ABSL_GUARDED_BY(stable_subtrees_mu_);

  std::vector<UnitVersion> versions_;  // file order
  absl::flat_hash_map<std::string, std::vector<size_t>> by_code_;
  std::vector<std::string> levels_;
  uint64_t fingerprint_ = 0;
};

}  // namespace dtr

#endif  // DTR_COMMON_UNIT_TREE_H_
