#include "common/method_rules.h"

#include <string>

#include "absl/container/flat_hash_map.h"

namespace dtr {
namespace {

const absl::flat_hash_map<std::string, MethodAccess>& Rules() {
  static const auto* rules = [] {
    auto* out = new absl::flat_hash_map<std::string, MethodAccess>();
    auto add = [&](const char* service, MethodAccess access,
                   std::initializer_list<const char*> methods) {
      for (const char* m : methods) {
        (*out)[std::string("/") + service + "/" + m] = access;
      }
    };
    using A = MethodAccess;
    add("grpc.health.v1.Health", A::kAnyone, {"Check", "Watch"});
    add("grpc.reflection.v1alpha.ServerReflection", A::kQuery,
        {"ServerReflectionInfo"});
    add("dtr.common.v1.AuditService", A::kAdmin, {"ListAuditEvents"});
    add("dtr.stats.v1.StatsService", A::kQuery,
        {"GetIndicators", "ListUnits", "ListDossiers", "ListPayments",
         "RankUnits", "GetTrend", "ListOutliers", "ListIndicatorDefinitions"});
    add("dtr.stats.v1.StatsService", A::kWrite,
        {"ImportDossiers", "BatchUpsertDossiers", "ImportPayments",
         "BatchUpsertPayments"});
    add("dtr.security.v1.SecurityService", A::kQuery,
        {"GetSystem", "ListSystems", "ListControls", "ListSystemControls",
         "ListEndpoints", "GetComplianceSummary", "ListGaps",
         "ListSystemsBehind", "ListEndpointsBehind", "GetSystemHistory"});
    add("dtr.security.v1.SecurityService", A::kWrite,
        {"CreateSystem", "UpdateSystem", "DraftDossier", "SubmitDossier",
         "ApproveDossier", "RevokeDossier", "SetControlState", "OpenIncident",
         "CloseIncident", "ImportSystems", "BatchUpsertSystems",
         "ImportSystemControls", "BatchUpsertSystemControls", "ImportEndpoints",
         "BatchUpsertEndpoints", "ImportIncidents", "BatchUpsertIncidents"});
    add("dtr.workforce.v1.WorkforceService", A::kQuery,
        {"GetStaff", "ListStaff", "ListPositions", "ListCourses",
         "GetEligibility", "GetWorkforceSummary", "ListStaffBehind"});
    add("dtr.workforce.v1.WorkforceService", A::kWrite,
        {"CreateStaff", "UpdateStaff", "EndService", "RecordAbsence",
         "ImportStaff", "BatchUpsertStaff", "ImportCourses",
         "BatchUpsertCourses", "ImportAttendance", "BatchUpsertAttendance",
         "ImportAbsences", "BatchUpsertAbsences"});
    add("dtr.report.v1.ReportService", A::kQuery,
        {"GetNarrative", "ListNarratives", "GetSettings", "GetTemplates",
         "GetReport", "ListReports", "DownloadRendering"});
    add("dtr.report.v1.ReportService", A::kWrite,
        {"PutNarrative", "ImportNarratives", "PutSettings", "GenerateReport"});
    add("dtr.report.v1.ReportService", A::kSign,
        {"PrepareSignature", "CompleteSignature"});
    add("dtr.report.v1.ReportService", A::kIssue, {"IssueReport"});
    add("dtr.report.v1.ReportService", A::kQuery,
        {"GetContribution", "ListContributions", "ListContributionRequests",
         "GetContributionStatus"});
    add("dtr.report.v1.ReportService", A::kLocks, {"ListPeriodLocks"});
    add("dtr.report.v1.ReportService", A::kAdmin,
        {"ClosePeriod", "AddLockException"});
    add("dtr.report.v1.ReportService", A::kWrite,
        {"PutContribution", "SubmitContribution"});
    add("dtr.report.v1.ReportService", A::kReview,
        {"AcceptContribution", "ReturnContribution", "RequestContributions"});
    return out;
  }();
  return *rules;
}

}  // namespace

const MethodAccess* RuleFor(absl::string_view method) {
  auto it = Rules().find(method);
  return it == Rules().end() ? nullptr : &it->second;
}

}  // namespace dtr
