// The kinds of record the security service imports, for common/
// import_session.h: systems, their controls, endpoints and incidents, each
// row a record's whole state, written through SecurityChanges (so through
// the same rules as the single calls) as it comes. A row that fails halfway
// leaves nothing behind: each is applied in a savepoint of its own. The
// first message's change context (when the rows took effect, and why)
// holds for the whole import.
//
// Not thread-safe: one per import call.
#ifndef DTR_SERVICES_SECURITY_IMPORT_KINDS_H_
#define DTR_SERVICES_SECURITY_IMPORT_KINDS_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/import_ledger.h"
#include "common/unit_tree.h"
#include "common/write_scope.h"
#include "dtr/security/v1/security.pb.h"
#include "services/security/control_catalogue.h"
#include "services/security/security_changes.h"
#include "services/security/security_store.h"

namespace dtr::security {

// What the four kinds share: the store, the reference data as the call
// found it, who imports, and when and why the rows hold.
class SecurityImport {
 public:
  // A write transaction and the changes made in it.
  struct Transaction {
    Transaction(std::unique_ptr<SecurityStore::Transaction> tx,
                SecurityChanges changes)
        : store(std::move(tx)), changes(std::move(changes)) {}
    absl::Status Commit() { return store->Commit(); }

    std::unique_ptr<SecurityStore::Transaction> store;
    SecurityChanges changes;
  };
  static constexpr bool kWritesEachRow = true;

  SecurityImport(SecurityStore* store, std::shared_ptr<const UnitTree> units,
                 std::shared_ptr<const ControlCatalogues> catalogue,
                 std::string actor, WriteScope scope);

  absl::StatusOr<std::unique_ptr<Transaction>> Begin();
  template <typename Request>
  absl::Status Prepare(const Request& request) {
    return SetContext(request.context());
  }

 protected:
  using PutChange = std::function<absl::StatusOr<UpsertOutcome>(
      SecurityChanges&, absl::Time effective)>;
  // Applies one row in a savepoint of its own.
  absl::StatusOr<UpsertOutcome> PutRow(Transaction& tx, const PutChange& put);

 private:
  absl::Status SetContext(const v1::ChangeContext& context);

  SecurityStore* store_;
  std::shared_ptr<const UnitTree> units_;
  std::shared_ptr<const ControlCatalogues> catalogue_;
  std::string actor_;
  WriteScope scope_;
  bool context_set_ = false;
  absl::Status context_error_;
  EffectiveTime effective_;
  std::string reason_;
};

class SystemImport : public SecurityImport {
 public:
  using Row = v1::InformationSystem;
  using SecurityImport::SecurityImport;
  std::string IdOf(const Row& row) const { return row.system_id(); }
  absl::StatusOr<UpsertOutcome> Put(Transaction& tx, const Row& row) {
    return PutRow(tx, [&row](SecurityChanges& c, absl::Time at) {
      return c.PutSystem(row, at);
    });
  }
};

class ControlImport : public SecurityImport {
 public:
  using Row = v1::SystemControl;
  using SecurityImport::SecurityImport;
  std::string IdOf(const Row& row) const {
    return absl::StrCat(row.system_id(), "/", row.control_id());
  }
  absl::StatusOr<UpsertOutcome> Put(Transaction& tx, const Row& row) {
    return PutRow(tx, [&row](SecurityChanges& c, absl::Time at) {
      return c.PutControl(row, at);
    });
  }
};

class EndpointImport : public SecurityImport {
 public:
  using Row = v1::Endpoint;
  using SecurityImport::SecurityImport;
  std::string IdOf(const Row& row) const { return row.endpoint_id(); }
  absl::StatusOr<UpsertOutcome> Put(Transaction& tx, const Row& row) {
    return PutRow(tx, [&row](SecurityChanges& c, absl::Time at) {
      return c.PutEndpoint(row, at);
    });
  }
};

class IncidentImport : public SecurityImport {
 public:
  using Row = v1::Incident;
  using SecurityImport::SecurityImport;
  std::string IdOf(const Row& row) const { return row.incident_id(); }
  absl::StatusOr<UpsertOutcome> Put(Transaction& tx, const Row& row) {
    return PutRow(tx, [&row](SecurityChanges& c, absl::Time at) {
      return c.PutIncident(row, at);
    });
  }
};

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_IMPORT_KINDS_H_
