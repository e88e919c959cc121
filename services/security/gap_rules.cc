#include "services/security/gap_rules.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/vietnamese_format.h"
#include "services/security/dossier_life_cycle.h"

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

// A finding is written in Vietnamese, as the control catalogue's titles
// are: a line of `dtctl security gaps` is one language, and it reads as the
// officials who close the gap write.
constexpr char kApprovalTitle[] = "Phê duyệt hồ sơ đề xuất cấp độ";

const char* StateFinding(v1::ControlState state) {
  switch (state) {
    case v1::CONTROL_STATE_PARTIAL:
      return "mới triển khai một phần";
    case v1::CONTROL_STATE_MISSING:
      return "chưa triển khai";
    default:
      return "chưa ghi nhận tình trạng triển khai";
  }
}

const char* DossierFinding(v1::DossierStatus status) {
  switch (status) {
    case v1::DOSSIER_STATUS_NONE:
      return "chưa lập hồ sơ đề xuất cấp độ";
    case v1::DOSSIER_STATUS_DRAFTED:
      return "hồ sơ đang được xây dựng, chưa trình phê duyệt";
    case v1::DOSSIER_STATUS_SUBMITTED:
      return "hồ sơ đã trình, chưa được phê duyệt";
    case v1::DOSSIER_STATUS_REVOKED:
      return "quyết định phê duyệt đã bị thu hồi";
    default:
      return "chưa ghi nhận tình trạng hồ sơ";
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
    gaps.push_back(MakeGap(v1::Gap::KIND_APPROVAL, "", kApprovalTitle,
                           DossierFinding(dossier.status())));
  } else if (catalogue.approval_valid_years() > 0) {
    auto decided = ParseIsoDate(dossier.decision_date());
    if (decided) {
      const absl::CivilDay expires(
          decided->year() + catalogue.approval_valid_years(), decided->month(),
          decided->day());
      if (expires <= as_of) {
        gaps.push_back(MakeGap(
            v1::Gap::KIND_APPROVAL, "", kApprovalTitle,
            absl::StrCat("phê duyệt ngày ", VnShortDate(*decided),
                         " đã hết hiệu lực từ ngày ", VnShortDate(expires))));
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
                             control->title(), StateFinding(state)));
      continue;
    }
    auto checked = ParseIsoDate(recorded->checked_at());
    if (!checked) {
      gaps.push_back(MakeGap(v1::Gap::KIND_EVIDENCE, control->control_id(),
                             control->title(),
                             "đã triển khai, chưa có ngày kiểm tra"));
    } else if (*checked + control->review_days() < as_of) {
      gaps.push_back(MakeGap(
          v1::Gap::KIND_EVIDENCE, control->control_id(), control->title(),
          absl::StrCat("kiểm tra lần cuối ngày ", VnShortDate(*checked),
                       ", quá thời hạn rà soát ", control->review_days(),
                       " ngày")));
    }
  }
  return gaps;
}

}  // namespace dtr::security
