#include "services/security/security_changes.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/enum_names.h"
#include "common/request_limits.h"
#include "services/security/dossier_life_cycle.h"

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

constexpr size_t kMaxIdLength = 128;

absl::Status Invalid(absl::string_view field, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", reason));
}

absl::Status CheckId(absl::string_view field, const std::string& value) {
  if (value.empty()) return Invalid(field, "is required");
  if (value.size() > kMaxIdLength) {
    return Invalid(
        field, absl::StrCat("is longer than ", kMaxIdLength, " characters"));
  }
  return absl::OkStatus();
}

// An optional day field: empty, or a day no later than tomorrow.
absl::Status CheckOptionalDay(absl::string_view field,
                              const std::string& value) {
  if (value.empty()) return absl::OkStatus();
  auto day = ParseIsoDate(value);
  if (!day) return Invalid(field, "expected YYYY-MM-DD");
  if (*day > Today() + 1) return Invalid(field, "is in the future");
  return absl::OkStatus();
}

// A time field: an RFC 3339 time or a day, not in the future.
absl::StatusOr<absl::Time> ParsePastInstant(absl::string_view field,
                                            const std::string& value) {
  auto t = ParseInstant(value);
  if (!t) return Invalid(field, "expected YYYY-MM-DD or an RFC 3339 time");
  if (*t > absl::Now() + absl::Minutes(5)) {
    return Invalid(field, "is in the future");
  }
  return *t;
}

// An approval's decision must be taken by the day the approval takes
// effect, or the dossier would count as approved before it was.
absl::Status CheckDecisionDay(const v1::LevelDossier& dossier,
                              absl::Time effective) {
  if (dossier.status() != v1::DOSSIER_STATUS_APPROVED) return absl::OkStatus();
  auto decided = ParseIsoDate(dossier.decision_date());
  if (decided && *decided > absl::ToCivilDay(effective, ReportTimeZone())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "decision_date: ", dossier.decision_date(),
        " is after the day the approval takes effect (",
        FormatDay(absl::ToCivilDay(effective, ReportTimeZone())), ")"));
  }
  return absl::OkStatus();
}

absl::CivilDay DayOf(absl::Time t) {
  return absl::ToCivilDay(t, ReportTimeZone());
}

// A message compared without its effective_at, which every write sets.
template <typename Message>
bool SameContent(Message a, Message b) {
  a.clear_effective_at();
  b.clear_effective_at();
  return a.SerializeAsString() == b.SerializeAsString();
}

std::string DossierText(const v1::LevelDossier& d) {
  std::string text(DossierStatusName(d.status()));
  if (d.status() == v1::DOSSIER_STATUS_APPROVED) {
    absl::StrAppend(&text, " (", d.decision_no(), " of ", d.decision_date(),
                    ", ", d.approved_by(), ")");
  } else if (d.status() == v1::DOSSIER_STATUS_REVOKED) {
    absl::StrAppend(&text, " (", d.revoked_reason(), ")");
  }
  return text;
}

// What differs between two states of a system, for the history.
std::string DescribeSystemChange(const v1::InformationSystem& before,
                                 const v1::InformationSystem& after) {
  std::vector<std::string> parts;
  if (before.name() != after.name()) {
    parts.push_back(
        absl::StrCat("name '", before.name(), "' → '", after.name(), "'"));
  }
  if (before.owner_unit() != after.owner_unit()) {
    parts.push_back(
        absl::StrCat("owner ", before.owner_unit(), " → ", after.owner_unit()));
  }
  if (before.security_level() != after.security_level()) {
    parts.push_back(absl::StrCat("security level ", before.security_level(),
                                 " → ", after.security_level()));
  }
  if (before.dossier().SerializeAsString() !=
      after.dossier().SerializeAsString()) {
    parts.push_back(absl::StrCat("dossier ", DossierText(before.dossier()),
                                 " → ", DossierText(after.dossier())));
  }
  if (before.soc_monitored() != after.soc_monitored()) {
    parts.push_back(after.soc_monitored() ? "SOC monitoring started"
                                          : "SOC monitoring ended");
  }
  return absl::StrJoin(parts, "; ");
}

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

