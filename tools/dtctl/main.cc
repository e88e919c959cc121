// dtctl: the command-line client of dtr, for people and for the scheduler.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/flags.h"
#include "common/tls_credentials.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tools/dtctl/audit_command.h"
#include "tools/dtctl/fixture_targets.h"
#include "tools/dtctl/import_command.h"
#include "tools/dtctl/indicators_command.h"
#include "tools/dtctl/policy_command.h"
#include "tools/dtctl/progress_bar.h"
#include "tools/dtctl/report_commands.h"
#include "tools/dtctl/sample_month.h"
#include "tools/dtctl/security_commands.h"
#include "tools/dtctl/units_command.h"
#include "tools/dtctl/workforce_commands.h"

namespace dtr::dtctl {
namespace {

constexpr char kOverview[] =
    "dtctl: the command-line client of dtr.\n"
    "\n"
    "Usage: dtctl [--server HOST:PORT] COMMAND [flags]\n"
    "\n"
    "Commands of the stats service ($DTR_STATS_ADDR, localhost:7101):\n"
    "  dossiers import FILE.csv            import dossiers\n"
    "  payments import FILE.csv            import online payments\n"
    "  stats indicators                    public-service indicators\n"
    "  units list                          the organisation units\n"
    "Commands of the security service ($DTR_SECURITY_ADDR, "
    "localhost:7102):\n"
    "  security systems import FILE.csv    import information systems\n"
    "  security controls import FILE.csv   import the controls of systems\n"
    "  security endpoints import FILE.csv  import endpoints\n"
    "  security incidents import FILE.csv  import incidents\n"
    "  security summary                    compliance summary as of a day\n"
    "  security gaps                       what systems lack for their level\n"
    "  security history --system ID        every change of a system\n"
    "Commands of the workforce service ($DTR_WORKFORCE_ADDR, "
    "localhost:7103):\n"
    "  workforce staff import FILE.csv     import staff records\n"
    "  workforce courses import FILE.csv   import training courses\n"
    "  workforce attendance import FILE.csv  import who attended them\n"
    "  workforce absences import FILE.csv  import absences from work\n"
    "  workforce summary                   staff, allowance and training\n"
    "  workforce eligibility --staff ID --month YYYY-MM\n"
    "                                      a month's allowance, explained\n"
    "Commands of the report service ($DTR_REPORT_ADDR, localhost:7104):\n"
    "  narrative put --unit U --period P --section ID --file FILE.md\n"
    "  narrative import FILE.json          sections of a period, at once\n"
    "  report settings put FILE.json       issuer, signer, recipients\n"
    "  report generate --unit U --period YYYY-MM|previous-month --out DIR\n"
    "  report list --unit U                the archived reports\n"
    "  report get --unit U --period P [--version N] --out DIR\n"
    "Of any service (--service stats|security|workforce|report):\n"
    "  audit list --service S [--since T] the service's audit (admins)\n"
    "Without a service:\n"
    "  sample write --out DIR              write the sample month\n"
    "  policy check FILE.json [--units CSV]  check an access policy file\n"
    "\n"
    "`dtctl COMMAND --help` explains a command's flags. Flags may come "
    "before or\nafter the command words. --server defaults to the "
    "service's variable, then its\ndefault port.\n";

enum class Service { kNone, kStats, kSecurity, kWorkforce, kReport };

struct Command {
  std::vector<std::string> words;
  Service service;
  std::string usage;
};

constexpr char kImportRules[] =
    "A file with any invalid row imports nothing; every invalid row is\n"
    "listed as FILE:LINE: field: reason and dtctl exits 1.\n";

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {{"dossiers", "import"},
       Service::kStats,
       absl::StrCat(
           "Usage: dtctl dossiers import FILE.csv [flags]\n\n"
           "Streams a dossier file to the stats service as one "
           "transaction.\n"
           "Header: dossier_id,unit_code,procedure_code,received_at,channel,\n"
           "service_level,digitized,status,due_at,finished_at\n",
           kImportRules)},
      {{"payments", "import"},
       Service::kStats,
       absl::StrCat(
           "Usage: dtctl payments import FILE.csv [flags]\n\n"
           "Streams a payment file to the stats service as one transaction.\n"
           "Header: transaction_id,unit_code,paid_at,amount_vnd,status\n",
           kImportRules)},
      {{"stats", "indicators"},
       Service::kStats,
       "Usage: dtctl stats indicators --unit CODE --from YYYY-MM-DD "
       "--to YYYY-MM-DD [--json]\n\n"
       "The public-service indicators (Decision 766/QĐ-TTg) of the unit's\n"
       "subtree, for dossiers received and payments made in the range, in\n"
       "total and per level.\n"},
      {{"units", "list"},
       Service::kStats,
       "Usage: dtctl units list [--on YYYY-MM-DD] [--root CODE] [--level "
       "NAME]\n\n"
       "The organisation units as they stand on a day, in tree order.\n"},
      {{"security", "systems", "import"},
       Service::kSecurity,
       absl::StrCat(
           "Usage: dtctl security systems import FILE.csv [flags]\n\n"
           "Imports information systems, each row the system's whole state.\n"
           "Header: system_id,name,owner_unit,security_level,dossier_status,\n"
           "decision_no,decision_date,approved_by,soc_monitored\n"
           "A dossier may only move one step of its life cycle per import.\n",
           kImportRules)},
      {{"security", "controls", "import"},
       Service::kSecurity,
       absl::StrCat("Usage: dtctl security controls import FILE.csv "
                    "[flags]\n\n"
                    "Imports the state of controls of systems.\n"
                    "Header: system_id,control_id,state,evidence,checked_at\n",
                    kImportRules)},
      {{"security", "endpoints", "import"},
       Service::kSecurity,
       absl::StrCat(
           "Usage: dtctl security endpoints import FILE.csv "
           "[flags]\n\n"
           "Imports workstations and servers with their "
           "anti-malware.\n"
           "Header: endpoint_id,unit_code,kind,antimalware,last_seen\n",
           kImportRules)},
      {{"security", "incidents", "import"},
       Service::kSecurity,
       absl::StrCat("Usage: dtctl security incidents import FILE.csv "
                    "[flags]\n\n"
                    "Imports incidents; openings and closings take effect at "
                    "their own times.\n"
                    "Header: incident_id,system_id,opened_at,severity,"
                    "closed_at\n",
                    kImportRules)},
      {{"security", "summary"},
       Service::kSecurity,
       "Usage: dtctl security summary --unit CODE [--as-of YYYY-MM-DD] "
       "[--json]\n\n"
       "Compliance of the unit's subtree as it stood at the end of a day:\n"
       "approved level dossiers (Decree 85/2016/NĐ-CP), systems with gaps,\n"
       "SOC monitoring, endpoints and their anti-malware, open incidents.\n"},
      {{"security", "gaps"},
       Service::kSecurity,
       "Usage: dtctl security gaps --unit CODE [--as-of YYYY-MM-DD] "
       "[--json]\n\n"
       "The systems of the unit's subtree that lack a control their level\n"
       "requires, current evidence, or an approved dossier.\n"},
      {{"security", "history"},
       Service::kSecurity,
       "Usage: dtctl security history --system ID\n\n"
       "Every change of a system, its controls and incidents, in the order\n"
       "they took effect, with who recorded it and why.\n"},
      {{"workforce", "staff", "import"},
       Service::kWorkforce,
       absl::StrCat(
           "Usage: dtctl workforce staff import FILE.csv [flags]\n\n"
           "Imports staff records; a row with a known staff_id updates it.\n"
           "Header: staff_id,full_name,national_id,unit_code,position,role,\n"
           "qualification,field,start_date,end_date\n"
           "role: dedicated|concurrent; qualification: doctorate|master|\n"
           "bachelor|college|other; field: it|other. National ids are never\n"
           "printed back, not even in error messages.\n",
           kImportRules)},
      {{"workforce", "courses", "import"},
       Service::kWorkforce,
       absl::StrCat("Usage: dtctl workforce courses import FILE.csv "
                    "[flags]\n\n"
                    "Imports training courses.\n"
                    "Header: course_id,title,organizer_unit,start_date,"
                    "end_date,topic,\nother_trainees\n",
                    kImportRules)},
      {{"workforce", "attendance", "import"},
       Service::kWorkforce,
       absl::StrCat("Usage: dtctl workforce attendance import FILE.csv "
                    "[flags]\n\n"
                    "Records which registered staff attended which course; "
                    "both must exist.\n"
                    "Header: course_id,staff_id\n",
                    kImportRules)},
      {{"workforce", "absences", "import"},
       Service::kWorkforce,
       absl::StrCat(
           "Usage: dtctl workforce absences import FILE.csv [flags]\n\n"
           "Imports continuous absences from work, which the allowance "
           "rules\nmay count against a month.\n"
           "Header: absence_id,staff_id,kind,start_date,end_date\n"
           "kind: unpaid_leave|sick_leave|maternity_leave|study_leave|other\n",
           kImportRules)},
      {{"workforce", "summary"},
       Service::kWorkforce,
       "Usage: dtctl workforce summary --unit CODE --from YYYY-MM-DD "
       "--to YYYY-MM-DD [--json]\n\n"
       "The workforce of the unit's subtree: staff in service on the last\n"
       "day, dedicated and concurrent, by qualification and field; dedicated\n"
       "staff eligible for the allowance in the last month; training courses\n"
       "held in the range and their trainees. In total and per level.\n"},
      {{"workforce", "eligibility"},
       Service::kWorkforce,
       "Usage: dtctl workforce eligibility --staff ID --month YYYY-MM "
       "[--json]\n\n"
       "Whether the staff member is eligible for the allowance in the\n"
       "month: every rule in force that month, and each of its conditions,\n"
       "met or not.\n"},
      {{"narrative", "put"},
       Service::kReport,
       "Usage: dtctl narrative put --unit CODE --period YYYY-MM --section ID "
       "--file FILE.md\n\n"
       "Writes one narrative section of a unit's period (Markdown), replacing\n"
       "its text. Sections: introduction, direction, awareness,\n"
       "infrastructure, data, public_services, workforce, security,\n"
       "digital_economy_society, national_committee_tasks, difficulties,\n"
       "proposals.\n"},
      {{"narrative", "import"},
       Service::kReport,
       "Usage: dtctl narrative import FILE.json\n\n"
       "Writes the sections of a period, and the figures published for it\n"
       "elsewhere, in one transaction:\n"
       "  {\"unit_code\": \"HT\", \"period\": \"2023-10\",\n"
       "   \"sections\": {\"direction\": \"Markdown\", ...},\n"
       "   \"published\": [{\"figure\": \"stats.total.digitization\",\n"
       "                  \"value\": 57.53, \"decimals\": 2, \"source\": "
       "\"...\"}]}\n"},
      {{"report", "settings", "put"},
       Service::kReport,
       "Usage: dtctl report settings put FILE.json\n\n"
       "Writes how a unit's reports are issued:\n"
       "  {\"unit_code\", \"issuer_parent\", \"issuer\", \"document_symbol\",\n"
       "   \"place\", \"signer_title\": [lines], \"signer_name\",\n"
       "   \"recipients\": [lines]}\n"},
      {{"report", "generate"},
       Service::kReport,
       "Usage: dtctl report generate --unit CODE --period "
       "YYYY-MM|previous-month --out DIR\n"
       "         [--format docx,html,md,json] [--allow-partial]\n"
       "         [--payments-through YYYY-MM-DD] [--issue-date YYYY-MM-DD]\n\n"
       "Generates the month's report (1 January to the month's last day) as\n"
       "a new archived version and writes DIR/<UNIT>-<YYYY-MM>.<ext> for each\n"
       "format. previous-month is the month before today. Without\n"
       "--allow-partial a service that does not answer fails the report.\n"},
      {{"audit", "list"},
       Service::kStats,  // or the one --service names
       "Usage: dtctl audit list --service stats|security|workforce|report "
       "[--since RFC3339] [--json]\n\n"
       "The service's audit: every write it accepted or refused and every\n"
       "call its access policy denied (time, caller, method, units, rows,\n"
       "outcome). Needs the admin role.\n"},
      {{"report", "list"},
       Service::kReport,
       "Usage: dtctl report list --unit CODE [--period YYYY-MM]\n\n"
       "The archived reports, newest first.\n"},
      {{"report", "get"},
       Service::kReport,
       "Usage: dtctl report get --unit CODE --period YYYY-MM [--version N] "
       "--out DIR\n"
       "         [--format docx,html,md,json]\n\n"
       "Writes an archived version's renderings (the latest by default).\n"},
      {{"policy", "check"},
       Service::kNone,
       "Usage: dtctl policy check FILE.json [--units units.csv]\n\n"
       "Checks an access policy file as the services load it (README:\n"
       "\"Callers and roles\") and prints each caller's roles and units;\n"
       "with --units, every writer's unit must be in the unit tree. Exits 1\n"
       "naming the entry and field when the file would be refused.\n"},
      {{"sample", "write"},
       Service::kNone,
       "Usage: dtctl sample write --out DIR [--fixture FILE.json]\n\n"
       "Writes the sample month into DIR: units.csv, dossiers.csv,\n"
       "payments.csv, the security files (systems.csv, controls.csv,\n"
       "endpoints.csv, incidents.csv) and the workforce files (staff.csv,\n"
       "courses.csv, attendance.csv, absences.csv), whose records reproduce\n"
       "every exact figure of the fixture (by default the Hà Tĩnh report of\n"
       "October 2023 built into dtctl), and sample.env naming its unit and\n"
       "period.\n"
       "The same fixture always gives the same files.\n"},
  };
  return *commands;
}

