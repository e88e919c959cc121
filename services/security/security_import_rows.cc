// SecurityChanges' import rows: each a record's whole state, turned into
// the changes the single calls make and held to the same rules.
#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "services/security/change_checks.h"
#include "services/security/dossier_life_cycle.h"
#include "services/security/security_changes.h"
#include "services/security/security_names.h"

namespace dtr::security {

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
