// The locks on issued and closed periods, as every service applies them:
// once a unit's report for a month is issued (or an admin closes the
// month), a change dated in or before that month (before the issue, when
// the month was issued before it ended), to the records of a unit under
// it, would change figures already issued; it is refused
// FAILED_PRECONDITION with a message naming the lock (period, the issued
// report's number or who closed it, since when) and how to get through:
// an admin's exception, narrow (one kind of record, one subtree, one
// period) and expiring.
//
// The report service keeps the locks (issuing and closing are its); the
// data services ask it for them before each change they lock, with no
// cache, so that a write right after an issue is refused. A service with
// no report service to ask (--report empty) locks nothing, and says so
// when it starts.
//
// Thread-safe: a PeriodLockCheck is immutable; PeriodLockSource makes a
// call per Current().
#ifndef DTR_COMMON_PERIOD_LOCKS_H_
#define DTR_COMMON_PERIOD_LOCKS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/flags.h"
#include "common/service_host.h"
#include "common/unit_tree.h"
#include "common/unit_tree_holder.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "grpcpp/channel.h"

namespace dtr {

// The kinds of change a lock covers and an exception names.
inline constexpr absl::string_view kLockKinds[] = {
    "contributions", "security", "staff", "absences", "courses", "attendance"};
bool IsLockKind(absl::string_view kind);

class PeriodLockCheck {
 public:
  // `units` may be null: then a lock covers its own unit only.
  PeriodLockCheck(report::v1::PeriodLocks locks,
                  std::shared_ptr<const UnitTree> units);

  // OK, or FAILED_PRECONDITION "`field`: …" when a change of `kind` to the
  // records of `unit` dated `day` falls in or before a period locked for
  // `unit` or a unit above it, and no exception open for it lets it
  // through.
  absl::Status Check(absl::string_view kind, absl::string_view field,
                     const std::string& unit, absl::CivilDay day) const;
  // The same for a day written "YYYY-MM-DD"; empty or unparsable: OK (the
  // record's own checks refuse a bad date).
  absl::Status CheckDay(absl::string_view kind, absl::string_view field,
                        const std::string& unit, const std::string& day) const;

  bool empty() const { return locks_.locks().empty(); }

 private:
  // Whether `unit` is `root` or under it on `day`.
  bool Under(const std::string& unit, const std::string& root,
             absl::CivilDay day) const;
  // On the change's day, or where the tree stood at the end of the month
  // in question (a unit moved since is caught either way).
  bool UnderOnDayOrAt(const std::string& unit, const std::string& root,
                      absl::CivilDay day, absl::CivilDay period_end) const;

  const report::v1::PeriodLocks locks_;
  const std::shared_ptr<const UnitTree> units_;
};

class PeriodLockSource {
 public:
  // `channel` to the report service; null: no locks.
  PeriodLockSource(std::shared_ptr<grpc::Channel> channel, std::string address,
                   absl::Duration timeout, const UnitTreeHolder* units);

  // The locks now; UNAVAILABLE naming the report service when it does not
  // answer (a change is then refused rather than written unchecked).
  absl::StatusOr<std::shared_ptr<const PeriodLockCheck>> Current() const;
  // The same of `source`; no locks when it is null.
  static absl::StatusOr<std::shared_ptr<const PeriodLockCheck>> CurrentOf(
      const PeriodLockSource* source);

 private:
  const std::unique_ptr<report::v1::ReportService::Stub> stub_;
  const std::string address_;
  const absl::Duration timeout_;
  const UnitTreeHolder* units_;
};

// A data service's flags for the locks: --report (the report service's
// address; empty: no locks) and --report-tls-ca (the CA of its
// certificate; empty: --tls-client-ca).
struct PeriodLockFlags {
  std::string report;
  std::string tls_ca;
  double call_seconds = 5;
};
void AddPeriodLockFlags(FlagSet* flags, PeriodLockFlags* locks);

// The source the flags name, calling in the mode `host` serves in (its
// certificate as the client's under TLS); logs a warning when locks are
// off.
absl::StatusOr<std::unique_ptr<PeriodLockSource>> OpenPeriodLockSource(
    const PeriodLockFlags& flags, const HostConfig& host,
    const UnitTreeHolder* units);

}  // namespace dtr

#endif  // DTR_COMMON_PERIOD_LOCKS_H_
