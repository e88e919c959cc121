// The store interface every service writes its SQL against.
//
// A Database is a bounded pool of connections to one store. A Connection is
// used by one thread at a time (borrowed through a ConnectionLease) and keeps
// its prepared statements, so a statement is compiled once per connection.
// SQL uses `?` placeholders and the dialect both SQLite and PostgreSQL
// accept (INSERT ... ON CONFLICT ... DO UPDATE among it).
//
// Errors map to status codes callers can act on: the store being busy,
// unreachable, full or read-only is UNAVAILABLE (retry later); anything
// else is INTERNAL.
//
// Thread-safe: a Database (its pool of connections) is; a Connection, its
// statements and its transactions belong to one borrower at a time.
#ifndef DTR_COMMON_DATABASE_H_
#define DTR_COMMON_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dtr {

// A prepared statement. Bind indexes are 1-based, column indexes 0-based.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindText(int index, absl::string_view value) = 0;
  // Text the caller keeps, unchanged, until the statement is reset: a
  // store may read it in place rather than copy it (a bulk write binds
  // millions of values held by its records).
  virtual void BindKeptText(int index, absl::string_view value) {
    BindText(index, value);
  }
  // Bytes stored as they are (a serialized message).
  virtual void BindBlob(int index, absl::string_view bytes) = 0;
  virtual void BindNull(int index) = 0;
  // Runs the statement or advances it: true while a row is available.
  virtual absl::StatusOr<bool> Step() = 0;
  virtual int64_t ColumnInt(int index) const = 0;
  // Valid until the next Step() or Reset().
  virtual absl::string_view ColumnText(int index) const = 0;
  virtual absl::string_view ColumnBlob(int index) const = 0;
  virtual bool ColumnIsNull(int index) const = 0;
  // Makes the statement ready to be bound and run again.
  virtual void Reset() = 0;
};

// A prepared statement borrowed from its connection for one use: reset when
// the borrow ends, so that no half-read query keeps an old snapshot of the
// store open on the connection.
class ScopedStatement {
 public:
  explicit ScopedStatement(Statement* statement) : statement_(statement) {}
  ScopedStatement(ScopedStatement&& other)
      : statement_(std::exchange(other.statement_, nullptr)) {}
  ScopedStatement& operator=(ScopedStatement&&) = delete;
  ~ScopedStatement() {
    if (statement_ != nullptr) statement_->Reset();
  }
  Statement* operator->() const { return statement_; }
  Statement* get() const { return statement_; }

 private:
  Statement* statement_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs one or more statements that return no rows.
  virtual absl::Status Execute(absl::string_view sql) = 0;
  // The prepared form of `sql`, compiled on first use and kept by the
  // connection, ready to bind.
  absl::StatusOr<ScopedStatement> Prepare(absl::string_view sql) {
    absl::StatusOr<Statement*> statement = PrepareCached(sql);
    if (!statement.ok()) return statement.status();
    return ScopedStatement(*statement);
  }
  // True where a batch is best bound as one array parameter a column
  // (PostgreSQL; array_params.h) rather than as multi-row VALUES.
  virtual bool TakesArrays() const { return false; }
  // A transaction that takes the write lock at once.
  virtual absl::Status BeginWrite() = 0;
  // A read transaction: one snapshot for every query until it ends.
  virtual absl::Status BeginRead() { return Execute("BEGIN"); }
  // Held around schema migrations, so that replicas starting together
  // migrate once (SQLite's write lock already does that).
  virtual absl::Status LockSchema() { return absl::OkStatus(); }
  virtual absl::Status UnlockSchema() { return absl::OkStatus(); }
  virtual absl::Status Commit() = 0;
  virtual absl::Status Rollback() = 0;
  // After a bulk load, outside a transaction: the planner's statistics of
  // `tables` (comma-separated) brought up to date, so that the next
  // queries are planned for the tables' new size. A no-op where the store
  // plans without them.
  virtual absl::Status RefreshStatistics(absl::string_view tables) {
    (void)tables;
    return absl::OkStatus();
  }

 protected:
  virtual absl::StatusOr<Statement*> PrepareCached(absl::string_view sql) = 0;
};

class Database;

// A connection borrowed from the pool; returned when the lease ends.
class ConnectionLease {
 public:
  ConnectionLease(Database* db, std::unique_ptr<Connection> conn)
      : db_(db), conn_(std::move(conn)) {}
  ConnectionLease(ConnectionLease&&) = default;
  ConnectionLease& operator=(ConnectionLease&&) = delete;
  ~ConnectionLease();

