#include "common/period_locks.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/dates.h"
#include "common/log.h"
#include "common/tls_credentials.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"

namespace dtr {
namespace {

// "2023-10" → its last day.
std::optional<absl::CivilDay> PeriodEnd(const std::string& period) {
  const std::optional<absl::CivilDay> first = ParseIsoDate(period + "-01");
  if (!first) return std::nullopt;
  return absl::CivilDay(absl::CivilMonth(*first) + 1) - 1;
}

std::string PeriodOf(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d", day.year(), day.month());
}

}  // namespace

bool IsLockKind(absl::string_view kind) {
  for (absl::string_view k : kLockKinds) {
    if (k == kind) return true;
  }
  return false;
}

PeriodLockCheck::PeriodLockCheck(report::v1::PeriodLocks locks,
                                 std::shared_ptr<const UnitTree> units)
    : locks_(std::move(locks)), units_(std::move(units)) {}

bool PeriodLockCheck::Under(const std::string& unit, const std::string& root,
                            absl::CivilDay day) const {
  if (unit == root) return true;
  if (units_ == nullptr) return false;
  const UnitVersion* v = units_->Find(unit, day);
  for (int depth = 0; v != nullptr && depth < 64; ++depth) {
    if (v->code == root) return true;
    if (v->parent_code.empty()) return false;
    v = units_->Find(v->parent_code, day);
  }
  return false;
}

bool PeriodLockCheck::UnderOnDayOrAt(const std::string& unit,
                                     const std::string& root,
                                     absl::CivilDay day,
                                     absl::CivilDay period_end) const {
  return Under(unit, root, day) || Under(unit, root, period_end);
}

absl::Status PeriodLockCheck::Check(absl::string_view kind,
                                    absl::string_view field,
                                    const std::string& unit,
                                    absl::CivilDay day) const {
  // The lock of the earliest period the day falls in or before.
  const report::v1::PeriodLock* found = nullptr;
  for (const report::v1::PeriodLock& lock : locks_.locks()) {
    const std::optional<absl::CivilDay> end = PeriodEnd(lock.period());
    if (!end || day > *end) continue;
    // A month issued before it ended (a report made on the 20th) keeps
    // the days from the issue on open: what happens after the issue is
    // news, not a change of what was issued (and the next report lists
    // what it changes).
    if (std::optional<absl::Time> since = ParseInstant(lock.since())) {
      const absl::CivilDay locked_on =
          absl::ToCivilDay(*since, ReportTimeZone());
      if (locked_on <= *end && day >= locked_on) continue;
    }
    if (!UnderOnDayOrAt(unit, lock.unit_code(), day, *end)) continue;
    if (found == nullptr || lock.period() < found->period()) found = &lock;
  }
  if (found == nullptr) return absl::OkStatus();
  const std::string period = PeriodOf(day);
  for (const report::v1::LockException& e : locks_.exceptions()) {
    if (e.active() && e.kind() == kind && e.period() == period &&
        UnderOnDayOrAt(unit, e.unit_code(), day, *PeriodEnd(period))) {
      return absl::OkStatus();
    }
  }
  const std::string why =
      found->reason() == "issued"
          ? absl::StrCat("report ", found->document_number(), " was issued")
          : absl::StrCat("closed by ", found->closed_by());
  return absl::FailedPreconditionError(absl::StrCat(
      field, ": a ", kind, " change of ", unit, " dated ", FormatDay(day),
      " falls in or before ", found->period(), ", locked for ",
      found->unit_code(), " since ", found->since(), " (", why,
      "); nothing was written. An admin may open an exception: dtctl period "
      "exceptions add --unit ",
      unit, " --period ", period, " --kind ", kind,
      " --until YYYY-MM-DD --reason TEXT"));
}

absl::Status PeriodLockCheck::CheckDay(absl::string_view kind,
                                       absl::string_view field,
                                       const std::string& unit,
                                       const std::string& day) const {
  if (day.empty() || empty()) return absl::OkStatus();
  const std::optional<absl::CivilDay> parsed = ParseIsoDate(day);
  if (!parsed) return absl::OkStatus();
  return Check(kind, field, unit, *parsed);
}

PeriodLockSource::PeriodLockSource(std::shared_ptr<grpc::Channel> channel,
                                   std::string address, absl::Duration timeout,
                                   const UnitTreeHolder* units)
    : stub_(channel != nullptr ? report::v1::ReportService::NewStub(channel)
                               : nullptr),
      address_(std::move(address)),
      timeout_(timeout),
      units_(units) {}

absl::StatusOr<std::shared_ptr<const PeriodLockCheck>>
PeriodLockSource::Current() const {
  std::shared_ptr<const UnitTree> tree =
      units_ != nullptr ? units_->Get() : nullptr;
  if (stub_ == nullptr) {
    return std::make_shared<const PeriodLockCheck>(report::v1::PeriodLocks(),
                                                   std::move(tree));
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  report::v1::PeriodLocks locks;
  const grpc::Status status = stub_->ListPeriodLocks(
      &context, report::v1::ListPeriodLocksRequest(), &locks);
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "the period locks could not be read from the report service at ",
        address_, " (", status.error_message(),
        "); nothing was written, try again"));
  }
  return std::make_shared<const PeriodLockCheck>(std::move(locks),
                                                 std::move(tree));
}

absl::StatusOr<std::shared_ptr<const PeriodLockCheck>>
PeriodLockSource::CurrentOf(const PeriodLockSource* source) {
  if (source != nullptr) return source->Current();
  return std::make_shared<const PeriodLockCheck>(report::v1::PeriodLocks(),
                                                 nullptr);
}

void AddPeriodLockFlags(FlagSet* flags, PeriodLockFlags* locks) {
  flags->AddString("report", &locks->report,
                   "address of the report service, HOST:PORT, whose period "
                   "locks refuse changes dated in issued or closed months; "
                   "empty: no locks",
                   "DTR_REPORT_ADDR");
  flags->AddString("report-tls-ca", &locks->tls_ca,
                   "PEM CA of the report service's certificate; empty: "
                   "--tls-client-ca");
}

absl::StatusOr<std::unique_ptr<PeriodLockSource>> OpenPeriodLockSource(
    const PeriodLockFlags& flags, const HostConfig& host,
    const UnitTreeHolder* units) {
  if (flags.report.empty()) {
    LogWarning(
        "period locks off: no --report; changes dated in issued months are "
        "not refused",
        {});
    return std::make_unique<PeriodLockSource>(
        nullptr, "", absl::Seconds(flags.call_seconds), units);
  }
  TlsFiles client_tls;  // plain text when the service serves it
  if (!host.plaintext) {
    client_tls = host.tls;
    client_tls.ca = flags.tls_ca.empty() ? host.tls.client_ca : flags.tls_ca;
    client_tls.client_ca.clear();
  }
  auto credentials = ChannelCredentialsFor(client_tls);
  if (!credentials.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--report-tls-ca: ", credentials.status().message()));
  }
  return std::make_unique<PeriodLockSource>(
      grpc::CreateChannel(flags.report, *credentials), flags.report,
      absl::Seconds(flags.call_seconds), units);
}

}  // namespace dtr
