#include "tools/dtctl/units_command.h"

#include <cstdio>
#include <set>
#include <string>

#include "absl/strings/str_join.h"
#include "grpcpp/client_context.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"

namespace dtr::dtctl {
namespace {

// Nothing listed: says so on stderr, with the levels the tree has that day
// when a level was asked for (a level is named as the tree names it).
void SayWhyNoUnits(stats::v1::StatsService::StubInterface* stub,
                   const UnitsFlags& flags) {
  const std::string day = flags.on_date.empty() ? "today" : flags.on_date;
  if (flags.level.empty()) {
    std::fprintf(stderr, "dtctl: units list: no units on %s\n", day.c_str());
    return;
  }
  stats::v1::ListUnitsRequest all;
  all.set_on_date(flags.on_date);
  std::set<std::string> levels;
  do {
    grpc::ClientContext context;
    SetDeadline(&context, flags.timeout_seconds);
    stats::v1::ListUnitsResponse response;
    if (!stub->ListUnits(&context, all, &response).ok()) break;
    for (const common::v1::Unit& unit : response.units()) {
      levels.insert(unit.ref().level());
    }
    all.set_page_token(response.next_page_token());
  } while (!all.page_token().empty());
  std::fprintf(stderr,
               "dtctl: units list: no units of level '%s'%s on %s; the "
               "levels that day: %s\n",
               flags.level.c_str(),
               flags.root.empty() ? "" : (" under " + flags.root).c_str(),
               day.c_str(),
               levels.empty() ? "none" : absl::StrJoin(levels, ", ").c_str());
}

}  // namespace

int ListUnits(stats::v1::StatsService::StubInterface* stub,
              const UnitsFlags& flags) {
  stats::v1::ListUnitsRequest request;
  request.set_on_date(flags.on_date);
  request.set_root_code(flags.root);
  request.set_level(flags.level);
  int listed = 0;
  do {
    grpc::ClientContext context;
    SetDeadline(&context, flags.timeout_seconds);
    stats::v1::ListUnitsResponse response;
    grpc::Status status = stub->ListUnits(&context, request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "dtctl: units list: %s\n",
                   CallProblem(status).c_str());
      return 1;
    }
    for (const common::v1::Unit& unit : response.units()) {
      ++listed;
      std::printf("%-14s %-10s %-10s %s\n", unit.ref().code().c_str(),
                  unit.ref().level().c_str(), unit.parent_code().c_str(),
                  unit.ref().name().c_str());
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (listed == 0) SayWhyNoUnits(stub, flags);
  return 0;
}

}  // namespace dtr::dtctl
