#include "services/workforce/allowance_rules.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/dates.h"
#include "common/fingerprint.h"
#include "nlohmann/json.hpp"
#include "services/workforce/workforce_names.h"

namespace dtr::workforce {
namespace {

using nlohmann::json;

absl::Status Bad(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("rules: ", where, ": ", what));
}

// A list of words from the file, each turned into a value.
template <typename T, typename ParseFn>
absl::Status WordList(const json& rule, const char* key,
                      const std::string& where, ParseFn parse,
                      std::vector<T>* out) {
  if (!rule.contains(key)) return absl::OkStatus();
  if (!rule[key].is_array())
    return Bad(where, absl::StrCat(key, " is not a list"));
  for (const json& word : rule[key]) {
    T value;
    if (!word.is_string() || !parse(word.get<std::string>(), &value)) {
      return Bad(where, absl::StrCat(key, ": unknown value ", word.dump()));
    }
    out->push_back(value);
  }
  return absl::OkStatus();
}

template <typename T>
bool Allows(const std::vector<T>& list, const T& value) {
  return list.empty() ||
         std::find(list.begin(), list.end(), value) != list.end();
}

v1::Condition Condition(std::string requirement, bool met,
                        std::string finding) {
  v1::Condition c;
  c.set_requirement(std::move(requirement));
  c.set_met(met);
  c.set_finding(std::move(finding));
  return c;
}

template <typename T, typename NameFn>
std::string Words(const std::vector<T>& values, NameFn name) {
  std::vector<std::string> words;
  for (const T& v : values) words.emplace_back(name(v));
  return absl::StrJoin(words, " or ");
}

}  // namespace

bool AllowanceRule::InForceDuring(absl::CivilMonth month) const {
  const absl::CivilDay first(month), last = absl::CivilDay(month + 1) - 1;
  return valid_from <= last && (!valid_to || *valid_to >= first);
}

absl::StatusOr<std::shared_ptr<const AllowanceRules>> AllowanceRules::Parse(
    absl::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return absl::InvalidArgumentError("rules: not a JSON object");
  }
  std::shared_ptr<AllowanceRules> rules(new AllowanceRules());
  if (!root.contains("positions") || !root["positions"].is_array()) {
    return absl::InvalidArgumentError("rules: missing the positions list");
  }
  for (size_t i = 0; i < root["positions"].size(); ++i) {
    const json& p = root["positions"][i];
    const std::string where = absl::StrCat("positions[", i, "]");
    if (!p.is_object() || !p.value("code", json()).is_string() ||
        !p.value("title", json()).is_string() ||
        p["code"].get<std::string>().empty()) {
      return Bad(where, "needs a code and a title");
    }
    if (rules->HasPosition(p["code"].get<std::string>())) {
      return Bad(where, "code appears twice");
    }
    v1::Position& position = rules->positions_.emplace_back();
    position.set_code(p["code"].get<std::string>());
    position.set_title(p["title"].get<std::string>());
  }
  if (!root.contains("rules") || !root["rules"].is_array()) {
    return absl::InvalidArgumentError("rules: missing the rules list");
  }
  for (size_t i = 0; i < root["rules"].size(); ++i) {
    const json& r = root["rules"][i];
    const std::string where = absl::StrCat("rules[", i, "]");
    if (!r.is_object()) return Bad(where, "not an object");
    AllowanceRule rule;
    for (auto [key, field] :
         {std::pair{"rule_id", &rule.rule_id}, std::pair{"title", &rule.title},
          std::pair{"legal_basis", &rule.legal_basis}}) {
      if (!r.value(key, json()).is_string() ||
          r[key].get<std::string>().empty()) {
        return Bad(where, absl::StrCat(key, " is required"));
      }
      *field = r[key].get<std::string>();
    }
    for (const AllowanceRule& other : rules->rules_) {
      if (other.rule_id == rule.rule_id) {
        return Bad(where, "rule_id appears twice");
      }
    }
    auto from = ParseIsoDate(r.value("valid_from", std::string()));
    if (!from) return Bad(where, "valid_from: expected YYYY-MM-DD");
    rule.valid_from = *from;
    const std::string to = r.value("valid_to", std::string());
    if (!to.empty()) {
      auto day = ParseIsoDate(to);
      if (!day || *day < *from) {
        return Bad(where,
                   "valid_to: expected YYYY-MM-DD, not before valid_from");
      }
      rule.valid_to = *day;
    }
    if (absl::Status s = WordList(r, "roles", where, ParseRole, &rule.roles);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = WordList(r, "fields", where, ParseField, &rule.fields);
        !s.ok()) {
      return s;
    }
    if (r.contains("positions")) {
      if (!r["positions"].is_array()) {
        return Bad(where, "positions is not a list");
      }
      for (const json& p : r["positions"]) {
        if (!p.is_string() || !rules->HasPosition(p.get<std::string>())) {
          return Bad(where,
                     absl::StrCat("positions: unknown position ", p.dump()));
        }
        rule.positions.push_back(p.get<std::string>());
      }
    }
    if (r.contains("absence")) {
      const json& a = r["absence"];
      if (absl::Status s = WordList(a, "kinds", where + ".absence",
                                    ParseAbsenceKind, &rule.absence_kinds);
          !s.ok()) {
        return s;
      }
      const json days = a.value("continuous_days", json(0));
      if (!days.is_number_integer() || days.get<int>() < 0) {
        return Bad(where, "absence.continuous_days: a number of days");
      }
      rule.absence_days = days.get<int>();
    }
    rules->rules_.push_back(std::move(rule));
  }
  rules->fingerprint_ = Fingerprint(root.dump());
  return std::shared_ptr<const AllowanceRules>(std::move(rules));
}

