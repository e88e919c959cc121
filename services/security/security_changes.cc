#include "services/security/security_changes.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "common/request_limits.h"
#include "services/security/change_checks.h"
#include "services/security/dossier_life_cycle.h"
#include "services/security/security_names.h"

namespace dtr::security {
namespace {

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

absl::StatusOr<EffectiveTime> EffectiveTimeOf(
    const v1::ChangeContext& context) {
  if (context.effective_at().empty()) return EffectiveTime{absl::Now(), true};
  auto t = ParseInstant(context.effective_at());
  if (!t) {
    return BadDate("context.effective_at", context.effective_at(),
                   DateForm::kDayOrTime);
  }
  // A few minutes of clock skew between caller and service.
  if (*t > absl::Now() + absl::Minutes(5)) {
    return absl::InvalidArgumentError("context.effective_at: is in the future");
  }
  return EffectiveTime{*t, false};
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
  if (absl::Status s = CheckLocked(system_id, unit_code, effective); !s.ok()) {
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

absl::Status SecurityChanges::CheckLocked(const std::string& system_id,
                                          const std::string& unit_code,
                                          absl::Time effective) {
  const PeriodLockCheck& locks = tx_->locks();
  if (locks.empty()) return absl::OkStatus();
  const char* field = effective_is_now_ ? "context" : "context.effective_at";
  const absl::CivilDay day = DayOf(effective);
  if (!unit_code.empty()) {
    if (absl::Status s = locks.Check("security", field, unit_code, day);
        !s.ok()) {
      return s;
    }
  }
  if (system_id.empty()) return absl::OkStatus();
  // The system's owner as stored: its controls and incidents count there,
  // and a system that moves leaves its old unit's figures.
  auto stored = Load<v1::InformationSystem>(kSystem, system_id, nullptr);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value() || (*stored)->owner_unit() == unit_code) {
    return absl::OkStatus();
  }
  return locks.Check("security", field, (*stored)->owner_unit(), day);
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
  if (FindControlInAnyVersion(*catalogue_, control.control_id()) == nullptr) {
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

}  // namespace dtr::security
