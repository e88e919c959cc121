#include "tools/dtctl/fixture_targets.h"

#include <cmath>
#include <initializer_list>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "nlohmann/json.hpp"

namespace dtr::dtctl {
namespace {

using nlohmann::json;

// Follows a path of keys, or says which one is missing.
absl::StatusOr<const json*> At(const json& root,
                               const std::vector<const char*>& path) {
  const json* node = &root;
  std::string where;
  for (const char* key : path) {
    absl::StrAppend(&where, where.empty() ? "" : ".", key);
    if (!node->is_object() || !node->contains(key)) {
      return absl::InvalidArgumentError(
          absl::StrCat("fixture: missing ", where));
    }
    node = &(*node)[key];
  }
  return node;
}

absl::StatusOr<int64_t> Int(const json& root,
                            const std::vector<const char*>& path) {
  auto node = At(root, path);
  if (!node.ok()) return node.status();
  if (!(*node)->is_number_integer()) {
    return absl::InvalidArgumentError(
        absl::StrCat("fixture: ", *(path.end() - 1), " is not an integer"));
  }
  return (*node)->get<int64_t>();
}

absl::StatusOr<std::string> String(const json& root,
                                   const std::vector<const char*>& path) {
  auto node = At(root, path);
  if (!node.ok()) return node.status();
  if (!(*node)->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat("fixture: ", *(path.end() - 1), " is not a string"));
  }
  return (*node)->get<std::string>();
}

absl::StatusOr<absl::CivilDay> Day(const json& root,
                                   const std::vector<const char*>& path) {
  auto text = String(root, path);
  if (!text.ok()) return text.status();
  auto day = ParseIsoDate(*text);
  if (!day) {
    return absl::InvalidArgumentError(
        absl::StrCat("fixture: ", *(path.end() - 1), " is not YYYY-MM-DD"));
  }
  return *day;
}

// Reads each of `fields` (a member of `out` and its path in the fixture,
// followed by `last` when given) with `read`.
template <typename Holder, typename T, typename Read>
absl::Status ReadFields(
    const json& root,
    std::initializer_list<std::pair<T Holder::*, std::vector<const char*>>>
        fields,
    Read read, Holder* out, const char* last = nullptr) {
  for (auto [member, path] : fields) {
    if (last != nullptr) path.push_back(last);
    absl::StatusOr<T> value = read(root, path);
    if (!value.ok()) return value.status();
    out->*member = std::move(*value);
  }
  return absl::OkStatus();
}

// Decimals a published number was printed with: 52.1 → 1, 94 → 0.
int DecimalsOf(const json& number) {
  const std::string text = number.dump();
  const size_t dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

// The figures the report printed, keyed as the report service names them.
absl::Status AddPublished(const json& root, FixtureTargets* t) {
  auto add = [&](const std::vector<const char*>& path,
                 const std::string& figure) -> absl::Status {
    auto node = At(root, path);
    if (!node.ok()) return node.status();
    if (!(*node)->is_number()) {
      return absl::InvalidArgumentError(
          absl::StrCat("fixture: ", *(path.end() - 1), " is not a number"));
    }
    t->published.push_back(
        {figure, (*node)->get<double>(), DecimalsOf(**node)});
    return absl::OkStatus();
  };
  const std::pair<const char*, const char*> scopes[] = {
      {"all", "total"},
      {"province", "province"},
      {"district", "district"},
      {"commune", "commune"}};
  for (const char* rate :
       {"online_submission", "full_process_online", "digitization"}) {
    for (const auto& [in_fixture, scope] : scopes) {
      if (absl::Status s =
              add({"public_services", rate, "published_rate", in_fixture},
                  absl::StrCat("stats.", scope, ".", rate));
          !s.ok()) {
        return s;
      }
    }
  }
  for (const auto& [in_fixture, scope] : scopes) {
    if (absl::Status s =
            add({"public_services", "dossiers_received", in_fixture},
                absl::StrCat("stats.", scope, ".dossiers_received"));
        !s.ok()) {
      return s;
    }
  }
  const std::pair<std::vector<const char*>, const char*> others[] = {
      {{"public_services", "online_payment", "units_with_payments"},
       "payments.total.units_with_payments"},
      {{"public_services", "online_payment", "successful_transactions"},
       "payments.total.successful_transactions"},
      {{"workforce", "it_staff", "province_and_district"},
       "workforce.upper.dedicated"},
      {{"workforce", "it_staff", "commune"}, "workforce.commune.dedicated"},
      {{"workforce", "qualifications", "master_it"},
       "workforce.total.master_it"},
      {{"workforce", "qualifications", "bachelor_it"},
       "workforce.total.bachelor_it"},
      {{"workforce", "qualifications", "published_share", "master_it"},
       "workforce.total.master_it_share"},
      {{"workforce", "qualifications", "published_share", "bachelor_it"},
       "workforce.total.bachelor_it_share"},
      {{"workforce", "special_allowance_eligible", "published_share",
        "province_and_district"},
       "workforce.upper.eligible"},
      {{"workforce", "special_allowance_eligible", "published_share",
        "commune"},
       "workforce.commune.eligible"},
      {{"workforce", "training", "classes"}, "workforce.total.courses"},
      {{"workforce", "training", "trainees"}, "workforce.total.trainees"},
      {{"security", "information_systems",
        "level_dossier_approved_share_province_and_district"},
       "security.upper.approved_dossier"},
      {{"security", "antimalware_central", "workstations"},
       "security.total.workstations_central"},
      {{"security", "antimalware_central", "servers"},
       "security.total.servers_central"},
  };
  for (const auto& [path, figure] : others) {
    if (absl::Status s = add(path, figure); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<FixtureTargets> ParseFixtureTargets(absl::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded()) {
    return absl::InvalidArgumentError("fixture: not valid JSON");
  }
  FixtureTargets t;
  using F = FixtureTargets;
  if (absl::Status s = ReadFields<F, std::string>(
          root,
          {{&F::province_code, {"province", "code"}},
           {&F::province_name, {"province", "name"}}},
          String, &t);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          ReadFields<F, absl::CivilDay>(root,
                                        {{&F::period_from, {"period", "from"}},
                                         {&F::period_to, {"period", "to"}}},
                                        Day, &t);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ReadFields<F, int64_t>(
          root,
          {{&F::commune_count, {"org_units", "commune_level_units_count"}}},
          Int, &t);
      !s.ok()) {
    return s;
  }
  {
    auto levels = At(root, {"org_units", "levels"});
    if (!levels.ok()) return levels.status();
    auto districts = At(root, {"org_units", "district_level_units"});
    if (!districts.ok()) return districts.status();
    if (!(*levels)->is_array() || !(*districts)->is_array()) {
      return absl::InvalidArgumentError(
          "fixture: org_units.levels and district_level_units must be lists");
    }
    for (const json& l : **levels) {
      if (!l.is_string()) {
        return absl::InvalidArgumentError(
            "fixture: org_units.levels must be names");
      }
      t.levels.push_back(l.get<std::string>());
    }
    for (const json& d : **districts) {
      if (!d.is_string()) {
        return absl::InvalidArgumentError(
            "fixture: org_units.district_level_units must be names");
      }
      t.district_names.push_back(d.get<std::string>());
    }
    if (t.levels.size() != 3) {
      return absl::InvalidArgumentError(
          "fixture: org_units.levels must name the province, district and "
          "commune levels");
    }
  }
  for (const std::string& level : t.levels) {
    // Each level's figure is its path followed by the level's name.
    using L = LevelTargets;
    if (absl::Status s = ReadFields<L, int64_t>(
            root,
            {{&L::received, {"public_services", "dossiers_received"}},
             {&L::online_numerator,
              {"public_services", "online_submission", "numerator"}},
             {&L::online_denominator,
              {"public_services", "online_submission", "denominator"}},
             {&L::full_numerator,
              {"public_services", "full_process_online", "numerator"}},
             {&L::full_denominator,
              {"public_services", "full_process_online", "denominator"}},
             {&L::digitized, {"public_services", "digitization", "numerator"}},
             {&L::finished,
              {"public_services", "digitization", "implied_denominator"}}},
            Int, &t.dossiers[level], level.c_str());
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = ReadFields<F, absl::CivilDay>(
          root,
          {{&F::payments_from,
            {"public_services", "online_payment", "window", "from"}},
           {&F::payments_to,
            {"public_services", "online_payment", "window", "to"}}},
          Day, &t);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ReadFields<F, int64_t>(
          root,
          {{&F::units_with_payments,
            {"public_services", "online_payment", "units_with_payments"}},
           {&F::successful_transactions,
            {"public_services", "online_payment", "successful_transactions"}},
           {&F::approved_share_province_district,
            {"security", "information_systems",
             "level_dossier_approved_share_province_and_district"}},
           {&F::commune_approved,
            {"security", "information_systems",
             "commune_systems_with_approved_dossier"}},
           {&F::central_workstations,
            {"security", "antimalware_central", "workstations"}},
           {&F::central_servers,
            {"security", "antimalware_central", "servers"}},
           {&F::dedicated_province_district,
            {"workforce", "it_staff", "province_and_district"}},
           {&F::dedicated_commune, {"workforce", "it_staff", "commune"}},
           {&F::master_it, {"workforce", "qualifications", "master_it"}},
           {&F::bachelor_it, {"workforce", "qualifications", "bachelor_it"}},
           {&F::eligible_province_district,
            {"workforce", "special_allowance_eligible",
             "province_and_district"}},
           {&F::eligible_commune,
            {"workforce", "special_allowance_eligible", "commune"}},
           {&F::training_courses, {"workforce", "training", "classes"}},
           {&F::trainees, {"workforce", "training", "trainees"}}},
          Int, &t);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ReadFields<F, std::string>(
          root, {{&F::issuer_name, {"issuer", "name"}}}, String, &t);
      !s.ok()) {
    return s;
  }
  {
    auto soc = At(root, {"security", "soc", "deployed"});
    if (!soc.ok()) return soc.status();
    if (!(*soc)->is_boolean()) {
      return absl::InvalidArgumentError(
          "fixture: soc.deployed is not true or false");
    }
    t.soc_deployed = (*soc)->get<bool>();
  }
  if (t.approved_share_province_district < 0 ||
      t.approved_share_province_district > 100) {
    return absl::InvalidArgumentError(
        "fixture: level_dossier_approved_share_province_and_district is a "
        "percentage");
  }
  auto million =
      At(root, {"public_services", "online_payment", "amount_million_vnd"});
  if (!million.ok()) return million.status();
  if (!(*million)->is_number()) {
    return absl::InvalidArgumentError(
        "fixture: amount_million_vnd is not a number");
  }
  if (t.period_to < t.period_from) {
    return absl::InvalidArgumentError(
        "fixture: period.to is before period.from");
  }
  if (t.payments_from < t.period_from || t.period_to < t.payments_to ||
      t.payments_to < t.payments_from) {
    return absl::InvalidArgumentError(
        "fixture: online_payment.window must lie within the period");
  }
  if (t.commune_count < 0 || t.units_with_payments < 0 ||
      t.successful_transactions < 0 || t.dedicated_province_district < 0 ||
      t.dedicated_commune < 0 || t.master_it < 0 || t.bachelor_it < 0 ||
      t.eligible_province_district < 0 || t.eligible_commune < 0 ||
      t.training_courses < 0 || t.trainees < 0) {
    return absl::InvalidArgumentError("fixture: counts cannot be negative");
  }
  if (t.eligible_province_district > t.dedicated_province_district ||
      t.eligible_commune > t.dedicated_commune) {
    return absl::InvalidArgumentError(
        "fixture: workforce.special_allowance_eligible exceeds "
        "workforce.it_staff");
  }
  if (absl::Status s = AddPublished(root, &t); !s.ok()) return s;
  // Published in millions with three decimals: a whole number of thousands.
  t.amount_vnd =
      static_cast<int64_t>(std::llround((*million)->get<double>() * 1000)) *
      1000;
  return t;
}

}  // namespace dtr::dtctl
