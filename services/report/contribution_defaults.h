// What a month asks of the units when nobody set it up: a versioned file
// of sections × unit levels and the day of the month they are due, so
// that every month expects its contributions without a manual request.
//
//   {"versions": [
//     {"from": "2023-01", "deadline_day": 20,
//      "sections": [{"section": "data", "levels": ["province"]}]}]}
//
// A version holds from its month until the next version's. A level names
// the units of that level in the unit tree on the month's last day, the
// tree's roots (the province itself) excepted: the Department writes its
// own text as narratives.
//
// Thread-safe: immutable once loaded; a reload builds a new one.
#ifndef DTR_SERVICES_REPORT_CONTRIBUTION_DEFAULTS_H_
#define DTR_SERVICES_REPORT_CONTRIBUTION_DEFAULTS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/reloadable.h"

namespace dtr::report {

struct DefaultSectionRequest {
  std::string section;
  std::vector<std::string> levels;
};

struct ContributionDefaultsVersion {
  absl::CivilMonth from;
  int deadline_day = 20;  // clamped to the month's last day
  std::vector<DefaultSectionRequest> sections;
};

class ContributionDefaults {
 public:
  // Errors name the version and field: "versions[1].deadline_day: …".
  static absl::StatusOr<std::shared_ptr<const ContributionDefaults>> Parse(
      const std::string& text);
  static absl::StatusOr<std::shared_ptr<const ContributionDefaults>> LoadFile(
      const std::string& path);

  // The version in force in `month`, or nullptr before the first.
  const ContributionDefaultsVersion* For(absl::CivilMonth month) const;

 private:
  std::vector<ContributionDefaultsVersion> versions_;  // by `from`
};

using ContributionDefaultsHolder = Reloadable<ContributionDefaults>;

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_CONTRIBUTION_DEFAULTS_H_
