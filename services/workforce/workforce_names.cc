#include "services/workforce/workforce_names.h"

#include <utility>

#include "common/enum_names.h"

namespace dtr::workforce {
namespace {

const std::pair<v1::Role, absl::string_view> kRoles[] = {
    {v1::ROLE_DEDICATED, "dedicated"}, {v1::ROLE_CONCURRENT, "concurrent"}};
const std::pair<v1::Qualification, absl::string_view> kQualifications[] = {
    {v1::QUALIFICATION_DOCTORATE, "doctorate"},
    {v1::QUALIFICATION_MASTER, "master"},
    {v1::QUALIFICATION_BACHELOR, "bachelor"},
    {v1::QUALIFICATION_COLLEGE, "college"},
    {v1::QUALIFICATION_OTHER, "other"}};
const std::pair<v1::Field, absl::string_view> kFields[] = {
    {v1::FIELD_IT, "it"}, {v1::FIELD_OTHER, "other"}};
const std::pair<v1::AbsenceKind, absl::string_view> kAbsenceKinds[] = {
    {v1::ABSENCE_KIND_UNPAID_LEAVE, "unpaid_leave"},
    {v1::ABSENCE_KIND_SICK_LEAVE, "sick_leave"},
    {v1::ABSENCE_KIND_MATERNITY_LEAVE, "maternity_leave"},
    {v1::ABSENCE_KIND_STUDY_LEAVE, "study_leave"},
    {v1::ABSENCE_KIND_OTHER, "other"}};

}  // namespace

absl::string_view RoleName(v1::Role v) { return NameOf(kRoles, v); }
bool ParseRole(absl::string_view t, v1::Role* v) {
  return ParseName(kRoles, t, v);
}
absl::string_view QualificationName(v1::Qualification v) {
  return NameOf(kQualifications, v);
}
bool ParseQualification(absl::string_view t, v1::Qualification* v) {
  return ParseName(kQualifications, t, v);
}
absl::string_view FieldName(v1::Field v) { return NameOf(kFields, v); }
bool ParseField(absl::string_view t, v1::Field* v) {
  return ParseName(kFields, t, v);
}
absl::string_view AbsenceKindName(v1::AbsenceKind v) {
  return NameOf(kAbsenceKinds, v);
}
bool ParseAbsenceKind(absl::string_view t, v1::AbsenceKind* v) {
  return ParseName(kAbsenceKinds, t, v);
}

const std::vector<v1::Qualification>& AllQualifications() {
  static const auto* all = new std::vector<v1::Qualification>{
      v1::QUALIFICATION_DOCTORATE, v1::QUALIFICATION_MASTER,
      v1::QUALIFICATION_BACHELOR, v1::QUALIFICATION_COLLEGE,
      v1::QUALIFICATION_OTHER};
  return *all;
}

}  // namespace dtr::workforce
