#include "tools/dtctl/command_table.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tools/dtctl/command_flags.h"
#include "tools/dtctl/command_runs.h"
#include "tools/dtctl/import_command.h"

namespace dtr::dtctl {
namespace {

constexpr char kImportRules[] =
    "A file with any invalid row imports nothing; every invalid row is\n"
    "listed as FILE:LINE: field: reason and dtctl exits 1.\n";

}  // namespace

const std::vector<ServiceInfo>& ServiceInfos() {
  static const auto* services = new std::vector<ServiceInfo>{
      {Service::kStats, "stats", "DTR_STATS_ADDR", kStatsPorts},
      {Service::kSecurity, "security", "DTR_SECURITY_ADDR", kSecurityPorts},
      {Service::kWorkforce, "workforce", "DTR_WORKFORCE_ADDR", kWorkforcePorts},
      {Service::kReport, "report", "DTR_REPORT_ADDR", kReportPorts}};
  return *services;
}

const ServiceInfo* FindService(Service service) {
  for (const ServiceInfo& s : ServiceInfos()) {
    if (s.service == service) return &s;
  }
  return nullptr;
}

const ServiceInfo* FindService(const std::string& name) {
  for (const ServiceInfo& s : ServiceInfos()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {{"dossiers", "import"},
       Service::kStats,
       "FILE.csv",
       "",
       "import dossiers",
       absl::StrCat(
           "Usage: dtctl dossiers import FILE.csv [flags]\n\n"
           "Streams a dossier file to the stats service as one "
           "transaction.\n"
           "Header: dossier_id,unit_code,procedure_code,received_at,channel,\n"
           "service_level,digitized,status,due_at,finished_at[,\n"
           "components_digitized,results_reused] (the last two optional;\n"
           "empty: unknown)\n",
           kImportRules),
       AddImportFlags,
       [](Invocation& c) { return RunImport(c, ImportDossiers); }},
      {{"payments", "import"},
       Service::kStats,
       "FILE.csv",
       "",
       "import online payments",
       absl::StrCat(
           "Usage: dtctl payments import FILE.csv [flags]\n\n"
           "Streams a payment file to the stats service as one transaction.\n"
           "Header: transaction_id,unit_code,paid_at,amount_vnd,status\n",
           kImportRules),
       AddImportFlags,
       [](Invocation& c) { return RunImport(c, ImportPayments); }},
      {{"stats", "indicators"},
       Service::kStats,
       "",
       "",
       "public-service indicators",
       "Usage: dtctl stats indicators --unit CODE --from YYYY-MM-DD "
       "--to YYYY-MM-DD [--json]\n\n"
       "The public-service indicators (Decision 766/QĐ-TTg) of the unit's\n"
       "subtree, for dossiers received and payments made in the range, in\n"
       "total and per level.\n",
       AddIndicatorsFlags,
       RunIndicators},
      {{"stats", "dossiers"},
       Service::kStats,
       "",
       "--figure F --part P",
       "the dossiers behind a figure, as CSV or XLSX",
       "Usage: dtctl stats dossiers --unit CODE --from YYYY-MM-DD --to "
       "YYYY-MM-DD\n"
       "         --figure F --part numerator|denominator|rest [--level L]\n"
       "         [--only-unit CODE] [--procedure CODE] [--csv FILE | --xlsx "
       "FILE]\n\n"
       "The dossiers counted in a rate of stats indicators, for the same\n"
       "subtree and days received: its numerator, its denominator, or the\n"
       "rest (e.g. the late dossiers behind on_time). F: online_submission,\n"
       "full_process_online, digitization, on_time, component_digitization,\n"
       "result_reuse. Written as CSV with the\n"
       "dossier import's header, a page at a time; their number (the\n"
       "figure's) on standard error.\n",
       AddDossierListFlags,
       RunDossierList},
      {{"stats", "payments"},
       Service::kStats,
       "",
       "",
       "the payments behind the payment figures, as CSV or XLSX",
       "Usage: dtctl stats payments --unit CODE --from YYYY-MM-DD --to "
       "YYYY-MM-DD\n"
       "         [--status success|failed] [--level L] [--only-unit CODE]\n"
       "         [--csv FILE | --xlsx FILE]\n\n"
       "The payments of the unit's subtree made in the range: the\n"
       "successful ones (as many as stats indicators' successful payments,\n"
       "their amounts adding up to its amount paid), the failed ones, or\n"
       "all. Written as CSV with the payment import's header; their number\n"
       "on standard error.\n",
       AddPaymentListFlags,
       RunPaymentList},
      {{"stats", "rank"},
       Service::kStats,
       "",
       "--level L --indicator F",
       "the units of a level ranked by a rate",
       "Usage: dtctl stats rank --unit CODE --level L --indicator F --from "
       "YYYY-MM-DD\n"
       "         --to YYYY-MM-DD [--min-denominator N] [--json] [--xlsx "
       "FILE]\n\n"
       "The units of level L under CODE ranked by the rate F of their own\n"
       "subtree (online_submission, full_process_online, digitization,\n"
       "on_time, component_digitization, result_reuse): highest first,\n"
       "lowest last, equal rates sharing a rank.\n"
       "Units whose denominator is below N (30 by default) are listed\n"
       "apart.\n",
       AddRankFlags,
       RunRank},
      {{"stats", "trend"},
       Service::kStats,
       "",
       "--indicator F --from YYYY-MM --to YYYY-MM",
       "a rate month by month",
       "Usage: dtctl stats trend --unit CODE --indicator F --from YYYY-MM "
       "--to YYYY-MM [--json] [--xlsx FILE]\n\n"
       "The rate F of the unit's subtree for each month of the range (its\n"
       "dossiers received that month), and the change from the month\n"
       "before, in one call.\n",
       AddTrendFlags,
       RunTrend},
      {{"stats", "outliers"},
       Service::kStats,
       "",
       "--month YYYY-MM",
       "units whose month stands far from their history",
       "Usage: dtctl stats outliers --unit CODE --month YYYY-MM [--threshold "
       "X] [--json]\n\n"
       "The units under CODE whose dossiers received, online-submission\n"
       "rate or on-time rate in the month stand far from the same figure\n"
       "over their twelve months before: |modified z-score| above X (3.5\n"
       "by default), largest first. A feed that broke or doubled shows\n"
       "here before the report is issued.\n",
       AddOutlierFlags,
       RunOutliers},
      {{"units", "list"},
       Service::kStats,
       "",
       "",
       "the organisation units",
       "Usage: dtctl units list [--on YYYY-MM-DD] [--root CODE] [--level "
       "NAME]\n\n"
       "The organisation units as they stand on a day, in tree order.\n",
       AddUnitsFlags,
       RunUnits},
      {{"security", "systems", "import"},
       Service::kSecurity,
       "FILE.csv",
       "",
       "import information systems",
       absl::StrCat(
           "Usage: dtctl security systems import FILE.csv [flags]\n\n"
           "Imports information systems, each row the system's whole state.\n"
           "Header: system_id,name,owner_unit,security_level,dossier_status,\n"
           "decision_no,decision_date,approved_by,soc_monitored\n"
           "A dossier may only move one step of its life cycle per import.\n",
           kImportRules),
       AddSecurityImportFlags,
       [](Invocation& c) { return RunImport(c, ImportSystems); }},
      {{"security", "controls", "import"},
       Service::kSecurity,
       "FILE.csv",
       "",
       "import the controls of systems",
       absl::StrCat("Usage: dtctl security controls import FILE.csv "
                    "[flags]\n\n"
                    "Imports the state of controls of systems.\n"
                    "Header: system_id,control_id,state,evidence,checked_at\n",
                    kImportRules),
       AddSecurityImportFlags,
       [](Invocation& c) { return RunImport(c, ImportSystemControls); }},
      {{"security", "endpoints", "import"},
       Service::kSecurity,
       "FILE.csv",
       "",
       "import endpoints",
       absl::StrCat(
           "Usage: dtctl security endpoints import FILE.csv "
           "[flags]\n\n"
           "Imports workstations and servers with their "
           "anti-malware.\n"
           "Header: endpoint_id,unit_code,kind,antimalware,last_seen\n",
           kImportRules),
       AddSecurityImportFlags,
       [](Invocation& c) { return RunImport(c, ImportEndpoints); }},
      {{"security", "incidents", "import"},
       Service::kSecurity,
       "FILE.csv",
       "",
       "import incidents",
       absl::StrCat("Usage: dtctl security incidents import FILE.csv "
                    "[flags]\n\n"
                    "Imports incidents; openings and closings take effect at "
                    "their own times.\n"
                    "Header: incident_id,system_id,opened_at,severity,"
                    "closed_at\n",
                    kImportRules),
       AddSecurityImportFlags,
       [](Invocation& c) { return RunImport(c, ImportIncidents); }},
      {{"security", "summary"},
       Service::kSecurity,
       "",
       "",
       "compliance summary as of a day",
       "Usage: dtctl security summary --unit CODE [--as-of YYYY-MM-DD] "
       "[--json]\n\n"
       "Compliance of the unit's subtree as it stood at the end of a day:\n"
       "approved level dossiers (Decree 85/2016/NĐ-CP), systems with gaps,\n"
       "SOC monitoring, endpoints and their anti-malware, open incidents.\n",
       AddSecurityViewFlags,
       [](Invocation& c) { return RunSecurityView(c, ShowSummary); }},
      {{"security", "systems", "list"},
       Service::kSecurity,
       "",
       "--figure F --part P",
       "the systems behind a rate, as CSV or XLSX",
       "Usage: dtctl security systems list --unit CODE [--as-of YYYY-MM-DD]\n"
       "         --figure approved_dossier|soc_monitored\n"
       "         --part numerator|denominator|rest [--level L]\n"
       "         [--csv FILE | --xlsx FILE]\n\n"
       "The systems counted in a rate of security summary, as they stood\n"
       "on the same day: its numerator, its denominator or the rest (e.g.\n"
       "the systems without an approved level dossier). Written as CSV with\n"
       "the systems import's header; their number (the figure's) on\n"
       "standard error.\n",
       AddSystemsBehindFlags,
       [](Invocation& c) { return RunSecurityBehind(c, ListSystemsBehind); }},
      {{"security", "endpoints", "list"},
       Service::kSecurity,
       "",
       "--part P",
       "the endpoints behind a central share, as CSV or XLSX",
       "Usage: dtctl security endpoints list --unit CODE [--as-of YYYY-MM-DD]\n"
       "         [--kind workstation|server] --part "
       "numerator|denominator|rest\n"
       "         [--level L] [--csv FILE | --xlsx FILE]\n\n"
       "The workstations or servers counted in the share centrally protected\n"
       "against malware of security summary: those protected (numerator),\n"
       "all (denominator) or those not (rest). A workstation is any endpoint\n"
       "not a server, as the summary counts it. Written as CSV with the\n"
       "endpoints import's header.\n",
       AddEndpointsBehindFlags,
       [](Invocation& c) { return RunSecurityBehind(c, ListEndpointsBehind); }},
      {{"security", "gaps"},
       Service::kSecurity,
       "",
       "",
       "what systems lack for their level",
       "Usage: dtctl security gaps --unit CODE [--as-of YYYY-MM-DD] "
       "[--json]\n\n"
       "The systems of the unit's subtree that lack a control their level\n"
       "requires, current evidence, or an approved dossier.\n",
       AddSecurityViewFlags,
       [](Invocation& c) { return RunSecurityView(c, ShowGaps); }},
      {{"security", "history"},
       Service::kSecurity,
       "",
       "--system ID",
       "every change of a system",
       "Usage: dtctl security history --system ID [--json]\n\n"
       "Every change of a system, its controls and incidents, in the order\n"
       "they took effect, with who recorded it and why. Times are in\n"
       "Asia/Ho_Chi_Minh (UTC+07:00).\n",
       AddHistoryFlags,
       RunHistory},
      {{"workforce", "staff", "import"},
       Service::kWorkforce,
       "FILE.csv",
       "",
       "import staff records",
       absl::StrCat(
           "Usage: dtctl workforce staff import FILE.csv [flags]\n\n"
           "Imports staff records; a row with a known staff_id updates it.\n"
           "Header: staff_id,full_name,national_id,unit_code,position,role,\n"
           "qualification,field,start_date,end_date\n"
           "role: dedicated|concurrent; qualification: doctorate|master|\n"
           "bachelor|college|other; field: it|other. National ids are never\n"
           "printed back, not even in error messages.\n",
           kImportRules),
       AddImportFlags,
       [](Invocation& c) { return RunImport(c, ImportStaff); }},
      {{"workforce", "courses", "import"},
       Service::kWorkforce,
       "FILE.csv",
       "",
       "import training courses",
       absl::StrCat("Usage: dtctl workforce courses import FILE.csv "
                    "[flags]\n\n"
                    "Imports training courses.\n"
                    "Header: course_id,title,organizer_unit,start_date,"
                    "end_date,topic,\nother_trainees\n",
                    kImportRules),
       AddImportFlags,
       [](Invocation& c) { return RunImport(c, ImportCourses); }},
      {{"workforce", "attendance", "import"},
       Service::kWorkforce,
       "FILE.csv",
       "",
       "import who attended them",
       absl::StrCat("Usage: dtctl workforce attendance import FILE.csv "
                    "[flags]\n\n"
                    "Records which registered staff attended which course; "
                    "both must exist.\n"
                    "Header: course_id,staff_id\n",
                    kImportRules),
       AddImportFlags,
       [](Invocation& c) { return RunImport(c, ImportAttendance); }},
      {{"workforce", "absences", "import"},
       Service::kWorkforce,
       "FILE.csv",
       "",
       "import absences from work",
       absl::StrCat(
           "Usage: dtctl workforce absences import FILE.csv [flags]\n\n"
           "Imports continuous absences from work, which the allowance "
           "rules\nmay count against a month.\n"
           "Header: absence_id,staff_id,kind,start_date,end_date\n"
           "kind: unpaid_leave|sick_leave|maternity_leave|study_leave|other\n",
           kImportRules),
       AddImportFlags,
       [](Invocation& c) { return RunImport(c, ImportAbsences); }},
      {{"workforce", "summary"},
       Service::kWorkforce,
       "",
       "",
       "staff, allowance and training",
       "Usage: dtctl workforce summary --unit CODE --from YYYY-MM-DD "
       "--to YYYY-MM-DD [--json]\n\n"
       "The workforce of the unit's subtree: staff in service on the last\n"
       "day, dedicated and concurrent, by qualification and field; dedicated\n"
       "staff eligible for the allowance in the last month; training courses\n"
       "held in the range and their trainees. In total and per level.\n",
       AddWorkforceSummaryFlags,
       RunWorkforceSummary},
      {{"workforce", "staff", "list"},
       Service::kWorkforce,
       "",
       "--part P",
       "the staff behind the eligible rate, as CSV or XLSX",
       "Usage: dtctl workforce staff list --unit CODE --from YYYY-MM-DD "
       "--to YYYY-MM-DD\n"
       "         --part numerator|denominator|rest [--level L] [--reveal]\n"
       "         [--csv FILE | --xlsx FILE]\n\n"
       "The dedicated staff counted in the eligible rate of workforce\n"
       "summary for the same range: those eligible for the allowance in the\n"
       "last month (numerator), all (denominator) or the others (rest).\n"
       "Written as CSV with the staff import's header; national ids masked\n"
       "unless --reveal (the caller needs the role pii-reader).\n",
       AddStaffBehindFlags,
       RunStaffBehind},
      {{"workforce", "eligibility"},
       Service::kWorkforce,
       "",
       "--staff ID --month YYYY-MM",
       "a month's allowance, explained",
       "Usage: dtctl workforce eligibility --staff ID --month YYYY-MM "
       "[--json]\n\n"
       "Whether the staff member is eligible for the allowance in the\n"
       "month: every rule in force that month, and each of its conditions,\n"
       "met or not.\n",
       AddEligibilityFlags,
       RunEligibility},
      {{"narrative", "put"},
       Service::kReport,
       "",
       "--unit U --period P --section ID --file FILE.md",
       "one section of a period, from a file",
       "Usage: dtctl narrative put --unit CODE --period YYYY-MM --section ID "
       "--file FILE.md\n\n"
       "Writes one narrative section of a unit's period (Markdown), replacing\n"
       "its text. Sections: introduction, direction, awareness,\n"
       "infrastructure, data, public_services, workforce, security,\n"
       "digital_economy_society, national_committee_tasks, difficulties,\n"
       "proposals.\n",
       AddNarrativePutFlags,
       RunNarrativePut},
      {{"contributions", "put"},
       Service::kReport,
       "",
       "--unit U --period P --section ID --file F.md",
       "a unit's text for a section, as a draft",
       "Usage: dtctl contributions put --unit CODE --period YYYY-MM "
       "--section ID\n"
       "         --file FILE.md [--json]\n\n"
       "Writes a unit's contribution to a section of the period's report\n"
       "(Markdown) as a draft: new, a draft, or returned. Sections as for\n"
       "narrative put. Needs the writer role for the unit.\n",
       AddContributionFlags,
       [](Invocation& c) { return RunContribution(c, "put"); }},
      {{"contributions", "submit"},
       Service::kReport,
       "",
       "--unit U --period P --section ID",
       "submit a draft for review",
       "Usage: dtctl contributions submit --unit CODE --period YYYY-MM "
       "--section ID [--json]\n\n"
       "Submits a draft (or a returned contribution) for the Department's\n"
       "review. Needs the writer role for the unit.\n",
       AddContributionFlags,
       [](Invocation& c) { return RunContribution(c, "submit"); }},
      {{"contributions", "accept"},
       Service::kReport,
       "",
       "--unit U --period P --section ID",
       "accept a submitted contribution",
       "Usage: dtctl contributions accept --unit CODE --period YYYY-MM "
       "--section ID [--json]\n\n"
       "Accepts a submitted contribution. Needs the reviewer role.\n",
       AddContributionFlags,
       [](Invocation& c) { return RunContribution(c, "accept"); }},
      {{"contributions", "return"},
       Service::kReport,
       "",
       "--unit U --period P --section ID --reason TEXT",
       "return a submitted contribution",
       "Usage: dtctl contributions return --unit CODE --period YYYY-MM "
       "--section ID\n"
       "         --reason TEXT [--json]\n\n"
       "Returns a submitted contribution to its unit, saying why; the unit\n"
       "edits it (put) and submits it again. Needs the reviewer role.\n",
       AddContributionFlags,
       [](Invocation& c) { return RunContribution(c, "return"); }},
      {{"contributions", "get"},
       Service::kReport,
       "",
       "--unit U --period P --section ID",
       "one contribution with its history",
       "Usage: dtctl contributions get --unit CODE --period YYYY-MM "
       "--section ID [--json]\n\n"
       "Prints a contribution's state, every step (when, who, why) and its\n"
       "text.\n",
       AddContributionFlags,
       [](Invocation& c) { return RunContribution(c, "get"); }},
      {{"contributions", "list"},
       Service::kReport,
       "",
       "--period P [--unit U] [--section ID]",
       "a period's contributions",
       "Usage: dtctl contributions list --period YYYY-MM [--unit CODE] "
       "[--section ID] [--json]\n\n"
       "The period's contributions with their states, by unit and section.\n",
       AddContributionFlags,
       [](Invocation& c) { return RunContribution(c, "list"); }},
      {{"contributions", "request"},
       Service::kReport,
       "",
       "--period P --section ID --units U1,U2 --deadline D",
       "ask units for sections by a deadline",
       "Usage: dtctl contributions request --period YYYY-MM --section "
       "ID[,ID...]\n"
       "         (--units U1,U2,... | --subtree CODE [--level L] | --level L)\n"
       "         --deadline YYYY-MM-DD [--json]\n\n"
       "Asks units for sections of the period's report, due by the end of\n"
       "the deadline day (Asia/Ho_Chi_Minh). Asking again sets the new\n"
       "deadline. Without requests, a month asks what the report service's\n"
       "--contribution-defaults file says. Needs the reviewer role.\n",
       AddContributionRequestFlags,
       [](Invocation& c) { return RunContribution(c, "request"); }},
      {{"contributions", "requests"},
       Service::kReport,
       "",
       "--period P",
       "who is asked for what, by when",
       "Usage: dtctl contributions requests --period YYYY-MM [--json]\n\n"
       "The period's expected contributions: the requests made and the\n"
       "defaults, by unit (agencies, districts, communes) and section.\n",
       AddContributionStatusFlags,
       [](Invocation& c) { return RunContribution(c, "requests"); }},
      {{"contributions", "status"},
       Service::kReport,
       "",
       "--period P",
       "reporting rates: who is missing or late",
       "Usage: dtctl contributions status --period YYYY-MM [--json]\n\n"
       "Over the period's expected contributions: expected, submitted (ever),\n"
       "on time (first submitted by the deadline), accepted; the units\n"
       "missing (never submitted) and late. In all, per section and per\n"
       "level. --json: {\"expected\", \"submitted\", \"on_time\",\n"
       "\"accepted\", \"missing\": [{\"unit\", \"section\", ...}], \"late\",\n"
       "\"sections\": [...], \"levels\": [...]}.\n",
       AddContributionStatusFlags,
       [](Invocation& c) { return RunContribution(c, "status"); }},
      {{"period", "close"},
       Service::kReport,
       "",
       "--unit U --period P",
       "lock a unit's month by hand",
       "Usage: dtctl period close --unit CODE --period YYYY-MM [--json]\n\n"
       "Locks the month of the unit and the units under it, as issuing its\n"
       "report does: contributions to it, and changes dated in or before\n"
       "it (security records, staff dates, absences, courses, attendance),\n"
       "are refused, naming the lock. Dossiers and payments keep flowing;\n"
       "the next report lists what changed in an issued month. Needs the\n"
       "admin role.\n",
       AddPeriodCloseFlags,
       [](Invocation& c) { return RunPeriod(c, "close"); }},
      {{"period", "locks"},
       Service::kReport,
       "",
       "",
       "the locked months and open exceptions",
       "Usage: dtctl period locks [--all] [--json]\n\n"
       "Every locked month (by an issued report, or closed by hand) with\n"
       "since when and why, and the exceptions open now (--all: also the\n"
       "ended ones).\n",
       AddPeriodLocksFlags,
       [](Invocation& c) { return RunPeriod(c, "locks"); }},
      {{"period", "exceptions", "add"},
       Service::kReport,
       "",
       "--unit U --period P --kind K --until D --reason R",
       "a narrow, expiring way through a lock",
       "Usage: dtctl period exceptions add --unit CODE --period YYYY-MM "
       "--kind KIND\n"
       "         --until YYYY-MM-DD --reason TEXT [--json]\n\n"
       "Lets changes of one kind (contributions, security, staff, absences,\n"
       "courses, attendance), for the units under CODE, dated in the month,\n"
       "through the locks until the given time (at most 31 days ahead).\n"
       "It is audited and ends by itself. Needs the admin role.\n",
       AddLockExceptionFlags,
       [](Invocation& c) { return RunPeriod(c, "exceptions add"); }},
      {{"period", "exceptions", "list"},
       Service::kReport,
       "",
       "",
       "exceptions to the locks",
       "Usage: dtctl period exceptions list [--all] [--json]\n\n"
       "The exceptions open now, newest first (--all: also the ended "
       "ones).\n",
       AddPeriodLocksFlags,
       [](Invocation& c) { return RunPeriod(c, "exceptions list"); }},
      {{"narrative", "import"},
       Service::kReport,
       "FILE.json",
       "",
       "sections of a period, at once",
       "Usage: dtctl narrative import FILE.json\n\n"
       "Writes the sections of a period, and the figures published for it\n"
       "elsewhere, in one transaction:\n"
       "  {\"unit_code\": \"HT\", \"period\": \"2023-10\",\n"
       "   \"sections\": {\"direction\": \"Markdown\", ...},\n"
       "   \"published\": [{\"figure\": \"stats.total.digitization\",\n"
       "                  \"value\": 57.53, \"decimals\": 2, \"source\": "
       "\"...\"}]}\n",
       nullptr,
       [](Invocation& c) { return RunReportFile(c, ImportNarratives); }},
      {{"report", "settings", "put"},
       Service::kReport,
       "FILE.json",
       "",
       "issuer, signer, recipients",
       "Usage: dtctl report settings put FILE.json\n\n"
       "Writes how a unit's reports are issued:\n"
       "  {\"unit_code\", \"issuer_parent\", \"issuer\", \"document_symbol\",\n"
       "   \"place\", \"signer_title\": [lines], \"signer_name\",\n"
       "   \"recipients\": [lines], \"signature_image\" and \"seal_image\":\n"
       "   PNG in base64 (optional), \"issue_without_personal_signature\",\n"
       "   \"valid_from\": the first day in force (optional), "
       "\"legal_basis\"}\n"
       "A unit whose settings the report service reads from its --settings\n"
       "file is refused: its settings are changed in that file.\n",
       nullptr,
       [](Invocation& c) { return RunReportFile(c, PutReportSettings); }},
      {{"report", "generate"},
       Service::kReport,
       "",
       "--unit U --period YYYY-MM|previous-month --out DIR",
       "the month's report, into a directory",
       "Usage: dtctl report generate --unit CODE --period "
       "YYYY-MM|previous-month --out DIR\n"
       "         [--format docx,html,md,json,pdf,xlsx] [--allow-partial]\n"
       "         [--payments-through YYYY-MM-DD] [--issue-date YYYY-MM-DD]\n\n"
       "Generates the month's report (1 January to the month's last day) as\n"
       "a new archived version and writes DIR/<UNIT>-<YYYY-MM>.<ext> for each\n"
       "format. previous-month is the month before today. Without\n"
       "--allow-partial a service that does not answer fails the report.\n",
       AddGenerateFlags,
       [](Invocation& c) { return RunReportOut(c, GenerateReport); }},
      {{"report", "list"},
       Service::kReport,
       "",
       "--unit U",
       "the archived reports",
       "Usage: dtctl report list --unit CODE [--period YYYY-MM] [--json]\n\n"
       "The archived reports, newest first, each with its state (draft,\n"
       "signed, issued) and, once issued, its number. --json prints each\n"
       "version's version, state, document_number, issued_at, signatures\n"
       "and files (name, size, sha256).\n",
       AddReportListFlags,
       RunReportList},
      {{"report", "get"},
       Service::kReport,
       "",
       "--unit U --period P [--version N] --out DIR",
       "an archived version, into a directory",
       "Usage: dtctl report get --unit CODE --period YYYY-MM [--version N] "
       "--out DIR\n"
       "         [--format docx,html,md,json,pdf,xlsx]\n\n"
       "Writes an archived version's renderings (the latest by default).\n",
       AddReportGetFlags,
       [](Invocation& c) { return RunReportOut(c, GetReport); }},
      {{"report", "sign"},
       Service::kReport,
       "",
       "--unit U --period P --cert C (--key K | --pkcs11-uri URI)",
       "sign a draft as the competent person",
       "Usage: dtctl report sign --unit CODE --period YYYY-MM [--version N]\n"
       "         --cert CERT.pem (--key KEY.pem | --pkcs11-uri URI)\n"
       "         [--sub-filter ETSI.CAdES.detached|adbe.pkcs7.detached]\n\n"
       "Signs a draft version's PDF (the latest by default) with the signer's\n"
       "key: the service prepares the PDF and hands out its digest, dtctl\n"
       "signs it here (a key file, or a token through PKCS#11, e.g.\n"
       "pkcs11:token=NAME;object=LABEL?pin-value=PIN) and sends the\n"
       "signature back; the key never leaves this machine. Exits 0 when the\n"
       "version is signed. Needs the signer role.\n",
       AddReportSignFlags,
       RunReportSign},
      {{"report", "issue"},
       Service::kReport,
       "",
       "--unit U --period P [--version N]",
       "number, date and the agency's signature",
       "Usage: dtctl report issue --unit CODE --period YYYY-MM [--version "
       "N]\n\n"
       "Issues a signed version (or a draft, when the settings say the body\n"
       "issues without a personal signature): the next number of the\n"
       "issuer's register of the year, today's date and the agency's\n"
       "signature over the whole document. Prints the number (e.g.\n"
       "352/BC-STTTT). An issued version never changes. Needs the issuer\n"
       "role.\n",
       AddReportIssueFlags,
       RunReportIssue},
      {{"report", "verify"},
       Service::kNone,
       "FILE.pdf",
       "[--trust CA.pem]",
       "check a PDF's digital signatures",
       "Usage: dtctl report verify FILE.pdf [--trust CA.pem]\n\n"
       "Prints each digital signature of FILE: signer, time, whether it\n"
       "covers the whole document, valid or not and why, and with --trust\n"
       "whether its certificate chains to those CAs. Exits 1 when any is\n"
       "invalid or untrusted (without --trust, none is verified), or the\n"
       "file changed after its last signature.\n",
       AddReportVerifyFlags,
       RunReportVerify},
      {{"audit", "list"},
       Service::kChosen,
       "",
       "--service S [--since T]",
       "the service's audit (admins)",
       "Usage: dtctl audit list --service stats|security|workforce|report "
       "[--since RFC3339] [--json]\n\n"
       "The service's audit: every write it accepted or refused and every\n"
       "call its access policy denied (time, caller, method, units, rows,\n"
       "outcome). Needs the admin role.\n",
       AddAuditFlags,
       RunAudit},
      {{"sample", "write"},
       Service::kNone,
       "",
       "--out DIR",
       "write the sample month",
       "Usage: dtctl sample write --out DIR [--fixture FILE.json]\n\n"
       "Writes the sample month into DIR: units.csv, dossiers.csv,\n"
       "payments.csv, the security files (systems.csv, controls.csv,\n"
       "endpoints.csv, incidents.csv) and the workforce files (staff.csv,\n"
       "courses.csv, attendance.csv, absences.csv), whose records reproduce\n"
       "every exact figure of the fixture (by default the Hà Tĩnh report of\n"
       "October 2023 built into dtctl), the report's inputs (narratives.json,\n"
       "contributions/, report-settings.json for `report settings put` and\n"
       "settings.json, the same settings by date for the report service's\n"
       "--settings), and sample.env naming its unit and period.\n"
       "The same fixture always gives the same files.\n",
       AddSampleFlags,
       RunSampleWrite},
      {{"policy", "check"},
       Service::kNone,
       "FILE.json",
       "[--units CSV]",
       "check an access policy file",
       "Usage: dtctl policy check FILE.json [--units units.csv]\n\n"
       "Checks an access policy file as the services load it (README:\n"
       "\"Callers and roles\") and prints each caller's roles and units;\n"
       "with --units, every writer's unit must be in the unit tree. Exits 1\n"
       "naming the entry and field when the file would be refused.\n",
       AddPolicyFlags,
       RunPolicyCheck},
      {{"rules", "show"},
       Service::kOfKind,
       "",
       "--kind KIND [--on YYYY-MM-DD]",
       "the rules in force on a day",
       "Usage: dtctl rules show --kind controls|indicators|settings|templates\n"
       "                        [--unit CODE] [--on YYYY-MM-DD] [--json]\n\n"
       "The version of the reference data in force on the day (today by\n"
       "default) as the service applying it loaded it: its first and last\n"
       "day, the legal text it follows (and whether that reading was\n"
       "checked), its fingerprint, and its content. controls: the controls\n"
       "catalogue the security service's summaries apply; indicators:\n"
       "which dossiers each rate of the stats service counts; settings:\n"
       "how --unit's reports are issued (the report service); templates:\n"
       "the wording of the report (the report service).\n",
       AddRulesFlags,
       RunRulesShow},
  };
  return *commands;
}

const Command* FindCommand(const std::vector<std::string>& words) {
  for (const Command& c : Commands()) {
    if (words.size() >= c.words.size() &&
        std::equal(c.words.begin(), c.words.end(), words.begin())) {
      return &c;
    }
  }
  return nullptr;
}

const FlagSet& AllFlags() {
  static const FlagSet* all = [] {
    static Options scratch;
    static TlsFiles tls;
    static std::string server;
    auto* flags = new FlagSet("");
    AddClientFlags(flags, &scratch, &tls, &server, "-");
    for (const Command& c : Commands()) {
      if (c.add_flags != nullptr) c.add_flags(flags, &scratch);
    }
    return flags;
  }();
  return *all;
}

std::string Overview() {
  std::string out =
      "dtctl: the command-line client of dtr.\n"
      "\n"
      "Usage: dtctl [--server HOST:PORT] COMMAND [flags]\n"
      "\n";
  auto list = [&out](Service service) {
    for (const Command& c : Commands()) {
      if (c.service != service) continue;
      std::string shown = absl::StrJoin(c.words, " ");
      for (const char* more : {c.args, c.synopsis}) {
        if (*more != '\0') absl::StrAppend(&shown, " ", more);
      }
      // Summaries start in one column; a longer line puts its own below.
      if (shown.size() > 34) {
        absl::StrAppend(&out, "  ", shown, "\n", std::string(38, ' '),
                        c.summary, "\n");
      } else {
        absl::StrAppendFormat(&out, "  %-34s  %s\n", shown, c.summary);
      }
    }
  };
  for (const ServiceInfo& s : ServiceInfos()) {
    absl::StrAppend(&out, "Commands of the ", s.name, " service ($", s.env,
                    ", ", LocalAddress(s.ports.grpc), "):\n");
    list(s.service);
  }
  out += "Of any service (--service stats|security|workforce|report):\n";
  list(Service::kChosen);
  out += "Of the service applying the rules --kind names:\n";
  list(Service::kOfKind);
  out += "Without a service:\n";
  list(Service::kNone);
  out +=
      "\n`dtctl COMMAND --help` explains a command's flags. Flags may come "
      "before or\nafter the command words. --server defaults to the "
      "service's variable, then its\ndefault port.\n";
  return out;
}

}  // namespace dtr::dtctl
