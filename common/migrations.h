// Versioned schema migrations, run when a service starts.
//
// Each migration has a version (increasing, never reused), a name and the
// SQL that brings the schema from the previous version to it. Applied
// versions are recorded in `schema_migrations`; a start applies the missing
// ones in order, each in its own transaction, so a failed migration leaves
// the store at the last good version. A store newer than the binary (a
// version it does not know) is refused rather than guessed at.
#ifndef DTR_COMMON_MIGRATIONS_H_
#define DTR_COMMON_MIGRATIONS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/database.h"

namespace dtr {

struct Migration {
  int version;
  std::string name;
  std::string sql;
  // The same change for PostgreSQL, where its SQL differs (types, triggers);
  // empty: `sql`.
  std::string postgres_sql = "";
  // Run after the SQL in the same transaction, when set: data moved into a
  // form SQL cannot compute.
  std::function<absl::Status(Connection*)> data = nullptr;
};

// Applies the migrations the store has not seen yet, under the store's
// schema lock.
absl::Status Migrate(Database* db, const std::vector<Migration>& migrations);

// A migration written for SQLite in the form the services use, as
// PostgreSQL takes it: INTEGER → BIGINT (SQLite's integers are 64-bit),
// BLOB → BYTEA, an AUTOINCREMENT key → an identity column, WITHOUT ROWID
// dropped, and a guard trigger
//   CREATE TRIGGER t BEFORE UPDATE ON x
//     BEGIN SELECT RAISE(ABORT, 'message'); END;
// → a PL/pgSQL function raising the message and a row trigger calling it.
// Used when a Migration has no postgres_sql of its own.
std::string PostgresDdl(const std::string& sqlite_ddl);

}  // namespace dtr

#endif  // DTR_COMMON_MIGRATIONS_H_
