// SQL of the security service: an append-only history of every change to a
// system, control, endpoint or incident, and the current state of each.
//
// A change appends an event (when it took effect, when it was recorded, by
// whom, why, what changed, and the record's whole state after it) and
// replaces the record's current state. Events are never updated or deleted
// (triggers refuse it). Since a record's changes take effect in the order
// they are recorded, its state on a day is that of its last event in effect
// by the end of that day.
//
// Thread-safe: every operation borrows its own connection.
#ifndef DTR_SERVICES_SECURITY_SECURITY_STORE_H_
#define DTR_SERVICES_SECURITY_SECURITY_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/database.h"
#include "common/migrations.h"
#include "common/period_locks.h"
#include "dtr/security/v1/security.pb.h"
#include "services/security/compliance.h"

namespace dtr::security {

// The kinds of records, as stored and as named in the history.
inline constexpr char kSystem[] = "system";
inline constexpr char kControl[] = "control";
inline constexpr char kEndpoint[] = "endpoint";
inline constexpr char kIncident[] = "incident";

// One change to append.
struct Change {
  std::string kind;
  std::string entity_id;
  std::string system_id;  // the system it belongs to; "" for endpoints
  std::string unit_code;  // the owning unit, for systems and endpoints
  absl::Time effective_at;
  std::string actor;
  std::string reason;
  std::string description;  // what changed, for people
  std::string state;        // the record after the change, serialized
};

// A record's current state.
struct CurrentState {
  std::string state;        // serialized
  absl::Time effective_at;  // when its last change took effect
  absl::Time created_at;    // when its first change took effect
};

class SecurityStore {
 public:
  // `locks` (may be null: none) are read at the start of every write
  // transaction, for its changes to check.
  explicit SecurityStore(Database* db, const PeriodLockSource* locks = nullptr)
      : db_(db), locks_(locks) {}

  static const std::vector<Migration>& Migrations();

  // One write transaction; rolled back unless committed.
  class Transaction {
   public:
    absl::StatusOr<std::optional<CurrentState>> Get(absl::string_view kind,
                                                    absl::string_view id);
    absl::Status Append(const Change& change);
    absl::Status Commit() { return tx_.Commit(); }
    // The period locks as the transaction began.
    const PeriodLockCheck& locks() const { return *locks_; }
    // Brackets the changes of one import row, so that a row that fails
    // halfway leaves nothing behind while the import goes on.
    absl::Status BeginRow() { return lease_->Execute("SAVEPOINT import_row"); }
    absl::Status EndRow(bool keep) {
      if (keep) return lease_->Execute("RELEASE import_row");
      if (absl::Status s = lease_->Execute("ROLLBACK TO import_row"); !s.ok()) {
        return s;
      }
      return lease_->Execute("RELEASE import_row");
    }

   private:
    friend class SecurityStore;
    Transaction(ConnectionLease lease,
                std::shared_ptr<const PeriodLockCheck> locks)
        : lease_(std::move(lease)),
          tx_(lease_.get()),
          locks_(std::move(locks)) {}
    ConnectionLease lease_;
    WriteTransaction tx_;
    std::shared_ptr<const PeriodLockCheck> locks_;
  };
  absl::StatusOr<std::unique_ptr<Transaction>> BeginWrite();

  // A record's current state, if it exists.
  absl::StatusOr<std::optional<CurrentState>> Get(absl::string_view kind,
                                                  absl::string_view id);
  // Current systems, by id.
  absl::StatusOr<std::vector<v1::InformationSystem>> CurrentSystems();
  // Current endpoints, by id.
  absl::StatusOr<std::vector<v1::Endpoint>> CurrentEndpoints();
  // A system's current controls, by control id.
  absl::StatusOr<std::vector<v1::SystemControl>> CurrentControls(
      absl::string_view system_id);
  // Every record as it stood at the end of `day` (local).
  absl::StatusOr<SecurityRecords> RecordsAsOf(absl::CivilDay day);
  // The changes of a system, its controls and its incidents, in the order
  // they took effect.
  absl::StatusOr<std::vector<v1::HistoryEvent>> History(
      absl::string_view system_id);

 private:
  Database* db_;
  const PeriodLockSource* locks_;
};

// Microseconds since the epoch: how times are stored and compared.
int64_t ToStoredTime(absl::Time t);
absl::Time FromStoredTime(int64_t micros);

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_SECURITY_STORE_H_
