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

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/database.h"

namespace dtr {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// Applies the migrations the store has not seen yet.
absl::Status Migrate(Database* db, const std::vector<Migration>& migrations);

}  // namespace dtr

#endif  // DTR_COMMON_MIGRATIONS_H_
