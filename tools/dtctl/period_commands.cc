#include "tools/dtctl/period_commands.h"

#include <cstdio>

#include "grpcpp/client_context.h"
#include "nlohmann/json.hpp"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"

namespace dtr::dtctl {
namespace {

namespace rv1 = report::v1;

nlohmann::json LockJson(const rv1::PeriodLock& l) {
  return {{"unit", l.unit_code()},
          {"period", l.period()},
          {"reason", l.reason()},
          {"since", l.since()},
          {"document_number", l.document_number()},
          {"closed_by", l.closed_by()}};
}

nlohmann::json ExceptionJson(const rv1::LockException& e) {
  return {{"id", e.id()},
          {"unit", e.unit_code()},
          {"period", e.period()},
          {"kind", e.kind()},
          {"until", e.until()},
          {"active", e.active()},
          {"reason", e.reason()},
          {"created_at", e.created_at()},
          {"created_by", e.created_by()}};
}

void PrintLock(const rv1::PeriodLock& l) {
  std::printf("%-10s %s locked since %s: %s\n", l.unit_code().c_str(),
              l.period().c_str(), l.since().c_str(),
              l.reason() == "issued"
                  ? ("report " + l.document_number() + " issued").c_str()
                  : ("closed by " + l.closed_by()).c_str());
}

void PrintException(const rv1::LockException& e) {
  std::printf("#%lld %-10s %s %-13s until %s%s: %s (%s, %s)\n",
              static_cast<long long>(e.id()), e.unit_code().c_str(),
              e.period().c_str(), e.kind().c_str(), e.until().c_str(),
              e.active() ? "" : " (ended)", e.reason().c_str(),
              e.created_by().c_str(), e.created_at().c_str());
}

}  // namespace

int ClosePeriod(ReportStub* stub, const ReportFlags& flags) {
  rv1::ClosePeriodRequest request;
  request.set_unit_code(flags.unit);
  request.set_period(flags.period);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::PeriodLock out;
  grpc::Status status = stub->ClosePeriod(&context, request, &out);
  if (!status.ok()) return CallFailed("period close", status);
  if (flags.json) {
    std::printf("%s\n", LockJson(out).dump(2).c_str());
  } else {
    PrintLock(out);
  }
  return 0;
}

int ListPeriodLocks(ReportStub* stub, const ReportFlags& flags,
                    bool exceptions_only) {
  rv1::ListPeriodLocksRequest request;
  request.set_include_expired(flags.all);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::PeriodLocks out;
  grpc::Status status = stub->ListPeriodLocks(&context, request, &out);
  if (!status.ok()) {
    return CallFailed(
        exceptions_only ? "period exceptions list" : "period locks", status);
  }
  if (flags.json) {
    nlohmann::json exceptions = nlohmann::json::array();
    for (const auto& e : out.exceptions()) {
      exceptions.push_back(ExceptionJson(e));
    }
    if (exceptions_only) {
      std::printf("%s\n", exceptions.dump(2).c_str());
      return 0;
    }
    nlohmann::json locks = nlohmann::json::array();
    for (const auto& l : out.locks()) locks.push_back(LockJson(l));
    nlohmann::json doc = {
        {"locks", locks}, {"exceptions", exceptions}, {"as_of", out.as_of()}};
    std::printf("%s\n", doc.dump(2).c_str());
    return 0;
  }
  if (!exceptions_only) {
    for (const auto& l : out.locks()) PrintLock(l);
    if (out.locks_size() == 0) std::printf("no month is locked\n");
  }
  for (const auto& e : out.exceptions()) PrintException(e);
  if (exceptions_only && out.exceptions_size() == 0) {
    std::printf("no exception is open%s\n", flags.all ? " nor ended" : "");
  }
  return 0;
}

int AddLockException(ReportStub* stub, const ReportFlags& flags) {
  rv1::LockException request;
  request.set_unit_code(flags.unit);
  request.set_period(flags.period);
  request.set_kind(flags.kind);
  request.set_until(flags.until);
  request.set_reason(flags.reason);
  grpc::ClientContext context;
  SetDeadline(&context, flags.timeout_seconds);
  rv1::LockException out;
  grpc::Status status = stub->AddLockException(&context, request, &out);
  if (!status.ok()) return CallFailed("period exceptions add", status);
  if (flags.json) {
    std::printf("%s\n", ExceptionJson(out).dump(2).c_str());
  } else {
    PrintException(out);
  }
  return 0;
}

}  // namespace dtr::dtctl
