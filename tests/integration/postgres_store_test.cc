// The stats service on PostgreSQL, each test with a server of its own:
// replicas sharing one database behind one Redis, and the database going
// away and coming back under a running service.
#include <chrono>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using stats::v1::Dossier;
using stats::v1::GetIndicatorsResponse;

constexpr char kUnits[] =
    "code,name,level,parent_code,valid_from,valid_to\n"
    "P,Province,province,,,\n"
    "A,Agency,province,P,,\n"
    "D1,District 1,district,P,,\n"
    "C1,Commune 1,commune,D1,,\n"
    "C2,Commune 2,commune,D1,,\n";

// Dossier `i` of a varied set: every unit, level, channel, status and month
// of 2023 occur.
Dossier NthDossier(int i) {
  static const char* const kUnitCodes[] = {"A", "D1", "C1", "C2"};
  Dossier d;
  d.set_dossier_id(absl::StrCat("R", i));
  d.set_unit_code(kUnitCodes[i % 4]);
  d.set_procedure_code(absl::StrCat("1.", 100 + i % 7));
  d.set_received_at(absl::StrFormat("2023-%02d-%02d", 1 + i % 12, 1 + i % 28));
  d.set_service_level(i % 3 == 0 ? stats::v1::SERVICE_LEVEL_PARTIAL
                                 : stats::v1::SERVICE_LEVEL_FULL);
  d.set_channel(i % 5 < 3 ? stats::v1::CHANNEL_ONLINE
                          : stats::v1::CHANNEL_DIRECT);
  d.set_status(i % 4 == 0 ? stats::v1::DOSSIER_STATUS_PENDING
                          : stats::v1::DOSSIER_STATUS_DONE_ON_TIME);
  d.set_digitized(i % 2 == 0);
  return d;
}

std::unique_ptr<stats::v1::StatsService::Stub> StubFor(
    const ServiceProcess& server) {
  return stats::v1::StatsService::NewStub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
}

grpc::Status Upsert(stats::v1::StatsService::Stub* stub,
                    const std::vector<Dossier>& dossiers,
                    std::chrono::seconds timeout = std::chrono::seconds(20)) {
  stats::v1::BatchUpsertDossiersRequest request;
  for (const Dossier& d : dossiers) *request.add_dossiers() = d;
  stats::v1::BatchUpsertDossiersResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  return stub->BatchUpsertDossiers(&context, request, &response);
}

grpc::Status Indicators(
    stats::v1::StatsService::Stub* stub, const std::string& from,
    const std::string& to, GetIndicatorsResponse* response,
    std::chrono::seconds timeout = std::chrono::seconds(20)) {
  stats::v1::GetIndicatorsRequest request;
  request.set_unit_code("P");
  request.mutable_range()->set_start_date(from);
  request.mutable_range()->set_end_date(to);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  return stub->GetIndicators(&context, request, response);
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    units_ = dir_ + "/units.csv";
    std::ofstream(units_) << kUnits;
    redis_ = std::make_unique<RedisServer>();
    postgres_ = std::make_unique<PostgresServer>();
    db_url_ = postgres_->DatabaseUrl("stats");
  }

  std::string dir_;
  std::string units_;
  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<PostgresServer> postgres_;
  std::string db_url_;
};

