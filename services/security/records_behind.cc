#include "services/security/records_behind.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/field_checks.h"
#include "common/figure_parts.h"

namespace dtr::security {
namespace {

// The records of the subtree (at the level asked for) whose predicate puts
// them in the part, ordered by `id`.
template <typename Record, typename Unit, typename Counted, typename Id>
absl::StatusOr<std::vector<const Record*>> Behind(
    const std::vector<Record>& records, const UnitTree& units,
    const BehindQuery& query, Unit unit_of, Counted in_numerator, Id id_of) {
  if (absl::Status s = CheckFigurePart(query.part); !s.ok()) return s;
  auto level_of = LevelsOfSubtree(units, query.root_code, query.as_of);
  if (!level_of.ok()) return level_of.status();
  std::vector<const Record*> out;
  for (const Record& r : records) {
    auto it = level_of->find(unit_of(r));
    if (it == level_of->end()) continue;
    if (!query.level.empty() && it->second != query.level) continue;
    if (InFigurePart(query.part, in_numerator(r))) out.push_back(&r);
  }
  std::sort(out.begin(), out.end(), [&](const Record* a, const Record* b) {
    return id_of(*a) < id_of(*b);
  });
  return out;
}

}  // namespace

absl::StatusOr<std::vector<const v1::InformationSystem*>> SystemsBehind(
    const SecurityRecords& records, const UnitTree& units,
    const BehindQuery& query, const std::string& figure) {
  bool (*counted)(const v1::InformationSystem&) = nullptr;
  if (figure == "approved_dossier") {
    counted = HasApprovedDossier;
  } else if (figure == "soc_monitored") {
    counted = [](const v1::InformationSystem& s) { return s.soc_monitored(); };
  } else {
    return Invalid("figure",
                   absl::StrCat("'", figure,
                                "' is not a rate of systems; expected "
                                "approved_dossier or soc_monitored"));
  }
  return Behind(
      records.systems, units, query,
      [](const v1::InformationSystem& s) -> const std::string& {
        return s.owner_unit();
      },
      counted,
      [](const v1::InformationSystem& s) -> const std::string& {
        return s.system_id();
      });
}

absl::StatusOr<std::vector<const v1::Endpoint*>> EndpointsBehind(
    const SecurityRecords& records, const UnitTree& units,
    const BehindQuery& query, v1::EndpointKind kind) {
  auto listed = Behind(
      records.endpoints, units, query,
      [](const v1::Endpoint& e) -> const std::string& { return e.unit_code(); },
      CentrallyProtected,
      [](const v1::Endpoint& e) -> const std::string& {
        return e.endpoint_id();
      });
  if (!listed.ok() || kind == v1::ENDPOINT_KIND_UNSPECIFIED) return listed;
  const bool servers = kind == v1::ENDPOINT_KIND_SERVER;
  listed->erase(std::remove_if(listed->begin(), listed->end(),
                               [&](const v1::Endpoint* e) {
                                 return IsServer(*e) != servers;
                               }),
                listed->end());
  return listed;
}

}  // namespace dtr::security
