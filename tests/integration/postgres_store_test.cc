// The stats service on PostgreSQL, each test with a server of its own:
// replicas sharing one database behind one Redis, the database going away
// and coming back under a running service (and under load), and the
// database turning read-only.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
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
  // is in the writer's very next answer, and in the reader's within a
  // second (the most a replica's own memory may lag behind).
  std::vector<Dossier> moved = {NthDossier(0), NthDossier(1)};
  for (Dossier& d : moved) d.set_received_at("2024-02-01");
  ASSERT_TRUE(Upsert(writer.get(), moved).ok());
  const absl::Time acknowledged = absl::Now();
  GetIndicatorsResponse after;
  ASSERT_TRUE(
      Indicators(writer.get(), "2023-01-01", "2023-12-31", &after).ok());
  EXPECT_EQ(after.total().dossiers_received(), kDossiers - 2);
  for (;;) {
    ASSERT_TRUE(
        Indicators(reader.get(), "2023-01-01", "2023-12-31", &after).ok());
    if (after.total().dossiers_received() == kDossiers - 2 ||
        absl::Now() - acknowledged > absl::Seconds(3)) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(after.total().dossiers_received(), kDossiers - 2);
  EXPECT_LE(absl::Now() - acknowledged, absl::Seconds(1));
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

// Under load — two readers, a writer — the database restarts: calls fail
// within their deadline while it is gone, succeed again without restarting
// the service, and every write it acknowledged is kept.
TEST_F(PostgresStoreTest, ARestartUnderLoadFailsCallsInTimeThenRecovers) {
  StatsServer server(units_, redis_->address(), db_url_);
  auto stub = StubFor(server);
  constexpr auto kDeadline = std::chrono::seconds(5);
  std::atomic<bool> stop{false};
  std::atomic<int64_t> calls{0}, failed{0}, late{0}, acked_rows{0};
  absl::Mutex mu;
  std::map<int, int64_t> codes;  // failures by code
  // When the service served again; failures of calls started after it.
  std::atomic<int64_t> recovered_at_ns{INT64_MAX}, failed_after_recovery{0};
  auto account = [&](const grpc::Status& s, absl::Time start) {
    const absl::Duration took = absl::Now() - start;
    ++calls;
    if (s.ok()) return;
    ++failed;
    if (took > absl::Seconds(6)) ++late;
    if (absl::ToUnixNanos(start) > recovered_at_ns) ++failed_after_recovery;
    absl::MutexLock lock(&mu);
    ++codes[s.error_code()];
  };
  std::vector<std::thread> load;
  for (int reader = 0; reader < 2; ++reader) {
    load.emplace_back([&, reader] {
      // Ranges no one asked before, so that the store answers them.
      for (int i = 0; !stop; ++i) {
        const absl::Time start = absl::Now();
        GetIndicatorsResponse response;
        grpc::Status s =
            Indicators(stub.get(), "2023-01-01",
                       FormatDay(absl::CivilDay(2024, 1, 1) + (i * 2 + reader)),
                       &response, kDeadline);
        account(s, start);
      }
    });
  }
  load.emplace_back([&] {
    for (int k = 0; !stop; ++k) {
      std::vector<Dossier> batch;
      for (int i = 0; i < 20; ++i) batch.push_back(NthDossier(k * 20 + i));
      const absl::Time start = absl::Now();
      grpc::Status s = Upsert(stub.get(), batch, kDeadline);
      account(s, start);
      if (s.ok()) acked_rows += 20;
      absl::SleepFor(absl::Milliseconds(20));
    }
  });
  absl::SleepFor(absl::Seconds(1));
  postgres_->Halt();
  absl::SleepFor(absl::Seconds(2));
  const int64_t failed_while_gone = failed;
  postgres_->Resume();
  const absl::Time resumed = absl::Now();
  EXPECT_TRUE(Eventually([&] {
    GetIndicatorsResponse response;
    return Indicators(stub.get(), "2023-01-01", "2025-06-01", &response).ok();
  }));
  const absl::Duration recovery = absl::Now() - resumed;
  recovered_at_ns = absl::ToUnixNanos(absl::Now());
  absl::SleepFor(absl::Seconds(1));
  stop = true;
  for (std::thread& t : load) t.join();

  EXPECT_GT(failed_while_gone, 0);
  EXPECT_EQ(late, 0) << "a call failed only after its deadline";
  {
    absl::MutexLock lock(&mu);
    for (const auto& [code, n] : codes) {
      EXPECT_TRUE(code == grpc::StatusCode::UNAVAILABLE ||
                  code == grpc::StatusCode::DEADLINE_EXCEEDED)
          << n << " calls failed with code " << code;
    }
  }
  // Back: the calls started after the recovery all succeeded.
  EXPECT_EQ(failed_after_recovery, 0);
  GetIndicatorsResponse all;
  ASSERT_TRUE(Indicators(stub.get(), "2023-01-01", "2025-12-31", &all).ok());
  // Every acknowledged write is there (a write whose answer was lost may
  // be there too).
  EXPECT_GE(all.total().dossiers_received(), acked_rows.load());
  EXPECT_EQ(server.process().Wait(absl::ZeroDuration()), -1);
  std::printf(
      "PostgreSQL stopped for 2 s under load: %lld calls, %lld failed, all "
      "UNAVAILABLE or DEADLINE_EXCEEDED within their 5 s deadline; served "
      "again %.1f s after it restarted, without restarting the service; "
      "%lld acknowledged records, %lld counted\n",
      static_cast<long long>(calls.load()),
      static_cast<long long>(failed.load()), absl::ToDoubleSeconds(recovery),
      static_cast<long long>(acked_rows.load()),
      static_cast<long long>(all.total().dossiers_received()));
}

// The database turns read-only (a standby, a database put in maintenance):
// writes fail with a clear error, reads go on, and writes succeed again
// once it is writable.
TEST_F(PostgresStoreTest, AReadOnlyDatabaseRefusesWritesAndAnswersReads) {
  StatsServer server(units_, redis_->address(), db_url_);
  auto stub = StubFor(server);
  ASSERT_TRUE(Upsert(stub.get(), {NthDossier(0), NthDossier(1)}).ok());
  auto sql = [&](const std::string& statement) {
    CommandResult r =
        RunCommand({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                    postgres_->DatabaseUrl("postgres"), "-c", statement});
    ASSERT_EQ(r.exit_code, 0) << statement << ": " << r.err;
  };
  sql("ALTER SYSTEM SET default_transaction_read_only = on");
  sql("SELECT pg_reload_conf()");
  grpc::Status write;
  // The reload reaches every session within moments; writes that came
  // before it were accepted and count. Each try writes a new dossier, so
  // the refused one is known to be absent.
  int written = 2;
  EXPECT_TRUE(Eventually([&] {
    write = Upsert(stub.get(), {NthDossier(written)});
    if (write.ok()) ++written;
    return !write.ok();
  }));
  EXPECT_TRUE(absl::StrContains(write.error_message(), "read-only"))
      << write.error_code() << " " << write.error_message();
  GetIndicatorsResponse read;
  grpc::Status s = Indicators(stub.get(), "2023-01-01", "2024-07-01", &read);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(read.total().dossiers_received(), written);

  sql("ALTER SYSTEM RESET default_transaction_read_only");
  sql("SELECT pg_reload_conf()");
  EXPECT_TRUE(Eventually(
      [&] { return Upsert(stub.get(), {NthDossier(written)}).ok(); }));
  ASSERT_TRUE(Indicators(stub.get(), "2023-01-01", "2024-07-02", &read).ok());
  EXPECT_EQ(read.total().dossiers_received(), written + 1);
  std::printf(
      "database read-only: the write refused (%s), reads answered; writable "
      "again: the write accepted\n",
      write.error_message().c_str());
}

// Connections left idle in the pool while the database restarted are all
// dead: the first call after it is back must not fail for them.
TEST_F(PostgresStoreTest, TheFirstCallAfterARestartFindsALiveConnection) {
  StatsServer server(units_, "", db_url_, {"--db-connections=4"});
  auto stub = StubFor(server);
  ASSERT_TRUE(Upsert(stub.get(), {NthDossier(0)}).ok());
  // Four queries at once leave four connections idle in the pool.
  std::vector<std::thread> queries;
  for (int i = 0; i < 8; ++i) {
    queries.emplace_back([&, i] {
      GetIndicatorsResponse response;
      EXPECT_TRUE(Indicators(stub.get(), "2023-01-01",
                             FormatDay(absl::CivilDay(2024, 1, 1) + i),
                             &response)
                      .ok());
    });
  }
  for (std::thread& t : queries) t.join();
  postgres_->Halt();
  postgres_->Resume();
  absl::SleepFor(absl::Milliseconds(500));
  GetIndicatorsResponse response;
  grpc::Status first =
      Indicators(stub.get(), "2023-01-01", "2024-02-01", &response);
  EXPECT_TRUE(first.ok()) << first.error_message();
  EXPECT_EQ(response.total().dossiers_received(), 1);
  grpc::Status write = Upsert(stub.get(), {NthDossier(1)});
  EXPECT_TRUE(write.ok()) << write.error_message();
}

}  // namespace
}  // namespace dtr::testing
