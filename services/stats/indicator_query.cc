#include "services/stats/indicator_query.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace dtr::stats {

absl::StatusOr<v1::GetIndicatorsResponse> ComputeIndicators(
    StatsStore& store, const UnitTree& units,
    const IndicatorVersions::Version& definitions, const std::string& root_code,
    DayRange range) {
  const UnitVersion* root = units.FindInRange(root_code, range);
  if (root == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "unit_code: unit '", root_code, "' does not exist between ",
        FormatDay(range.first), " and ", FormatDay(range.last)));
  }
  const std::vector<SubtreeMember> members = units.Subtree(root_code, range);
  absl::flat_hash_map<std::string, LevelCounts> by_level;
  const StatsStore::WholeSubtree whole{&units, root_code, range};
  if (absl::Status s = store.ReadCounts(members, &by_level, &whole); !s.ok()) {
    return s;
  }

  v1::GetIndicatorsResponse response;
  response.mutable_unit()->set_code(root->code);
  response.mutable_unit()->set_name(root->name);
  response.mutable_unit()->set_level(root->level);
  response.mutable_range()->set_start_date(FormatDay(range.first));
  response.mutable_range()->set_end_date(FormatDay(range.last));

  // The levels the subtree has in the range, in tree order (a 2026 province
  // has no district level); then levels of records the tree no longer
  // knows, so that no count is ever dropped.
  std::vector<std::string> levels = units.LevelsOf(members);
  for (const auto& [level, counts] : by_level) {
    if (std::find(levels.begin(), levels.end(), level) == levels.end()) {
      levels.push_back(level);
    }
  }
  auto rank = [&](const std::string& level) {
    const int index = units.LevelIndex(level);
    return index < 0 ? static_cast<int>(units.levels().size()) : index;
  };
  std::sort(levels.begin(), levels.end(),
            [&](const std::string& a, const std::string& b) {
              return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
            });

  LevelCounts total;
  for (const std::string& level : levels) {
    const LevelCounts& counts = by_level[level];
    total.dossiers.Merge(counts.dossiers);
    total.payments.Merge(counts.payments);
    v1::LevelIndicators* out = response.add_levels();
    out->set_level(level);
    definitions.value->Fill(counts.dossiers, counts.payments,
                            out->mutable_indicators());
  }
  definitions.value->Fill(total.dossiers, total.payments,
                          response.mutable_total());
  return response;
}

std::string IndicatorsCacheKey(const std::string& unit_code, DayRange range,
                               uint64_t tree_fingerprint,
                               const IndicatorVersions::Version& definitions) {
  // v3: with the version of the definitions, which the answer names.
  return absl::StrCat("indicators:v3:", unit_code, ":", FormatDay(range.first),
                      ":", FormatDay(range.last), ":",
                      absl::Hex(tree_fingerprint, absl::kZeroPad16), ":",
                      definitions.meta.fingerprint());
}

}  // namespace dtr::stats
