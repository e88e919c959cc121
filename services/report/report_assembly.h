// Puts one version of a report together from what was fetched and stored:
// its figures, checks and comparisons, its charts, the six renderings from
// the same content (Markdown from the templates; HTML, DOCX and PDF from
// that Markdown; JSON and XLSX from the figures), and its archive record
// with the SHA-256 of each rendering and the PDF's places. Pure: no calls,
// no store.
#ifndef DTR_SERVICES_REPORT_REPORT_ASSEMBLY_H_
#define DTR_SERVICES_REPORT_REPORT_ASSEMBLY_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "dtr/report/v1/report.pb.h"
#include "services/report/contribution_assembly.h"
#include "services/report/figure_sources.h"
#include "services/report/report_context.h"
#include "services/report/report_figures.h"
#include "services/report/report_store.h"
#include "services/report/template_set.h"

namespace dtr::report {

struct AssemblyInput {
  v1::GenerateReportRequest request;  // period resolved
  absl::CivilMonth month;
  absl::CivilDay payments_through;
  std::optional<absl::CivilDay> issue_date;
  const SourceFigures* sources = nullptr;
  // The previous month's figures: its archived report's, or the services'
  // when none is archived (then previous_source says so).
  std::optional<FigureMap> previous;
  std::string previous_source;
  // The figures of the version this one follows, if any.
  std::optional<FigureMap> previous_version;
  v1::ReportSettings settings;
  // The version of the templates in force on the period's last day, as
  // the report names it (its days, legal basis and fingerprint).
  common::v1::RuleVersion templates_version;
  std::vector<v1::Narrative> narratives;  // the Department's own
  // The units' contributions accepted for the period, in unit order; the
  // ones accepted since the previous version (all of them for version 1).
  std::vector<AcceptedContribution> contributions;
  absl::Time contributions_as_of;  // when they were read
  std::vector<v1::ContributionChange> contribution_changes;
  // How the units reported; none when nothing was asked.
  std::optional<v1::ContributionStatus> collection;
  // Earlier months with an issued report, and their figures now.
  std::vector<IssuedMonthFigures> issued_months;
  std::vector<v1::PublishedFigure> published;
  std::set<std::string> missing;
  int version = 1;
  int replaces_issued_version = 0;  // 0: the period has none issued
  absl::Time generated_at;
  std::string generated_by;
};

absl::StatusOr<ArchivedReport> AssembleReport(const AssemblyInput& in,
                                              const TemplateSet& templates);

// "HT-2023-10.docx".
std::string RenderingFileName(const std::string& unit,
                              const std::string& period, v1::Format format);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_ASSEMBLY_H_
