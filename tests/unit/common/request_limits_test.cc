#include "common/request_limits.h"

#include <string>

#include "dtr/security/v1/security.pb.h"
#include "gtest/gtest.h"

namespace dtr {
namespace {

namespace sv1 = security::v1;

TEST(RequestLimitsTest, CountsTheRecordsOfEveryRepeatedMessageField) {
  sv1::ImportSystemsRequest request;
  request.add_systems();
  request.add_systems();
  request.mutable_context()->set_reason("one context is not a record");
  EXPECT_EQ(RecordsIn(request), 2);
  EXPECT_TRUE(CheckRecordCount(request).ok());
  while (RecordsIn(request) < kMaxRecordsPerMessage) request.add_systems();
  EXPECT_TRUE(CheckRecordCount(request).ok());
  request.add_systems();
  const absl::Status s = CheckRecordCount(request);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "systems: 10001 records in one message, at most 10000 (send them "
            "in several messages)");
}

TEST(RequestLimitsTest, ATextLongerThanTheLimitIsNamedWithItsRow) {
  sv1::ImportSystemsRequest request;
  request.add_systems()->set_name("Cổng Dịch vụ công");
  request.add_systems()->mutable_dossier()->set_approved_by(
      std::string(kMaxFieldBytes, 'a'));
  EXPECT_TRUE(CheckFieldLengths(request).ok());
  request.mutable_systems(1)->mutable_dossier()->set_approved_by(
      std::string(kMaxFieldBytes + 1, 'a'));
  const absl::Status s = CheckRequestLimits(request, 2001);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "systems[1].dossier.approved_by: is 2001 bytes long, at most 2000 "
            "(row 2002)");
}

TEST(RequestLimitsTest, FieldsOutsideTheRecordsHaveNoRow) {
  sv1::ImportSystemsRequest request;
  request.mutable_context()->set_reason(std::string(5000, 'r'));
  const absl::Status s = CheckFieldLengths(request);
  EXPECT_EQ(s.message(), "context.reason: is 5000 bytes long, at most 2000");
  sv1::SystemControl control;
  control.set_evidence(std::string(3000, 'e'));
  EXPECT_EQ(CheckFieldLengths(control).message(),
            "evidence: is 3000 bytes long, at most 2000");
}

}  // namespace
}  // namespace dtr
