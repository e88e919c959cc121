#include "services/security/gap_rules.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "services/security/dossier_life_cycle.h"
#include "services/security/security_names.h"

namespace dtr::security {
namespace {

v1::Gap MakeGap(v1::Gap::Kind kind, const std::string& control_id,
                const std::string& title, std::string detail) {
  v1::Gap gap;
  gap.set_kind(kind);
  gap.set_control_id(control_id);
  gap.set_title(title);
  gap.set_detail(std::move(detail));
  return gap;
}

const char* StateName(v1::ControlState state) {
  switch (state) {
    case v1::CONTROL_STATE_PARTIAL:
      return "partial";
    case v1::CONTROL_STATE_MISSING:
      return "missing";
    default:
      return "not recorded";
  }
}

}  // namespace

std::vector<v1::Gap> FindGaps(const ControlCatalogue& catalogue,
                              const v1::InformationSystem& system,
                              const ControlsById& controls,
                              absl::CivilDay as_of) {
  std::vector<v1::Gap> gaps;
  const v1::LevelDossier& dossier = system.dossier();
  if (dossier.status() != v1::DOSSIER_STATUS_APPROVED) {
    gaps.push_back(MakeGap(
        v1::Gap::KIND_APPROVAL, "", "level dossier approval",
        absl::StrCat("the dossier is ", DossierStatusName(dossier.status()))));
  } else if (catalogue.approval_valid_years() > 0) {
    auto decided = ParseIsoDate(dossier.decision_date());
    if (decided) {
      const absl::CivilDay expires(
          decided->year() + catalogue.approval_valid_years(), decided->month(),
          decided->day());
      if (expires <= as_of) {
        gaps.push_back(
            MakeGap(v1::Gap::KIND_APPROVAL, "", "level dossier approval",
                    absl::StrCat("the approval of ", dossier.decision_date(),
                                 " expired on ", FormatDay(expires))));
      }
    }
  }
  for (const v1::Control* control :
       catalogue.RequiredFor(system.security_level())) {
    auto it = controls.find(control->control_id());
    const v1::SystemControl* recorded =
        it == controls.end() ? nullptr : it->second;
    const v1::ControlState state =
        recorded ? recorded->state() : v1::CONTROL_STATE_UNSPECIFIED;
    if (state == v1::CONTROL_STATE_NOT_APPLICABLE) continue;
    if (state != v1::CONTROL_STATE_IMPLEMENTED) {
      gaps.push_back(MakeGap(v1::Gap::KIND_CONTROL, control->control_id(),
                             control->title(), StateName(state)));
      continue;
    }
    auto checked = ParseIsoDate(recorded->checked_at());
    if (!checked) {
      gaps.push_back(MakeGap(v1::Gap::KIND_EVIDENCE, control->control_id(),
                             control->title(), "implemented, never checked"));
    } else if (*checked + control->review_days() < as_of) {
      gaps.push_back(MakeGap(
          v1::Gap::KIND_EVIDENCE, control->control_id(), control->title(),
          absl::StrCat("evidence of ", recorded->checked_at(),
                       " is older than ", control->review_days(), " days")));
    }
  }
  return gaps;
}

}  // namespace dtr::security