absl::StatusOr<EffectiveTime> EffectiveTimeOf(
    const v1::ChangeContext& context) {
  if (context.effective_at().empty()) return EffectiveTime{absl::Now(), true};
  auto t = ParseInstant(context.effective_at());
  if (!t) {
    return absl::InvalidArgumentError(
        "context.effective_at: expected YYYY-MM-DD or an RFC 3339 time");
  }
  // A few minutes of clock skew between caller and service.
  if (*t > absl::Now() + absl::Minutes(5)) {
    return absl::InvalidArgumentError("context.effective_at: is in the future");
  }
  return EffectiveTime{*t, false};
}

template <typename Message>
absl::StatusOr<std::optional<Message>> SecurityChanges::Load(
    const char* kind, const std::string& id, CurrentState* current_out) {
  auto current = tx_->Get(kind, id);
  if (!current.ok()) return current.status();
  if (!current->has_value()) return std::optional<Message>();
  Message m;
  if (!m.ParseFromString((*current)->state)) {
    return absl::DataLossError("store: a stored security record is corrupt");
  }
  if (current_out != nullptr) *current_out = **current;
  return std::optional<Message>(std::move(m));
}

absl::Status SecurityChanges::CheckOrder(const char* kind,
                                         const std::string& id, absl::Time last,
                                         absl::Time* effective) const {
  if (*effective >= last) return absl::OkStatus();
  if (effective_is_now_) {
    *effective = last;
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      absl::StrCat("effective_at: ", FormatInstant(*effective),
                   " is before the last change of ", kind, " ", id, " (",
                   FormatInstant(last), "); the history is not rewritten"));
}

absl::Status SecurityChanges::CheckSystem(const v1::InformationSystem& s,
                                          absl::Time effective) const {
  if (absl::Status st = CheckId("system_id", s.system_id()); !st.ok()) {
    return st;
  }
  if (s.name().empty()) return Invalid("name", "is required");
  if (absl::Status st = CheckId("owner_unit", s.owner_unit()); !st.ok()) {
    return st;
  }
  if (units_->Find(s.owner_unit(), DayOf(effective)) == nullptr) {
    return Invalid("owner_unit",
                   absl::StrCat("unknown unit '", s.owner_unit(), "' on ",
                                FormatDay(DayOf(effective))));
  }
  if (s.security_level() < 1 || s.security_level() > 5) {
    return Invalid("security_level", "must be 1 to 5 (Decree 85/2016/NĐ-CP)");
  }
  return absl::OkStatus();
}

absl::Status SecurityChanges::Append(const char* kind, const std::string& id,
                                     const std::string& system_id,
                                     const std::string& unit_code,
                                     absl::Time effective,
                                     std::string description,
                                     const google::protobuf::Message& state) {
  if (absl::Status s = CheckScope(system_id, unit_code, effective); !s.ok()) {
    return s;
  }
  // The single calls' texts (an import's were checked with its message).
  if (absl::Status s = CheckFieldLengths(state); !s.ok()) return s;
  if (author_.reason.size() > kMaxFieldBytes) {
    return Invalid("context.reason",
                   absl::StrCat("is ", author_.reason.size(),
                                " bytes long, at most ", kMaxFieldBytes));
  }
  Change change;
  change.kind = kind;
  change.entity_id = id;
  change.system_id = system_id;
  change.unit_code = unit_code;
  change.effective_at = effective;
  change.actor = author_.actor;
  change.reason = author_.reason;
  change.description = std::move(description);
  change.state = state.SerializeAsString();
  return tx_->Append(change);
}

absl::Status SecurityChanges::CheckScope(const std::string& system_id,
                                         const std::string& unit_code,
                                         absl::Time effective) {
  const WriteScope& scope = author_.scope;
  if (scope.everywhere()) return absl::OkStatus();
  const absl::CivilDay day = DayOf(effective);
  if (!system_id.empty()) {
    // The system as stored: changing the controls and incidents of another
    // unit's system, or taking its system over, is as out of reach as
    // writing that unit's records.
    auto stored = Load<v1::InformationSystem>(kSystem, system_id, nullptr);
    if (!stored.ok()) return stored.status();
    if (stored->has_value() &&
        !scope.Allows(*units_, (*stored)->owner_unit(), day)) {
      return absl::PermissionDeniedError(
          absl::StrCat("system_id: system '", system_id,
                       "': ", scope.Refusal((*stored)->owner_unit())));
    }
  }
  // The unit the record is (or moves) in.
  if (unit_code.empty()) return absl::OkStatus();
  return scope.Check(*units_, system_id.empty() ? "unit_code" : "owner_unit",
                     unit_code, day);
}