TEST_F(PostgresStoreTest, ReplicasOnOneDatabaseGiveTheSameAnswers) {
  // Both start at once on an empty database: one migrates, the other
  // finds the schema made.
  auto first = std::make_unique<ServiceProcess>(
      "stats-service", units_, redis_->address(), db_url_,
      std::vector<std::string>{}, ServiceProcess::Start::kNoWait);
  auto second = std::make_unique<ServiceProcess>(
      "stats-service", units_, redis_->address(), db_url_,
      std::vector<std::string>{}, ServiceProcess::Start::kNoWait);
  ASSERT_TRUE(first->AwaitServing());
  ASSERT_TRUE(second->AwaitServing());
  ASSERT_GT(first->grpc_port(), 0);
  ASSERT_GT(second->grpc_port(), 0);
  const std::string migrated_logs =
      first->process().StderrText() + second->process().StderrText();
  // Each migration (the service's schema, the audit table) applied once.
  for (const char* version : {"\"version\":1,", "\"version\":1000,"}) {
    size_t applied = 0;
    for (size_t at = migrated_logs.find(version); at != std::string::npos;
         at = migrated_logs.find(version, at + 1)) {
      ++applied;
    }
    EXPECT_EQ(applied, 1u) << version << "\n" << migrated_logs;
  }

  auto writer = StubFor(*first);
  auto reader = StubFor(*second);
  constexpr int kDossiers = 6000;
  int64_t online = 0;
  for (int start = 0; start < kDossiers; start += 500) {
    std::vector<Dossier> batch;
    for (int i = start; i < start + 500; ++i) {
      batch.push_back(NthDossier(i));
      if (batch.back().service_level() == stats::v1::SERVICE_LEVEL_FULL &&
          batch.back().channel() == stats::v1::CHANNEL_ONLINE) {
        ++online;
      }
    }
    grpc::Status s = Upsert(writer.get(), batch);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The other replica sees every acknowledged record, and both compute the
  // same figures, for the year and for each month.
  GetIndicatorsResponse year_from_reader, year_from_writer;
  ASSERT_TRUE(
      Indicators(reader.get(), "2023-01-01", "2023-12-31", &year_from_reader)
          .ok());
  ASSERT_TRUE(
      Indicators(writer.get(), "2023-01-01", "2023-12-31", &year_from_writer)
          .ok());
  EXPECT_EQ(year_from_reader.total().dossiers_received(), kDossiers);
  EXPECT_EQ(year_from_reader.total().full_process_online().numerator(), online);
  EXPECT_TRUE(MessageDifferencer::Equals(year_from_reader, year_from_writer));
  for (int month = 1; month <= 12; ++month) {
    const std::string from = absl::StrFormat("2023-%02d-01", month);
    const std::string to =
        FormatDay(absl::CivilDay(2023, month + 1, 1) - 1);  // its last day
    GetIndicatorsResponse a, b;
    ASSERT_TRUE(Indicators(reader.get(), from, to, &a).ok());
    ASSERT_TRUE(Indicators(writer.get(), from, to, &b).ok());
    EXPECT_EQ(a.total().dossiers_received(), kDossiers / 12) << from;
    EXPECT_TRUE(MessageDifferencer::Equals(a, b)) << from;
  }

  // The reader has the year cached now; a write through the other replica
  // is in its very next answer.
  std::vector<Dossier> moved = {NthDossier(0), NthDossier(1)};
  for (Dossier& d : moved) d.set_received_at("2024-02-01");
  ASSERT_TRUE(Upsert(writer.get(), moved).ok());
  GetIndicatorsResponse after;
  ASSERT_TRUE(
      Indicators(reader.get(), "2023-01-01", "2023-12-31", &after).ok());
  EXPECT_EQ(after.total().dossiers_received(), kDossiers - 2);
}

TEST_F(PostgresStoreTest, ADatabaseGoneFailsCallsThenComesBack) {
  StatsServer server(units_, redis_->address(), db_url_);
  auto stub = StubFor(server);
  std::vector<Dossier> batch;
  for (int i = 0; i < 100; ++i) batch.push_back(NthDossier(i));
  ASSERT_TRUE(Upsert(stub.get(), batch).ok());
  GetIndicatorsResponse before;
  ASSERT_TRUE(Indicators(stub.get(), "2023-01-01", "2023-12-31", &before).ok());
  ASSERT_EQ(before.total().dossiers_received(), 100);

  postgres_->Halt();
  // Queries the cache cannot answer and writes fail UNAVAILABLE, well
  // within their deadline; the service stays up.
  constexpr auto kDeadline = std::chrono::seconds(10);
  for (int day = 1; day <= 3; ++day) {
    const absl::Time start = absl::Now();
    GetIndicatorsResponse response;
    grpc::Status query =
        Indicators(stub.get(), "2023-01-01",
                   absl::StrFormat("2024-01-%02d", day), &response, kDeadline);
    EXPECT_EQ(query.error_code(), grpc::StatusCode::UNAVAILABLE)
        << query.error_message();
    EXPECT_LT(absl::Now() - start, absl::Seconds(8)) << query.error_message();
  }
  const absl::Time start = absl::Now();
  grpc::Status write = Upsert(stub.get(), {NthDossier(500)}, kDeadline);
  EXPECT_EQ(write.error_code(), grpc::StatusCode::UNAVAILABLE)
      << write.error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(8));
  // What was cached before stays served.
  GetIndicatorsResponse cached;
  EXPECT_TRUE(Indicators(stub.get(), "2023-01-01", "2023-12-31", &cached).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(before, cached));

  postgres_->Resume();
  // The same process, its pool reconnecting by itself.
  EXPECT_TRUE(Eventually([&] {
    GetIndicatorsResponse response;
    return Indicators(stub.get(), "2023-01-01", "2024-02-01", &response).ok();
  }));
  grpc::Status again = Upsert(stub.get(), {NthDossier(500)});
  EXPECT_TRUE(again.ok()) << again.error_message();
  GetIndicatorsResponse after;
  ASSERT_TRUE(Indicators(stub.get(), "2023-01-01", "2024-03-01", &after).ok());
  EXPECT_EQ(after.total().dossiers_received(), 101);
  EXPECT_EQ(server.process().Wait(absl::ZeroDuration()), -1)
      << "the service exited";
}

}  // namespace
}  // namespace dtr::testing