absl::StatusOr<std::shared_ptr<const AllowanceRules>> AllowanceRules::LoadFile(
    const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return absl::NotFoundError(absl::StrCat("rules: cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str());
}

bool AllowanceRules::HasPosition(absl::string_view code) const {
  for (const v1::Position& p : positions_) {
    if (p.code() == code) return true;
  }
  return false;
}

v1::Eligibility AllowanceRules::Evaluate(
    const v1::Staff& staff, const std::vector<v1::Absence>& absences,
    absl::CivilMonth month) const {
  const absl::CivilDay first(month), last = absl::CivilDay(month + 1) - 1;
  v1::Eligibility out;
  out.set_staff_id(staff.staff_id());
  out.set_month(absl::StrFormat("%04d-%02d", month.year(), month.month()));
  auto start = ParseIsoDate(staff.start_date());
  auto end = ParseIsoDate(staff.end_date());
  const bool in_service = start && *start <= last && (!end || *end >= first);
  for (const AllowanceRule& rule : rules_) {
    if (!rule.InForceDuring(month)) continue;
    v1::RuleVerdict* verdict = out.add_rules();
    verdict->set_rule_id(rule.rule_id);
    verdict->set_title(rule.title);
    verdict->set_legal_basis(rule.legal_basis);
    *verdict->add_conditions() =
        Condition("in service during the month", in_service,
                  absl::StrCat("in service from ", staff.start_date(),
                               staff.end_date().empty()
                                   ? ""
                                   : absl::StrCat(" to ", staff.end_date())));
    if (!rule.roles.empty()) {
      *verdict->add_conditions() =
          Condition(absl::StrCat("role is ", Words(rule.roles, RoleName)),
                    Allows(rule.roles, staff.role()),
                    absl::StrCat("role is ", RoleName(staff.role())));
    }
    if (!rule.positions.empty()) {
      *verdict->add_conditions() = Condition(
          absl::StrCat("position is ", absl::StrJoin(rule.positions, " or ")),
          Allows(rule.positions, staff.position()),
          absl::StrCat("position is ", staff.position()));
    }
    if (!rule.fields.empty()) {
      *verdict->add_conditions() = Condition(
          absl::StrCat("qualification field is ",
                       Words(rule.fields, FieldName)),
          Allows(rule.fields, staff.field()),
          absl::StrCat("qualification field is ", FieldName(staff.field())));
    }
    if (rule.absence_days > 0) {
      std::string finding = "no such absence";
      bool met = true;
      for (const v1::Absence& a : absences) {
        auto from = ParseIsoDate(a.start_date());
        auto to = ParseIsoDate(a.end_date());
        if (!from || !to || !Allows(rule.absence_kinds, a.kind())) continue;
        const int64_t days = (*to - *from) + 1;
        if (days >= rule.absence_days && *from <= last && *to >= first) {
          met = false;
          finding = absl::StrCat("absent (", AbsenceKindName(a.kind()), ") ",
                                 a.start_date(), " to ", a.end_date(), ", ",
                                 days, " days");
          break;
        }
      }
      *verdict->add_conditions() =
          Condition(absl::StrCat("no continuous absence of ", rule.absence_days,
                                 " days or more during the month"),
                    met, finding);
    }
    bool eligible = true;
    for (const v1::Condition& c : verdict->conditions()) eligible &= c.met();
    verdict->set_eligible(eligible);
    if (eligible) out.set_eligible(true);
  }
  return out;
}

}  // namespace dtr::workforce
