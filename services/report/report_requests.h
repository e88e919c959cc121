// The checks of what callers send the report service — units, periods,
// narrative sections, issuing settings, published figures — each problem
// INVALID_ARGUMENT "field: reason" (common/field_checks.h); and the
// periods reports are made for.
//
// Pure functions; thread-safe.
#ifndef DTR_SERVICES_REPORT_REPORT_REQUESTS_H_
#define DTR_SERVICES_REPORT_REPORT_REQUESTS_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "dtr/report/v1/report.pb.h"

namespace dtr::report {

// Bytes a narrative section may hold, and any other text field.
inline constexpr size_t kMaxNarrativeBytes = 200'000;
inline constexpr size_t kMaxTextField = 500;

// "2023-10" → October 2023; "previous-month" → the month before `today`.
absl::StatusOr<absl::CivilMonth> ParsePeriod(const std::string& text,
                                             absl::CivilDay today);
std::string FormatPeriod(absl::CivilMonth month);

// A required unit code of at most 64 characters.
absl::Status CheckUnitCode(absl::string_view field, const std::string& code);
// A period given by a caller: "YYYY-MM" only (no "previous-month": stored
// things have fixed periods); the period as stored.
absl::StatusOr<std::string> CheckStoredPeriod(absl::string_view field,
                                              const std::string& period);
// Valid UTF-8 of at most `most` bytes.
absl::Status CheckText(absl::string_view field, const std::string& text,
                       size_t most);
// One of the narrative sections (narrative_sections.h).
absl::Status CheckSection(absl::string_view field, const std::string& id);
absl::Status CheckNarrative(const v1::Narrative& narrative);
absl::Status CheckSettings(const v1::ReportSettings& settings);
// The figures published for a period elsewhere, each once.
absl::Status CheckPublished(
    const google::protobuf::RepeatedPtrField<v1::PublishedFigure>& published);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_REQUESTS_H_