// Flags that take a value, so that their values are not taken for command
// words when finding the command.
bool TakesValue(const std::string& arg) {
  static const char* const kValueFlags[] = {"--server",
                                            "--timeout",
                                            "--batch-size",
                                            "--unit",
                                            "--from",
                                            "--to",
                                            "--out",
                                            "--fixture",
                                            "--on",
                                            "--root",
                                            "--level",
                                            "--as-of",
                                            "--system",
                                            "--effective",
                                            "--reason",
                                            "--staff",
                                            "--month",
                                            "--section",
                                            "--file",
                                            "--period",
                                            "--format",
                                            "--version",
                                            "--payments-through",
                                            "--issue-date",
                                            "--tls-ca",
                                            "--tls-cert",
                                            "--tls-key",
                                            "--service",
                                            "--since",
                                            "--units"};
  for (const char* flag : kValueFlags) {
    if (arg == flag) return true;
  }
  return false;
}

std::vector<std::string> CommandWords(int argc, char** argv) {
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("-", 0) == 0) {
      if (TakesValue(arg)) ++i;
      continue;
    }
    words.push_back(arg);
  }
  return words;
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

// How dtctl calls the services: plain text, or TLS with --tls-ca (and its
// client certificate, --tls-cert and --tls-key, under mutual TLS).
TlsFiles& ClientTls() {
  static auto* files = new TlsFiles();
  return *files;
}

