// What a period expects of the units and how far they are: the expected
// contributions (the defaults in force, overridden and extended by the
// Department's requests) and the reporting rates over them, in the order
// reports print units (UnitOrder).
//
// A contribution counts as submitted once it was ever submitted (a
// returned one stays submitted: the unit did report), as on time when
// its first submission came before the day after its deadline began in
// Asia/Ho_Chi_Minh, and as accepted when it is accepted now. Missing: never
// submitted; late: first submitted after the deadline.
//
// Pure functions; thread-safe.
#ifndef DTR_SERVICES_REPORT_CONTRIBUTION_EXPECTATIONS_H_
#define DTR_SERVICES_REPORT_CONTRIBUTION_EXPECTATIONS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/unit_tree.h"
#include "dtr/report/v1/report.pb.h"
#include "services/report/contribution_defaults.h"
#include "services/report/contribution_store.h"

namespace dtr::report {

// Units as reports list them: by level from the top of the tree
// (provincial agencies, then districts, then communes), in tree order
// within a level; units the tree does not know after, by code.
class UnitOrder {
 public:
  // `tree` may be null: then every unit is ordered by code.
  UnitOrder(const UnitTree* tree, absl::CivilDay day);

  bool Before(const std::string& a, const std::string& b) const;
  // The unit's version on the day, or nullptr.
  const UnitVersion* Find(const std::string& code) const;
  // Its name on the day, or its code.
  std::string Name(const std::string& code) const;

 private:
  const UnitTree* tree_;
  absl::CivilDay day_;
  absl::flat_hash_map<std::string, int> rank_;
};

// The end of a deadline day: the first instant of the next day there.
absl::Time DeadlineEnd(absl::CivilDay deadline);

// The period's expected contributions, ordered by unit then section; each
// with its unit's name and level when the tree knows it.
std::vector<v1::ContributionRequest> ExpectedContributions(
    absl::CivilMonth month, const std::vector<v1::ContributionRequest>& asked,
    const ContributionDefaultsVersion* defaults, const UnitTree* tree);

// The rates over `expected` given the period's `progress`.
v1::ContributionStatus ReportingStatus(
    const std::string& period,
    const std::vector<v1::ContributionRequest>& expected,
    const std::vector<ContributionProgress>& progress, const UnitTree* tree,
    absl::Time now);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_CONTRIBUTION_EXPECTATIONS_H_