absl::Status SecurityChanges::RequireSystemBy(const std::string& system_id,
                                              absl::Time at,
                                              absl::string_view field) {
  if (absl::Status s = CheckId("system_id", system_id); !s.ok()) return s;
  auto system = tx_->Get(kSystem, system_id);
  if (!system.ok()) return system.status();
  if (!system->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("system_id: no system '", system_id, "'"));
  }
  if (at < (*system)->created_at) {
    return absl::FailedPreconditionError(absl::StrCat(
        field, ": ", FormatInstant(at), " is before system ", system_id,
        " was recorded (", FormatInstant((*system)->created_at), ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::InformationSystem> SecurityChanges::CreateSystem(
    v1::InformationSystem system, absl::Time effective) {
  return Create(std::move(system), effective, /*from_import=*/false);
}

absl::StatusOr<v1::InformationSystem> SecurityChanges::Create(
    v1::InformationSystem system, absl::Time effective, bool from_import) {
  if (absl::Status s = CheckSystem(system, effective); !s.ok()) return s;
  if (system.dossier().status() == v1::DOSSIER_STATUS_UNSPECIFIED) {
    system.mutable_dossier()->set_status(v1::DOSSIER_STATUS_NONE);
  }
  const v1::DossierStatus status = system.dossier().status();
  if (!from_import && status != v1::DOSSIER_STATUS_NONE &&
      status != v1::DOSSIER_STATUS_DRAFTED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "dossier_status: a new system's dossier starts as none or drafted, "
        "not ",
        DossierStatusName(status),
        "; its steps follow (an import may record a system approved "
        "before)"));
  }
  if (absl::Status s = CheckInitialDossier(system.dossier()); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckDecisionDay(system.dossier(), effective); !s.ok()) {
    return s;
  }
  auto existing =
      Load<v1::InformationSystem>(kSystem, system.system_id(), nullptr);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "system_id: system '", system.system_id(), "' exists already"));
  }
  system.set_effective_at(FormatInstant(effective));
  std::string description = absl::StrCat(
      "created: '", system.name(), "', owner ", system.owner_unit(),
      ", security level ", system.security_level(), ", dossier ",
      DossierText(system.dossier()),
      system.soc_monitored() ? ", SOC monitored" : "");
  if (absl::Status s = Append(kSystem, system.system_id(), system.system_id(),
                              system.owner_unit(), effective,
                              std::move(description), system);
      !s.ok()) {
    return s;
  }
  return system;
}

absl::StatusOr<v1::InformationSystem> SecurityChanges::WriteSystem(
    const v1::InformationSystem& before, v1::InformationSystem after,
    absl::Time last, absl::Time effective) {
  std::string description = DescribeSystemChange(before, after);
  if (description.empty()) return before;  // nothing changes
  if (absl::Status s = CheckOrder(kSystem, after.system_id(), last, &effective);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckSystem(after, effective); !s.ok()) return s;
  if (absl::Status s = CheckDecisionDay(after.dossier(), effective); !s.ok()) {
    return s;
  }
  after.set_effective_at(FormatInstant(effective));
  if (absl::Status s =
          Append(kSystem, after.system_id(), after.system_id(),
                 after.owner_unit(), effective, std::move(description), after);
      !s.ok()) {
    return s;
  }
  return after;
}

absl::StatusOr<v1::InformationSystem> SecurityChanges::UpdateSystem(
    const v1::UpdateSystemRequest& r, absl::Time effective) {
  if (absl::Status s = CheckId("system_id", r.system_id()); !s.ok()) return s;
  CurrentState current_state;
  auto current =
      Load<v1::InformationSystem>(kSystem, r.system_id(), &current_state);
  if (!current.ok()) return current.status();
  if (!current->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("system_id: no system '", r.system_id(), "'"));
  }
  const v1::InformationSystem& before = **current;
  v1::InformationSystem after = before;
  if (r.has_name()) after.set_name(r.name());
  if (r.has_owner_unit()) after.set_owner_unit(r.owner_unit());
  if (r.has_soc_monitored()) after.set_soc_monitored(r.soc_monitored());
  if (r.has_security_level() && r.security_level() != before.security_level()) {
    after.set_security_level(r.security_level());
    OnSecurityLevelChange(after.mutable_dossier());
  }
  return WriteSystem(before, std::move(after), current_state.effective_at,
                     effective);
}

