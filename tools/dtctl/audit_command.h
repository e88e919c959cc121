// dtctl audit list: a service's audit (writes and refused calls), for
// admins.
#ifndef DTR_TOOLS_DTCTL_AUDIT_COMMAND_H_
#define DTR_TOOLS_DTCTL_AUDIT_COMMAND_H_

#include <string>

#include "dtr/common/v1/audit.grpc.pb.h"

namespace dtr::dtctl {

struct AuditFlags {
  std::string service;  // stats, security, workforce, report
  std::string since;    // RFC 3339; empty: from the start
  bool json = false;
  double timeout_seconds = 30;
};

// Prints the events, one a line (or a JSON array with --json); 0 on
// success, 1 when the call fails.
int ListAudit(common::v1::AuditService::Stub* stub, const AuditFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_AUDIT_COMMAND_H_
