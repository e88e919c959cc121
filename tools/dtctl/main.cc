// dtctl: the command-line client of dtr, for people and for the scheduler.
// The commands are the table of command_table.h; this reads the command
// line against it.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/flags.h"
#include "common/tls_credentials.h"
#include "grpcpp/create_channel.h"
#include "tools/dtctl/command_flags.h"
#include "tools/dtctl/command_table.h"

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

int Main(int argc, char** argv) {
  const std::vector<std::string> words = CommandWords(argc, argv);
  const Command* command = FindCommand(words);
  const ServiceInfo* service = nullptr;
  if (command != nullptr) {
    service = command->service == Service::kChosen
                  ? FindService(ChosenService(argc, argv))
                  : FindService(command->service);
    if (command->service == Service::kChosen && service == nullptr) {
      service = FindService(Service::kStats);
    }
  }
  Options options;
  TlsFiles tls;
  std::string server =
      service != nullptr ? LocalAddress(service->ports.grpc) : "";
  FlagSet flags(command != nullptr ? command->usage : Overview());
  if (service != nullptr) {
    AddClientFlags(&flags, &options, &tls, &server, service->env);
  }
  if (command != nullptr && command->add_flags != nullptr) {
    command->add_flags(&flags, &options);
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
  auto credentials = ChannelCredentialsFor(tls);
  if (!credentials.ok())
    return Usage(std::string(credentials.status().message()));
  if (command->service == Service::kChosen &&
      FindService(options.audit.service) == nullptr) {
    return Usage("--service must be stats, security, workforce or report");
  }
  const std::string name = absl::StrJoin(command->words, " ");
  const std::vector<std::string> args(
      positional->begin() + static_cast<long>(command->words.size()),
      positional->end());
  const bool takes_arg = command->args[0] != '\0';
  if (takes_arg && args.size() != 1) {
    return Usage(absl::StrCat(name, " needs one ", command->args));
  }
  if (!takes_arg && !args.empty())
    return Usage("unexpected argument " + args[0]);
  Invocation call{
      name, options, args,
      service != nullptr ? grpc::CreateChannel(server, *credentials) : nullptr};
  return command->run(call);
}

}  // namespace
}  // namespace dtr::dtctl

int main(int argc, char** argv) { return dtr::dtctl::Main(argc, argv); }