absl::StatusOr<v1::InformationSystem> SecurityChanges::StepDossier(
    const std::string& system_id, const DossierStep& step,
    absl::Time effective) {
  if (absl::Status s = CheckId("system_id", system_id); !s.ok()) return s;
  CurrentState current_state;
  auto current =
      Load<v1::InformationSystem>(kSystem, system_id, &current_state);
  if (!current.ok()) return current.status();
  if (!current->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("system_id: no system '", system_id, "'"));
  }
  v1::InformationSystem after = **current;
  if (absl::Status s = step(after.mutable_dossier()); !s.ok()) return s;
  return WriteSystem(**current, std::move(after), current_state.effective_at,
                     effective);
}

absl::StatusOr<v1::SystemControl> SecurityChanges::SetControl(
    v1::SystemControl control, absl::Time effective) {
  if (absl::Status s =
          RequireSystemBy(control.system_id(), effective, "effective_at");
      !s.ok()) {
    return s;
  }
  if (catalogue_->Find(control.control_id()) == nullptr) {
    return Invalid("control_id",
                   absl::StrCat("'", control.control_id(),
                                "' is not in the controls catalogue"));
  }
  if (ControlStateName(control.state()).empty()) {
    return Invalid("state",
                   "expected implemented, partial, missing or not_applicable");
  }
  if (absl::Status s = CheckOptionalDay("checked_at", control.checked_at());
      !s.ok()) {
    return s;
  }
  const std::string id =
      absl::StrCat(control.system_id(), "/", control.control_id());
  CurrentState current_state;
  auto current = Load<v1::SystemControl>(kControl, id, &current_state);
  if (!current.ok()) return current.status();
  if (current->has_value()) {
    if (SameContent(**current, control)) return **current;  // nothing new
    if (absl::Status s =
            CheckOrder(kControl, id, current_state.effective_at, &effective);
        !s.ok()) {
      return s;
    }
  }
  control.set_effective_at(FormatInstant(effective));
  std::string description = absl::StrCat(
      "control ", control.control_id(), " ",
      current->has_value()
          ? absl::StrCat(ControlStateName((*current)->state()), " → ")
          : "",
      ControlStateName(control.state()),
      control.checked_at().empty()
          ? ""
          : absl::StrCat(", checked ", control.checked_at()),
      control.evidence().empty()
          ? ""
          : absl::StrCat(", evidence: ", control.evidence()));
  if (absl::Status s = Append(kControl, id, control.system_id(), "", effective,
                              std::move(description), control);
      !s.ok()) {
    return s;
  }
  return control;
}

absl::StatusOr<v1::Incident> SecurityChanges::OpenIncident(
    v1::Incident incident) {
  if (absl::Status s = CheckId("incident_id", incident.incident_id());
      !s.ok()) {
    return s;
  }
  auto opened = ParsePastInstant("opened_at", incident.opened_at());
  if (!opened.ok()) return opened.status();
  if (SeverityName(incident.severity()).empty()) {
    return Invalid("severity", "expected low, medium, high or critical");
  }
  std::optional<absl::Time> closed;
  if (!incident.closed_at().empty()) {
    auto parsed = ParsePastInstant("closed_at", incident.closed_at());
    if (!parsed.ok()) return parsed.status();
    if (*parsed < *opened) return Invalid("closed_at", "is before opened_at");
    closed = *parsed;
  }
  if (absl::Status s =
          RequireSystemBy(incident.system_id(), *opened, "opened_at");
      !s.ok()) {
    return s;
  }
  auto existing =
      Load<v1::Incident>(kIncident, incident.incident_id(), nullptr);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "incident_id: incident '", incident.incident_id(), "' exists already"));
  }
  v1::Incident open = incident;
  open.clear_closed_at();
  if (absl::Status s =
          Append(kIncident, open.incident_id(), open.system_id(), "", *opened,
                 absl::StrCat("incident ", open.incident_id(), " opened (",
                              SeverityName(open.severity()), ")"),
                 open);
      !s.ok()) {
    return s;
  }
  if (closed) return CloseIncident(incident.incident_id(), *closed);
  return open;
}

