#include "common/postgres_database.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/store_retry.h"

namespace dtr {
namespace {

// The bytea type's oid (catalog/pg_type.h, stable across versions).
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kVarcharOid = 1043;

bool IsIntOid(Oid type) {
  return type == kInt8Oid || type == kInt4Oid || type == kInt2Oid;
}

// Whether a statement's results can come in binary form: every column is
// an integer, text or bytea, which need no parsing then (a bytea column
// in text form is hex, twice its size, and must be unescaped). Others
// (numeric sums, booleans) keep the text form.
bool BinaryResultsFit(const PGresult* description) {
  for (int i = 0; i < PQnfields(description); ++i) {
    const Oid type = PQftype(description, i);
    if (!IsIntOid(type) && type != kTextOid && type != kVarcharOid &&
        type != kByteaOid) {
      return false;
    }
  }
  return true;
}

// A big-endian integer of `size` bytes, as the binary form sends it.
int64_t BigEndian(const char* bytes, int size) {
  uint64_t v = 0;
  for (int i = 0; i < size; ++i) {
    v = (v << 8) | static_cast<uint8_t>(bytes[i]);
  }
  // Sign-extended from its width.
  const int unused = 64 - 8 * size;
  return unused == 0 ? static_cast<int64_t>(v)
                     : static_cast<int64_t>(v << unused) >> unused;
}
// The advisory-lock keys writers and migrations of a database take.
constexpr int64_t kWriterLock = 0x647472'77726974;  // "dtrwrit"
constexpr int64_t kSchemaLock = 0x647472'736368;    // "dtrsch"

// A status for a failed result or connection, by SQLSTATE class: the
// server being gone, shutting down or out of resources is UNAVAILABLE (try
// again later), a serialisation failure or deadlock ABORTED (try again
// now), anything else INTERNAL. A connection lost in the middle of a
// statement, a server shutting down, a serialisation failure and a
// deadlock are marked transient: the unit of work may run again at once.
absl::Status PostgresError(PGconn* conn, const PGresult* result,
                           absl::string_view what) {
  const char* state =
      result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty() && conn != nullptr) message = PQerrorMessage(conn);
  message = absl::StrCat("store: ", what, ": ",
                         absl::StripTrailingAsciiWhitespace(message));
  const std::string code = state ? state : "";
  if (PQstatus(conn) == CONNECTION_BAD || absl::StartsWith(code, "08") ||
      absl::StartsWith(code, "57P")) {
    return MarkTransient(absl::UnavailableError(message));
  }
  if (absl::StartsWith(code, "53")) return absl::UnavailableError(message);
  // A read-only database (a standby, maintenance): writes may succeed later
  // or elsewhere, as with a full disk.
  if (code == "25006") return absl::UnavailableError(message);
  // statement_timeout: the store took too long.
  if (code == "57014") return absl::DeadlineExceededError(message);
  if (code == "40001" || code == "40P01") {
    return MarkTransient(absl::AbortedError(message));
  }
  return absl::InternalError(message);
}

std::string DecodeBytea(const char* text) {
  size_t size = 0;
  unsigned char* bytes =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
  if (bytes == nullptr) return "";
  std::string out(reinterpret_cast<char*>(bytes), size);
  PQfreemem(bytes);
  return out;
}

class PostgresStatement final : public Statement {
 public:
  // `binary_results`: the results are asked for in binary form
  // (BinaryResultsFit).
  PostgresStatement(PGconn* conn, std::string name, int params,
                    bool binary_results)
      : conn_(conn),
        name_(std::move(name)),
        values_(params),
        set_(params, false),
        formats_(params, 0),
        binary_(binary_results) {}
  ~PostgresStatement() override { Clear(); }

  void BindInt(int index, int64_t value) override {
    Set(index, absl::StrCat(value), 0);
  }
  void BindText(int index, absl::string_view value) override {
    Set(index, std::string(value), 0);
  }
  void BindBlob(int index, absl::string_view bytes) override {
    Set(index, std::string(bytes), 1);
  }
  void BindNull(int index) override {
    if (index < 1 || index > static_cast<int>(values_.size())) return;
    set_[index - 1] = false;
  }

