// The report as a spreadsheet: its figures (each with numerator,
// denominator and ratio, or its value, as the JSON rendering has them),
// the rankings behind its lowest units, how the units reported and what
// changed in issued months, one sheet each, Vietnamese headers.
//
// Pure; thread-safe.
#ifndef DTR_SERVICES_REPORT_REPORT_XLSX_H_
#define DTR_SERVICES_REPORT_REPORT_XLSX_H_

#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "services/report/report_assembly.h"
#include "services/report/report_figures.h"

namespace dtr::report {

absl::StatusOr<std::string> ReportXlsx(const AssemblyInput& in,
                                       const FigureMap& figures,
                                       const nlohmann::json& labels);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_XLSX_H_
