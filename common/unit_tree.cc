#include "common/unit_tree.h"

#include <algorithm>
#include <deque>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/fingerprint.h"

namespace dtr {
namespace {

const absl::CivilDay kFirstDay(1, 1, 1);
const absl::CivilDay kLastDay(9999, 12, 31);

absl::Status LineError(int64_t line, absl::string_view field,
                       absl::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("units: line ", line, ": ", field, ": ", reason));
}

}  // namespace

const std::vector<std::string>& UnitTree::CsvHeader() {
  static const std::vector<std::string> header = {
      "code", "name", "level", "parent_code", "valid_from", "valid_to"};
  return header;
}

absl::StatusOr<std::shared_ptr<const UnitTree>> UnitTree::LoadFile(
    const std::string& path) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  return Load(reader->get());
}

absl::StatusOr<std::shared_ptr<const UnitTree>> UnitTree::Load(
    CsvReader* reader) {
  if (absl::Status s = reader->ExpectHeader(CsvHeader()); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("units: ", s.message()));
  }
  std::shared_ptr<UnitTree> tree(new UnitTree());
  std::vector<int64_t> lines;
  uint64_t fingerprint = kFingerprintSeed;
  std::vector<std::string> f;
  while (reader->Next(&f)) {
    const int64_t line = reader->line();
    if (f.size() != CsvHeader().size()) {
      return LineError(line, "row",
                       absl::StrCat("expected ", CsvHeader().size(),
                                    " fields, found ", f.size()));
    }
    for (size_t i = 0; i < f.size(); ++i) {
      if (!IsValidUtf8(f[i])) {
        return LineError(line, CsvHeader()[i], "is not valid UTF-8");
      }
      fingerprint = Fingerprint(",", Fingerprint(f[i], fingerprint));
    }
    UnitVersion v;
    v.code = f[0];
    v.name = f[1];
    v.level = f[2];
    v.parent_code = f[3];
    if (v.code.empty()) return LineError(line, "code", "is empty");
    if (v.name.empty()) return LineError(line, "name", "is empty");
    if (v.level.empty()) return LineError(line, "level", "is empty");
    if (v.parent_code == v.code) {
      return LineError(line, "parent_code", "a unit cannot be its own parent");
    }
    v.open_from = f[4].empty();
    v.open_to = f[5].empty();
    v.valid_from = kFirstDay;
    v.valid_to = kLastDay;
    if (!v.open_from) {
      auto day = ParseIsoDate(f[4]);
      if (!day) return LineError(line, "valid_from", "expected YYYY-MM-DD");
      v.valid_from = *day;
    }
    if (!v.open_to) {
      auto day = ParseIsoDate(f[5]);
      if (!day) return LineError(line, "valid_to", "expected YYYY-MM-DD");
      v.valid_to = *day;
    }
    if (v.valid_to < v.valid_from) {
      return LineError(line, "valid_to", "is before valid_from");
    }
    tree->by_code_[v.code].push_back(tree->versions_.size());
    tree->versions_.push_back(std::move(v));
    lines.push_back(line);
  }
  if (!reader->status().ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("units: ", reader->status().message()));
  }
  if (tree->versions_.empty()) {
    return absl::InvalidArgumentError("units: the file has no unit");
  }
  tree->fingerprint_ = fingerprint;

  // Versions of one code must not overlap.
  for (auto& [code, indices] : tree->by_code_) {
    std::sort(indices.begin(), indices.end(), [&](size_t a, size_t b) {
      return tree->versions_[a].valid_from < tree->versions_[b].valid_from;
    });
    for (size_t i = 1; i < indices.size(); ++i) {
      const UnitVersion& prev = tree->versions_[indices[i - 1]];
      const UnitVersion& cur = tree->versions_[indices[i]];
      if (cur.valid_from <= prev.valid_to) {
        return LineError(lines[indices[i]], "valid_from",
                         absl::StrCat("overlaps another version of ", code));
      }
    }
  }

  // A parent must exist on every day its child names it.
  for (size_t i = 0; i < tree->versions_.size(); ++i) {
    const UnitVersion& child = tree->versions_[i];
    if (child.parent_code.empty()) continue;
    auto it = tree->by_code_.find(child.parent_code);
    if (it == tree->by_code_.end()) {
      return LineError(lines[i], "parent_code",
                       absl::StrCat("unknown unit ", child.parent_code));
    }
    absl::CivilDay covered_until = child.valid_from - 1;
    for (size_t p : it->second) {
      const UnitVersion& parent = tree->versions_[p];
      if (parent.valid_from <= covered_until + 1 &&
          parent.valid_to > covered_until) {
        covered_until = parent.valid_to;
      }
      if (covered_until >= child.valid_to) break;
    }
    if (covered_until < child.valid_to) {
      return LineError(lines[i], "parent_code",
                       absl::StrCat(child.parent_code, " is not valid on ",
                                    FormatDay(covered_until + 1),
                                    ", a day on which it is named as parent"));
    }
  }

  // No cycles, on every day the tree changes. Meanwhile, note which level
  // sits directly above which (a province above its districts and, from
  // 2025, above its communes) and how deep each level comes.
  absl::flat_hash_map<std::string, int> level_depth;
  absl::flat_hash_map<std::string, size_t> level_first_seen;
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> below;
  for (size_t i = 0; i < tree->versions_.size(); ++i) {
    level_first_seen.try_emplace(tree->versions_[i].level, i);
  }
  for (absl::CivilDay day :
       tree->ChangeDaysWithin(DayRange{kFirstDay, kLastDay})) {
    for (size_t i = 0; i < tree->versions_.size(); ++i) {
      const UnitVersion& v = tree->versions_[i];
      if (!v.ValidOn(day)) continue;
      int depth = 0;
      const UnitVersion* cur = &v;
      while (!cur->parent_code.empty()) {
        cur = tree->Find(cur->parent_code, day);
        if (depth == 0 && cur->level != v.level)
          below[cur->level].insert(v.level);
        if (++depth > static_cast<int>(tree->versions_.size())) {
          return LineError(lines[i], "parent_code",
                           absl::StrCat("the parents of ", v.code,
                                        " form a cycle on ", FormatDay(day)));
        }
      }
      auto [it, inserted] = level_depth.try_emplace(v.level, depth);
      if (!inserted) it->second = std::min(it->second, depth);
    }
  }
  // Levels from the top: a level comes after every level ever above it
  // (so communes stay below districts after districts are gone); among
  // levels free to come next, the shallower first, then file order.
  absl::flat_hash_map<std::string, int> above_count;
  for (const auto& [level, depth] : level_depth) above_count[level];
  for (const auto& [upper, lowers] : below) {
    for (const std::string& lower : lowers) ++above_count[lower];
  }
  auto comes_first = [&](const std::string& a, const std::string& b) {
    if (level_depth[a] != level_depth[b])
      return level_depth[a] < level_depth[b];
    return level_first_seen[a] < level_first_seen[b];
  };
  std::vector<std::string> ready, rest;
  for (const auto& [level, count] : above_count) {
    if (count == 0) ready.push_back(level);
  }
  while (!ready.empty()) {
    auto next = std::min_element(ready.begin(), ready.end(), comes_first);
    const std::string level = *next;
    ready.erase(next);
    tree->levels_.push_back(level);
    for (const std::string& lower : below[level]) {
      if (--above_count[lower] == 0) ready.push_back(lower);
    }
  }
  // Levels above each other in turn (a data error the tree tolerates) go
  // last, by depth.
  for (const auto& [level, count] : above_count) {
    if (count > 0) rest.push_back(level);
  }
  std::sort(rest.begin(), rest.end(), comes_first);
  tree->levels_.insert(tree->levels_.end(), rest.begin(), rest.end());
  return std::shared_ptr<const UnitTree>(std::move(tree));
}