absl::StatusOr<v1::Incident> SecurityChanges::CloseIncident(
    const std::string& incident_id, absl::Time closed_at) {
  if (absl::Status s = CheckId("incident_id", incident_id); !s.ok()) return s;
  if (closed_at > absl::Now() + absl::Minutes(5)) {
    return Invalid("closed_at", "is in the future");
  }
  CurrentState current_state;
  auto current = Load<v1::Incident>(kIncident, incident_id, &current_state);
  if (!current.ok()) return current.status();
  if (!current->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("incident_id: no incident '", incident_id, "'"));
  }
  if (!(*current)->closed_at().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "incident_id: incident '", incident_id, "' is closed already"));
  }
  if (closed_at < current_state.effective_at) {
    return Invalid(
        "closed_at",
        absl::StrCat("is before the incident's last change (",
                     FormatInstant(current_state.effective_at), ")"));
  }
  v1::Incident closed = **current;
  closed.set_closed_at(FormatInstant(closed_at));
  if (absl::Status s =
          Append(kIncident, incident_id, closed.system_id(), "", closed_at,
                 absl::StrCat("incident ", incident_id, " closed"), closed);
      !s.ok()) {
    return s;
  }
  return closed;
}

absl::StatusOr<UpsertOutcome> SecurityChanges::PutSystem(
    const v1::InformationSystem& row, absl::Time effective) {
  if (absl::Status s = CheckSystem(row, effective); !s.ok()) return s;
  // Out of reach even when nothing would change: an import does not tell
  // a writer what another unit's records hold.
  if (absl::Status s = CheckScope(row.system_id(), row.owner_unit(), effective);
      !s.ok()) {
    return s;
  }
  CurrentState current_state;
  auto current =
      Load<v1::InformationSystem>(kSystem, row.system_id(), &current_state);
  if (!current.ok()) return current.status();
  if (!current->has_value()) {
    auto created = Create(row, effective, /*from_import=*/true);
    if (!created.ok()) return created.status();
    return UpsertOutcome::kCreated;
  }
  const v1::InformationSystem& before = **current;
  v1::InformationSystem after = before;
  after.set_name(row.name());
  after.set_owner_unit(row.owner_unit());
  after.set_soc_monitored(row.soc_monitored());
  if (row.security_level() != before.security_level()) {
    after.set_security_level(row.security_level());
    OnSecurityLevelChange(after.mutable_dossier());
  }
  if (absl::Status s = MoveDossierTo(after.mutable_dossier(), row.dossier());
      !s.ok()) {
    return absl::Status(s.code(),
                        absl::StrCat("dossier_status: ", s.message()));
  }
  auto written = WriteSystem(before, std::move(after),
                             current_state.effective_at, effective);
  if (!written.ok()) return written.status();
  return SameContent(*written, before) ? UpsertOutcome::kUnchanged
                                       : UpsertOutcome::kUpdated;
}

absl::StatusOr<UpsertOutcome> SecurityChanges::PutControl(
    const v1::SystemControl& row, absl::Time effective) {
  const std::string id = absl::StrCat(row.system_id(), "/", row.control_id());
  if (absl::Status s = CheckScope(row.system_id(), "", effective); !s.ok()) {
    return s;
  }
  auto before = Load<v1::SystemControl>(kControl, id, nullptr);
  if (!before.ok()) return before.status();
  auto written = SetControl(row, effective);
  if (!written.ok()) return written.status();
  if (!before->has_value()) return UpsertOutcome::kCreated;
  return SameContent(**before, *written) ? UpsertOutcome::kUnchanged
                                         : UpsertOutcome::kUpdated;
}

