// The records behind a rate of the compliance summary: the systems of its
// approved-dossier and SOC rates, the endpoints of its central shares.
// They are chosen from the same records as of the same day, by the same
// predicates (compliance.h), so that a list's length is the figure's.
//
// Pure functions; thread-safe.
#ifndef DTR_SERVICES_SECURITY_RECORDS_BEHIND_H_
#define DTR_SERVICES_SECURITY_RECORDS_BEHIND_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/unit_tree.h"
#include "dtr/common/v1/types.pb.h"
#include "dtr/security/v1/security.pb.h"
#include "services/security/compliance.h"

namespace dtr::security {

// What a list is asked for: the subtree of `root_code` on `as_of`, the
// part of the rate, and a level to narrow it to (empty: every level).
struct BehindQuery {
  std::string root_code;
  absl::CivilDay as_of;
  common::v1::FigurePart part = common::v1::FIGURE_PART_UNSPECIFIED;
  std::string level;
};

// The systems behind `figure` (approved_dossier or soc_monitored), by id;
// INVALID_ARGUMENT naming `figure` or `part`, NOT_FOUND for the unit.
absl::StatusOr<std::vector<const v1::InformationSystem*>> SystemsBehind(
    const SecurityRecords& records, const UnitTree& units,
    const BehindQuery& query, const std::string& figure);

// The endpoints of `kind` (unspecified: both) behind the central share, by
// id.
absl::StatusOr<std::vector<const v1::Endpoint*>> EndpointsBehind(
    const SecurityRecords& records, const UnitTree& units,
    const BehindQuery& query, v1::EndpointKind kind);

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_RECORDS_BEHIND_H_
