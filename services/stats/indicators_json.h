// The public-service indicators as JSON, the shape dtctl prints and the
// report archives: {unit, unit_name, from, to, total, levels{<level>:
// block}}, each block {dossiers_received, online_submission,
// full_process_online, digitization, on_time, component_digitization,
// result_reuse, payments{units_with_payments, successful_transactions,
// amount_vnd}}, indicators_version}, rates as common/ratio_json.h, the
// definitions applied as common/rule_version_json.h.
#ifndef DTR_SERVICES_STATS_INDICATORS_JSON_H_
#define DTR_SERVICES_STATS_INDICATORS_JSON_H_

#include "dtr/stats/v1/stats.pb.h"
#include "nlohmann/json.hpp"

namespace dtr::stats {

nlohmann::ordered_json IndicatorsJson(const v1::GetIndicatorsResponse& r);

// An outlier of ListOutliers: {unit, name, level, metric, value, median,
// score, history_months}, as dtctl prints it and the report archives it.
nlohmann::ordered_json OutlierJson(const v1::Outlier& o);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_INDICATORS_JSON_H_
