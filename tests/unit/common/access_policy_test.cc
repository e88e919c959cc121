// The access policy: its file's errors name the entry and field, and each
// kind of method is open to the roles its rule names, and to no one when
// it has no rule.
#include "common/access_policy.h"

#include "absl/strings/match.h"
#include "common/method_rules.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace dtr {
namespace {

std::shared_ptr<const AccessPolicy> Policy() {
  auto policy = AccessPolicy::Parse(R"({"callers": [
    {"identity": "portal", "roles": ["reader"]},
    {"identity": "dvc-d1", "roles": ["writer"], "units": ["HT-D01"]},
    {"identity": "report-service", "roles": ["report"]},
    {"identity": "ops", "roles": ["admin"]}]})");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *policy;
}

TEST(AccessPolicyTest, RolesOpenTheirKindsOfMethods) {
  auto policy = Policy();
  const char* query = "/dtr.stats.v1.StatsService/GetIndicators";
  const char* import = "/dtr.stats.v1.StatsService/ImportDossiers";
  EXPECT_TRUE(policy->Check({"portal"}, query).ok());
  EXPECT_TRUE(policy->Check({"report-service"}, query).ok());
  EXPECT_TRUE(policy->Check({"dvc-d1"}, import).ok());
  EXPECT_TRUE(policy->Check({"ops"}, import).ok());

  absl::Status reader_import = policy->Check({"portal"}, import);
  EXPECT_EQ(reader_import.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StrContains(reader_import.message(), "writer or admin"))
      << reader_import;
  EXPECT_TRUE(absl::StrContains(reader_import.message(), "'portal'"));
  EXPECT_EQ(policy->Check({"report-service"}, import).code(),
            absl::StatusCode::kPermissionDenied);

  absl::Status stranger = policy->Check({"someone-else"}, query);
  EXPECT_EQ(stranger.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StrContains(stranger.message(), "not in the access"));
  EXPECT_EQ(policy->Check({}, query).code(),
            absl::StatusCode::kUnauthenticated);
  // Health checks need no identity; an unknown method is refused to all.
  EXPECT_TRUE(policy->Check({}, "/grpc.health.v1.Health/Check").ok());
  absl::Status unknown =
      policy->Check({"ops"}, "/dtr.stats.v1.StatsService/DropEverything");
  EXPECT_EQ(unknown.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StrContains(unknown.message(), "no access rule"));
  // Any of the certificate's names may be the one the policy knows.
  EXPECT_TRUE(policy->Check({"portal.example", "portal"}, query).ok());
  ASSERT_NE(policy->Find({"dvc-d1"}), nullptr);
  EXPECT_EQ(policy->Find({"dvc-d1"})->units,
            std::vector<std::string>{"HT-D01"});
}

TEST(AccessPolicyTest, FileErrorsNameTheEntryAndField) {
  const std::pair<const char*, const char*> cases[] = {
      {"[]", "not a JSON object"},
      {"{}", "callers: missing"},
      {R"({"callers": [{"roles": ["reader"]}]})", "callers[0].identity"},
      {R"({"callers": [{"identity": "a", "roles": ["reader"]},
                       {"identity": "b", "roles": ["superuser"]}]})",
       "callers[1].roles: unknown role \"superuser\""},
      {R"({"callers": [{"identity": "a", "roles": []}]})",
       "callers[0].roles: missing or empty"},
      {R"({"callers": [{"identity": "a", "roles": ["writer"]}]})",
       "callers[0].units: a writer needs"},
      {R"({"callers": [{"identity": "a", "roles": ["reader", "signer"]}]})",
       "callers[0].units: a signer needs"},
      {R"({"callers": [{"identity": "a", "roles": ["issuer"]}]})",
       "callers[0].units: an issuer needs"},
      {R"({"callers": [{"identity": "a", "roles": ["reader"]},
                       {"identity": "a", "roles": ["admin"]}]})",
       "callers[1].identity: 'a' is listed twice"},
  };
  for (const auto& [text, expected] : cases) {
    auto policy = AccessPolicy::Parse(text);
    ASSERT_FALSE(policy.ok()) << text;
    EXPECT_TRUE(absl::StrContains(policy.status().message(), expected))
        << policy.status() << " (expected " << expected << ")";
  }
}

TEST(MethodRulesTest, EveryMethodOfEveryServiceHasARule) {
  int methods = 0;
  for (const char* name : {stats::v1::StatsService::service_full_name(),
                           security::v1::SecurityService::service_full_name(),
                           workforce::v1::WorkforceService::service_full_name(),
                           report::v1::ReportService::service_full_name()}) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string path =
          "/" + service->full_name() + "/" + service->method(i)->name();
      EXPECT_NE(RuleFor(path), nullptr) << path << " has no access rule";
      ++methods;
    }
  }
  EXPECT_GT(methods, 50);
}

}  // namespace
}  // namespace dtr
