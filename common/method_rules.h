// The rule of every method the services serve: which kind of access it
// needs. A method missing here is refused to everyone (deny by default),
// so a new method is unreachable until it is given a rule.
#ifndef DTR_COMMON_METHOD_RULES_H_
#define DTR_COMMON_METHOD_RULES_H_

#include "absl/strings/string_view.h"

namespace dtr {

enum class MethodAccess {
  kAnyone,  // health checks
  kQuery,   // reads: reader, writer, report, pii-reader, admin
  kWrite,   // imports, updates, generations: writer, admin
  kAdmin,   // admin only
  kSign,    // a report's personal signature: signer, admin
  kIssue,   // issuing a report (number, agency signature): issuer, admin
  kReview,  // accepting or returning a unit's contribution: reviewer, admin
  // The period locks, which the data services read before their changes:
  // locks, and every role that reads. Not audited (a read).
  kLocks,
};

// The rule of "/package.Service/Method"; null: none.
const MethodAccess* RuleFor(absl::string_view method);

}  // namespace dtr

#endif  // DTR_COMMON_METHOD_RULES_H_
