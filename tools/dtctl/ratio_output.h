// How dtctl prints a dtr.common.v1.Ratio: as JSON {numerator, denominator,
// ratio} (ratio absent for a zero denominator), and as "12/40 30.00%".
#ifndef DTR_TOOLS_DTCTL_RATIO_OUTPUT_H_
#define DTR_TOOLS_DTCTL_RATIO_OUTPUT_H_

#include <string>

#include "dtr/common/v1/types.pb.h"
#include "nlohmann/json.hpp"

namespace dtr::dtctl {

nlohmann::ordered_json RatioJson(const common::v1::Ratio& ratio);
std::string RatioText(const common::v1::Ratio& ratio);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_RATIO_OUTPUT_H_
