#include "tools/dtctl/units_command.h"

#include <cstdio>

#include "grpcpp/client_context.h"
#include "tools/dtctl/call_deadline.h"
#include "tools/dtctl/call_problem.h"

namespace dtr::dtctl {

int ListUnits(stats::v1::StatsService::StubInterface* stub,
              const UnitsFlags& flags) {
  stats::v1::ListUnitsRequest request;
  request.set_on_date(flags.on_date);
  request.set_root_code(flags.root);
  request.set_level(flags.level);
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
      std::printf("%-14s %-10s %-10s %s\n", unit.ref().code().c_str(),
                  unit.ref().level().c_str(), unit.parent_code().c_str(),
                  unit.ref().name().c_str());
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return 0;
}

}  // namespace dtr::dtctl
