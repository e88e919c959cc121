// Generating one version of a unit's monthly report: the period resolved,
// the previous month's archived figures looked up, the three services
// asked (figure_sources.h), the settings, narratives and published figures
// read, the report assembled (report_assembly.h) and archived as the next
// version — again with the next number when another generation of the
// same period archived first.
//
// Thread-safe: generations share only the store, the sources and the
// metrics, which are.
#ifndef DTR_SERVICES_REPORT_REPORT_GENERATION_H_
#define DTR_SERVICES_REPORT_REPORT_GENERATION_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/reloadable.h"
#include "common/service_metrics.h"
#include "common/unit_tree_holder.h"
#include "dtr/report/v1/report.pb.h"
#include "services/report/contribution_store.h"
#include "services/report/contribution_tracker.h"
#include "services/report/document_life_store.h"
#include "services/report/figure_sources.h"
#include "services/report/report_assembly.h"
#include "services/report/report_gauges.h"
#include "services/report/report_store.h"
#include "services/report/settings_source.h"
#include "services/report/template_versions.h"

namespace dtr::report {

using TemplatesHolder = Reloadable<TemplateVersions>;

class ReportGeneration {
 public:
  struct Deps {
    ReportStore* store;
    const SettingsSource* settings;  // in force on the period's last day
    DocumentLifeStore* life;         // which version of the period is issued
    const TemplatesHolder* templates;
    FigureSources* sources;
    ServiceMetrics* metrics;  // "fetch" and "render" timed
    ReportGauges* gauges;
    // The units' accepted contributions and how they reported; the tree
    // orders and names them (null: by code).
    ContributionStore* contributions;
    const ContributionTracker* tracker;
    const UnitTreeHolder* units;
  };
  explicit ReportGeneration(Deps deps) : d_(deps) {}

  // Generates and archives one version, made by `caller`; blocks on the
  // calls to the three services.
  absl::StatusOr<v1::Report> Generate(const v1::GenerateReportRequest& request,
                                      const std::string& caller) const;

 private:
  // The units' part of `in`'s period: the accepted contributions of the
  // units under the report's unit, in unit order, and how they reported.
  absl::Status AddContributions(AssemblyInput* in) const;
  // The issued months of the twelve before `in`'s, each with its issued
  // figures and its figures now, asked again of the services as its
  // issued version asked them.
  absl::Status AddIssuedMonths(AssemblyInput* in) const;

  const Deps d_;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_GENERATION_H_
