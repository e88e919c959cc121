// How an import ends: invalid rows refuse it with INVALID_ARGUMENT (or are
// skipped when asked), a row out of the caller's reach refuses it with
// PERMISSION_DENIED even when invalid rows may be skipped.
#include "common/import_ledger.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace dtr {
namespace {

TEST(ImportLedgerTest, AnInvalidRowRefusesTheImportUnlessSkipped) {
  ImportLedger ledger;
  ledger.NextRow();
  ledger.NextRow();
  ledger.Reject("D2", "status", "unknown status 'x'");
  EXPECT_TRUE(ledger.Refused());
  EXPECT_FALSE(ledger.ShouldWrite());
  common::v1::RowErrors errors;
  absl::Status refusal = ledger.Refusal(&errors);
  EXPECT_EQ(refusal.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(refusal.message(), "row 2: status"));

  ImportLedger skipping;
  common::v1::ImportOptions options;
  options.set_skip_invalid(true);
  skipping.SetOptions(options);
  skipping.NextRow();
  skipping.Reject("D1", "status", "unknown status 'x'");
  EXPECT_FALSE(skipping.Refused());
  EXPECT_TRUE(skipping.ShouldWrite());
}

TEST(ImportLedgerTest, ARowOutOfReachRefusesEvenWhenSkipping) {
  ImportLedger ledger;
  common::v1::ImportOptions options;
  options.set_skip_invalid(true);
  ledger.SetOptions(options);
  ledger.NextRow();
  ledger.Reject("D1", "status", "unknown status 'x'");
  ledger.NextRow();
  ledger.Deny("D2", "unit_code",
              "unit 'B' is outside the units caller 'w' "
              "may write (A)");
  EXPECT_TRUE(ledger.Refused());
  EXPECT_FALSE(ledger.ShouldWrite());
  common::v1::RowErrors errors;
  absl::Status refusal = ledger.Refusal(&errors);
  EXPECT_EQ(refusal.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StrContains(refusal.message(),
                                "row 2: unit_code: unit "
                                "'B' is outside"))
      << refusal;
  EXPECT_EQ(errors.errors_size(), 2);
}

}  // namespace
}  // namespace dtr
