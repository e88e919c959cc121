// The figures a sample month must reproduce, read from a report fixture
// (tests/data/ha-tinh-2023-10.json: the published figures of a real
// provincial report, with notes on where they contradict themselves).
#ifndef DTR_TOOLS_DTCTL_FIXTURE_TARGETS_H_
#define DTR_TOOLS_DTCTL_FIXTURE_TARGETS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace dtr::dtctl {

// Dossier counts of one level, as the indicators count them.
struct LevelTargets {
  int64_t received = 0;
  int64_t online_numerator = 0;    // full or partial, submitted online
  int64_t online_denominator = 0;  // full or partial
  int64_t full_numerator = 0;      // full, submitted online
  int64_t full_denominator = 0;    // full
  int64_t finished = 0;            // done on time or late
  int64_t digitized = 0;           // finished and digitized
};

// A figure as the report published it, for the generated report to
// reconcile with its own (a key of the report's figure list).
struct PublishedTarget {
  std::string figure;
  double value = 0;  // a percentage for rates
  int decimals = 0;  // as printed
};

struct FixtureTargets {
  std::string province_code;
  std::string province_name;
  absl::CivilDay period_from;
  absl::CivilDay period_to;
  // Level names from the top: province, district, commune.
  std::vector<std::string> levels;
  std::vector<std::string> district_names;
  int64_t commune_count = 0;
  // Keyed by level name.
  std::map<std::string, LevelTargets> dossiers;
  // Security (section 1.7 of the report).
  // Share (percent) of province- and district-level systems with an
  // approved level dossier.
  int64_t approved_share_province_district = 0;
  // Commune-level systems with an approved dossier.
  int64_t commune_approved = 0;
  // Endpoints with centrally managed anti-malware.
  int64_t central_workstations = 0;
  int64_t central_servers = 0;
  // Whether a security operations centre watches any system.
  bool soc_deployed = false;
  // Workforce (section 1.6 of the report): dedicated IT staff in service
  // at the end of the period, by level; staff with an IT master's and
  // bachelor's degree (of all levels); dedicated staff eligible for the
  // allowance in the period's last month, by level; training courses held
  // in the period and their trainees.
  int64_t dedicated_province_district = 0;
  int64_t dedicated_commune = 0;
  int64_t master_it = 0;
  int64_t bachelor_it = 0;
  int64_t eligible_province_district = 0;
  int64_t eligible_commune = 0;
  int64_t training_courses = 0;
  int64_t trainees = 0;
  // The report's own printed figures and rates.
  std::vector<PublishedTarget> published;
  std::string issuer_name;
  absl::CivilDay payments_from;
  absl::CivilDay payments_to;
  int64_t units_with_payments = 0;
  int64_t successful_transactions = 0;
  int64_t amount_vnd = 0;
};

// Parses a fixture; errors name the missing or malformed key.
absl::StatusOr<FixtureTargets> ParseFixtureTargets(absl::string_view json);

// The fixture built into dtctl (the copy in tests/data at build time).
absl::string_view BuiltInFixture();

// The security service's controls catalogue at build time, which the
// sample's control states are written for.
absl::string_view BuiltInControls();

// The sample's report inputs that are not records (narrative sections,
// issuing settings): tests/data/ha-tinh-2023-10-report-inputs.json.
absl::string_view BuiltInReportInputs();

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_FIXTURE_TARGETS_H_
