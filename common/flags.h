// Command-line flags with environment-variable equivalents.
//
// A flag `--redis` can also be set as DTR_REDIS (`--drain-seconds` as
// DTR_DRAIN_SECONDS); the command line wins over the environment, which wins
// over the default. This is how a Kubernetes manifest configures a service.
// Flags are written `--name=value` or `--name value`; a boolean flag alone
// means true. Flags and positional words may be mixed in any order; `--`
// ends the flags. Written here rather than taken from absl::flags because
// the contract spells flags with hyphens (`--skip-invalid`) and absl does
// not read the environment.
//
// Not thread-safe; used once at start.
#ifndef DTR_COMMON_FLAGS_H_
#define DTR_COMMON_FLAGS_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dtr {

class FlagSet {
 public:
  // `usage` opens the help text.
  explicit FlagSet(std::string usage) : usage_(std::move(usage)) {}

  // Registers a flag bound to `target`, whose current value is the default.
  // `env` overrides the environment variable's name; "-" means none.
  void AddString(const std::string& name, std::string* target,
                 const std::string& help, const std::string& env = "");
  void AddInt(const std::string& name, int64_t* target, const std::string& help,
              const std::string& env = "");
  void AddDouble(const std::string& name, double* target,
                 const std::string& help, const std::string& env = "");
  void AddBool(const std::string& name, bool* target, const std::string& help,
               const std::string& env = "");

  // Applies the environment, then the command line. Returns the positional
  // words (without argv[0]). Errors name the flag. `--help` and `-h` set
  // help_requested() instead of failing, and `--version` version_requested()
  // (unless the program has a flag of that name).
  absl::StatusOr<std::vector<std::string>> Parse(int argc,
                                                 const char* const* argv);

  bool help_requested() const { return help_requested_; }
  // `--version`, unless a flag of that name is registered.
  bool version_requested() const { return version_requested_; }

  // Whether `name` (without "--") is a flag here that takes a value: what
  // follows it on the command line is its value, not a word.
  bool TakesValue(absl::string_view name) const;

  // Usage text and one paragraph per flag, with its variable and default.
  std::string Help() const;

 private:
  using Target = std::variant<std::string*, int64_t*, double*, bool*>;
  struct Flag {
    std::string name;
    Target target;
    std::string help;
    std::string env;
    std::string default_text;
  };

  void Add(const std::string& name, Target target, const std::string& help,
           const std::string& env);
  static absl::Status Set(const Flag& flag, absl::string_view value,
                          absl::string_view source);
  const Flag* Find(absl::string_view name) const;

  std::string usage_;
  std::vector<Flag> flags_;
  bool help_requested_ = false;
  bool version_requested_ = false;
};

// "DTR_" + the name in upper case with '-' as '_'.
std::string EnvironmentName(absl::string_view flag_name);

}  // namespace dtr

#endif  // DTR_COMMON_FLAGS_H_