  Connection* operator->() const { return conn_.get(); }
  Connection* get() const { return conn_.get(); }

 private:
  Database* db_;
  std::unique_ptr<Connection> conn_;
};

struct DatabaseOptions {
  // Most connections open at once; callers beyond wait for one.
  int max_connections = 8;
  // How long a writer waits for the write lock before UNAVAILABLE.
  int busy_timeout_ms = 30000;
  // PostgreSQL: a file holding the password (a mounted secret); empty:
  // the URL's, or none.
  std::string password_file;
  // PostgreSQL: attempts to open a connection before UNAVAILABLE, with
  // backoff between them, and each attempt's timeout.
  int connect_attempts = 3;
  int connect_timeout_seconds = 3;
  // PostgreSQL: a statement running longer is cancelled, so that no call
  // waits on the store without end.
  int statement_timeout_seconds = 120;
};

class Database {
 public:
  virtual ~Database() = default;

  // Opens the store named by `url`: "sqlite:PATH" (created if missing) or
  // "postgresql://…" (postgres_database.h).
  static absl::StatusOr<std::unique_ptr<Database>> Open(
      absl::string_view url, const DatabaseOptions& options);

  // Borrows a connection, waiting while all are in use.
  virtual absl::StatusOr<ConnectionLease> Acquire() = 0;

  // "sqlite" or "postgresql".
  virtual absl::string_view dialect() const = 0;

  // How many write transactions of this process may usefully run at once:
  // the number of a service's write slots (service_env.h). A writer beyond
  // it would only wait on the store's write lock, holding a thread and a
  // connection while it does.
  virtual int max_writers() const = 0;

 protected:
  friend class ConnectionLease;
  virtual void Release(std::unique_ptr<Connection> conn) = 0;
};

// Work done in every write transaction this thread commits while the
// object lives, just before its COMMIT and as part of it: the audit event
// of the call the thread is serving (audit_log.h), so that a write and the
// record of who made it are stored together or not at all. A call's
// writes run on one thread from their start to their commit; scopes nest,
// the innermost one's work runs.
//
// Not thread-safe: one thread's.
class BeforeCommit {
 public:
  // `committed` runs once the transaction `work` ran in has committed.
  BeforeCommit(std::function<absl::Status(Connection*)> work,
               std::function<void()> committed)
      : work_(std::move(work)),
        committed_(std::move(committed)),
        outer_(current_) {
    current_ = this;
  }
  BeforeCommit(const BeforeCommit&) = delete;
  BeforeCommit& operator=(const BeforeCommit&) = delete;
  ~BeforeCommit() { current_ = outer_; }

  // Runs the current scope's work on `conn`, if any (WriteTransaction).
  static absl::Status RunOn(Connection* conn) {
    if (current_ == nullptr || !current_->work_) return absl::OkStatus();
    return current_->work_(conn);
  }
  // Says that the transaction RunOn ran in has committed.
  static void Committed() {
    if (current_ != nullptr && current_->committed_) current_->committed_();
  }

 private:
  std::function<absl::Status(Connection*)> work_;
  std::function<void()> committed_;
  BeforeCommit* outer_;
  static inline thread_local BeforeCommit* current_ = nullptr;
};

// A write transaction on a borrowed connection: rolled back when it ends
// without Commit().
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection* conn) : conn_(conn) {}
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  ~WriteTransaction() {
    if (open_) conn_->Rollback().IgnoreError();
  }
  absl::Status Begin() {
    absl::Status s = conn_->BeginWrite();
    open_ = s.ok();
    return s;
  }
  // A failed COMMIT (disk full, I/O error) may leave the transaction open;
  // it is then rolled back when this object ends.
  absl::Status Commit() {
    if (absl::Status s = BeforeCommit::RunOn(conn_); !s.ok()) return s;
    absl::Status s = conn_->Commit();
    if (s.ok()) {
      open_ = false;
      BeforeCommit::Committed();
    }
    return s;
  }
  bool open() const { return open_; }

 private:
  Connection* conn_;
  bool open_ = false;
};

// A read transaction: every query on the connection sees the same state of
// the store until it ends.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection* conn) : conn_(conn) {}
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  ~ReadTransaction() {
    if (open_) conn_->Rollback().IgnoreError();
  }
  absl::Status Begin() {
    absl::Status s = conn_->BeginRead();
    open_ = s.ok();
    return s;
  }

 private:
  Connection* conn_;
  bool open_ = false;
};

}  // namespace dtr

#endif  // DTR_COMMON_DATABASE_H_
