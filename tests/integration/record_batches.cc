#include "tests/integration/record_batches.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"

namespace dtr::testing {

const char kSmallUnitTree[] =
    "code,name,level,parent_code,valid_from,valid_to\n"
    "P,Province,province,,,\n"
    "A,Agency,province,P,,\n"
    "D1,District 1,district,P,,\n"
    "C1,Commune 1,commune,D1,,\n";

std::string WriteSmallUnitTree(const std::string& dir) {
  const std::string path = dir + "/units.csv";
  std::ofstream(path) << kSmallUnitTree;
  return path;
}

stats::v1::BatchUpsertDossiersRequest DossierBatch(int k, int size,
                                                   const std::string& prefix) {
  stats::v1::BatchUpsertDossiersRequest request;
  // A batch's dossiers share a day: the day counters of one batch are
  // written together with its rows, or not at all.
  const absl::CivilDay day = absl::CivilDay(2023, 1, 1) + k % 300;
  for (int i = 0; i < size; ++i) {
    stats::v1::Dossier* d = request.add_dossiers();
    d->set_dossier_id(absl::StrCat(prefix, k, "-", i));
    d->set_unit_code(i % 2 == 0 ? "C1" : "A");
    d->set_procedure_code("1.000001");
    d->set_received_at(
        absl::StrCat(absl::FormatCivilTime(day), "T09:30:00+07:00"));
    d->set_service_level(i % 3 == 0 ? stats::v1::SERVICE_LEVEL_FULL
                                    : stats::v1::SERVICE_LEVEL_PARTIAL);
    d->set_channel(i % 2 == 0 ? stats::v1::CHANNEL_ONLINE
                              : stats::v1::CHANNEL_DIRECT);
    d->set_status(stats::v1::DOSSIER_STATUS_PENDING);
  }
  return request;
}

workforce::v1::BatchUpsertStaffRequest StaffBatch(int k, int size) {
  workforce::v1::BatchUpsertStaffRequest request;
  for (int i = 0; i < size; ++i) {
    workforce::v1::Staff* s = request.add_staff();
    const int n = k * size + i;
    s->set_staff_id(absl::StrCat("NS-", k, "-", i));
    s->set_full_name(absl::StrCat("Người Thử ", n));
    // 000: the province code reserved for synthetic records.
    s->set_national_id(absl::StrCat("000", 190, 100000 + n));
    s->set_unit_code(i % 2 == 0 ? "C1" : "A");
    s->set_position("it_officer");
    s->set_role(workforce::v1::ROLE_DEDICATED);
    s->set_qualification(workforce::v1::QUALIFICATION_BACHELOR);
    s->set_field(workforce::v1::FIELD_IT);
    s->set_start_date("2020-02-01");
  }
  return request;
}

std::shared_ptr<grpc::Channel> PlainChannel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

std::chrono::system_clock::time_point SecondsFromNow(int seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

int64_t CountDossiers(const std::string& address, const std::string& from,
                      const std::string& to, grpc::Status* status) {
  auto stub = stats::v1::StatsService::NewStub(PlainChannel(address));
  stats::v1::GetIndicatorsRequest request;
  request.set_unit_code("P");
  request.mutable_range()->set_start_date(from);
  request.mutable_range()->set_end_date(to);
  stats::v1::GetIndicatorsResponse response;
  grpc::ClientContext context;
  context.set_deadline(SecondsFromNow(20));
  grpc::Status s = stub->GetIndicators(&context, request, &response);
  if (status != nullptr) {
    *status = s;
  } else {
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  return response.total().dossiers_received();
}

int64_t CountStaff(const std::string& address, grpc::Status* status) {
  auto stub = workforce::v1::WorkforceService::NewStub(PlainChannel(address));
  workforce::v1::GetWorkforceSummaryRequest request;
  request.set_unit_code("P");
  request.mutable_range()->set_start_date("2023-01-01");
  request.mutable_range()->set_end_date("2023-12-31");
  workforce::v1::GetWorkforceSummaryResponse response;
  grpc::ClientContext context;
  context.set_deadline(SecondsFromNow(20));
  grpc::Status s = stub->GetWorkforceSummary(&context, request, &response);
  if (status != nullptr) {
    *status = s;
  } else {
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  return response.total().staff();
}

}  // namespace dtr::testing
