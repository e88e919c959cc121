// Crash safety: a client sends numbered batches, each one call the service
// acknowledges; the service is killed (SIGKILL) at a random moment and
// started again on the same store. Exactly the batches the client saw
// acknowledged are stored — the one in flight entirely or not at all —
// none counts twice, each stored batch has exactly one audit event (and
// no batch that was not stored has one), and sending every batch again
// completes the import with the right totals.
//
// For the stats service (dossiers, whose figures are counters kept beside
// the rows) and the workforce service (staff), on SQLite and, as
// postgres.*, on PostgreSQL. $DTR_CRASH_TRIALS sets the trials per service
// (25 by default, as `make soak` runs them); $DTR_CRASH_SEED repeats a run.
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "dtr/common/v1/audit.grpc.pb.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/record_batches.h"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

constexpr int kBatches = 120;
constexpr int kBatchSize = 100;

// How one service takes numbered batches and counts what it stores.
class BatchTarget {
 public:
  virtual ~BatchTarget() = default;
  virtual std::string name() const = 0;
  virtual std::unique_ptr<ServiceProcess> Start(const std::string& units,
                                                const std::string& db) = 0;
  // Sends batch `k` (kBatchSize records, ids of its own) as one call.
  virtual grpc::Status Send(const std::string& address, int k,
                            common::v1::ImportSummary* summary) = 0;
  // The records the service's figures count now.
  virtual int64_t Stored(const std::string& address) = 0;
  // The method Send calls, as the audit names it.
  virtual std::string method() const = 0;
};

// The rows of each accepted audit event of `method`, in the audit's order.
std::vector<int64_t> AcceptedEvents(const std::string& address,
                                    const std::string& method) {
  auto stub = common::v1::AuditService::NewStub(PlainChannel(address));
  common::v1::ListAuditEventsRequest request;
  common::v1::ListAuditEventsResponse response;
  grpc::ClientContext context;
  context.set_deadline(SecondsFromNow(20));
  grpc::Status s = stub->ListAuditEvents(&context, request, &response);
  EXPECT_TRUE(s.ok()) << s.error_message();
  std::vector<int64_t> rows;
  for (const common::v1::AuditEvent& e : response.events()) {
    if (e.method() == method && e.outcome() == "accepted") {
      rows.push_back(e.rows());
    }
  }
  return rows;
}

class Dossiers : public BatchTarget {
 public:
  std::string name() const override { return "stats"; }
  std::unique_ptr<ServiceProcess> Start(const std::string& units,
                                        const std::string& db) override {
    return std::make_unique<StatsServer>(units, "", db);
  }
  grpc::Status Send(const std::string& address, int k,
                    common::v1::ImportSummary* summary) override {
    auto stub = stats::v1::StatsService::NewStub(PlainChannel(address));
    stats::v1::BatchUpsertDossiersResponse response;
    grpc::ClientContext context;
    context.set_deadline(SecondsFromNow(20));
    grpc::Status s = stub->BatchUpsertDossiers(
        &context, DossierBatch(k, kBatchSize), &response);
    *summary = response.summary();
    return s;
  }
  int64_t Stored(const std::string& address) override {
    return CountDossiers(address, "2023-01-01", "2023-12-31");
  }
  std::string method() const override {
    return "/dtr.stats.v1.StatsService/BatchUpsertDossiers";
  }
};

class Staff : public BatchTarget {
 public:
  std::string name() const override { return "workforce"; }
  std::unique_ptr<ServiceProcess> Start(const std::string& units,
                                        const std::string& db) override {
    return std::make_unique<WorkforceServer>(units, "", db);
  }
  grpc::Status Send(const std::string& address, int k,
                    common::v1::ImportSummary* summary) override {
    auto stub = workforce::v1::WorkforceService::NewStub(PlainChannel(address));
    workforce::v1::BatchUpsertStaffResponse response;
    grpc::ClientContext context;
    context.set_deadline(SecondsFromNow(20));
    grpc::Status s =
        stub->BatchUpsertStaff(&context, StaffBatch(k, kBatchSize), &response);
    *summary = response.summary();
    return s;
  }
  int64_t Stored(const std::string& address) override {
    return CountStaff(address);
  }
  std::string method() const override {
    return "/dtr.workforce.v1.WorkforceService/BatchUpsertStaff";
  }
};

class CrashSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    units_ = WriteSmallUnitTree(dir_);
    const char* trials = std::getenv("DTR_CRASH_TRIALS");
    trials_ = trials != nullptr ? std::atoi(trials) : 25;
    const char* seed = std::getenv("DTR_CRASH_SEED");
    seed_ = seed != nullptr
                ? std::strtoul(seed, nullptr, 10)
                : static_cast<unsigned>(absl::ToUnixMicros(absl::Now()));
    std::printf("crash trials: %d, seed %u (DTR_CRASH_SEED repeats it)\n",
                trials_, seed_);
  }

  // One trial on a store of its own.
  void Trial(BatchTarget& target, int trial, std::mt19937& rng) {
    SCOPED_TRACE(absl::StrCat(target.name(), " trial ", trial));
    const std::string db =
        absl::StrCat(dir_, "/", target.name(), "-", trial, ".db");
    std::unique_ptr<ServiceProcess> service = target.Start(units_, db);
    ASSERT_GT(service->grpc_port(), 0);
    const std::string address = service->address();

    // The client: one batch after another until a call fails.
    std::atomic<int> acknowledged{0};
    std::thread client([&] {
      for (int k = 0; k < kBatches; ++k) {
        common::v1::ImportSummary summary;
        if (!target.Send(address, k, &summary).ok()) return;
        acknowledged = k + 1;
      }
    });
    // Killed at a random moment while the batches flow: after a random
    // number of acknowledgements, a random fraction of a batch later —
    // mid-batch, between batches, mid-commit, wherever it falls.
    const int kill_after =
        std::uniform_int_distribution<int>(1, kBatches * 3 / 4)(rng);
    const int delay_us = std::uniform_int_distribution<int>(0, 4000)(rng);
    const absl::Time give_up = absl::Now() + absl::Seconds(30);
    while (acknowledged < kill_after && absl::Now() < give_up) {
      absl::SleepFor(absl::Microseconds(100));
    }
    ASSERT_GE(acknowledged, kill_after) << "the client stopped early";
    absl::SleepFor(absl::Microseconds(delay_us));
    service->process().Signal(SIGKILL);
    EXPECT_EQ(service->process().Wait(), 128 + SIGKILL);
    client.join();
    const int acked = acknowledged;

    service = target.Start(units_, db);
    ASSERT_GT(service->grpc_port(), 0);
    const int64_t after_restart = target.Stored(service->address());
    // Read before the batches are sent again, which adds events of their
    // own.
    const std::vector<int64_t> audited =
        AcceptedEvents(service->address(), target.method());

    // Every batch again: what the service already had comes back
    // unchanged, what it lacked is created.
    int stored_batches = 0;
    bool in_flight_stored = false;
    for (int k = 0; k < kBatches; ++k) {
      common::v1::ImportSummary summary;
      grpc::Status s = target.Send(service->address(), k, &summary);
      ASSERT_TRUE(s.ok()) << "batch " << k << ": " << s.error_message();
      ASSERT_EQ(summary.updated(), 0) << "batch " << k;
      const bool was_stored = summary.unchanged() == kBatchSize;
      if (!was_stored) {
        ASSERT_EQ(summary.created(), kBatchSize) << "batch " << k;
      }
      if (k < acked) {
        EXPECT_TRUE(was_stored) << "acknowledged batch " << k << " was lost";
      } else if (k == acked) {
        in_flight_stored = was_stored;  // all of it or nothing, either way
      } else {
        EXPECT_FALSE(was_stored) << "batch " << k << " was never sent";
      }
      stored_batches += was_stored ? 1 : 0;
    }
    // The figures counted each stored record once, no more.
    EXPECT_EQ(after_restart, int64_t{stored_batches} * kBatchSize);
    // One event per stored batch: the batches went one after another, so
    // the audit's n-th event is batch n's; an acknowledged batch without
    // its event, or an event of a batch rolled back, changes the count.
    EXPECT_EQ(audited.size(), static_cast<size_t>(stored_batches));
    for (int64_t rows : audited) EXPECT_EQ(rows, kBatchSize);
    EXPECT_EQ(target.Stored(service->address()),
              int64_t{kBatches} * kBatchSize);
    std::printf(
        "%s trial %d: SIGKILL %d us after acknowledgement %d, %d of %d "
        "batches acknowledged, the batch in flight %s; after the restart "
        "%lld records counted (%d batches, %zu audit events), all %d "
        "acknowledged batches there, none twice; re-sent: %lld records\n",
        target.name().c_str(), trial, delay_us, kill_after, acked, kBatches,
        acked == kBatches  ? "(none)"
        : in_flight_stored ? "stored whole"
                           : "not stored",
        static_cast<long long>(after_restart), stored_batches, audited.size(),
        acked, static_cast<long long>(int64_t{kBatches} * kBatchSize));
  }

  void Run(BatchTarget& target) {
    std::mt19937 rng(seed_);
    for (int trial = 1; trial <= trials_; ++trial) {
      Trial(target, trial, rng);
      if (HasFatalFailure()) return;
    }
  }

  std::string dir_;
  std::string units_;
  int trials_ = 25;
  unsigned seed_ = 0;
};

