#include "tools/dtctl/audit_command.h"

#include <chrono>
#include <cstdio>

#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/csv_importer.h"

namespace dtr::dtctl {

int ListAudit(common::v1::AuditService::Stub* stub, const AuditFlags& flags) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(
                           static_cast<int64_t>(flags.timeout_seconds * 1000)));
  common::v1::ListAuditEventsRequest request;
  request.set_since(flags.since);
  common::v1::ListAuditEventsResponse response;
  grpc::Status status = stub->ListAuditEvents(&context, request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "dtctl: audit list: %s\n",
                 CallProblem(status).c_str());
    return 1;
  }
  if (flags.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const common::v1::AuditEvent& e : response.events()) {
      out.push_back({{"sequence", e.sequence()},
                     {"time", e.time()},
                     {"identity", e.identity()},
                     {"method", e.method()},
                     {"units", std::vector<std::string>(e.units().begin(),
                                                        e.units().end())},
                     {"rows", e.rows()},
                     {"outcome", e.outcome()},
                     {"detail", e.detail()}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  for (const common::v1::AuditEvent& e : response.events()) {
    std::printf("%lld  %s  %-8s  %-20s  %s  rows %lld  units %s%s%s\n",
                static_cast<long long>(e.sequence()), e.time().c_str(),
                e.outcome().c_str(),
                e.identity().empty() ? "-" : e.identity().c_str(),
                e.method().c_str(), static_cast<long long>(e.rows()),
                e.units().empty() ? "-" : absl::StrJoin(e.units(), ",").c_str(),
                e.detail().empty() ? "" : "  ", e.detail().c_str());
  }
  return 0;
}

}  // namespace dtr::dtctl
