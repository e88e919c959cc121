// `dtctl security systems list`, `dtctl security endpoints list` and
// `dtctl workforce staff list`: the records behind a rate of the security
// or workforce summary (its numerator, its denominator or the rest), all
// of them, a page at a time, as CSV with exactly the import's header.
#ifndef DTR_TOOLS_DTCTL_BEHIND_LISTS_H_
#define DTR_TOOLS_DTCTL_BEHIND_LISTS_H_

#include <cstdint>
#include <string>

#include "dtr/common/v1/types.pb.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"

namespace dtr::dtctl {

struct BehindFlags {
  std::string unit;
  std::string as_of;  // security: the day; empty: today
  std::string from;   // workforce: the summary's range
  std::string to;
  std::string figure;
  std::string part;
  std::string level;
  std::string kind;     // endpoints: workstation, server; empty: both
  bool reveal = false;  // staff: national ids unmasked (role pii-reader)
  std::string csv;      // empty: standard output
  std::string xlsx;     // not empty: an XLSX there instead of CSV
  int64_t page_size = 5'000;
  double timeout_seconds = 0;  // per page
};

// numerator, denominator or rest; false for another word.
bool ParseFigurePart(const std::string& word, common::v1::FigurePart* part);

// 0; 1 when the service refused or a file could not be written; 2 for a
// bad --part or --kind.
int ListSystemsBehind(security::v1::SecurityService::StubInterface* stub,
                      const BehindFlags& flags);
int ListEndpointsBehind(security::v1::SecurityService::StubInterface* stub,
                        const BehindFlags& flags);
int ListStaffBehind(workforce::v1::WorkforceService::StubInterface* stub,
                    const BehindFlags& flags);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_BEHIND_LISTS_H_
