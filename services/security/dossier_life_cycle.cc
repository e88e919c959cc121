#include "services/security/dossier_life_cycle.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "services/security/security_names.h"

namespace dtr::security {
namespace {

using v1::DossierStatus;

absl::Status NotFrom(const v1::LevelDossier& dossier, absl::string_view step,
                     absl::string_view why) {
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", step, " a dossier that is ",
                   DossierStatusName(dossier.status()), ": ", why));
}

absl::Status CheckDecision(const std::string& decision_no,
                           const std::string& decision_date,
                           const std::string& approved_by) {
  if (decision_no.empty()) {
    return absl::FailedPreconditionError(
        "decision_no: an approval needs the number of its decision");
  }
  if (!ParseIsoDate(decision_date)) {
    return absl::FailedPreconditionError(
        "decision_date: an approval needs the day of its decision, "
        "YYYY-MM-DD");
  }
  if (approved_by.empty()) {
    return absl::FailedPreconditionError(
        "approved_by: an approval needs the body that approved it");
  }
  return absl::OkStatus();
}

// A new draft: nothing of an earlier decision or revocation holds.
void StartDraft(v1::LevelDossier* d) {
  d->Clear();
  d->set_status(v1::DOSSIER_STATUS_DRAFTED);
}

}  // namespace

absl::Status DraftDossier(v1::LevelDossier* d) {
  switch (d->status()) {
    case v1::DOSSIER_STATUS_NONE:
    case v1::DOSSIER_STATUS_SUBMITTED:  // returned for corrections
    case v1::DOSSIER_STATUS_REVOKED:
      break;
    case v1::DOSSIER_STATUS_DRAFTED:
      return NotFrom(*d, "draft", "it is being drafted already");
    case v1::DOSSIER_STATUS_APPROVED:
      return NotFrom(*d, "draft",
                     "an approval is only reopened by a new security level");
    default:
      return NotFrom(*d, "draft", "its status is unknown");
  }
  StartDraft(d);
  return absl::OkStatus();
}

absl::Status SubmitDossier(v1::LevelDossier* d) {
  if (d->status() != v1::DOSSIER_STATUS_DRAFTED) {
    return NotFrom(*d, "submit", "only a drafted dossier is submitted");
  }
  d->set_status(v1::DOSSIER_STATUS_SUBMITTED);
  return absl::OkStatus();
}

absl::Status ApproveDossier(v1::LevelDossier* d, const std::string& decision_no,
                            const std::string& decision_date,
                            const std::string& approved_by) {
  if (d->status() != v1::DOSSIER_STATUS_SUBMITTED) {
    return NotFrom(*d, "approve",
                   "a dossier is approved only after it was submitted");
  }
  if (absl::Status s = CheckDecision(decision_no, decision_date, approved_by);
      !s.ok()) {
    return s;
  }
  d->set_status(v1::DOSSIER_STATUS_APPROVED);
  d->set_decision_no(decision_no);
  d->set_decision_date(decision_date);
  d->set_approved_by(approved_by);
  d->clear_revoked_reason();
  return absl::OkStatus();
}

absl::Status RevokeDossier(v1::LevelDossier* d, const std::string& reason) {
  if (d->status() != v1::DOSSIER_STATUS_APPROVED) {
    return NotFrom(*d, "revoke", "only an approval can be revoked");
  }
  if (reason.empty()) {
    return absl::FailedPreconditionError(
        "reason: a revocation needs its reason");
  }
  d->set_status(v1::DOSSIER_STATUS_REVOKED);
  d->set_revoked_reason(reason);
  return absl::OkStatus();
}

void OnSecurityLevelChange(v1::LevelDossier* d) {
  // An approval, or a submission under appraisal, was for the old level.
  if (d->status() == v1::DOSSIER_STATUS_APPROVED ||
      d->status() == v1::DOSSIER_STATUS_SUBMITTED) {
    StartDraft(d);
  }
}

absl::Status CheckInitialDossier(const v1::LevelDossier& d) {
  switch (d.status()) {
    case v1::DOSSIER_STATUS_NONE:
    case v1::DOSSIER_STATUS_DRAFTED:
    case v1::DOSSIER_STATUS_SUBMITTED:
      return absl::OkStatus();
    case v1::DOSSIER_STATUS_APPROVED:
      return CheckDecision(d.decision_no(), d.decision_date(), d.approved_by());
    case v1::DOSSIER_STATUS_REVOKED:
      if (d.revoked_reason().empty()) {
        return absl::FailedPreconditionError(
            "reason: a revoked dossier needs the reason of its revocation");
      }
      return absl::OkStatus();
    default:
      return absl::FailedPreconditionError(
          "dossier_status: expected none, drafted, submitted, approved or "
          "revoked");
  }
}

absl::Status MoveDossierTo(v1::LevelDossier* d,
                           const v1::LevelDossier& target) {
  if (target.status() == d->status()) {
    // The same status; an approval's details may be corrected.
    if (d->status() == v1::DOSSIER_STATUS_APPROVED) {
      if (absl::Status s =
              CheckDecision(target.decision_no(), target.decision_date(),
                            target.approved_by());
          !s.ok()) {
        return s;
      }
      d->set_decision_no(target.decision_no());
      d->set_decision_date(target.decision_date());
      d->set_approved_by(target.approved_by());
    }
    return absl::OkStatus();
  }
  v1::LevelDossier next = *d;
  absl::Status s;
  switch (target.status()) {
    case v1::DOSSIER_STATUS_DRAFTED:
      s = DraftDossier(&next);
      break;
    case v1::DOSSIER_STATUS_SUBMITTED:
      s = SubmitDossier(&next);
      break;
    case v1::DOSSIER_STATUS_APPROVED:
      s = ApproveDossier(&next, target.decision_no(), target.decision_date(),
                         target.approved_by());
      break;
    case v1::DOSSIER_STATUS_REVOKED:
      s = RevokeDossier(&next, target.revoked_reason());
      break;
    case v1::DOSSIER_STATUS_NONE:
      s = NotFrom(*d, "clear", "a dossier never goes back to none");
      break;
    default:
      s = absl::FailedPreconditionError(
          "dossier_status: expected none, drafted, submitted, approved or "
          "revoked");
  }
  if (s.ok()) *d = std::move(next);
  return s;
}

}  // namespace dtr::security
