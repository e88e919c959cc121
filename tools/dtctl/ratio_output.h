// How dtctl prints a dtr.common.v1.Ratio for people: "12/40 30.00%" (JSON:
// common/ratio_json.h).
#ifndef DTR_TOOLS_DTCTL_RATIO_OUTPUT_H_
#define DTR_TOOLS_DTCTL_RATIO_OUTPUT_H_

#include <string>

#include "dtr/common/v1/types.pb.h"

namespace dtr::dtctl {

std::string RatioText(const common::v1::Ratio& ratio);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_RATIO_OUTPUT_H_