std::shared_ptr<grpc::Channel> Channel(const std::string& server) {
  auto credentials = ChannelCredentialsFor(ClientTls());
  if (!credentials.ok()) {
    // Checked once flags are parsed (main); unreachable after that.
    return grpc::CreateChannel(server, grpc::InsecureChannelCredentials());
  }
  return grpc::CreateChannel(server, *credentials);
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "dtctl: %s (see dtctl --help)\n", message.c_str());
  return 2;
}

int SampleWrite(const std::string& out_dir, const std::string& fixture_path) {
  std::string fixture_text(BuiltInFixture());
  if (!fixture_path.empty()) {
    std::ifstream in(fixture_path);
    if (!in) return Usage("cannot read " + fixture_path);
    std::stringstream text;
    text << in.rdbuf();
    fixture_text = text.str();
  }
  auto targets = ParseFixtureTargets(fixture_text);
  if (!targets.ok()) {
    std::fprintf(stderr, "dtctl: %s\n",
                 std::string(targets.status().message()).c_str());
    return 1;
  }
  auto files = WriteSampleMonth(*targets, out_dir);
  if (!files.ok()) {
    std::fprintf(stderr, "dtctl: %s\n",
                 std::string(files.status().message()).c_str());
    return 1;
  }
  for (const auto& [path, count, noun] : files->written) {
    std::printf("%s: %s %s\n", path.c_str(), GroupDigits(count).c_str(),
                noun.c_str());
  }
  return 0;
}