  absl::StatusOr<bool> Step() override {
    if (result_ == nullptr) {
      const int n = static_cast<int>(values_.size());
      std::vector<const char*> values(n);
      std::vector<int> lengths(n);
      for (int i = 0; i < n; ++i) {
        values[i] = set_[i] ? values_[i].data() : nullptr;
        lengths[i] = static_cast<int>(values_[i].size());
      }
      result_ =
          PQexecPrepared(conn_, name_.c_str(), n, values.data(), lengths.data(),
                         formats_.data(), binary_ ? 1 : 0);
      const ExecStatusType status = PQresultStatus(result_);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        absl::Status s = PostgresError(conn_, result_, "step");
        Clear();
        return s;
      }
      rows_ = PQntuples(result_);
      row_ = -1;
    }
    ++row_;
    decoded_.clear();
    return row_ < rows_;
  }
  int64_t ColumnInt(int index) const override {
    if (!Valid(index) || PQgetisnull(result_, row_, index)) return 0;
    const char* value = PQgetvalue(result_, row_, index);
    if (binary_ && IsIntOid(PQftype(result_, index))) {
      return BigEndian(value, PQgetlength(result_, row_, index));
    }
    return std::strtoll(value, nullptr, 10);
  }
  absl::string_view ColumnText(int index) const override {
    if (!Valid(index)) return {};
    if (binary_ && IsIntOid(PQftype(result_, index)) &&
        !PQgetisnull(result_, row_, index)) {
      // As the text form would have it.
      auto it = decoded_.find(index);
      if (it == decoded_.end()) {
        it = decoded_.emplace(index, absl::StrCat(ColumnInt(index))).first;
      }
      return it->second;
    }
    return absl::string_view(PQgetvalue(result_, row_, index),
                             PQgetlength(result_, row_, index));
  }
  absl::string_view ColumnBlob(int index) const override {
    if (!Valid(index)) return {};
    if (binary_ || PQftype(result_, index) != kByteaOid) {
      return ColumnText(index);
    }
    auto it = decoded_.find(index);
    if (it == decoded_.end()) {
      it =
          decoded_.emplace(index, DecodeBytea(PQgetvalue(result_, row_, index)))
              .first;
    }
    return it->second;
  }
  bool ColumnIsNull(int index) const override {
    return !Valid(index) || PQgetisnull(result_, row_, index);
  }
  void Reset() override {
    Clear();
    std::fill(set_.begin(), set_.end(), false);
  }

 private:
  void Set(int index, std::string value, int format) {
    if (index < 1 || index > static_cast<int>(values_.size())) return;
    values_[index - 1] = std::move(value);
    set_[index - 1] = true;
    formats_[index - 1] = format;
  }
  bool Valid(int index) const {
    return result_ != nullptr && row_ >= 0 && row_ < rows_ && index >= 0 &&
           index < PQnfields(result_);
  }
  void Clear() {
    if (result_ != nullptr) PQclear(result_);
    result_ = nullptr;
    rows_ = 0;
    row_ = -1;
    decoded_.clear();
  }