const UnitVersion* UnitTree::Find(absl::string_view code,
                                  absl::CivilDay day) const {
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return nullptr;
  for (size_t i : it->second) {
    if (versions_[i].ValidOn(day)) return &versions_[i];
  }
  return nullptr;
}

const UnitVersion* UnitTree::FindInRange(absl::string_view code,
                                         DayRange range) const {
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return nullptr;
  const UnitVersion* best = nullptr;
  for (size_t i : it->second) {
    const UnitVersion& v = versions_[i];
    if (v.valid_to < range.first || range.last < v.valid_from) continue;
    best = &v;  // versions are sorted by valid_from: the last one wins
  }
  return best;
}

std::vector<std::string> UnitTree::LevelsOf(
    const std::vector<SubtreeMember>& members) const {
  std::vector<bool> present(levels_.size(), false);
  for (const SubtreeMember& m : members) {
    auto it = by_code_.find(m.code);
    if (it == by_code_.end()) continue;
    for (size_t i : it->second) {
      const UnitVersion& v = versions_[i];
      if (v.valid_to < m.days.first || m.days.last < v.valid_from) continue;
      present[LevelIndex(v.level)] = true;
    }
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < levels_.size(); ++i) {
    if (present[i]) out.push_back(levels_[i]);
  }
  return out;
}

int UnitTree::LevelIndex(absl::string_view level) const {
  for (size_t i = 0; i < levels_.size(); ++i) {
    if (levels_[i] == level) return static_cast<int>(i);
  }
  return -1;
}

