// A dtr.common.v1.Ratio as JSON, the same everywhere dtr prints one:
// {numerator, denominator, ratio}, the ratio a fraction, absent for a zero
// denominator.
#ifndef DTR_COMMON_RATIO_JSON_H_
#define DTR_COMMON_RATIO_JSON_H_

#include "dtr/common/v1/types.pb.h"
#include "nlohmann/json.hpp"

namespace dtr {

nlohmann::ordered_json RatioJson(const common::v1::Ratio& ratio);

}  // namespace dtr

#endif  // DTR_COMMON_RATIO_JSON_H_
