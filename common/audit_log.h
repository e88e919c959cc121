// The audit of a service (dtr/common/v1/audit.proto), in a table of the
// service's own store that triggers keep append-only. Events are queued
// and written by a thread of their own a few at a time, so that neither a
// write's reply nor the transport thread that refuses a call waits for the
// store; they reach it within a fraction of a second (a crash in between
// loses the queued ones, never a record's write).
//
// Thread-safe.
#ifndef DTR_COMMON_AUDIT_LOG_H_
#define DTR_COMMON_AUDIT_LOG_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/database.h"
#include "common/migrations.h"
#include "dtr/common/v1/audit.pb.h"

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

 private:
  void Loop();
  absl::Status Write(const std::vector<common::v1::AuditEvent>& events);

  Database* db_;
  absl::Mutex mu_;
  std::deque<common::v1::AuditEvent> queue_ ABSL_GUARDED_BY(mu_);
  int64_t queued_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t written_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace dtr

#endif  // DTR_COMMON_AUDIT_LOG_H_
