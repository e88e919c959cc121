#include "common/ratio_json.h"

namespace dtr {

nlohmann::ordered_json RatioJson(const common::v1::Ratio& r) {
  nlohmann::ordered_json out;
  out["numerator"] = r.numerator();
  out["denominator"] = r.denominator();
  if (r.has_ratio()) out["ratio"] = r.ratio();
  return out;
}

}  // namespace dtr
