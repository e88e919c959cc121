// Writes a sample month: the unit tree, dossiers and payments of a province
// whose aggregation reproduces every exact public-service figure of a report
// fixture, per level and in total.
//
// Deterministic: the same fixture gives byte-identical files on every
// machine (a fixed-seed generator of our own, no std:: distributions, whose
// results differ between standard libraries). Records look like real ones:
// procedures offered at one service level each, receipts spread over the
// working days of the period (fewer on Saturdays and during Tết), due and
// resolution dates consistent with the status, payments of ordinary fee
// amounts. Figures the fixture does not give (on-time shares, postal
// submissions, failed payments, payments after the fixture's payment
// window) are the generator's own plausible choices.
#ifndef DTR_TOOLS_DTCTL_SAMPLE_MONTH_H_
#define DTR_TOOLS_DTCTL_SAMPLE_MONTH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/dtctl/fixture_targets.h"

namespace dtr::dtctl {

// A file the sample wrote, and how many records it holds.
struct WrittenFile {
  std::string path;
  int64_t records = 0;
  std::string noun;  // "dossiers"
};

struct SampleFiles {
  std::vector<WrittenFile> written;
};

// A unit of the sample tree, for the generators of each service's records.
struct SampleUnit {
  std::string code;
  std::string name;
  int level = 0;  // 0 province, 1 district, 2 commune (the fixture's levels)
  bool root = false;
  std::string parent_code;  // empty for the root
};

// Writes units.csv, dossiers.csv, payments.csv, the security files
// (sample_security.h), the workforce files (sample_workforce.h) and
// sample.env (the root unit, period and payment window, as shell variables)
// into `dir` (created if missing). Fails when the fixture's counts
// contradict each other (a numerator above its denominator).
absl::StatusOr<SampleFiles> WriteSampleMonth(const FixtureTargets& targets,
                                             const std::string& dir);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_SAMPLE_MONTH_H_
