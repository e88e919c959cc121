// dtctl's commands in one table: the words that name each, the service it
// calls, how many words follow them, its help, the flags it takes and what runs
// it. The overview, every command's help and the reading of the command line
// come from the table; a command that is not in it is an error, never another
// command.
#ifndef DTR_TOOLS_DTCTL_COMMAND_TABLE_H_
#define DTR_TOOLS_DTCTL_COMMAND_TABLE_H_

#include <string>
#include <vector>

#include "common/flags.h"
#include "common/service_ports.h"
#include "tools/dtctl/command_options.h"

namespace dtr::dtctl {

// Whose address --server defaults to: a service's ($DTR_<NAME>_ADDR, then
// its default port), the one --service names (the audit, every
// service's), the one that applies the rules --kind names (rules show), or
// none (commands that call no service).
enum class Service {
  kNone,
  kStats,
  kSecurity,
  kWorkforce,
  kReport,
  kChosen,
  kOfKind
};

struct ServiceInfo {
  Service service;
  const char* name;  // "stats", as --service names it
  const char* env;   // "DTR_STATS_ADDR"
  ServicePorts ports;
};
const std::vector<ServiceInfo>& ServiceInfos();
const ServiceInfo* FindService(Service service);
const ServiceInfo* FindService(const std::string& name);

struct Command {
  std::vector<std::string> words;
  Service service;
  const char* args;      // the word that must follow ("FILE.csv"), or ""
  const char* synopsis;  // its main flags, for the overview
  const char* summary;   // the overview's line ("import dossiers")
  std::string usage;     // its --help, above its flags
  void (*add_flags)(FlagSet* flags, Options* options);  // may be null
  int (*run)(Invocation& call);
};
const std::vector<Command>& Commands();

// The command the command line's words start with; null when none.
const Command* FindCommand(const std::vector<std::string>& words);

// Every flag of every command, and the flags of calling a service, bound
// to a scratch Options: to tell which of them take a value.
const FlagSet& AllFlags();

// `dtctl --help`: the commands by service, from the table.
std::string Overview();

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_COMMAND_TABLE_H_
