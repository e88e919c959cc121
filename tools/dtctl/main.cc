// dtctl: the command-line client of dtr, for people and for the scheduler.
// The commands are the table of command_table.h; this reads the command
// line against it.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/field_checks.h"
#include "common/flags.h"
#include "common/tls_credentials.h"
#include "common/version.h"
#include "grpcpp/create_channel.h"
#include "tools/dtctl/call_problem.h"
#include "tools/dtctl/command_flags.h"
#include "tools/dtctl/command_table.h"
#include "tools/dtctl/rules_command.h"

namespace dtr::dtctl {
namespace {

// The words of the command line, without the flags and their values.
std::vector<std::string> CommandWords(int argc, char** argv) {
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("-", 0) != 0) {
      words.push_back(arg);
    } else if (arg.rfind("--", 0) == 0 &&
               AllFlags().TakesValue(arg.substr(2))) {
      ++i;  // its value
    }
  }
  return words;
}

// The value of --service (which picks the audit's service) on the command
// line, before the flags are parsed: it decides the address's default.
std::string ChosenService(int argc, char** argv) {
  std::string chosen;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--service" && i + 1 < argc) chosen = argv[i + 1];
    if (arg.rfind("--service=", 0) == 0) chosen = arg.substr(10);
  }
  return chosen;
}

// The edit distance of two strings, to suggest the command meant.
size_t Distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "unknown command 'stat indicators'; did you mean 'stats indicators'?"
std::string UnknownCommand(const std::vector<std::string>& words) {
  std::string message =
      absl::StrCat("unknown command '", absl::StrJoin(words, " "), "'");
  const Command* nearest = nullptr;
  size_t best = 0;
  for (const Command& c : Commands()) {
    if (words.size() < c.words.size()) continue;
    const std::string typed = absl::StrJoin(
        std::vector<std::string>(
            words.begin(), words.begin() + static_cast<long>(c.words.size())),
        " ");
    const std::string name = absl::StrJoin(c.words, " ");
    const size_t d = Distance(typed, name);
    if (nearest == nullptr || d < best) {
      nearest = &c;
      best = d;
    }
  }
  if (nearest != nullptr && best <= 3) {
    absl::StrAppend(&message, "; did you mean '",
                    absl::StrJoin(nearest->words, " "), "'?");
  }
  return message;
}

// HOST:PORT (or a unix: socket), as gRPC dials it.
bool IsServerAddress(const std::string& address) {
  if (absl::StartsWith(address, "unix:")) return true;
  const size_t colon = address.rfind(':');
  int port = 0;
  return colon != std::string::npos && colon > 0 &&
         absl::SimpleAtoi(address.substr(colon + 1), &port) && port > 0 &&
         port <= 65535;
}

int Main(int argc, char** argv) {
  const std::vector<std::string> words = CommandWords(argc, argv);
  const Command* command = FindCommand(words);
  const bool help = std::any_of(argv + 1, argv + argc, [](const char* a) {
    return std::string(a) == "--help" || std::string(a) == "-h";
  });
  // Before the flags: an unknown command's flags are nobody's.
  if (command == nullptr && !words.empty() && !help) {
    return Usage(UnknownCommand(words));
  }
  // A service known once the flags are read: --service, or --kind.
  const bool chosen =
      command != nullptr && (command->service == Service::kChosen ||
                             command->service == Service::kOfKind);
  const ServiceInfo* service = command == nullptr ? nullptr
                               : chosen ? FindService(ChosenService(argc, argv))
                                        : FindService(command->service);
  Options options;
  TlsFiles tls;
  // The audit's service is known once --service is read.
  std::string server =
      service != nullptr && !chosen ? LocalAddress(service->ports.grpc) : "";
  FlagSet flags(command != nullptr ? command->usage : Overview());
  if (command != nullptr && command->service != Service::kNone) {
    AddClientFlags(&flags, &options, &tls, &server,
                   chosen ? "-" : std::string(service->env));
  }
  if (command != nullptr && command->add_flags != nullptr) {
    command->add_flags(&flags, &options);
  }
  auto positional = flags.Parse(argc, argv);
  if (flags.help_requested() || (words.empty() && !flags.version_requested())) {
    std::fputs(flags.Help().c_str(), stdout);
    return words.empty() && !flags.help_requested() ? 2 : 0;
  }
  if (flags.version_requested()) {
    std::printf("dtctl (dtr) %s\n", Version());
    return 0;
  }
  if (!positional.ok()) {
    return Usage(std::string(positional.status().message()));
  }
  if (command == nullptr) return Usage(UnknownCommand(words));
  auto credentials = ChannelCredentialsFor(tls);
  if (!credentials.ok()) {
    return Usage(std::string(credentials.status().message()));
  }
  if (chosen) {
    if (command->service == Service::kOfKind) {
      service = FindService(ServiceOfKind(options.rules.kind));
      if (service == nullptr) {
        return Usage(options.rules.kind.empty()
                         ? "--kind is required"
                         : absl::StrCat("--kind: '", options.rules.kind,
                                        "' is not one of ", kVersionedKinds));
      }
    } else {
      service = FindService(options.audit.service);
      if (service == nullptr) {
        return Usage("--service must be stats, security, workforce or report");
      }
    }
    if (server.empty()) {
      const char* from_env = std::getenv(service->env);
      server =
          from_env != nullptr ? from_env : LocalAddress(service->ports.grpc);
    }
  }
  if (service != nullptr) {
    if (!IsServerAddress(server)) {
      return Usage(absl::StrCat(
          "--server ", Quoted(server),
          ": expected HOST:PORT, e.g. localhost:", service->ports.grpc));
    }
    SetCallTarget(service->name, server, service->env);
  }
  const std::string name = absl::StrJoin(command->words, " ");
  const std::vector<std::string> args(
      positional->begin() + static_cast<long>(command->words.size()),
      positional->end());
  const bool takes_arg = command->args[0] != '\0';
  if (takes_arg && args.size() != 1) {
    return Usage(absl::StrCat(name, " needs one ", command->args));
  }
  if (!takes_arg && !args.empty()) {
    return Usage("unexpected argument " + args[0]);
  }
  Invocation call{
      name, options, args,
      service != nullptr ? grpc::CreateChannel(server, *credentials) : nullptr};
  return command->run(call);
}

}  // namespace
}  // namespace dtr::dtctl

int main(int argc, char** argv) { return dtr::dtctl::Main(argc, argv); }
