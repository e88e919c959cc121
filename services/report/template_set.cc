#include "services/report/template_set.h"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/fingerprint.h"
#include "mstch/mstch.hpp"
#include "services/report/markup_escape.h"

namespace dtr::report {
namespace {

// mstch escapes through one global function; each render says, for its
// thread, which escape applies.
thread_local Escape current_escape = Escape::kNone;

struct EscapeScope {
  explicit EscapeScope(Escape e) : previous(current_escape) {
    current_escape = e;
  }
  ~EscapeScope() { current_escape = previous; }
  Escape previous;
};

// Installed on first use, not at static initialisation: mstch sets its own
// default (HTML escaping) when its library initialises, in no order
// relative to this file.
void InstallEscape() {
  static std::once_flag once;
  std::call_once(once, [] {
    mstch::config::escape = [](const std::string& text) {
      switch (current_escape) {
        case Escape::kMarkdown:
          return MarkdownEscape(text);
        case Escape::kHtml:
          return EscapeMarkup(text);
        case Escape::kNone:
          break;
      }
      return text;
    };
  });
}

// JSON to mstch's variant: objects to maps, arrays to arrays, numbers to
// their text (templates print what the context formatted), booleans as
// they are (for sections), null to a missing value.
mstch::node ToNode(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::map m;
      for (auto it = j.begin(); it != j.end(); ++it) {
        m.emplace(it.key(), ToNode(it.value()));
      }
      return m;
    }
    case nlohmann::json::value_t::array: {
      mstch::array a;
      for (const nlohmann::json& item : j) a.push_back(ToNode(item));
      return a;
    }
    case nlohmann::json::value_t::string:
      return j.get<std::string>();
    case nlohmann::json::value_t::boolean:
      return j.get<bool>();
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return j.dump();
    default:
      return nullptr;
  }
}

absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string MarkdownEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
        out += '\\';
        break;
      default:
        break;
    }
    out += c;
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const TemplateSet>> TemplateSet::LoadDir(
    const std::string& dir) {
  return Load(dir, {}, {});
}

absl::StatusOr<std::shared_ptr<const TemplateSet>> TemplateSet::Load(
    const std::string& dir, const std::map<std::string, std::string>& replace,
    const std::set<std::string>& skip) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return absl::NotFoundError(
        absl::StrCat("templates: ", dir, " is not a directory"));
  }
  // File name -> text, the replacements read in place of the originals.
  std::map<std::string, std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || skip.count(name) > 0) continue;
    if (!absl::EndsWith(name, ".mustache") && name != "labels.json") continue;
    auto text = ReadFile(entry.path());
    if (!text.ok()) return text.status();
    texts[name] = std::move(*text);
  }
  std::string labels_patch;
  for (const auto& [name, source] : replace) {
    auto text = ReadFile(std::filesystem::path(dir) / source);
    if (!text.ok()) return text.status();
    if (name == "labels.json") {
      labels_patch = std::move(*text);
    } else {
      texts[name] = std::move(*text);
    }
  }

  std::shared_ptr<TemplateSet> set(new TemplateSet());
  uint64_t fingerprint = kFingerprintSeed;
  for (auto& [name, text] : texts) {
    fingerprint = Fingerprint(text, Fingerprint(name, fingerprint));
    if (name == "labels.json") {
      set->labels_ = nlohmann::json::parse(text, nullptr, false);
      if (set->labels_.is_discarded() || !set->labels_.is_object()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "templates: ", dir, "/labels.json is not a JSON object"));
      }
      continue;
    }
    set->templates_[name.substr(0, name.size() - strlen(".mustache"))] =
        std::move(text);
  }
  for (const char* required : {"body.md", "report.md", "report.html"}) {
    if (!set->templates_.count(required)) {
      return absl::InvalidArgumentError(
          absl::StrCat("templates: ", dir, " has no ", required, ".mustache"));
    }
  }
  if (set->labels_.is_null()) {
    return absl::InvalidArgumentError(
        absl::StrCat("templates: ", dir, " has no labels.json"));
  }
  if (!labels_patch.empty()) {
    // A version's labels change some words, so its file holds only those
    // (JSON merge patch, RFC 7386: null removes a label).
    const nlohmann::json patch =
        nlohmann::json::parse(labels_patch, nullptr, false);
    if (patch.is_discarded() || !patch.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat("templates: ", dir, "/",
                                                     replace.at("labels.json"),
                                                     " is not a JSON object"));
    }
    set->labels_.merge_patch(patch);
    fingerprint = Fingerprint(labels_patch, fingerprint);
  }
  set->fingerprint_ = fingerprint;
  set->replaced_ = replace;
  return std::shared_ptr<const TemplateSet>(std::move(set));
}

absl::StatusOr<std::string> TemplateSet::Render(const std::string& name,
                                                const nlohmann::json& context,
                                                Escape escape) const {
  auto found = templates_.find(name);
  if (found == templates_.end()) {
    return absl::NotFoundError(absl::StrCat("templates: no ", name));
  }
  return RenderText(found->second, context, escape);
}

std::string TemplateSet::RenderText(const std::string& text,
                                    const nlohmann::json& context,
                                    Escape escape) const {
  InstallEscape();
  EscapeScope scope(escape);
  return mstch::render(text, ToNode(context), templates_);
}

}  // namespace dtr::report
