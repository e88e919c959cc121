#include "services/stats/indicator_definitions.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/fingerprint.h"
#include "common/ratio.h"
#include "nlohmann/json.hpp"
#include "services/stats/stats_names.h"

namespace dtr::stats {
namespace {

using nlohmann::json;

constexpr const char* kRecordedFields[DossierCounts::kRecordedAttributes] = {
    "components_digitized", "results_reused"};

absl::Status Bad(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("indicators: ", where, ": ", what));
}

// The values of one enum field a filter keeps, parsed with `parse` from
// their CSV names; fills `keep` and the SQL's list.
template <typename Enum, size_t N>
absl::Status ReadNames(const std::string& where, const json& values,
                       bool (*parse)(absl::string_view, Enum*), bool (&keep)[N],
                       std::vector<std::string>* sql) {
  std::fill(std::begin(keep), std::end(keep), false);
  for (const json& v : values) {
    Enum value;
    if (!v.is_string() || !parse(v.get<std::string>(), &value) ||
        static_cast<size_t>(value) >= N) {
      return Bad(where, absl::StrCat("unknown value ", v.dump()));
    }
    keep[value] = true;
    sql->push_back(absl::StrCat("'", v.get<std::string>(), "'"));
  }
  return absl::OkStatus();
}

absl::Status ReadFlags(const std::string& where, const json& values,
                       bool (&keep)[2], std::vector<std::string>* sql) {
  keep[0] = keep[1] = false;
  for (const json& v : values) {
    if (!v.is_boolean()) {
      return Bad(where, absl::StrCat("expected true or false, not ", v.dump()));
    }
    keep[v.get<bool>() ? 1 : 0] = true;
    sql->push_back(v.get<bool>() ? "1" : "0");
  }
  return absl::OkStatus();
}

absl::StatusOr<DossierFilter> ReadFilter(const std::string& where,
                                         const json& object) {
  if (!object.is_object()) return Bad(where, "must be an object of fields");
  DossierFilter f;
  std::vector<std::string> conditions;
  for (const auto& [field, values] : object.items()) {
    const std::string at = absl::StrCat(where, ".", field);
    if (!values.is_array() || values.empty()) {
      return Bad(at, "must be a list of the values kept");
    }
    std::vector<std::string> listed;
    absl::Status s;
    if (field == "service_level") {
      s = ReadNames<v1::ServiceLevel>(at, values, &ParseServiceLevel,
                                      f.service_level, &listed);
    } else if (field == "channel") {
      s = ReadNames<v1::Channel>(at, values, &ParseChannel, f.channel, &listed);
    } else if (field == "status") {
      s = ReadNames<v1::DossierStatus>(at, values, &ParseDossierStatus,
                                       f.status, &listed);
    } else if (field == "digitized") {
      s = ReadFlags(at, values, f.digitized, &listed);
    } else if (field == kRecordedFields[0] || field == kRecordedFields[1]) {
      f.recorded =
          field == kRecordedFields[0] ? kComponentsDigitized : kResultsReused;
      s = ReadFlags(at, values, f.recorded_value, &listed);
    } else {
      return Bad(at,
                 "unknown field; expected service_level, channel, "
                 "digitized, status, components_digitized or "
                 "results_reused");
    }
    if (!s.ok()) return s;
    conditions.push_back(
        absl::StrCat(field, " IN (", absl::StrJoin(listed, ", "), ")"));
  }
  if (f.recorded >= 0 && conditions.size() > 1) {
    return Bad(where, absl::StrCat(kRecordedFields[f.recorded],
                                   " cannot be combined with another field: "
                                   "the counters count it apart"));
  }
  f.keeps_all = conditions.empty();
  f.sql = f.keeps_all ? "1 = 1" : absl::StrJoin(conditions, " AND ");
  return f;
}

}  // namespace

DossierFilter::DossierFilter() {
  std::fill(std::begin(service_level), std::end(service_level), true);
  std::fill(std::begin(channel), std::end(channel), true);
  std::fill(std::begin(digitized), std::end(digitized), true);
  std::fill(std::begin(status), std::end(status), true);
}

bool DossierFilter::Keeps(int sl, int ch, int dig, int st) const {
  return service_level[sl] && channel[ch] && digitized[dig] && status[st];
}

int IndicatorDefinitions::RateIndex(absl::string_view name) {
  for (int i = 0; i < kDossierRateCount; ++i) {
    if (kDossierRates[i] == name) return i;
  }
  return -1;
}

