#include "services/security/compliance.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/ratio.h"
#include "services/security/gap_rules.h"

namespace dtr::security {

absl::StatusOr<absl::flat_hash_map<std::string, std::string>> LevelsOfSubtree(
    const UnitTree& units, const std::string& root_code, absl::CivilDay day) {
  if (units.Find(root_code, day) == nullptr) {
    return absl::NotFoundError(absl::StrCat("unit_code: unit '", root_code,
                                            "' does not exist on ",
                                            FormatDay(day)));
  }
  absl::flat_hash_map<std::string, std::string> level_of;
  for (const SubtreeMember& m : units.Subtree(root_code, DayRange{day, day})) {
    level_of[m.code] = units.Find(m.code, day)->level;
  }
  return level_of;
}

namespace {

ControlsById ControlsOf(
    const SecurityRecords& records, const std::string& system_id,
    const absl::flat_hash_map<std::string, std::vector<size_t>>& index) {
  ControlsById out;
  auto it = index.find(system_id);
  if (it == index.end()) return out;
  for (size_t i : it->second) {
    out[records.controls[i].control_id()] = &records.controls[i];
  }
  return out;
}

absl::flat_hash_map<std::string, std::vector<size_t>> IndexControls(
    const SecurityRecords& records) {
  absl::flat_hash_map<std::string, std::vector<size_t>> index;
  for (size_t i = 0; i < records.controls.size(); ++i) {
    index[records.controls[i].system_id()].push_back(i);
  }
  return index;
}

// Counts gathered before rates are filled in.
struct Tally {
  int64_t systems = 0, approved = 0, with_gaps = 0, soc = 0;
  std::map<int, int64_t> by_level;
  struct Endpoints {
    int64_t total = 0, central = 0, standalone = 0, none = 0, stale = 0;
  } workstation, server;
  v1::IncidentCounts incidents;

  void Fill(v1::ComplianceBlock* out) const {
    out->set_systems(systems);
    FillRatio(approved, systems, out->mutable_approved_dossier());
    for (int level = 1; level <= 5; ++level) {
      auto it = by_level.find(level);
      (*out->mutable_by_security_level())[level] =
          it == by_level.end() ? 0 : it->second;
    }
    out->set_systems_with_gaps(with_gaps);
    FillRatio(soc, systems, out->mutable_soc_monitored());
    for (auto [counts, block] :
         {std::pair{&workstation, out->mutable_workstation()},
          std::pair{&server, out->mutable_server()}}) {
      block->set_total(counts->total);
      block->set_central(counts->central);
      block->set_standalone(counts->standalone);
      block->set_none(counts->none);
      block->set_stale(counts->stale);
      FillRatio(counts->central, counts->total, block->mutable_central_share());
    }
    *out->mutable_open_incidents() = incidents;
  }
};

}  // namespace

absl::StatusOr<v1::GetComplianceSummaryResponse> Summarize(
    const SecurityRecords& records, const UnitTree& units,
    const ControlCatalogue& catalogue, const std::string& root_code,
    absl::CivilDay as_of) {
  auto level_of = LevelsOfSubtree(units, root_code, as_of);
  if (!level_of.ok()) return level_of.status();
  const auto control_index = IndexControls(records);

  std::map<std::string, Tally> by_level;  // level name → counts
  Tally total;
  auto tally_for = [&](const std::string& unit) -> Tally* {
    auto it = level_of->find(unit);
    return it == level_of->end() ? nullptr : &by_level[it->second];
  };

  absl::flat_hash_map<std::string, const v1::InformationSystem*> system_by_id;
  for (const v1::InformationSystem& system : records.systems) {
    system_by_id[system.system_id()] = &system;
    Tally* level = tally_for(system.owner_unit());
    if (level == nullptr) continue;
    const bool approved = HasApprovedDossier(system);
    const bool gaps =
        !FindGaps(catalogue, system,
                  ControlsOf(records, system.system_id(), control_index), as_of)
             .empty();
    for (Tally* t : {level, &total}) {
      ++t->systems;
      t->approved += approved;
      t->with_gaps += gaps;
      t->soc += system.soc_monitored();
      ++t->by_level[system.security_level()];
    }
  }
  for (const v1::Endpoint& endpoint : records.endpoints) {
    Tally* level = tally_for(endpoint.unit_code());
    if (level == nullptr) continue;
    auto seen = ParseIsoDate(endpoint.last_seen());
    const bool stale = !seen || *seen < as_of - kStaleEndpointDays;
    for (Tally* t : {level, &total}) {
      Tally::Endpoints& e = IsServer(endpoint) ? t->server : t->workstation;
      ++e.total;
      e.central += CentrallyProtected(endpoint);
      e.standalone += endpoint.antimalware() == v1::ANTIMALWARE_STANDALONE;
      e.none += endpoint.antimalware() == v1::ANTIMALWARE_NONE;
      e.stale += stale;
    }
  }
  for (const v1::Incident& incident : records.incidents) {
    if (!incident.closed_at().empty()) continue;
    auto system = system_by_id.find(incident.system_id());
    if (system == system_by_id.end()) continue;
    Tally* level = tally_for(system->second->owner_unit());
    if (level == nullptr) continue;
    for (Tally* t : {level, &total}) {
      v1::IncidentCounts& c = t->incidents;
      switch (incident.severity()) {
        case v1::SEVERITY_LOW:
          c.set_low(c.low() + 1);
          break;
        case v1::SEVERITY_MEDIUM:
          c.set_medium(c.medium() + 1);
          break;
        case v1::SEVERITY_HIGH:
          c.set_high(c.high() + 1);
          break;
        case v1::SEVERITY_CRITICAL:
          c.set_critical(c.critical() + 1);
          break;
        default:
          break;
      }
      c.set_total(c.total() + 1);
    }
  }

  v1::GetComplianceSummaryResponse response;
  const UnitVersion* root = units.Find(root_code, as_of);
  response.mutable_unit()->set_code(root->code);
  response.mutable_unit()->set_name(root->name);
  response.mutable_unit()->set_level(root->level);
  response.set_as_of(FormatDay(as_of));
  total.Fill(response.mutable_total());
  // The subtree's levels that day, from the top.
  for (const std::string& level :
       units.LevelsOf(units.Subtree(root_code, DayRange{as_of, as_of}))) {
    v1::LevelCompliance* out = response.add_levels();
    out->set_level(level);
    by_level[level].Fill(out->mutable_compliance());
  }
  return response;
}

absl::StatusOr<std::vector<v1::SystemGaps>> ListGaps(
    const SecurityRecords& records, const UnitTree& units,
    const ControlCatalogue& catalogue, const std::string& root_code,
    absl::CivilDay as_of) {
  auto level_of = LevelsOfSubtree(units, root_code, as_of);
  if (!level_of.ok()) return level_of.status();
  const auto control_index = IndexControls(records);
  std::vector<v1::SystemGaps> out;
  for (const v1::InformationSystem& system : records.systems) {
    if (!level_of->contains(system.owner_unit())) continue;
    std::vector<v1::Gap> gaps =
        FindGaps(catalogue, system,
                 ControlsOf(records, system.system_id(), control_index), as_of);
    if (gaps.empty()) continue;
    v1::SystemGaps& entry = out.emplace_back();
    *entry.mutable_system() = system;
    for (v1::Gap& gap : gaps) *entry.add_gaps() = std::move(gap);
  }
  std::sort(out.begin(), out.end(),
            [](const v1::SystemGaps& a, const v1::SystemGaps& b) {
              return a.system().system_id() < b.system().system_id();
            });
  return out;
}

}  // namespace dtr::security
