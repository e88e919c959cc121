// The words that stand for the security API's enum values in CSV files, on
// the command line and in the history ("implemented", "central",
// "approved"), and back; Parse* return false for any other word. Shared by
// the service, the report service and dtctl (the security_api library).
#ifndef DTR_SERVICES_SECURITY_SECURITY_NAMES_H_
#define DTR_SERVICES_SECURITY_SECURITY_NAMES_H_

#include "absl/strings/string_view.h"
#include "dtr/security/v1/security.pb.h"

namespace dtr::security {

absl::string_view ControlStateName(v1::ControlState state);
bool ParseControlState(absl::string_view text, v1::ControlState* state);
absl::string_view EndpointKindName(v1::EndpointKind kind);
bool ParseEndpointKind(absl::string_view text, v1::EndpointKind* kind);
absl::string_view AntimalwareName(v1::Antimalware antimalware);
bool ParseAntimalware(absl::string_view text, v1::Antimalware* antimalware);
absl::string_view SeverityName(v1::Severity severity);
bool ParseSeverity(absl::string_view text, v1::Severity* severity);
// "unspecified" for a status without a word.
absl::string_view DossierStatusName(v1::DossierStatus status);
bool ParseDossierStatus(absl::string_view text, v1::DossierStatus* status);
// The status as a Vietnamese document names it ("đã phê duyệt"), for the
// gap lists that are written in Vietnamese.
absl::string_view DossierStatusLabel(v1::DossierStatus status);

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_SECURITY_NAMES_H_
