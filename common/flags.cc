#include "common/flags.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace dtr {

std::string EnvironmentName(absl::string_view flag_name) {
  return absl::StrCat("DTR_", absl::AsciiStrToUpper(absl::StrReplaceAll(
                                  flag_name, {{"-", "_"}})));
}

void FlagSet::Add(const std::string& name, Target target,
                  const std::string& help, const std::string& env) {
  Flag flag{name, target, help, env.empty() ? EnvironmentName(name) : env, ""};
  if (flag.env == "-") flag.env.clear();
  std::visit(
      [&](auto* t) {
        using T = std::decay_t<decltype(*t)>;
        if constexpr (std::is_same_v<T, std::string>) {
          flag.default_text = t->empty() ? "" : "\"" + *t + "\"";
        } else if constexpr (std::is_same_v<T, bool>) {
          flag.default_text = *t ? "true" : "false";
        } else {
          flag.default_text = absl::StrCat(*t);
        }
      },
      target);
  flags_.push_back(std::move(flag));
}

void FlagSet::AddString(const std::string& name, std::string* target,
                        const std::string& help, const std::string& env) {
  Add(name, target, help, env);
}
void FlagSet::AddInt(const std::string& name, int64_t* target,
                     const std::string& help, const std::string& env) {
  Add(name, target, help, env);
}
void FlagSet::AddDouble(const std::string& name, double* target,
                        const std::string& help, const std::string& env) {
  Add(name, target, help, env);
}
void FlagSet::AddBool(const std::string& name, bool* target,
                      const std::string& help, const std::string& env) {
  Add(name, target, help, env);
}

const FlagSet::Flag* FlagSet::Find(absl::string_view name) const {
  for (const Flag& f : flags_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool FlagSet::TakesValue(absl::string_view name) const {
  const Flag* flag = Find(name);
  return flag != nullptr && !std::holds_alternative<bool*>(flag->target);
}

absl::Status FlagSet::Set(const Flag& flag, absl::string_view value,
                          absl::string_view source) {
  auto bad = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat(
        source, ": --", flag.name, ": expected ", what, ", got '", value, "'"));
  };
  if (auto* s = std::get_if<std::string*>(&flag.target)) {
    **s = std::string(value);
  } else if (auto* i = std::get_if<int64_t*>(&flag.target)) {
    if (!absl::SimpleAtoi(value, *i)) return bad("an integer");
  } else if (auto* d = std::get_if<double*>(&flag.target)) {
    if (!absl::SimpleAtod(value, *d)) return bad("a number");
  } else if (auto* b = std::get_if<bool*>(&flag.target)) {
    if (value == "true" || value == "1" || value == "yes") {
      **b = true;
    } else if (value == "false" || value == "0" || value == "no") {
      **b = false;
    } else {
      return bad("true or false");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> FlagSet::Parse(
    int argc, const char* const* argv) {
  for (const Flag& flag : flags_) {
    if (flag.env.empty()) continue;
    if (const char* value = std::getenv(flag.env.c_str())) {
      if (absl::Status s = Set(flag, value, flag.env); !s.ok()) return s;
    }
  }
  std::vector<std::string> words;
  bool flags_ended = false;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (flags_ended || arg.size() < 2 || arg[0] != '-') {
      words.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      help_requested_ = true;
      continue;
    }
    if (arg == "--version" && Find("version") == nullptr) {
      version_requested_ = true;
      continue;
    }
    if (arg.substr(0, 2) != "--") {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown option ", arg, " (flags are written --name)"));
    }
    absl::string_view body = arg.substr(2);
    absl::string_view name = body, value;
    bool has_value = false;
    if (size_t eq = body.find('='); eq != absl::string_view::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
      has_value = true;
    }
    const Flag* flag = Find(name);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, " (see --help)"));
    }
    if (!has_value) {
      if (std::holds_alternative<bool*>(flag->target)) {
        value = "true";
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("--", name, " needs a value"));
      }
    }
    if (absl::Status s = Set(*flag, value, "command line"); !s.ok()) return s;
  }
  return words;
}

std::string FlagSet::Help() const {
  std::string out = usage_;
  if (!out.empty() && out.back() != '\n') out += '\n';
  if (flags_.empty()) return out;
  out += "\nFlags:\n";
  for (const Flag& f : flags_) {
    std::string kind = std::holds_alternative<bool*>(f.target) ? "" : " VALUE";
    absl::StrAppend(&out, "  --", f.name, kind, "\n      ", f.help);
    if (!f.default_text.empty())
      absl::StrAppend(&out, " (default ", f.default_text, ")");
    if (!f.env.empty()) absl::StrAppend(&out, " [$", f.env, "]");
    out += '\n';
  }
  return out;
}

}  // namespace dtr