int Main(int argc, char** argv) {
  const std::vector<std::string> words = CommandWords(argc, argv);
  const Command* command = FindCommand(words);
  Service service = command ? command->service : Service::kNone;
  // The audit is every service's: --service picks which (and its address).
  AuditFlags audit;
  const bool is_audit =
      command != nullptr &&
      command->words == std::vector<std::string>{"audit", "list"};
  if (is_audit) {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--service" && i + 1 < argc) audit.service = argv[i + 1];
      if (arg.rfind("--service=", 0) == 0) audit.service = arg.substr(10);
    }
    if (audit.service == "security") service = Service::kSecurity;
    if (audit.service == "workforce") service = Service::kWorkforce;
    if (audit.service == "report") service = Service::kReport;
  }
  std::string server_env = "DTR_STATS_ADDR";
  std::string server = "localhost:7101";
  if (service == Service::kSecurity) {
    server_env = "DTR_SECURITY_ADDR";
    server = "localhost:7102";
  } else if (service == Service::kWorkforce) {
    server_env = "DTR_WORKFORCE_ADDR";
    server = "localhost:7103";
  } else if (service == Service::kReport) {
    server_env = "DTR_REPORT_ADDR";
    server = "localhost:7104";
  }
  double timeout = 0;
  FlagSet flags(command != nullptr ? command->usage : kOverview);
  if (service != Service::kNone) {
    flags.AddString("server", &server, "address of the service, HOST:PORT",
                    server_env);
    flags.AddDouble("timeout", &timeout,
                    "seconds the call may take; 0: 3600 for imports, 30 "
                    "otherwise",
                    "-");
    flags.AddString("tls-ca", &ClientTls().ca,
                    "PEM CA of the service's certificate: call over TLS; "
                    "empty: plain text");
    flags.AddString("tls-cert", &ClientTls().cert,
                    "PEM client certificate, for mutual TLS");
    flags.AddString("tls-key", &ClientTls().key, "PEM key of it");
  }
  ImportFlags import;
  IndicatorsFlags indicators;
  UnitsFlags units;
  SecurityViewFlags view;
  WorkforceViewFlags workforce;
  ReportFlags report;
  std::string out_dir, fixture_path;
  PolicyCheckFlags policy;
  if (is_audit) {
    flags.AddString("service", &audit.service,
                    "whose audit: stats, security, workforce or report", "-");
    flags.AddString("since", &audit.since,
                    "events at or after this time, RFC 3339", "-");
    flags.AddBool("json", &audit.json, "print JSON", "-");
  }
  const std::string name =
      command != nullptr ? absl::StrJoin(command->words, " ") : "";
  // CSV imports (a narrative import is one JSON document).
  const bool is_import = service != Service::kReport && name.size() > 7 &&
                         name.substr(name.size() - 7) == " import";
  if (is_import) {
    flags.AddBool("skip-invalid", &import.skip_invalid,
                  "import the valid rows and list the invalid ones", "-");
    flags.AddBool("validate-only", &import.validate_only,
                  "check every row with the service, write nothing", "-");
    flags.AddInt("batch-size", &import.batch_size, "rows per message", "-");
    if (service == Service::kSecurity) {
      flags.AddString("effective", &import.effective,
                      "when the rows' state took effect, YYYY-MM-DD or RFC "
                      "3339; empty: now",
                      "-");
      flags.AddString("reason", &import.reason,
                      "why, for the history; empty: \"import of FILE\"", "-");
    }
  } else if (name == "stats indicators") {
    flags.AddString("unit", &indicators.unit,
                    "code of the unit whose subtree is counted", "-");
    flags.AddString("from", &indicators.from, "first day, YYYY-MM-DD", "-");
    flags.AddString("to", &indicators.to, "last day, YYYY-MM-DD", "-");
    flags.AddBool("json", &indicators.json,
                  "print one JSON object instead of a table", "-");
  } else if (name == "units list") {
    flags.AddString("on", &units.on_date, "day, YYYY-MM-DD; empty: today", "-");
    flags.AddString("root", &units.root, "only this unit's subtree", "-");
    flags.AddString("level", &units.level, "only units of this level", "-");
  } else if (name == "security summary" || name == "security gaps") {
    flags.AddString("unit", &view.unit,
                    "code of the unit whose subtree is counted", "-");
    flags.AddString("as-of", &view.as_of, "day, YYYY-MM-DD; empty: today", "-");
    flags.AddBool("json", &view.json, "print JSON instead of text", "-");
  } else if (name == "security history") {
    flags.AddString("system", &view.system, "id of the system", "-");
  } else if (name == "workforce summary") {
    flags.AddString("unit", &workforce.unit,
                    "code of the unit whose subtree is counted", "-");
    flags.AddString("from", &workforce.from, "first day, YYYY-MM-DD", "-");
    flags.AddString("to", &workforce.to, "last day, YYYY-MM-DD", "-");
    flags.AddBool("json", &workforce.json,
                  "print one JSON object instead of a table", "-");
  } else if (name == "workforce eligibility") {
    flags.AddString("staff", &workforce.staff, "id of the staff member", "-");
    flags.AddString("month", &workforce.month, "month, YYYY-MM", "-");
    flags.AddBool("json", &workforce.json, "print JSON instead of text", "-");
  } else if (service == Service::kReport) {
    if (name != "narrative import" && name != "report settings put") {
      flags.AddString("unit", &report.unit, "code of the reporting unit", "-");
      flags.AddString("period", &report.period,
                      name == "report generate"
                          ? "month, YYYY-MM, or previous-month"
                          : "month, YYYY-MM",
                      "-");
    }
    if (name == "narrative put") {
      flags.AddString("section", &report.section, "section id", "-");
      flags.AddString("file", &report.file, "Markdown file of the text", "-");
    }
    if (name == "report generate" || name == "report get") {
      flags.AddString("out", &report.out_dir, "directory to write into", "-");
      flags.AddString("format", &report.formats,
                      "renderings to write, of docx, html, md, json", "-");
    }
    if (name == "report generate") {
      flags.AddBool("allow-partial", &report.allow_partial,
                    "make the report even if a service does not answer", "-");
      flags.AddString("payments-through", &report.payments_through,
                      "last day of the online-payment figures; empty: the "
                      "month's last day",
                      "-");
      flags.AddString("issue-date", &report.issue_date,
                      "date printed on the document; empty: the day left "
                      "blank",
                      "-");
    }
    if (name == "report get") {
      flags.AddInt("version", &report.version, "version; 0: the latest", "-");
    }
  } else if (name == "policy check") {
    flags.AddString("units", &policy.units,
                    "unit tree (units.csv) the writers' units must be in", "-");
  } else if (name == "sample write") {
    flags.AddString("out", &out_dir, "directory to write the files into", "-");
    flags.AddString("fixture", &fixture_path,
                    "report fixture (JSON) to reproduce; empty: the built-in "
                    "one",
                    "-");
  }
  auto positional = flags.Parse(argc, argv);
  if (flags.help_requested() || words.empty()) {
    std::fputs(flags.Help().c_str(), stdout);
    return words.empty() && !flags.help_requested() ? 2 : 0;
  }
  if (!positional.ok()) {
    return Usage(std::string(positional.status().message()));
  }
  if (command == nullptr) {
    return Usage(
        absl::StrCat("unknown command '", absl::StrJoin(words, " "), "'"));
  }
  if (auto tls = ChannelCredentialsFor(ClientTls()); !tls.ok()) {
    return Usage(std::string(tls.status().message()));
  }
  const std::vector<std::string> args(
      positional->begin() + static_cast<long>(command->words.size()),
      positional->end());

  if (name == "policy check") {
    if (args.size() != 1) return Usage("policy check needs one FILE.json");
    policy.file = args[0];
    return CheckPolicy(policy);
  }
  if (is_audit) {
    if (audit.service != "stats" && audit.service != "security" &&
        audit.service != "workforce" && audit.service != "report") {
      return Usage("--service must be stats, security, workforce or report");
    }
    if (!args.empty()) return Usage("unexpected argument " + args[0]);
    if (timeout > 0) audit.timeout_seconds = timeout;
    return ListAudit(common::v1::AuditService::NewStub(Channel(server)).get(),
                     audit);
  }
  if (is_import) {
    if (args.size() != 1) return Usage(name + " needs one FILE.csv");
    if (import.batch_size < 1) return Usage("--batch-size must be at least 1");
    import.file = args[0];
    if (timeout > 0) import.timeout_seconds = timeout;
    if (service == Service::kStats) {
      auto stub = stats::v1::StatsService::NewStub(Channel(server));
      return name == "dossiers import" ? ImportDossiers(stub.get(), import)
                                       : ImportPayments(stub.get(), import);
    }
    if (service == Service::kWorkforce) {
      auto stub = workforce::v1::WorkforceService::NewStub(Channel(server));
      if (name == "workforce staff import")
        return ImportStaff(stub.get(), import);
      if (name == "workforce courses import") {
        return ImportCourses(stub.get(), import);
      }
      if (name == "workforce attendance import") {
        return ImportAttendance(stub.get(), import);
      }
      return ImportAbsences(stub.get(), import);
    }
    auto stub = security::v1::SecurityService::NewStub(Channel(server));
    if (name == "security systems import")
      return ImportSystems(stub.get(), import);
    if (name == "security controls import") {
      return ImportSystemControls(stub.get(), import);
    }
    if (name == "security endpoints import") {
      return ImportEndpoints(stub.get(), import);
    }
    return ImportIncidents(stub.get(), import);
  }
  if (service == Service::kReport) {
    if (timeout > 0) report.timeout_seconds = timeout;
    auto stub = report::v1::ReportService::NewStub(Channel(server));
    if (name == "narrative import" || name == "report settings put") {
      if (args.size() != 1) return Usage(name + " needs one FILE.json");
      report.file = args[0];
      return name == "narrative import" ? ImportNarratives(stub.get(), report)
                                        : PutReportSettings(stub.get(), report);
    }
    if (!args.empty()) return Usage("unexpected argument " + args[0]);
    if (report.unit.empty()) return Usage("--unit is required");
    if (name == "report list") return ListReports(stub.get(), report);
    if (report.period.empty()) return Usage("--period is required");
    if (name == "narrative put") {
      if (report.section.empty() || report.file.empty()) {
        return Usage("--section and --file are required");
      }
      return PutNarrative(stub.get(), report);
    }
    if (report.out_dir.empty()) return Usage("--out is required");
    return name == "report generate" ? GenerateReport(stub.get(), report)
                                     : GetReport(stub.get(), report);
  }
  if (!args.empty()) return Usage("unexpected argument " + args[0]);
  if (name == "stats indicators") {
    if (indicators.unit.empty()) return Usage("--unit is required");
    if (indicators.from.empty() || indicators.to.empty()) {
      return Usage("--from and --to are required");
    }
    if (timeout > 0) indicators.timeout_seconds = timeout;
    return ShowIndicators(
        stats::v1::StatsService::NewStub(Channel(server)).get(), indicators);
  }
  if (name == "units list") {
    if (timeout > 0) units.timeout_seconds = timeout;
    return ListUnits(stats::v1::StatsService::NewStub(Channel(server)).get(),
                     units);
  }
  if (service == Service::kSecurity) {
    if (timeout > 0) view.timeout_seconds = timeout;
    auto stub = security::v1::SecurityService::NewStub(Channel(server));
    if (name == "security history") {
      if (view.system.empty()) return Usage("--system is required");
      return ShowHistory(stub.get(), view);
    }
    if (view.unit.empty()) return Usage("--unit is required");
    return name == "security summary" ? ShowSummary(stub.get(), view)
                                      : ShowGaps(stub.get(), view);
  }
  if (service == Service::kWorkforce) {
    if (timeout > 0) workforce.timeout_seconds = timeout;
    auto stub = workforce::v1::WorkforceService::NewStub(Channel(server));
    if (name == "workforce eligibility") {
      if (workforce.staff.empty()) return Usage("--staff is required");
      if (workforce.month.empty()) return Usage("--month is required");
      return ShowEligibility(stub.get(), workforce);
    }
    if (workforce.unit.empty()) return Usage("--unit is required");
    if (workforce.from.empty() || workforce.to.empty()) {
      return Usage("--from and --to are required");
    }
    return ShowWorkforceSummary(stub.get(), workforce);
  }
  if (out_dir.empty()) return Usage("--out is required");
  return SampleWrite(out_dir, fixture_path);
}

}  // namespace
}  // namespace dtr::dtctl

int main(int argc, char** argv) { return dtr::dtctl::Main(argc, argv); }
