// The audit of a service (dtr/common/v1/audit.proto), in a table of the
// service's own store that triggers keep append-only.
//
// A write call's event is stored in the write's own transaction
// (AuditedWrites): an acknowledged write always has its event, and a write
// rolled back or lost in a crash has none. Events of calls that wrote
// nothing (refusals, denials, failures) are queued and written by a thread
// of their own a few at a time, so that the transport thread that refuses
// a call never waits for the store; they reach it within a fraction of a
// second, and what is queued is written when the service stops.
//
// Thread-safe.
#ifndef DTR_COMMON_AUDIT_LOG_H_
#define DTR_COMMON_AUDIT_LOG_H_

#include <deque>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/database.h"
#include "common/migrations.h"
#include "dtr/common/v1/audit.pb.h"
#include "grpcpp/server_context.h"

namespace dtr {

class AuditLog {
 public:
  // The table, for every service's migrations (store_flags.cc adds it).
  static const Migration& TableMigration();

  explicit AuditLog(Database* db);
  // Writes what is queued, then stops.
  ~AuditLog();

  // Queues `event` (its sequence and, when empty, time are filled in).
  void Record(common::v1::AuditEvent event);
  // Waits until everything queued so far is in the store, for at most
  // `timeout` (the store may be away).
  void Flush(absl::Duration timeout = absl::Seconds(5));

  absl::StatusOr<std::vector<common::v1::AuditEvent>> List(absl::Time since,
                                                           int limit);

  // A write call as the interceptor sees its messages arrive: who calls
  // which method, naming which units (a stream's merged).
  void NoteCall(const grpc::ServerContextBase* call,
                const std::string& identity, const std::string& method,
                const std::set<std::string>& units);
  // Forgets the call; true when its event was stored with its write.
  bool EndCall(const grpc::ServerContextBase* call);

 private:
  friend class AuditedWrites;
  // What NoteCall learnt of a call in flight.
  struct CallInFlight {
    common::v1::AuditEvent event;
    bool stored = false;  // in a committed write transaction
  };

  void Loop();
  absl::Status Write(const std::vector<common::v1::AuditEvent>& events);
  // Inserts the call's event, accepted with `rows`, on `conn` (in the
  // write transaction about to commit), unless it is stored already or
  // was never noted.
  absl::Status InsertCallEvent(Connection* conn,
                               const grpc::ServerContextBase* call,
                               int64_t rows);
  void MarkStored(const grpc::ServerContextBase* call);

  Database* db_;
  absl::Mutex calls_mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, CallInFlight> calls_
      ABSL_GUARDED_BY(calls_mu_);
  absl::Mutex mu_;
  std::deque<common::v1::AuditEvent> queue_ ABSL_GUARDED_BY(mu_);
  int64_t queued_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t written_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// While it lives, the write transactions this thread commits store the
// event of `call` (as AuditLog::NoteCall heard of it), accepted, with the
// rows `rows()` counts at that moment, just before their COMMIT: in the
// first that commits, once. `log` null: no audit.
//
// Not thread-safe: the thread's that serves the call.
class AuditedWrites {
 public:
  AuditedWrites(AuditLog* log, const grpc::ServerContextBase* call,
                std::function<int64_t()> rows = nullptr);

 private:
  BeforeCommit scope_;
};

}  // namespace dtr

#endif  // DTR_COMMON_AUDIT_LOG_H_
