#include "services/workforce/workforce_summary_json.h"

#include "common/ratio_json.h"
#include "services/workforce/workforce_names.h"

namespace dtr::workforce {
namespace {

using nlohmann::ordered_json;

ordered_json QualificationJson(
    const google::protobuf::Map<std::string, v1::QualificationCount>& counts) {
  ordered_json out = ordered_json::object();
  for (v1::Qualification q : AllQualifications()) {
    const std::string key(QualificationName(q));
    auto it = counts.find(key);
    const v1::QualificationCount count =
        it == counts.end() ? v1::QualificationCount() : it->second;
    out[key] = {{"count", count.count()},
                {"it", count.it()},
                {"share", RatioJson(count.share())}};
  }
  return out;
}

ordered_json BlockJson(const v1::WorkforceBlock& b) {
  ordered_json out;
  out["staff"] = b.staff();
  out["dedicated"] = b.dedicated();
  out["concurrent"] = b.concurrent();
  out["qualification"] = QualificationJson(b.qualification());
  out["it_field"] = RatioJson(b.it_field());
  out["eligible"] = RatioJson(b.eligible());
  const v1::TrainingCounts& t = b.training();
  out["training"] = {{"courses", t.courses()},
                     {"trainees", t.trainees()},
                     {"registered_trainees", t.registered_trainees()},
                     {"other_trainees", t.other_trainees()}};
  out["dedicated_qualification"] =
      QualificationJson(b.dedicated_qualification());
  return out;
}

}  // namespace

nlohmann::ordered_json WorkforceSummaryJson(
    const v1::GetWorkforceSummaryResponse& r) {
  ordered_json out;
  out["unit"] = r.unit().code();
  out["unit_name"] = r.unit().name();
  out["from"] = r.range().start_date();
  out["to"] = r.range().end_date();
  out["eligibility_month"] = r.eligibility_month();
  out["total"] = BlockJson(r.total());
  out["levels"] = ordered_json::object();
  for (const v1::LevelWorkforce& level : r.levels()) {
    out["levels"][level.level()] = BlockJson(level.workforce());
  }
  out["allowance_rules"] = ordered_json::array();
  for (const v1::RuleVerdict& rule : r.allowance_rules()) {
    out["allowance_rules"].push_back({{"rule_id", rule.rule_id()},
                                      {"title", rule.title()},
                                      {"legal_basis", rule.legal_basis()}});
  }
  return out;
}

}  // namespace dtr::workforce
