#include "services/security/dossier_life_cycle.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/security/security_names.h"

namespace dtr::security {
namespace {

using v1::DossierStatus;
using v1::LevelDossier;

LevelDossier At(DossierStatus status) {
  LevelDossier d;
  d.set_status(status);
  if (status == v1::DOSSIER_STATUS_APPROVED) {
    d.set_decision_no("12/QĐ-UBND");
    d.set_decision_date("2023-03-15");
    d.set_approved_by("UBND tỉnh");
  }
  if (status == v1::DOSSIER_STATUS_REVOKED) d.set_revoked_reason("audit");
  return d;
}

absl::Status Step(DossierStatus to, LevelDossier* d) {
  switch (to) {
    case v1::DOSSIER_STATUS_DRAFTED:
      return DraftDossier(d);
    case v1::DOSSIER_STATUS_SUBMITTED:
      return SubmitDossier(d);
    case v1::DOSSIER_STATUS_APPROVED:
      return ApproveDossier(d, "12/QĐ-UBND", "2023-03-15", "UBND tỉnh");
    case v1::DOSSIER_STATUS_REVOKED:
      return RevokeDossier(d, "audit");
    default:
      return absl::InternalError("no such step");
  }
}

constexpr DossierStatus kAll[] = {
    v1::DOSSIER_STATUS_NONE, v1::DOSSIER_STATUS_DRAFTED,
    v1::DOSSIER_STATUS_SUBMITTED, v1::DOSSIER_STATUS_APPROVED,
    v1::DOSSIER_STATUS_REVOKED};

bool Allowed(DossierStatus from, DossierStatus to) {
  switch (to) {
    case v1::DOSSIER_STATUS_DRAFTED:
      return from == v1::DOSSIER_STATUS_NONE ||
             from == v1::DOSSIER_STATUS_SUBMITTED ||
             from == v1::DOSSIER_STATUS_REVOKED;
    case v1::DOSSIER_STATUS_SUBMITTED:
      return from == v1::DOSSIER_STATUS_DRAFTED;
    case v1::DOSSIER_STATUS_APPROVED:
      return from == v1::DOSSIER_STATUS_SUBMITTED;
    case v1::DOSSIER_STATUS_REVOKED:
      return from == v1::DOSSIER_STATUS_APPROVED;
    default:
      return false;
  }
}

// Every pair of states: the allowed steps succeed, every other one fails
// with FAILED_PRECONDITION and leaves the dossier as it was.
TEST(DossierLifeCycleTest, EveryStepIsAllowedOrRefusedUnchanged) {
  for (DossierStatus from : kAll) {
    for (DossierStatus to :
         {v1::DOSSIER_STATUS_DRAFTED, v1::DOSSIER_STATUS_SUBMITTED,
          v1::DOSSIER_STATUS_APPROVED, v1::DOSSIER_STATUS_REVOKED}) {
      SCOPED_TRACE(
          absl::StrCat(DossierStatusName(from), " → ", DossierStatusName(to)));
      LevelDossier d = At(from);
      const LevelDossier before = d;
      absl::Status s = Step(to, &d);
      if (Allowed(from, to)) {
        EXPECT_TRUE(s.ok()) << s;
        EXPECT_EQ(d.status(), to);
      } else {
        EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_FALSE(s.message().empty());
        EXPECT_EQ(d.SerializeAsString(), before.SerializeAsString());
      }
    }
  }
}

TEST(DossierLifeCycleTest, ApprovingANeverSubmittedDossierSaysWhy) {
  LevelDossier d = At(v1::DOSSIER_STATUS_DRAFTED);
  absl::Status s = ApproveDossier(&d, "1/QĐ", "2023-01-01", "UBND");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("only after it was submitted"), std::string::npos)
      << s;
}

TEST(DossierLifeCycleTest, AnApprovalNeedsItsDecision) {
  for (const auto& [no, date, by, field] :
       {std::tuple{"", "2023-03-15", "UBND", "decision_no"},
        std::tuple{"12/QĐ", "15/03/2023", "UBND", "decision_date"},
        std::tuple{"12/QĐ", "2023-03-15", "", "approved_by"}}) {
    LevelDossier d = At(v1::DOSSIER_STATUS_SUBMITTED);
    absl::Status s = ApproveDossier(&d, no, date, by);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(absl::StartsWith(s.message(), field)) << s;
    EXPECT_EQ(d.status(), v1::DOSSIER_STATUS_SUBMITTED);
  }
  LevelDossier approved = At(v1::DOSSIER_STATUS_APPROVED);
  EXPECT_FALSE(RevokeDossier(&approved, "").ok());
  EXPECT_EQ(approved.status(), v1::DOSSIER_STATUS_APPROVED);
}

TEST(DossierLifeCycleTest, ANewSecurityLevelNeedsANewApproval) {
  LevelDossier d = At(v1::DOSSIER_STATUS_APPROVED);
  OnSecurityLevelChange(&d);
  EXPECT_EQ(d.status(), v1::DOSSIER_STATUS_DRAFTED);
  EXPECT_TRUE(d.decision_no().empty());  // the old decision is gone
  LevelDossier submitted = At(v1::DOSSIER_STATUS_SUBMITTED);
  OnSecurityLevelChange(&submitted);
  EXPECT_EQ(submitted.status(), v1::DOSSIER_STATUS_DRAFTED);
  LevelDossier none = At(v1::DOSSIER_STATUS_NONE);
  OnSecurityLevelChange(&none);
  EXPECT_EQ(none.status(), v1::DOSSIER_STATUS_NONE);
  LevelDossier revoked = At(v1::DOSSIER_STATUS_REVOKED);
  ASSERT_TRUE(DraftDossier(&revoked).ok());
  EXPECT_TRUE(revoked.revoked_reason().empty());
}

TEST(DossierLifeCycleTest, ImportsMoveOneStepAtATime) {
  LevelDossier d = At(v1::DOSSIER_STATUS_DRAFTED);
  EXPECT_EQ(MoveDossierTo(&d, At(v1::DOSSIER_STATUS_APPROVED)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MoveDossierTo(&d, At(v1::DOSSIER_STATUS_SUBMITTED)).ok());
  EXPECT_TRUE(MoveDossierTo(&d, At(v1::DOSSIER_STATUS_APPROVED)).ok());
  EXPECT_EQ(d.decision_no(), "12/QĐ-UBND");
  // The same status again is no step; an approval's details may be
  // corrected.
  LevelDossier corrected = At(v1::DOSSIER_STATUS_APPROVED);
  corrected.set_decision_no("13/QĐ-UBND");
  EXPECT_TRUE(MoveDossierTo(&d, corrected).ok());
  EXPECT_EQ(d.decision_no(), "13/QĐ-UBND");
  EXPECT_FALSE(MoveDossierTo(&d, At(v1::DOSSIER_STATUS_NONE)).ok());
}

TEST(DossierLifeCycleTest, NewSystemsStartInAnyCompleteState) {
  for (DossierStatus status : kAll) {
    EXPECT_TRUE(CheckInitialDossier(At(status)).ok()) << status;
  }
  LevelDossier bare;
  bare.set_status(v1::DOSSIER_STATUS_APPROVED);
  EXPECT_FALSE(CheckInitialDossier(bare).ok());
}

}  // namespace
}  // namespace dtr::security
