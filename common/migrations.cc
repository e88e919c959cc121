#include "common/migrations.h"

#include <regex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log.h"

namespace dtr {

namespace {

absl::Status MigrateOn(Connection* conn, absl::string_view dialect,
                       const std::vector<Migration>& migrations) {
  if (absl::Status s =
          conn->Execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " version INTEGER PRIMARY KEY,"
                        " name TEXT NOT NULL,"
                        " applied_at TEXT NOT NULL)");
      !s.ok()) {
    return s;
  }
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      return absl::InternalError("migrations are not in increasing order");
    }
  }
  WriteTransaction tx(conn);
  if (absl::Status s = tx.Begin(); !s.ok()) return s;
  int64_t current = 0;
  {
    auto latest = conn->Prepare("SELECT MAX(version) FROM schema_migrations");
    if (!latest.ok()) return latest.status();
    auto row = (*latest)->Step();
    if (!row.ok()) return row.status();
    current = (*latest)->ColumnInt(0);
  }
  const int known = migrations.empty() ? 0 : migrations.back().version;
  if (current > known) {
    return absl::FailedPreconditionError(absl::StrCat(
        "store: schema version ", current, " is newer than this binary knows (",
        known, "); refusing to run"));
  }
  if (absl::Status s = tx.Commit(); !s.ok()) return s;

  for (const Migration& m : migrations) {
    // Each version is looked up on its own: a store may have a later one
    // (the audit's, numbered 1000) and not a service's new one below it.
    WriteTransaction step(conn);
    if (absl::Status s = step.Begin(); !s.ok()) return s;
    {
      // Applied already, here or by another process starting with us.
      auto applied =
          conn->Prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
      if (!applied.ok()) return applied.status();
      (*applied)->BindInt(1, m.version);
      auto row = (*applied)->Step();
      if (!row.ok()) return row.status();
      if (*row) continue;
    }
    const std::string sql = dialect != "postgresql"  ? m.sql
                            : m.postgres_sql.empty() ? PostgresDdl(m.sql)
                                                     : m.postgres_sql;
    absl::Status applied = conn->Execute(sql);
    if (applied.ok() && m.data) applied = m.data(conn);
    if (!applied.ok()) {
      return absl::Status(applied.code(),
                          absl::StrCat("migration ", m.version, " (", m.name,
                                       "): ", applied.message()));
    }
    auto record = conn->Prepare(
        "INSERT INTO schema_migrations(version, name, applied_at) "
        "VALUES (?, ?, ?)");
    if (!record.ok()) return record.status();
    (*record)->BindInt(1, m.version);
    (*record)->BindText(2, m.name);
    (*record)->BindText(3, absl::FormatTime(absl::RFC3339_sec, absl::Now(),
                                            absl::UTCTimeZone()));
    if (auto done = (*record)->Step(); !done.ok()) return done.status();
    if (absl::Status s = step.Commit(); !s.ok()) return s;
    LogInfo("schema migrated", {{"version", m.version}, {"name", m.name}});
  }
  return absl::OkStatus();
}

}  // namespace

std::string PostgresDdl(const std::string& sqlite_ddl) {
  static const auto* const kRules =
      new std::vector<std::pair<std::regex, std::string>>{
          {std::regex(R"(\bINTEGER PRIMARY KEY AUTOINCREMENT\b)"),
           "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"},
          {std::regex(R"(\bINTEGER\b)"), "BIGINT"},
          {std::regex(R"(\bBLOB\b)"), "BYTEA"},
          {std::regex(R"(\)\s*WITHOUT ROWID)"), ")"},
          {std::regex(
               R"(CREATE TRIGGER (\w+) BEFORE (UPDATE|DELETE) ON (\w+)\s+)"
               R"(BEGIN SELECT RAISE\(ABORT, '([^']*)'\); END;)"),
           "CREATE FUNCTION $1_guard() RETURNS trigger LANGUAGE plpgsql AS "
           "$$$$ BEGIN RAISE EXCEPTION '$4'; END $$$$;\n"
           "CREATE TRIGGER $1 BEFORE $2 ON $3 FOR EACH ROW EXECUTE FUNCTION "
           "$1_guard();"},
      };
  std::string out = sqlite_ddl;
  for (const auto& [pattern, replacement] : *kRules) {
    out = std::regex_replace(out, pattern, replacement);
  }
  return out;
}

absl::Status Migrate(Database* db, const std::vector<Migration>& migrations) {
  auto conn = db->Acquire();
  if (!conn.ok()) return conn.status();
  // Replicas starting together take turns; the later ones find the work
  // done.
  if (absl::Status s = (*conn)->LockSchema(); !s.ok()) return s;
  absl::Status s = MigrateOn(conn->get(), db->dialect(), migrations);
  absl::Status unlocked = (*conn)->UnlockSchema();
  return s.ok() ? unlocked : s;
}

}  // namespace dtr