  PGconn* conn_;
  const std::string name_;
  std::vector<std::string> values_;
  std::vector<bool> set_;
  std::vector<int> formats_;
  const bool binary_;
  PGresult* result_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
  // Node-based: a view handed out stays valid while others are added.
  mutable absl::node_hash_map<int, std::string> decoded_;
};

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override {
    statements_.clear();
    PQfinish(conn_);
  }

  absl::Status Execute(absl::string_view sql) override {
    PGresult* result = PQexec(conn_, std::string(sql).c_str());
    const ExecStatusType status = PQresultStatus(result);
    absl::Status s = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
                         ? absl::OkStatus()
                         : PostgresError(conn_, result, "execute");
    PQclear(result);
    return s;
  }

  absl::StatusOr<Statement*> PrepareCached(absl::string_view sql) override {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second.get();
    int params = 0;
    const std::string numbered = NumberPlaceholders(std::string(sql), &params);
    // Never reused, even when a prepare fails after the server made it.
    const std::string name = absl::StrCat("dtr", ++statements_made_);
    PGresult* result =
        PQprepare(conn_, name.c_str(), numbered.c_str(), 0, nullptr);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      absl::Status s = PostgresError(conn_, result, "prepare");
      PQclear(result);
      return s;
    }
    PQclear(result);
    PGresult* description = PQdescribePrepared(conn_, name.c_str());
    if (PQresultStatus(description) != PGRES_COMMAND_OK) {
      absl::Status s = PostgresError(conn_, description, "describe");
      PQclear(description);
      return s;
    }
    const bool binary = BinaryResultsFit(description);
    PQclear(description);
    auto owned =
        std::make_unique<PostgresStatement>(conn_, name, params, binary);
    Statement* raw = owned.get();
    statements_.emplace(std::string(sql), std::move(owned));
    return raw;
  }

  bool TakesArrays() const override { return true; }

  // Writers of the database take turns, as SQLite's do.
  absl::Status BeginWrite() override {
    return Execute(
        absl::StrCat("BEGIN; SELECT pg_advisory_xact_lock(", kWriterLock, ")"));
  }
  absl::Status BeginRead() override {
    return Execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  absl::Status Commit() override { return Execute("COMMIT"); }
  absl::Status Rollback() override {
    if (PQstatus(conn_) == CONNECTION_BAD) return absl::OkStatus();
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return absl::OkStatus();
    return Execute("ROLLBACK");
  }
  absl::Status RefreshStatistics(absl::string_view tables) override {
    return Execute(absl::StrCat("ANALYZE ", tables));
  }
  absl::Status LockSchema() override {
    return Execute(absl::StrCat("SELECT pg_advisory_lock(", kSchemaLock, ")"));
  }
  absl::Status UnlockSchema() override {
    return Execute(
        absl::StrCat("SELECT pg_advisory_unlock(", kSchemaLock, ")"));
  }

  // Whether the connection still works: a server that restarted closed it
  // while it sat idle, which reading shows. A server that stops sends a
  // "terminating connection" message before closing; the first read takes
  // in that message, the second finds the stream's end.
  bool Healthy() {
    for (int read = 0; read < 2; ++read) {
      if (PQstatus(conn_) != CONNECTION_OK) return false;
      if (PQconsumeInput(conn_) == 0) return false;
    }
    return PQstatus(conn_) == CONNECTION_OK;
  }

 private:
  PGconn* conn_;
  absl::flat_hash_map<std::string, std::unique_ptr<PostgresStatement>>
      statements_;
  int64_t statements_made_ = 0;  // names the server's prepared statements
};