std::vector<absl::CivilDay> UnitTree::ChangeDaysWithin(DayRange range) const {
  std::vector<absl::CivilDay> days = {range.first};
  for (const UnitVersion& v : versions_) {
    if (range.first < v.valid_from && v.valid_from <= range.last) {
      days.push_back(v.valid_from);
    }
    if (v.valid_to < range.last && range.first <= v.valid_to) {
      days.push_back(v.valid_to + 1);
    }
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

absl::flat_hash_map<std::string, std::vector<size_t>> UnitTree::ChildrenOn(
    absl::CivilDay day) const {
  absl::flat_hash_map<std::string, std::vector<size_t>> children;
  for (size_t i = 0; i < versions_.size(); ++i) {
    if (versions_[i].ValidOn(day)) {
      children[versions_[i].parent_code].push_back(i);
    }
  }
  return children;
}

std::vector<SubtreeMember> UnitTree::Subtree(absl::string_view root,
                                             DayRange range) const {
  return std::move(Subtrees({std::string(root)}, range).front());
}

std::vector<std::vector<SubtreeMember>> UnitTree::Subtrees(
    const std::vector<std::string>& roots, DayRange range) const {
  std::vector<std::vector<SubtreeMember>> out(roots.size());
  // Per root: code → index of its last member.
  std::vector<absl::flat_hash_map<std::string, size_t>> last_member(
      roots.size());
  const std::vector<absl::CivilDay> starts = ChangeDaysWithin(range);
  for (size_t s = 0; s < starts.size(); ++s) {
    const DayRange segment{
        starts[s], s + 1 < starts.size() ? starts[s + 1] - 1 : range.last};
    const auto children = ChildrenOn(segment.first);
    for (size_t r = 0; r < roots.size(); ++r) {
      const UnitVersion* top = Find(roots[r], segment.first);
      if (top == nullptr) continue;
      std::vector<SubtreeMember>& members = out[r];
      std::deque<const UnitVersion*> queue = {top};
      while (!queue.empty()) {
        const UnitVersion* v = queue.front();
        queue.pop_front();
        auto it = last_member[r].find(v->code);
        if (it != last_member[r].end() &&
            members[it->second].days.last + 1 == segment.first) {
          members[it->second].days.last = segment.last;
        } else {
          last_member[r][v->code] = members.size();
          members.push_back(SubtreeMember{v->code, segment});
        }
        auto kids = children.find(v->code);
        if (kids == children.end()) continue;
        for (size_t k : kids->second) queue.push_back(&versions_[k]);
      }
    }
  }
  return out;
}

std::shared_ptr<const UnitTree::SubtreeDigests> UnitTree::StableSubtreesOf(
    int32_t month) const {
  {
    absl::MutexLock lock(&stable_subtrees_mu_);
    auto it = stable_subtrees_.find(month);
    if (it != stable_subtrees_.end()) return it->second;
  }
  // Worked out without the lock, so that other months' readers do not
  // wait; two callers of a new month may both work it out.
  const absl::CivilDay first(month / 100, month % 100, 1);
  const DayRange days{first, LastDayOfMonth(first)};
  std::vector<std::string> roots;
  for (const auto& [parent, children] : ChildrenOn(first)) {
    if (!parent.empty()) roots.push_back(parent);
  }
  auto digests = std::make_shared<SubtreeDigests>();
  const std::vector<std::vector<SubtreeMember>> subtrees =
      Subtrees(roots, days);
  for (size_t r = 0; r < roots.size(); ++r) {
    std::vector<absl::string_view> codes;
    bool stable = true;
    for (const SubtreeMember& m : subtrees[r]) {
      stable = stable && m.days == days;
      codes.push_back(m.code);
    }
    if (!stable) continue;
    std::sort(codes.begin(), codes.end());
    // The number of units first, then each code and a separator.
    uint64_t digest = Fingerprint(std::to_string(codes.size()));
    for (absl::string_view code : codes) {
      digest =
          Fingerprint(absl::string_view("\0", 1), Fingerprint(code, digest));
    }
    (*digests)[roots[r]] = digest == 0 ? 1 : digest;
  }
  absl::MutexLock lock(&stable_subtrees_mu_);
  // A bound on what a caller asking for ever more months keeps alive.
  constexpr size_t kMonthsKept = 256;
  if (stable_subtrees_.size() >= kMonthsKept) stable_subtrees_.clear();
  return stable_subtrees_.try_emplace(month, std::move(digests)).first->second;
}

std::vector<const UnitVersion*> UnitTree::ListOn(
    absl::CivilDay day, absl::string_view root, absl::string_view level) const {
  std::vector<const UnitVersion*> out;
  const auto children = ChildrenOn(day);
  std::vector<const UnitVersion*> stack;
  if (root.empty()) {
    auto roots = children.find("");
    if (roots != children.end()) {
      for (auto it = roots->second.rbegin(); it != roots->second.rend(); ++it) {
        stack.push_back(&versions_[*it]);
      }
    }
  } else if (const UnitVersion* top = Find(root, day)) {
    stack.push_back(top);
  }
  // Depth-first, children in file order: a parent comes before its subtree.
  while (!stack.empty()) {
    const UnitVersion* v = stack.back();
    stack.pop_back();
    if (level.empty() || v->level == level) out.push_back(v);
    auto kids = children.find(v->code);
    if (kids == children.end()) continue;
    for (auto it = kids->second.rbegin(); it != kids->second.rend(); ++it) {
      stack.push_back(&versions_[*it]);
    }
  }
  return out;
}

}  // namespace dtr
