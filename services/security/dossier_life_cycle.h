// The life cycle of a system's level dossier (Decree 85/2016/NĐ-CP,
// Articles 12–15):
//
//   none → drafted → submitted → approved → revoked
//                ↖─────────┘ (returned)     │
//           drafted ←───────────────────────┘ (redrafted)
//   approved (or submitted) → drafted only through a new security level,
//   which needs a new dossier and approval.
//
// Every function changes the dossier only when the step is allowed, and
// otherwise returns FAILED_PRECONDITION saying why. Pure functions.
#ifndef DTR_SERVICES_SECURITY_DOSSIER_LIFE_CYCLE_H_
#define DTR_SERVICES_SECURITY_DOSSIER_LIFE_CYCLE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "dtr/security/v1/security.pb.h"

namespace dtr::security {

absl::Status DraftDossier(v1::LevelDossier* dossier);
absl::Status SubmitDossier(v1::LevelDossier* dossier);
// Needs the decision's number, day ("YYYY-MM-DD") and approving body.
absl::Status ApproveDossier(v1::LevelDossier* dossier,
                            const std::string& decision_no,
                            const std::string& decision_date,
                            const std::string& approved_by);
// Needs a reason.
absl::Status RevokeDossier(v1::LevelDossier* dossier,
                           const std::string& reason);
// A system's security level changed: an approval, or a submission, for the
// old level no longer holds.
void OnSecurityLevelChange(v1::LevelDossier* dossier);

// Checks a dossier a new system starts with: any status, with what that
// status needs (an approval's decision, a revocation's reason).
absl::Status CheckInitialDossier(const v1::LevelDossier& dossier);

// Moves `dossier` to the state `target` describes, by one allowed step (or
// none, when the status stays): how an import row changes a dossier.
absl::Status MoveDossierTo(v1::LevelDossier* dossier,
                           const v1::LevelDossier& target);

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_DOSSIER_LIFE_CYCLE_H_
