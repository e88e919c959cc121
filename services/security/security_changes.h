// The changes the security service accepts, checked and appended to the
// history within one store transaction.
//
// Every change takes effect at a time no earlier than the last change of
// the same record (FAILED_PRECONDITION otherwise: the history is never
// rewritten), and is written as an event with its author, reason and a
// description of what changed. Error messages start with the offending
// field's name. Import rows give a record's whole state and go through the
// same rules as the single calls (a dossier step out of the life cycle is
// refused the same way).
//
// Not thread-safe: one per transaction.
#ifndef DTR_SERVICES_SECURITY_SECURITY_CHANGES_H_
#define DTR_SERVICES_SECURITY_SECURITY_CHANGES_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/import_ledger.h"
#include "common/unit_tree.h"
#include "common/write_scope.h"
#include "dtr/security/v1/security.pb.h"
#include "services/security/control_catalogue.h"
#include "services/security/security_store.h"

namespace dtr::security {

// Who makes the changes and why, for the history, and which units the
// author may change (a change of a system, control, incident or endpoint
// outside them is refused with PERMISSION_DENIED).
struct Author {
  std::string actor;
  std::string reason;
  WriteScope scope;
};

// When a change takes effect: the context's effective_at (not in the
// future), or, when it gives none, now.
struct EffectiveTime {
  absl::Time at;
  bool is_now = false;  // the context gave none
};
absl::StatusOr<EffectiveTime> EffectiveTimeOf(const v1::ChangeContext& context);

class SecurityChanges {
 public:
  // `effective_is_now`: the caller gave no effective time and "now" stands
  // for it; a change then never fails for coming before a record's last
  // change (a clock step, a record dated a few minutes ahead), it takes
  // effect with that change instead.
  SecurityChanges(SecurityStore::Transaction* tx, const UnitTree* units,
                  const ControlCatalogues* catalogue, Author author,
                  bool effective_is_now)
      : tx_(tx),
        units_(units),
        catalogue_(catalogue),
        author_(std::move(author)),
        effective_is_now_(effective_is_now) {}

  // A new system's dossier starts as none or drafted: its life cycle is
  // followed from there (imports may record systems approved earlier).
  absl::StatusOr<v1::InformationSystem> CreateSystem(
      v1::InformationSystem system, absl::Time effective);
  absl::StatusOr<v1::InformationSystem> UpdateSystem(
      const v1::UpdateSystemRequest& request, absl::Time effective);
  // Applies one step of the dossier's life cycle (dossier_life_cycle.h).
  using DossierStep = std::function<absl::Status(v1::LevelDossier*)>;
  absl::StatusOr<v1::InformationSystem> StepDossier(
      const std::string& system_id, const DossierStep& step,
      absl::Time effective);
  absl::StatusOr<v1::SystemControl> SetControl(v1::SystemControl control,
                                               absl::Time effective);
  // The opening takes effect at opened_at (and a closing at closed_at).
  absl::StatusOr<v1::Incident> OpenIncident(v1::Incident incident);
  absl::StatusOr<v1::Incident> CloseIncident(const std::string& incident_id,
                                             absl::Time closed_at);

  // Import rows: the record's whole state.
  absl::StatusOr<UpsertOutcome> PutSystem(const v1::InformationSystem& row,
                                          absl::Time effective);
  absl::StatusOr<UpsertOutcome> PutControl(const v1::SystemControl& row,
                                           absl::Time effective);
  absl::StatusOr<UpsertOutcome> PutEndpoint(const v1::Endpoint& row,
                                            absl::Time effective);
  // Openings and closings take effect at their own times; other changes
  // (a new severity) at `effective`.
  absl::StatusOr<UpsertOutcome> PutIncident(const v1::Incident& row,
                                            absl::Time effective);

 private:
  // A record's current state, and when it was created and last changed.
  template <typename Message>
  absl::StatusOr<std::optional<Message>> Load(const char* kind,
                                              const std::string& id,
                                              CurrentState* current);
  // A change may not take effect before the record's last change.
  absl::Status CheckOrder(const char* kind, const std::string& id,
                          absl::Time last, absl::Time* effective) const;
  absl::Status CheckSystem(const v1::InformationSystem& system,
                           absl::Time effective) const;
  // Creates a system in any complete state (from_import) or only at the
  // start of its life cycle.
  absl::StatusOr<v1::InformationSystem> Create(v1::InformationSystem system,
                                               absl::Time effective,
                                               bool from_import);
  // The system that `kind` records of `system_id` belong to must exist by
  // `at`.
  absl::Status RequireSystemBy(const std::string& system_id, absl::Time at,
                               absl::string_view field);
  // FAILED_PRECONDITION naming the lock when a change dated `effective`
  // to the records of `unit_code` (or of the system's owner, before and
  // after) falls in or before a locked period.
  absl::Status CheckLocked(const std::string& system_id,
                           const std::string& unit_code, absl::Time effective);
  // The units a change of `system_id` (its stored owner) or of a record of
  // `unit_code` touches must be within the author's scope.
  absl::Status CheckScope(const std::string& system_id,
                          const std::string& unit_code, absl::Time effective);
  absl::Status Append(const char* kind, const std::string& id,
                      const std::string& system_id,
                      const std::string& unit_code, absl::Time effective,
                      std::string description,
                      const google::protobuf::Message& state);
  // Appends the change from `before` to `after`, if there is one; checks
  // its order against `last` first.
  absl::StatusOr<v1::InformationSystem> WriteSystem(
      const v1::InformationSystem& before, v1::InformationSystem after,
      absl::Time last, absl::Time effective);

  SecurityStore::Transaction* tx_;
  const UnitTree* units_;
  const ControlCatalogues* catalogue_;
  const Author author_;
  const bool effective_is_now_;
};

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

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_SECURITY_CHANGES_H_