absl::StatusOr<std::string> ReadPassword(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("--db-password-file: cannot read ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  return std::string(absl::StripTrailingAsciiWhitespace(text.str()));
}

// "postgresql://user:secret@host/db" → "postgresql://user:***@host/db", for
// messages.
std::string WithoutPassword(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, std::string password,
                   DatabaseOptions options)
      : url_(std::move(url)),
        password_(std::move(password)),
        options_(std::move(options)) {}

  absl::StatusOr<ConnectionLease> Acquire() override {
    while (true) {
      std::unique_ptr<PostgresConnection> conn;
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(this, &PostgresDatabase::CanAcquire));
        if (!idle_.empty()) {
          conn = std::move(idle_.back());
          idle_.pop_back();
        } else {
          ++open_;
        }
      }
      if (conn != nullptr) {
        if (conn->Healthy()) return ConnectionLease(this, std::move(conn));
        Discard(std::move(conn));  // the server went away meanwhile
        continue;
      }
      auto opened = OpenWithRetries();
      if (!opened.ok()) {
        absl::MutexLock lock(&mu_);
        --open_;
        return opened.status();
      }
      return ConnectionLease(this, std::move(*opened));
    }
  }

  absl::string_view dialect() const override { return "postgresql"; }
  // Writers take one advisory lock (BeginWrite), so that they take turns
  // across every replica, as the services' read-then-write steps need: a
  // month cube is summed by its writer, a security change is ordered after
  // the record's last one.
  int max_writers() const override { return 1; }

 protected:
  void Release(std::unique_ptr<Connection> conn) override {
    auto* pg = static_cast<PostgresConnection*>(conn.get());
    // What its borrower left open is rolled back before anyone else gets
    // the connection; a broken one is dropped.
    pg->Rollback().IgnoreError();
    if (!pg->Healthy()) {
      conn.reset();
      absl::MutexLock lock(&mu_);
      --open_;
      return;
    }
    conn.release();
    absl::MutexLock lock(&mu_);
    idle_.push_back(std::unique_ptr<PostgresConnection>(pg));
  }

 private:
  bool CanAcquire() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !idle_.empty() || open_ < options_.max_connections;
  }

  void Discard(std::unique_ptr<PostgresConnection> conn) {
    conn.reset();
    absl::MutexLock lock(&mu_);
    --open_;
  }

  absl::StatusOr<std::unique_ptr<PostgresConnection>> Open() {
    const std::string timeout = absl::StrCat(options_.connect_timeout_seconds);
    std::vector<const char*> keys = {"dbname", "connect_timeout",
                                     "application_name", "keepalives_idle"};
    std::vector<const char*> values = {url_.c_str(), timeout.c_str(), "dtr",
                                       "30"};
    if (!password_.empty()) {
      keys.push_back("password");
      values.push_back(password_.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PGconn* conn = PQconnectdbParams(keys.data(), values.data(),
                                     /*expand_dbname=*/1);
    if (PQstatus(conn) != CONNECTION_OK) {
      absl::Status s = absl::UnavailableError(absl::StrCat(
          "store: cannot connect to ", WithoutPassword(url_), ": ",
          absl::StripTrailingAsciiWhitespace(PQerrorMessage(conn))));
      PQfinish(conn);
      return s;
    }
    auto out = std::make_unique<PostgresConnection>(conn);
    // Plain text, and no notices on the service's standard error.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    // Plans made for the statement's own values: a generic plan cached
    // while a table was nearly empty (at the start of an import) scans it
    // whole, and keeps scanning as the import fills it.
    if (absl::Status s = out->Execute(
            absl::StrCat("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; "
                         "SET plan_cache_mode = force_custom_plan; "
                         "SET statement_timeout = ",
                         options_.statement_timeout_seconds * 1000));
        !s.ok()) {
      return s;
    }
    return out;
  }

  absl::StatusOr<std::unique_ptr<PostgresConnection>> OpenWithRetries() {
    absl::Duration backoff = absl::Milliseconds(100);
    absl::Status last;
    for (int attempt = 1; attempt <= options_.connect_attempts; ++attempt) {
      auto conn = Open();
      if (conn.ok()) return conn;
      last = conn.status();
      if (attempt < options_.connect_attempts) {
        absl::SleepFor(backoff);
        backoff *= 2;
      }
    }
    return last;
  }

  const std::string url_;
  const std::string password_;
  const DatabaseOptions options_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace

std::string NumberPlaceholders(const std::string& sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;  // inside '…' or "…"
  for (char c : sql) {
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;  // a doubled quote reopens at once
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      absl::StrAppend(&out, "$", ++n);
    } else {
      out += c;
    }
  }
  if (count != nullptr) *count = n;
  return out;
}

absl::StatusOr<std::unique_ptr<Database>> OpenPostgresDatabase(
    const std::string& url, const DatabaseOptions& options) {
  std::string password;
  if (!options.password_file.empty()) {
    auto read = ReadPassword(options.password_file);
    if (!read.ok()) return read.status();
    password = std::move(*read);
  }
  auto db = std::make_unique<PostgresDatabase>(url, password, options);
  // One connection now, so that a wrong address or password fails at start.
  auto lease = db->Acquire();
  if (!lease.ok()) return lease.status();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace dtr
