#include "tools/dtctl/call_problem.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/grpc_metrics.h"

namespace dtr::dtctl {
namespace {

struct Target {
  std::string service = "the";
  std::string address;
  std::string env;
};

Target& CurrentTarget() {
  static auto* target = new Target();
  return *target;
}

// "(set --server or DTR_STATS_ADDR)".
std::string WhereToSetIt(const Target& t) {
  return t.env.empty() ? "(set --server)"
                       : absl::StrCat("(set --server or ", t.env, ")");
}

}  // namespace

void SetCallTarget(const std::string& service, const std::string& address,
                   const std::string& env) {
  CurrentTarget() = Target{service, address, env};
}

std::string CallProblem(const grpc::Status& status) {
  const Target& t = CurrentTarget();
  const std::string& message = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      // gRPC's own words for a connection that could not be made (a
      // service's own UNAVAILABLE, naming what it depends on, starts
      // otherwise).
      if (absl::StartsWith(message, "failed to connect") ||
          absl::StartsWith(message, "DNS resolution failed")) {
        if (absl::StrContains(message, "Connection refused") ||
            absl::StrContains(message, "DNS resolution failed") ||
            absl::StrContains(message, "Name or service not known")) {
          return absl::StrCat("no ", t.service, " service at ", t.address, " ",
                              WhereToSetIt(t));
        }
        // Something answered, but no connection came of it: most often TLS.
        return absl::StrCat("cannot connect to the ", t.service, " service at ",
                            t.address,
                            " (with TLS, check --tls-ca, --tls-cert and "
                            "--tls-key): ",
                            message);
      }
      break;
    case grpc::StatusCode::UNIMPLEMENTED:
      return absl::StrCat("the service at ", t.address, " is not the ",
                          t.service, " service ", WhereToSetIt(t));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::StrCat("no answer from the ", t.service, " service at ",
                          t.address, " in time (--timeout gives it longer)");
    default:
      break;
  }
  if (message.empty()) {
    return absl::StrCat(GrpcCodeName(status.error_code()), " from the ",
                        t.service, " service at ", t.address);
  }
  return message;
}

int CallFailed(const char* what, const grpc::Status& status) {
  std::fprintf(stderr, "dtctl: %s: %s\n", what, CallProblem(status).c_str());
  return 1;
}

}  // namespace dtr::dtctl
