// A dtr.common.v1.RuleVersion as JSON, the same wherever dtr prints which
// version of reference data an answer applied: {kind, valid_from,
// valid_to (null: no end), legal_basis{number, date, article, title,
// checked, note}, fingerprint}.
#ifndef DTR_COMMON_RULE_VERSION_JSON_H_
#define DTR_COMMON_RULE_VERSION_JSON_H_

#include "dtr/common/v1/types.pb.h"
#include "nlohmann/json.hpp"

namespace dtr {

nlohmann::ordered_json RuleVersionJson(const common::v1::RuleVersion& version);

}  // namespace dtr

#endif  // DTR_COMMON_RULE_VERSION_JSON_H_
