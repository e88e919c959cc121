// The words that stand for the workforce API's enum values in CSV files,
// on the command line and in the rules file ("dedicated", "bachelor",
// "sick_leave"), and back; Parse* return false for any other word. Shared
// by the service, the report service and dtctl (the workforce_api
// library).
#ifndef DTR_SERVICES_WORKFORCE_WORKFORCE_NAMES_H_
#define DTR_SERVICES_WORKFORCE_WORKFORCE_NAMES_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "dtr/workforce/v1/workforce.pb.h"

namespace dtr::workforce {

absl::string_view RoleName(v1::Role role);
bool ParseRole(absl::string_view text, v1::Role* role);
absl::string_view QualificationName(v1::Qualification qualification);
bool ParseQualification(absl::string_view text,
                        v1::Qualification* qualification);
absl::string_view FieldName(v1::Field field);
bool ParseField(absl::string_view text, v1::Field* field);
absl::string_view AbsenceKindName(v1::AbsenceKind kind);
bool ParseAbsenceKind(absl::string_view text, v1::AbsenceKind* kind);

// The qualifications, from the highest.
const std::vector<v1::Qualification>& AllQualifications();

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_WORKFORCE_NAMES_H_