absl::StatusOr<UpsertOutcome> SecurityChanges::PutEndpoint(
    const v1::Endpoint& row, absl::Time effective) {
  if (absl::Status s = CheckId("endpoint_id", row.endpoint_id()); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckId("unit_code", row.unit_code()); !s.ok()) {
    return s;
  }
  if (units_->Find(row.unit_code(), DayOf(effective)) == nullptr) {
    return Invalid("unit_code",
                   absl::StrCat("unknown unit '", row.unit_code(), "' on ",
                                FormatDay(DayOf(effective))));
  }
  if (EndpointKindName(row.kind()).empty()) {
    return Invalid("kind", "expected workstation or server");
  }
  if (AntimalwareName(row.antimalware()).empty()) {
    return Invalid("antimalware", "expected none, standalone or central");
  }
  if (absl::Status s = CheckOptionalDay("last_seen", row.last_seen());
      !s.ok()) {
    return s;
  }
  CurrentState current_state;
  auto current =
      Load<v1::Endpoint>(kEndpoint, row.endpoint_id(), &current_state);
  if (!current.ok()) return current.status();
  // The unit it is in, and the one it moves to (checked with the change).
  if (current->has_value() && !author_.scope.everywhere()) {
    if (absl::Status s = author_.scope.Check(
            *units_, "endpoint_id", (*current)->unit_code(), DayOf(effective));
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = CheckScope("", row.unit_code(), effective); !s.ok()) {
    return s;
  }
  std::string description;
  if (current->has_value()) {
    if (SameContent(**current, row)) return UpsertOutcome::kUnchanged;
    if (absl::Status s = CheckOrder(kEndpoint, row.endpoint_id(),
                                    current_state.effective_at, &effective);
        !s.ok()) {
      return s;
    }
    description = absl::StrCat(
        "endpoint ", row.endpoint_id(), ": ", EndpointKindName(row.kind()),
        " of ", row.unit_code(), ", anti-malware ",
        AntimalwareName((*current)->antimalware()), " → ",
        AntimalwareName(row.antimalware()), ", last seen ", row.last_seen());
  } else {
    description = absl::StrCat("endpoint ", row.endpoint_id(),
                               " registered: ", EndpointKindName(row.kind()),
                               " of ", row.unit_code(), ", anti-malware ",
                               AntimalwareName(row.antimalware()));
  }
  v1::Endpoint endpoint = row;
  endpoint.set_effective_at(FormatInstant(effective));
  if (absl::Status s = Append(kEndpoint, row.endpoint_id(), "", row.unit_code(),
                              effective, std::move(description), endpoint);
      !s.ok()) {
    return s;
  }
  return current->has_value() ? UpsertOutcome::kUpdated
                              : UpsertOutcome::kCreated;
}

absl::StatusOr<UpsertOutcome> SecurityChanges::PutIncident(
    const v1::Incident& row, absl::Time effective) {
  if (absl::Status s = CheckId("incident_id", row.incident_id()); !s.ok()) {
    return s;
  }
  CurrentState current_state;
  auto current =
      Load<v1::Incident>(kIncident, row.incident_id(), &current_state);
  if (!current.ok()) return current.status();
  // The system it is recorded against (a row naming another is refused
  // below).
  if (absl::Status s = CheckScope(
          current->has_value() ? (*current)->system_id() : row.system_id(), "",
          effective);
      !s.ok()) {
    return s;
  }
  if (!current->has_value()) {
    auto opened = OpenIncident(row);
    if (!opened.ok()) return opened.status();
    return UpsertOutcome::kCreated;
  }
  const v1::Incident& before = **current;
  // An incident's system and opening are facts: a different one is another
  // incident. Times compare as instants, whatever their notation.
  auto opened = ParsePastInstant("opened_at", row.opened_at());
  if (!opened.ok()) return opened.status();
  if (row.system_id() != before.system_id() ||
      *opened != *ParseInstant(before.opened_at())) {
    return Invalid("opened_at",
                   "an incident's system and opening do not change; record "
                   "a new incident");
  }
  std::optional<absl::Time> closing;
  if (!row.closed_at().empty()) {
    auto closed = ParsePastInstant("closed_at", row.closed_at());
    if (!closed.ok()) return closed.status();
    if (!before.closed_at().empty()) {
      if (*closed != *ParseInstant(before.closed_at())) {
        return Invalid(
            "closed_at",
            absl::StrCat("differs from the recorded closing (",
                         before.closed_at(), "); a closing is not rewritten"));
      }
    } else {
      closing = *closed;
    }
  } else if (!before.closed_at().empty()) {
    return Invalid("closed_at",
                   "a closed incident is not reopened; record a new incident");
  }
  bool changed = false;
  if (row.severity() != before.severity()) {
    if (SeverityName(row.severity()).empty()) {
      return Invalid("severity", "expected low, medium, high or critical");
    }
    // Before the closing, when the row also closes the incident.
    absl::Time at = closing ? std::min(effective, *closing) : effective;
    if (absl::Status s = CheckOrder(kIncident, row.incident_id(),
                                    current_state.effective_at, &at);
        !s.ok()) {
      return s;
    }
    v1::Incident updated = before;
    updated.set_severity(row.severity());
    if (absl::Status s =
            Append(kIncident, row.incident_id(), row.system_id(), "", at,
                   absl::StrCat("incident ", row.incident_id(), " severity ",
                                SeverityName(before.severity()), " → ",
                                SeverityName(row.severity())),
                   updated);
        !s.ok()) {
      return s;
    }
    changed = true;
  }
  if (closing) {
    auto done = CloseIncident(row.incident_id(), *closing);
    if (!done.ok()) return done.status();
    changed = true;
  }
  return changed ? UpsertOutcome::kUpdated : UpsertOutcome::kUnchanged;
}

}  // namespace dtr::security
