// What dtctl says when a call fails: the service's own message when it
// answered, and otherwise what went wrong in the terms of the command line
// — no service at the address (with the flag and variable that set it),
// another service there, no answer within --timeout.
//
// The target is set once per run, by main(). Not thread-safe: dtctl makes
// one command's calls from one thread.
#ifndef DTR_TOOLS_DTCTL_CALL_PROBLEM_H_
#define DTR_TOOLS_DTCTL_CALL_PROBLEM_H_

#include <string>

#include "grpcpp/support/status.h"

namespace dtr::dtctl {

// The service the command calls: its name ("stats"), the address and the
// environment variable that names it ("DTR_STATS_ADDR").
void SetCallTarget(const std::string& service, const std::string& address,
                   const std::string& env);

// The failure of a call, for a person: "no stats service at
// 127.0.0.1:7199 (set --server or DTR_STATS_ADDR)".
std::string CallProblem(const grpc::Status& status);

// Prints "dtctl: WHAT: <the problem>" on stderr; returns 1, the exit code.
int CallFailed(const char* what, const grpc::Status& status);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_CALL_PROBLEM_H_
