// The SQLite store: one file, WAL journal, a pool of connections.
//
// WAL lets readers run while one writer writes. synchronous=NORMAL keeps
// every committed transaction across a crash of the process (kill -9);
// `--sqlite-sync full` would also keep it across a power loss, at an fsync
// per commit.
#ifndef DTR_COMMON_SQLITE_DATABASE_H_
#define DTR_COMMON_SQLITE_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/database.h"

namespace dtr {

absl::StatusOr<std::unique_ptr<Database>> OpenSqliteDatabase(
    const std::string& path, const DatabaseOptions& options);

}  // namespace dtr

#endif  // DTR_COMMON_SQLITE_DATABASE_H_
