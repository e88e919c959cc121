#include "common/rule_version_json.h"

namespace dtr {

nlohmann::ordered_json RuleVersionJson(const common::v1::RuleVersion& version) {
  const common::v1::LegalBasis& basis = version.legal_basis();
  nlohmann::ordered_json out;
  out["kind"] = version.kind();
  out["valid_from"] = version.valid_from();
  out["valid_to"] = version.valid_to().empty()
                        ? nlohmann::ordered_json(nullptr)
                        : nlohmann::ordered_json(version.valid_to());
  out["legal_basis"] = {{"number", basis.number()},   {"date", basis.date()},
                        {"article", basis.article()}, {"title", basis.title()},
                        {"checked", basis.checked()}, {"note", basis.note()}};
  out["fingerprint"] = version.fingerprint();
  return out;
}

}  // namespace dtr
