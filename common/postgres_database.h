// The PostgreSQL store, through libpq: a bounded pool of connections to one
// database, for several replicas of a service (and, later, PostgreSQL-
// compatible distributed engines: the SQL stays plain).
//
// Statements are the services' SQL with `?` placeholders, prepared once per
// connection as `$1, $2, …`. Integers and text travel as text, bytes as
// binary; results come back as text (bytea decoded).
//
// Writers of one database are serialised, as SQLite serialises them: a
// write transaction first takes a transaction-scoped advisory lock, so that
// the read-then-write logic of the services stays correct across replicas.
// A read transaction is REPEATABLE READ, one snapshot for all its queries.
//
// A server that is gone makes calls fail UNAVAILABLE: connections found
// broken are dropped, opening a new one is retried with backoff a few
// times, and the pool recovers by itself when the server returns.
#ifndef DTR_COMMON_POSTGRES_DATABASE_H_
#define DTR_COMMON_POSTGRES_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/database.h"

namespace dtr {

// `url`: "postgresql://user[:password]@host[:port]/database[?params]".
// `options.password_file`, when set, holds the password (a Kubernetes
// secret mounted as a file); it overrides one in the URL.
absl::StatusOr<std::unique_ptr<Database>> OpenPostgresDatabase(
    const std::string& url, const DatabaseOptions& options);

// "?, ?" → "$1, $2", leaving quoted text and identifiers alone.
std::string NumberPlaceholders(const std::string& sql, int* count);

}  // namespace dtr

#endif  // DTR_COMMON_POSTGRES_DATABASE_H_
