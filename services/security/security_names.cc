#include "services/security/security_names.h"

#include <utility>

#include "common/enum_names.h"

namespace dtr::security {
namespace {

const std::pair<v1::ControlState, absl::string_view> kControlStates[] = {
    {v1::CONTROL_STATE_IMPLEMENTED, "implemented"},
    {v1::CONTROL_STATE_PARTIAL, "partial"},
    {v1::CONTROL_STATE_MISSING, "missing"},
    {v1::CONTROL_STATE_NOT_APPLICABLE, "not_applicable"}};
const std::pair<v1::EndpointKind, absl::string_view> kEndpointKinds[] = {
    {v1::ENDPOINT_KIND_WORKSTATION, "workstation"},
    {v1::ENDPOINT_KIND_SERVER, "server"}};
const std::pair<v1::Antimalware, absl::string_view> kAntimalware[] = {
    {v1::ANTIMALWARE_NONE, "none"},
    {v1::ANTIMALWARE_STANDALONE, "standalone"},
    {v1::ANTIMALWARE_CENTRAL, "central"}};
const std::pair<v1::Severity, absl::string_view> kSeverities[] = {
    {v1::SEVERITY_LOW, "low"},
    {v1::SEVERITY_MEDIUM, "medium"},
    {v1::SEVERITY_HIGH, "high"},
    {v1::SEVERITY_CRITICAL, "critical"}};
const std::pair<v1::DossierStatus, absl::string_view> kDossierStatuses[] = {
    {v1::DOSSIER_STATUS_NONE, "none"},
    {v1::DOSSIER_STATUS_DRAFTED, "drafted"},
    {v1::DOSSIER_STATUS_SUBMITTED, "submitted"},
    {v1::DOSSIER_STATUS_APPROVED, "approved"},
    {v1::DOSSIER_STATUS_REVOKED, "revoked"}};
const std::pair<v1::DossierStatus, absl::string_view> kDossierLabels[] = {
    {v1::DOSSIER_STATUS_NONE, "chưa lập"},
    {v1::DOSSIER_STATUS_DRAFTED, "đang xây dựng"},
    {v1::DOSSIER_STATUS_SUBMITTED, "đã trình"},
    {v1::DOSSIER_STATUS_APPROVED, "đã phê duyệt"},
    {v1::DOSSIER_STATUS_REVOKED, "đã thu hồi"}};

}  // namespace

absl::string_view ControlStateName(v1::ControlState v) {
  return NameOf(kControlStates, v);
}
bool ParseControlState(absl::string_view t, v1::ControlState* v) {
  return ParseName(kControlStates, t, v);
}
absl::string_view EndpointKindName(v1::EndpointKind v) {
  return NameOf(kEndpointKinds, v);
}
bool ParseEndpointKind(absl::string_view t, v1::EndpointKind* v) {
  return ParseName(kEndpointKinds, t, v);
}
absl::string_view AntimalwareName(v1::Antimalware v) {
  return NameOf(kAntimalware, v);
}
bool ParseAntimalware(absl::string_view t, v1::Antimalware* v) {
  return ParseName(kAntimalware, t, v);
}
absl::string_view SeverityName(v1::Severity v) {
  return NameOf(kSeverities, v);
}
bool ParseSeverity(absl::string_view t, v1::Severity* v) {
  return ParseName(kSeverities, t, v);
}
absl::string_view DossierStatusName(v1::DossierStatus v) {
  absl::string_view name = NameOf(kDossierStatuses, v);
  return name.empty() ? "unspecified" : name;
}
bool ParseDossierStatus(absl::string_view t, v1::DossierStatus* v) {
  return ParseName(kDossierStatuses, t, v);
}
absl::string_view DossierStatusLabel(v1::DossierStatus v) {
  absl::string_view label = NameOf(kDossierLabels, v);
  return label.empty() ? "chưa ghi nhận" : label;
}

}  // namespace dtr::security