TEST_F(CrashSafetyTest, StatsKeepsExactlyTheAcknowledgedBatches) {
  Dossiers dossiers;
  Run(dossiers);
}

TEST_F(CrashSafetyTest, WorkforceKeepsExactlyTheAcknowledgedBatches) {
  Staff staff;
  Run(staff);
}

// A streamed import is one transaction: acknowledged once, at its end.
// Killed before that, it leaves nothing; sent again, it all lands.
TEST_F(CrashSafetyTest, AStreamKilledBeforeItsEndLeavesNothing) {
  Dossiers dossiers;
  const std::string db = dir_ + "/stream.db";
  std::unique_ptr<ServiceProcess> service = dossiers.Start(units_, db);
  // Message k of the stream: the records of batch k.
  auto batch = [&](int k) {
    stats::v1::ImportDossiersRequest request;
    *request.mutable_dossiers() = DossierBatch(k, kBatchSize, "S").dossiers();
    return request;
  };
  auto stream = [&](const std::string& address, int batches, bool finish,
                    stats::v1::ImportDossiersResponse* response) {
    auto stub = stats::v1::StatsService::NewStub(PlainChannel(address));
    grpc::ClientContext context;
    context.set_deadline(SecondsFromNow(60));
    auto writer = stub->ImportDossiers(&context, response);
    for (int k = 0; k < batches; ++k) {
      if (!writer->Write(batch(k))) return grpc::Status::CANCELLED;
    }
    if (!finish) {
      // Every message taken by the service before it dies.
      absl::SleepFor(absl::Milliseconds(200));
      service->process().Signal(SIGKILL);
      service->process().Wait();
    }
    writer->WritesDone();
    return writer->Finish();
  };
  stats::v1::ImportDossiersResponse response;
  EXPECT_FALSE(stream(service->address(), 60, false, &response).ok());
  service = dossiers.Start(units_, db);
  EXPECT_EQ(dossiers.Stored(service->address()), 0);
  ASSERT_TRUE(stream(service->address(), 60, true, &response).ok());
  EXPECT_EQ(response.summary().created(), 60 * kBatchSize);
  EXPECT_EQ(dossiers.Stored(service->address()), 60 * kBatchSize);
  std::printf(
      "stream: SIGKILL after 60 messages sent, none acknowledged: 0 records "
      "after the restart; sent again: %d records\n",
      60 * kBatchSize);
}

}  // namespace
}  // namespace dtr::testing
