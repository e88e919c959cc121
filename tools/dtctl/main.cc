// dtctl: the command-line client of dtr, for people and for the scheduler.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/flags.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tools/dtctl/fixture_targets.h"
#include "tools/dtctl/import_command.h"
#include "tools/dtctl/indicators_command.h"
#include "tools/dtctl/progress_bar.h"
#include "tools/dtctl/sample_month.h"
#include "tools/dtctl/units_command.h"

namespace dtr::dtctl {
namespace {

constexpr char kOverview[] =
    "dtctl: the command-line client of dtr.\n"
    "\n"
    "Usage: dtctl [--server HOST:PORT] COMMAND [flags]\n"
    "\n"
    "Commands:\n"
    "  dossiers import FILE.csv   import dossiers into the stats service\n"
    "  payments import FILE.csv   import online payments into the stats "
    "service\n"
    "  stats indicators           public-service indicators of a unit and a "
    "range\n"
    "  units list                 the organisation units the stats service "
    "knows\n"
    "  sample write --out DIR     write the sample month (units, dossiers, "
    "payments)\n"
    "\n"
    "`dtctl COMMAND --help` explains a command's flags. Flags may come "
    "before or\nafter the command words. --server defaults to "
    "$DTR_STATS_ADDR, then localhost:7101.\n";

struct Command {
  std::vector<std::string> words;
  std::string usage;
};

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {{"dossiers", "import"},
       "Usage: dtctl dossiers import FILE.csv [flags]\n\n"
       "Streams a dossier file to the stats service as one transaction.\n"
       "Header: dossier_id,unit_code,procedure_code,received_at,channel,\n"
       "service_level,digitized,status,due_at,finished_at\n"
       "A file with any invalid row imports nothing; every invalid row is\n"
       "listed as FILE:LINE: field: reason and dtctl exits 1.\n"},
      {{"payments", "import"},
       "Usage: dtctl payments import FILE.csv [flags]\n\n"
       "Streams a payment file to the stats service as one transaction.\n"
       "Header: transaction_id,unit_code,paid_at,amount_vnd,status\n"
       "A file with any invalid row imports nothing; every invalid row is\n"
       "listed as FILE:LINE: field: reason and dtctl exits 1.\n"},
      {{"stats", "indicators"},
       "Usage: dtctl stats indicators --unit CODE --from YYYY-MM-DD "
       "--to YYYY-MM-DD [--json]\n\n"
       "The public-service indicators (Decision 766/QĐ-TTg) of the unit's\n"
       "subtree, for dossiers received and payments made in the range, in\n"
       "total and per level.\n"},
      {{"units", "list"},
       "Usage: dtctl units list [--on YYYY-MM-DD] [--root CODE] [--level "
       "NAME]\n\n"
       "The organisation units as they stand on a day, in tree order.\n"},
      {{"sample", "write"},
       "Usage: dtctl sample write --out DIR [--fixture FILE.json]\n\n"
       "Writes DIR/units.csv, DIR/dossiers.csv and DIR/payments.csv: a\n"
       "province whose records reproduce every exact public-service figure\n"
       "of the fixture (by default the Hà Tĩnh report of October 2023 built\n"
       "into dtctl). The same fixture always gives the same files.\n"},
  };
  return *commands;
}

// Flags that take a value, so that their values are not taken for command
// words when finding the command.
bool TakesValue(const std::string& arg) {
  static const char* const kValueFlags[] = {
      "--server", "--timeout", "--batch-size", "--unit", "--from", "--to",
      "--out",    "--fixture", "--on",         "--root", "--level"};
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

std::unique_ptr<stats::v1::StatsService::Stub> StatsStub(
    const std::string& server) {
  return stats::v1::StatsService::NewStub(
      grpc::CreateChannel(server, grpc::InsecureChannelCredentials()));
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "dtctl: %s (see dtctl --help)\n", message.c_str());
  return 2;
}

int Main(int argc, char** argv) {
  const std::vector<std::string> words = CommandWords(argc, argv);
  const Command* command = nullptr;
  for (const Command& c : Commands()) {
    if (words.size() >= 2 && words[0] == c.words[0] && words[1] == c.words[1]) {
      command = &c;
    }
  }
  std::string server = "localhost:7101";
  if (const char* env = std::getenv("DTR_STATS_ADDR"); env && *env) {
    server = env;
  }
  double timeout = 0;
  FlagSet flags(command != nullptr ? command->usage : kOverview);
  flags.AddString("server", &server, "address of the stats service, HOST:PORT",
                  "DTR_STATS_ADDR");
  flags.AddDouble("timeout", &timeout,
                  "seconds the call may take; 0: 3600 for imports, 30 "
                  "otherwise",
                  "-");
  ImportFlags import;
  IndicatorsFlags indicators;
  UnitsFlags units;
  std::string out_dir, fixture_path;
  const std::string name =
      command != nullptr ? absl::StrJoin(command->words, " ") : "";
  if (name == "dossiers import" || name == "payments import") {
    flags.AddBool("skip-invalid", &import.skip_invalid,
                  "import the valid rows and list the invalid ones", "-");
    flags.AddBool("validate-only", &import.validate_only,
                  "check every row with the service, write nothing", "-");
    flags.AddInt("batch-size", &import.batch_size, "rows per message", "-");
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
  if (!positional.ok())
    return Usage(std::string(positional.status().message()));
  if (command == nullptr) {
    return Usage(
        absl::StrCat("unknown command '", absl::StrJoin(words, " "), "'"));
  }
  const std::vector<std::string> args(positional->begin() + 2,
                                      positional->end());

  if (name == "dossiers import" || name == "payments import") {
    if (args.size() != 1) return Usage(name + " needs one FILE.csv");
    if (import.batch_size < 1) return Usage("--batch-size must be at least 1");
    import.file = args[0];
    if (timeout > 0) import.timeout_seconds = timeout;
    auto stub = StatsStub(server);
    return name == "dossiers import" ? ImportDossiers(stub.get(), import)
                                     : ImportPayments(stub.get(), import);
  }
  if (!args.empty()) return Usage("unexpected argument " + args[0]);
  if (name == "stats indicators") {
    if (indicators.unit.empty()) return Usage("--unit is required");
    if (indicators.from.empty() || indicators.to.empty()) {
      return Usage("--from and --to are required");
    }
    if (timeout > 0) indicators.timeout_seconds = timeout;
    return ShowIndicators(StatsStub(server).get(), indicators);
  }
  if (name == "units list") {
    if (timeout > 0) units.timeout_seconds = timeout;
    return ListUnits(StatsStub(server).get(), units);
  }
  // sample write
  if (out_dir.empty()) return Usage("--out is required");
  std::string fixture_text(BuiltInFixture());
  if (!fixture_path.empty()) {
    std::FILE* f = std::fopen(fixture_path.c_str(), "rb");
    if (f == nullptr) return Usage("cannot read " + fixture_path);
    fixture_text.clear();
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof(buffer), f)) > 0) {
      fixture_text.append(buffer, n);
    }
    std::fclose(f);
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
  std::printf("%s: %s units\n%s: %s dossiers\n%s: %s payments\n",
              files->units_csv.c_str(), GroupDigits(files->units).c_str(),
              files->dossiers_csv.c_str(), GroupDigits(files->dossiers).c_str(),
              files->payments_csv.c_str(),
              GroupDigits(files->payments).c_str());
  return 0;
}

}  // namespace
}  // namespace dtr::dtctl

int main(int argc, char** argv) { return dtr::dtctl::Main(argc, argv); }
