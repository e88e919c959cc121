#include "services/stats/indicators_json.h"

#include "common/ratio_json.h"
#include "common/rule_version_json.h"

namespace dtr::stats {
namespace {

using nlohmann::ordered_json;

ordered_json BlockJson(const v1::IndicatorSet& set) {
  ordered_json out;
  out["dossiers_received"] = set.dossiers_received();
  out["online_submission"] = RatioJson(set.online_submission());
  out["full_process_online"] = RatioJson(set.full_process_online());
  out["digitization"] = RatioJson(set.digitization());
  out["on_time"] = RatioJson(set.on_time());
  out["component_digitization"] = RatioJson(set.component_digitization());
  out["result_reuse"] = RatioJson(set.result_reuse());
  out["payments"] = {
      {"units_with_payments", set.payments().units_with_payments()},
      {"successful_transactions", set.payments().successful_transactions()},
      {"amount_vnd", set.payments().amount_vnd()}};
  return out;
}

}  // namespace

nlohmann::ordered_json IndicatorsJson(
    const v1::GetIndicatorsResponse& response) {
  ordered_json out;
  out["unit"] = response.unit().code();
  out["unit_name"] = response.unit().name();
  out["from"] = response.range().start_date();
  out["to"] = response.range().end_date();
  out["total"] = BlockJson(response.total());
  out["levels"] = ordered_json::object();
  for (const auto& level : response.levels()) {
    out["levels"][level.level()] = BlockJson(level.indicators());
  }
  if (response.has_indicators_version()) {
    out["indicators_version"] = RuleVersionJson(response.indicators_version());
  }
  return out;
}

nlohmann::ordered_json OutlierJson(const v1::Outlier& o) {
  return {{"unit", o.unit_code()}, {"name", o.unit_name()},
          {"level", o.level()},    {"metric", o.metric()},
          {"value", o.value()},    {"median", o.median()},
          {"score", o.score()},    {"history_months", o.history_months()}};
}

}  // namespace dtr::stats
