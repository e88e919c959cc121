#include "services/security/record_csv.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/security/security_names.h"

namespace dtr::security {

namespace sv1 = v1;

const std::vector<std::string>& SystemCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "system_id",      "name",           "owner_unit",
      "security_level", "dossier_status", "decision_no",
      "decision_date",  "approved_by",    "soc_monitored"};
  return *header;
}

const std::vector<std::string>& SystemControlCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "system_id", "control_id", "state", "evidence", "checked_at"};
  return *header;
}

const std::vector<std::string>& EndpointCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "endpoint_id", "unit_code", "kind", "antimalware", "last_seen"};
  return *header;
}

const std::vector<std::string>& IncidentCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "incident_id", "system_id", "opened_at", "severity", "closed_at"};
  return *header;
}

bool SystemFromCsv(const std::vector<std::string>& f, sv1::InformationSystem* s,
                   CsvFieldError* error) {
  if (!CheckCsvFields(f, SystemCsvHeader(), error)) return false;
  int level = 0;
  if (!absl::SimpleAtoi(f[3], &level)) {
    return CsvFieldBad(error, "security_level",
                       absl::StrCat("'", f[3], "': expected 1 to 5"));
  }
  sv1::DossierStatus status;
  if (!ParseDossierStatus(f[4], &status)) {
    return CsvFieldBad(error, "dossier_status",
                       absl::StrCat("'", f[4],
                                    "': expected none, drafted, submitted, "
                                    "approved or revoked"));
  }
  if (f[8] != "0" && f[8] != "1") {
    return CsvFieldBad(error, "soc_monitored",
                       absl::StrCat("'", f[8], "': expected 0 or 1"));
  }
  s->set_system_id(f[0]);
  s->set_name(f[1]);
  s->set_owner_unit(f[2]);
  s->set_security_level(level);
  s->mutable_dossier()->set_status(status);
  s->mutable_dossier()->set_decision_no(f[5]);
  s->mutable_dossier()->set_decision_date(f[6]);
  s->mutable_dossier()->set_approved_by(f[7]);
  if (status == sv1::DOSSIER_STATUS_REVOKED) {
    // The file has no column for it; the history keeps the import's reason.
    s->mutable_dossier()->set_revoked_reason(
        "recorded as revoked by an import");
  }
  s->set_soc_monitored(f[8] == "1");
  return true;
}

bool SystemControlFromCsv(const std::vector<std::string>& f,
                          sv1::SystemControl* c, CsvFieldError* error) {
  if (!CheckCsvFields(f, SystemControlCsvHeader(), error)) return false;
  sv1::ControlState state;
  if (!ParseControlState(f[2], &state)) {
    return CsvFieldBad(error, "state",
                       absl::StrCat("'", f[2],
                                    "': expected implemented, partial, "
                                    "missing or not_applicable"));
  }
  c->set_system_id(f[0]);
  c->set_control_id(f[1]);
  c->set_state(state);
  c->set_evidence(f[3]);
  c->set_checked_at(f[4]);
  return true;
}

bool EndpointFromCsv(const std::vector<std::string>& f, sv1::Endpoint* e,
                     CsvFieldError* error) {
  if (!CheckCsvFields(f, EndpointCsvHeader(), error)) return false;
  sv1::EndpointKind kind;
  if (!ParseEndpointKind(f[2], &kind)) {
    return CsvFieldBad(
        error, "kind",
        absl::StrCat("'", f[2], "': expected workstation or server"));
  }
  sv1::Antimalware antimalware;
  if (!ParseAntimalware(f[3], &antimalware)) {
    return CsvFieldBad(
        error, "antimalware",
        absl::StrCat("'", f[3], "': expected none, standalone or central"));
  }
  e->set_endpoint_id(f[0]);
  e->set_unit_code(f[1]);
  e->set_kind(kind);
  e->set_antimalware(antimalware);
  e->set_last_seen(f[4]);
  return true;
}

bool IncidentFromCsv(const std::vector<std::string>& f, sv1::Incident* i,
                     CsvFieldError* error) {
  if (!CheckCsvFields(f, IncidentCsvHeader(), error)) return false;
  sv1::Severity severity;
  if (!ParseSeverity(f[3], &severity)) {
    return CsvFieldBad(
        error, "severity",
        absl::StrCat("'", f[3], "': expected low, medium, high or critical"));
  }
  i->set_incident_id(f[0]);
  i->set_system_id(f[1]);
  i->set_opened_at(f[2]);
  i->set_severity(severity);
  i->set_closed_at(f[4]);
  return true;
}

}  // namespace dtr::security
