// Compliance summaries and gap lists of a unit's subtree, computed from the
// security records as they stood on a day. Pure functions: the store
// supplies the records (from the history), these count them.
#ifndef DTR_SERVICES_SECURITY_COMPLIANCE_H_
#define DTR_SERVICES_SECURITY_COMPLIANCE_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/unit_tree.h"
#include "dtr/security/v1/security.pb.h"
#include "services/security/control_catalogue.h"

namespace dtr::security {

// Every security record as it stood on one day.
struct SecurityRecords {
  std::vector<v1::InformationSystem> systems;
  std::vector<v1::SystemControl> controls;
  std::vector<v1::Endpoint> endpoints;
  std::vector<v1::Incident> incidents;
};

// Days without a sighting after which an endpoint counts as stale.
inline constexpr int kStaleEndpointDays = 30;

// The units of the subtree of `root_code` on `day`, with their level;
// NOT_FOUND when the unit does not exist that day.
absl::StatusOr<absl::flat_hash_map<std::string, std::string>> LevelsOfSubtree(
    const UnitTree& units, const std::string& root_code, absl::CivilDay day);

// What the summary counts, one record at a time (the lists behind its
// rates ask the same).
inline bool HasApprovedDossier(const v1::InformationSystem& system) {
  return system.dossier().status() == v1::DOSSIER_STATUS_APPROVED;
}
// Every endpoint not a server is a workstation.
inline bool IsServer(const v1::Endpoint& endpoint) {
  return endpoint.kind() == v1::ENDPOINT_KIND_SERVER;
}
inline bool CentrallyProtected(const v1::Endpoint& endpoint) {
  return endpoint.antimalware() == v1::ANTIMALWARE_CENTRAL;
}

// The summary of the subtree of `root_code` on `as_of`. NOT_FOUND when the
// unit does not exist that day.
absl::StatusOr<v1::GetComplianceSummaryResponse> Summarize(
    const SecurityRecords& records, const UnitTree& units,
    const ControlCatalogue& catalogue, const std::string& root_code,
    absl::CivilDay as_of);

// The systems of the subtree with gaps on `as_of`, ordered by id.
absl::StatusOr<std::vector<v1::SystemGaps>> ListGaps(
    const SecurityRecords& records, const UnitTree& units,
    const ControlCatalogue& catalogue, const std::string& root_code,
    absl::CivilDay as_of);

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_COMPLIANCE_H_