absl::StatusOr<std::shared_ptr<const IndicatorDefinitions>>
IndicatorDefinitions::Parse(absl::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return absl::InvalidArgumentError("indicators: not a JSON object");
  }
  const json rates = root.value("rates", json());
  if (!rates.is_object()) {
    return absl::InvalidArgumentError(
        "indicators: rates is required, an object of the six rates");
  }
  std::shared_ptr<IndicatorDefinitions> out(new IndicatorDefinitions());
  for (const auto& [name, rate] : rates.items()) {
    if (RateIndex(name) < 0) {
      return Bad(absl::StrCat("rates.", name),
                 absl::StrCat("not a rate of dossiers; expected ",
                              absl::StrJoin(kDossierRates, ", ")));
    }
  }
  for (int i = 0; i < kDossierRateCount; ++i) {
    const std::string where = absl::StrCat("rates.", kDossierRates[i]);
    if (!rates.contains(kDossierRates[i])) {
      return Bad(where, "is required");
    }
    const json& rate = rates[std::string(kDossierRates[i])];
    if (!rate.is_object()) {
      return Bad(where, "must have a denominator and a numerator");
    }
    for (const char* part : {"denominator", "numerator"}) {
      if (!rate.contains(part)) {
        return Bad(absl::StrCat(where, ".", part), "is required");
      }
    }
    auto denominator =
        ReadFilter(absl::StrCat(where, ".denominator"), rate["denominator"]);
    if (!denominator.ok()) return denominator.status();
    auto numerator =
        ReadFilter(absl::StrCat(where, ".numerator"), rate["numerator"]);
    if (!numerator.ok()) return numerator.status();
    const bool on_recorded = denominator->recorded >= 0;
    if (!numerator->keeps_all && (numerator->recorded >= 0) != on_recorded) {
      return Bad(where,
                 "the numerator and the denominator must filter the same "
                 "kind of field: components_digitized and results_reused "
                 "are counted apart from the others");
    }
    if (on_recorded && numerator->recorded >= 0 &&
        numerator->recorded != denominator->recorded) {
      return Bad(where,
                 "the numerator and the denominator must filter the "
                 "same recorded attribute");
    }
    out->rates_[i] =
        RateDefinition{std::move(*denominator), std::move(*numerator)};
  }
  out->fingerprint_ = Fingerprint(root.dump());
  return std::shared_ptr<const IndicatorDefinitions>(std::move(out));
}

void IndicatorDefinitions::Fill(const DossierCounts& d, const PaymentCounts& p,
                                v1::IndicatorSet* out) const {
  int64_t numerators[kDossierRateCount] = {};
  int64_t denominators[kDossierRateCount] = {};
  for (int sl = 0; sl < DossierCounts::kServiceLevels; ++sl) {
    for (int ch = 0; ch < DossierCounts::kChannels; ++ch) {
      for (int dig = 0; dig < 2; ++dig) {
        for (int st = 0; st < DossierCounts::kStatuses; ++st) {
          const int64_t count = d.n[sl][ch][dig][st];
          if (count == 0) continue;
          for (int i = 0; i < kDossierRateCount; ++i) {
            const RateDefinition& r = rates_[i];
            if (r.denominator.recorded >= 0 ||
                !r.denominator.Keeps(sl, ch, dig, st)) {
              continue;
            }
            denominators[i] += count;
            if (r.numerator.Keeps(sl, ch, dig, st)) numerators[i] += count;
          }
        }
      }
    }
  }
  for (int i = 0; i < kDossierRateCount; ++i) {
    const RateDefinition& r = rates_[i];
    const int attribute = r.denominator.recorded;
    if (attribute < 0) continue;
    for (int value = 0; value < 2; ++value) {
      if (!r.denominator.recorded_value[value]) continue;
      const int64_t count = d.recorded[attribute][value];
      denominators[i] += count;
      if (r.numerator.recorded_value[value]) numerators[i] += count;
    }
  }
  out->set_dossiers_received(d.Total());
  common::v1::Ratio* rates[kDossierRateCount] = {
      out->mutable_online_submission(),      out->mutable_full_process_online(),
      out->mutable_digitization(),           out->mutable_on_time(),
      out->mutable_component_digitization(), out->mutable_result_reuse()};
  for (int i = 0; i < kDossierRateCount; ++i) {
    FillRatio(numerators[i], denominators[i], rates[i]);
  }
  v1::PaymentTotals* payments = out->mutable_payments();
  payments->set_units_with_payments(
      static_cast<int64_t>(p.paying_units.size()));
  payments->set_successful_transactions(p.successful);
  payments->set_amount_vnd(p.amount_vnd);
}

absl::StatusOr<std::shared_ptr<const IndicatorVersions>> ParseIndicatorVersions(
    absl::string_view json) {
  return IndicatorVersions::Parse("indicators", json,
                                  &IndicatorDefinitions::Parse);
}

absl::StatusOr<std::shared_ptr<const IndicatorVersions>> LoadIndicatorVersions(
    const std::string& path) {
  return IndicatorVersions::LoadFile("indicators", path,
                                     &IndicatorDefinitions::Parse);
}

}  // namespace dtr::stats
