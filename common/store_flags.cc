#include "common/store_flags.h"

#include "absl/strings/str_cat.h"
#include "common/audit_log.h"

namespace dtr {

void AddStoreFlags(FlagSet* flags, StoreFlags* store) {
  flags->AddString("db", &store->url,
                   "store: sqlite:PATH, or postgresql://USER@HOST:PORT/DB");
  flags->AddString("db-password-file", &store->password_file,
                   "file holding the PostgreSQL password; empty: the URL's");
  flags->AddInt("db-connections", &store->connections,
                "connections to the store at most");
}

absl::StatusOr<std::unique_ptr<Database>> OpenStore(
    const StoreFlags& store, const std::vector<Migration>& migrations) {
  if (store.connections < 1) {
    return absl::InvalidArgumentError("--db-connections must be at least 1");
  }
  DatabaseOptions options;
  options.max_connections = static_cast<int>(store.connections);
  options.password_file = store.password_file;
  auto db = Database::Open(store.url, options);
  if (!db.ok()) return db.status();
  // Every store also keeps the service's audit.
  std::vector<Migration> all = migrations;
  all.push_back(AuditLog::TableMigration());
  if (absl::Status s = Migrate(db->get(), all); !s.ok()) return s;
  return db;
}

}  // namespace dtr
