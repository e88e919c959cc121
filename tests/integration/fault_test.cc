// Faults injected into real processes while they work: a graceful stop
// with calls in flight, Redis killed and restarted under load, the store's
// disk full, and the machine's time zone. Each test prints
// the fault and what was checked after it.
#include <signal.h>
#include <sys/mount.h>

#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/integration/record_batches.h"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

grpc::Status Upsert(const std::string& address,
                    const stats::v1::BatchUpsertDossiersRequest& request,
                    int deadline_seconds = 20) {
  auto stub = stats::v1::StatsService::NewStub(PlainChannel(address));
  stats::v1::BatchUpsertDossiersResponse response;
  grpc::ClientContext context;
  context.set_deadline(SecondsFromNow(deadline_seconds));
  return stub->BatchUpsertDossiers(&context, request, &response);
}

// Calls made under load, and their outcomes by code.
class CallTally {
 public:
  void Add(const std::string& method, const grpc::Status& s) {
    absl::MutexLock lock(&mu_);
    ++calls_;
    if (!s.ok()) {
      ++failed_;
      ++codes_[absl::StrCat(method, " ", s.error_code(), " ",
                            s.error_message().substr(0, 120))];
    }
  }
  int64_t calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  int64_t failed() {
    absl::MutexLock lock(&mu_);
    return failed_;
  }
  std::string Failures() {
    absl::MutexLock lock(&mu_);
    std::string out;
    for (const auto& [what, n] : codes_)
      absl::StrAppend(&out, n, "× ", what, "\n");
    return out;
  }

 private:
  absl::Mutex mu_;
  int64_t calls_ = 0;
  int64_t failed_ = 0;
  std::map<std::string, int64_t> codes_;
};

TEST(GracefulStopTest, CallsInFlightFinishNewCallsAreRefusedExitZero) {
  const std::string dir = MakeTempDir();
  const std::string units = WriteSmallUnitTree(dir);
  const std::string db = dir + "/stats.db";
  auto service = std::make_unique<StatsServer>(
      units, "", db,
      std::vector<std::string>{"--drain-seconds=5", "--shutdown-seconds=20"});
  const std::string address = service->address();

  // A streamed import in flight: one message in, more to come.
  auto stub = stats::v1::StatsService::NewStub(PlainChannel(address));
  stats::v1::ImportDossiersResponse response;
  grpc::ClientContext context;
  context.set_deadline(SecondsFromNow(60));
  auto writer = stub->ImportDossiers(&context, &response);
  auto message = [](int k) {
    stats::v1::ImportDossiersRequest m;
    *m.mutable_dossiers() = DossierBatch(k, 100).dossiers();
    return m;
  };
  ASSERT_TRUE(writer->Write(message(0)));

  service->process().Signal(SIGTERM);
  // First the probes learn of it, while calls are still answered.
  EXPECT_TRUE(
      Eventually([&] { return HealthStatus(address) == 2; }, absl::Seconds(2)));
  grpc::Status during_drain;
  CountDossiers(address, "2023-01-01", "2023-12-31", &during_drain);
  EXPECT_TRUE(during_drain.ok()) << during_drain.error_message();
  ASSERT_TRUE(writer->Write(message(1)));

  // Then new calls are refused, and the import in flight goes on.
  ASSERT_FALSE(service->process()
                   .WaitForLine("refusing new calls", absl::Seconds(10))
                   .empty());
  // (A call racing the very start of the shutdown may be CANCELLED by
  // gRPC instead.)
  grpc::Status refused;
  EXPECT_TRUE(Eventually(
      [&] {
        CountDossiers(address, "2023-01-01", "2023-12-31", &refused);
        return refused.error_code() == grpc::StatusCode::UNAVAILABLE;
      },
      absl::Seconds(5)))
      << refused.error_code() << " " << refused.error_message();
  ASSERT_TRUE(writer->Write(message(2)));
  writer->WritesDone();
  grpc::Status finished = writer->Finish();
  EXPECT_TRUE(finished.ok()) << finished.error_message();
  EXPECT_EQ(response.summary().created(), 300);
  EXPECT_EQ(service->process().Wait(), 0);

  // What it acknowledged while stopping is there.
  service = std::make_unique<StatsServer>(units, "", db);
  EXPECT_EQ(CountDossiers(service->address(), "2023-01-01", "2023-12-31"), 300);
  std::printf(
      "SIGTERM with an import in flight: NOT_SERVING at once, queries "
      "answered while draining, then new calls UNAVAILABLE, the import "
      "finished (300 records acknowledged), exit 0, the records there after "
      "a restart\n");
}

TEST(DependencyFaultTest, RedisKilledAndRestartedUnderLoadFailsNoCall) {
  const std::string dir = MakeTempDir();
  const std::string units = WriteSmallUnitTree(dir);
  RedisServer redis(0, dir);
  StatsServer stats(units, redis.address(), dir + "/stats.db");
  const std::string address = stats.address();
  ASSERT_TRUE(Upsert(address, DossierBatch(0, 200)).ok());

  CallTally tally;
  std::atomic<bool> stop{false};
  std::vector<std::thread> load;
  // Two readers over a few ranges (cached answers and misses), one writer.
  for (int reader = 0; reader < 2; ++reader) {
    load.emplace_back([&, reader] {
      for (int i = 0; !stop; ++i) {
        grpc::Status s;
        const int month = 1 + (i + reader) % 4;
        CountDossiers(address, "2023-01-01",
                      absl::StrCat("2023-0", month, "-28"), &s);
        tally.Add("GetIndicators", s);
      }
    });
  }
  load.emplace_back([&] {
    for (int k = 1; !stop; ++k) {
      tally.Add("BatchUpsertDossiers",
                Upsert(address, DossierBatch(k, 20, "W")));
      absl::SleepFor(absl::Milliseconds(20));
    }
  });
  auto cache_metric = [&](const std::string& line) {
    return absl::StrContains(HttpGet(stats.metrics_port(), "/metrics"), line);
  };
  absl::SleepFor(absl::Seconds(1));
  const int64_t before = tally.calls();
  redis.Kill();
  absl::SleepFor(absl::Seconds(1));
  const int64_t during = tally.calls() - before;
  redis.Start();
  EXPECT_TRUE(Eventually([&] { return cache_metric("\ndtr_cache_up 1\n"); }));
  absl::SleepFor(absl::Seconds(1));
  stop = true;
  for (std::thread& t : load) t.join();
  EXPECT_EQ(tally.failed(), 0) << tally.Failures();
  EXPECT_GT(during, 10);

  // The cache serves again: the same question twice is a hit.
  const std::string metrics = HttpGet(stats.metrics_port(), "/metrics");
  auto hits = [&](const std::string& text) {
    const std::string key = "dtr_cache_requests_total{result=\"hit\"} ";
    const size_t at = text.find(key);
    return at == std::string::npos ? -1.0
                                   : std::stod(text.substr(at + key.size()));
  };
  const double hits_before = hits(metrics);
  CountDossiers(address, "2023-02-01", "2023-02-27");
  CountDossiers(address, "2023-02-01", "2023-02-27");
  EXPECT_GT(hits(HttpGet(stats.metrics_port(), "/metrics")), hits_before);
  std::printf(
      "Redis killed under load (2 readers, 1 writer) and restarted: %lld "
      "calls, %lld of them while it was gone, 0 failed; the cache serves "
      "hits again after it returned\n",
      static_cast<long long>(tally.calls()), static_cast<long long>(during));
}

// Two replicas of the stats service on one store and one Redis, each with
// answers in its own memory: a write through one is seen by the other
// within a second, and by itself at once; cut off from Redis, a replica
// serves nothing older than its own last write, and both use their
// memory again once Redis is back.
TEST(DependencyFaultTest, TwoReplicasSeeEachOthersWritesWithinASecond) {
  const std::string dir = MakeTempDir();
  const std::string units = WriteSmallUnitTree(dir);
  RedisServer redis(0, dir);
  StatsServer a(units, redis.address(), dir + "/stats.db");
  StatsServer b(units, redis.address(), dir + "/stats.db");
  auto count = [](const StatsServer& replica) {
    return CountDossiers(replica.address(), "2023-01-01", "2023-12-31");
  };
  auto local_hits = [](const StatsServer& replica) {
    const std::string text = HttpGet(replica.metrics_port(), "/metrics");
    const std::string key = "\ndtr_cache_local_hits_total ";
    const size_t at = text.find(key);
    return at == std::string::npos ? -1.0
                                   : std::stod(text.substr(at + key.size()));
  };
  ASSERT_TRUE(Upsert(a.address(), DossierBatch(0, 10)).ok());
  EXPECT_EQ(count(b), 10);
  const double b_hits = local_hits(b);
  EXPECT_EQ(count(b), 10);  // from b's memory
  EXPECT_EQ(local_hits(b), b_hits + 1);

  // Through a: b sees it within a second of a's acknowledgement.
  for (int k = 1; k <= 3; ++k) {
    EXPECT_EQ(count(b), 10 * k);  // b's memory holds the answer
    ASSERT_TRUE(Upsert(a.address(), DossierBatch(k, 10)).ok());
    const absl::Time acknowledged = absl::Now();
    EXPECT_EQ(count(a), 10 * (k + 1)) << "a serves its own write at once";
    while (count(b) != 10 * (k + 1) &&
           absl::Now() - acknowledged < absl::Seconds(3)) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    const absl::Duration seen = absl::Now() - acknowledged;
    EXPECT_LE(seen, absl::Seconds(1)) << "write " << k;
    std::printf("write %d through one replica seen by the other after %s\n", k,
                absl::FormatDuration(seen).c_str());
  }

  // Redis gone: each replica's own write is in its next answer.
  redis.Kill();
  ASSERT_TRUE(Upsert(b.address(), DossierBatch(10, 10)).ok());
  EXPECT_EQ(count(b), 50);
  ASSERT_TRUE(Upsert(a.address(), DossierBatch(11, 10)).ok());
  EXPECT_EQ(count(a), 60);
  // b cannot hear of a's write but no longer trusts its memory either.
  EXPECT_TRUE(Eventually([&] { return count(b) == 60; }, absl::Seconds(2)));

  redis.Start();
  for (const StatsServer* replica : {&a, &b}) {
    EXPECT_TRUE(Eventually([&] {
      return absl::StrContains(HttpGet(replica->metrics_port(), "/metrics"),
                               "\ndtr_cache_up 1\n");
    }));
    const double before = local_hits(*replica);
    EXPECT_EQ(count(*replica), 60);
    EXPECT_EQ(count(*replica), 60);
    EXPECT_EQ(local_hits(*replica), before + 1) << "memory used again";
  }
}

// A small file system of the test's own for the store, to fill up. Needs
// the right to mount (root, as in CI); skipped otherwise. (A read-only
// store is tested on PostgreSQL: a file system cannot be made read-only
// under a process holding files open for writing.)
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& dir) : dir_(dir) {
    mounted_ =
        mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=6m,mode=0777") == 0;
  }
  ~SmallDisk() {
    if (mounted_) umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  // Fills the disk, leaving nothing free.
  void Fill() {
    std::ofstream out(dir_ + "/ballast", std::ios::binary);
    const std::string block(1 << 16, 'x');
    while (out.write(block.data(), block.size())) {
    }
  }
  void Free() { std::remove((dir_ + "/ballast").c_str()); }

 private:
  std::string dir_;
  bool mounted_ = false;
};

TEST(StoreFaultTest, DiskFullWritesFailClearlyReadsGoOn) {
  if (UsingPostgres()) {
    GTEST_SKIP() << "the store's own disk is SQLite's; PostgreSQL's is the "
                    "server's";
  }
  const std::string dir = MakeTempDir();
  const std::string units = WriteSmallUnitTree(dir);
  const std::string disk_dir = MakeTempDir();
  SmallDisk disk(disk_dir);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (not root)";
  StatsServer stats(units, "", disk_dir + "/stats.db");
  const std::string address = stats.address();
  ASSERT_TRUE(Upsert(address, DossierBatch(0, 500)).ok());

  disk.Fill();
  // Enough records that the store must grow its file.
  grpc::Status full = Upsert(address, DossierBatch(1, 5000));
  EXPECT_FALSE(full.ok());
  EXPECT_TRUE(absl::StrContains(full.error_message(), "full"))
      << full.error_code() << " " << full.error_message();
  EXPECT_EQ(CountDossiers(address, "2023-01-01", "2023-12-31"), 500);
  disk.Free();
  ASSERT_TRUE(Upsert(address, DossierBatch(1, 5000)).ok());
  EXPECT_EQ(CountDossiers(address, "2023-01-01", "2023-12-31"), 5500);

  std::printf(
      "disk full: the write refused (%s), nothing of it written, reads "
      "answered; the write accepted once space was freed\n",
      full.error_message().c_str());
}

// Month and year boundaries are Vietnamese ones, whatever the zone of the
// machine the service runs on.
TEST(TimeZoneTest, BoundariesAreVietnameseWhateverTheMachinesZone) {
  const std::string dir = MakeTempDir();
  const std::string units = WriteSmallUnitTree(dir);
  stats::v1::BatchUpsertDossiersRequest request = DossierBatch(0, 5);
  const char* received[] = {
      "2023-01-31T23:30:00+07:00",  // the last half hour of January
      "2023-01-31T16:30:00Z",       // the same instant, written in UTC
      "2023-01-31T17:00:00Z",       // 1 February, 00:00 in Hà Nội
      "2023-12-31T23:30:00+07:00",  // the year's last half hour
      "2022-12-31T17:30:00Z",       // 1 January 2023, 00:30 in Hà Nội
  };
  for (int i = 0; i < 5; ++i) {
    request.mutable_dossiers(i)->set_received_at(received[i]);
  }
  std::map<std::string, std::vector<int64_t>> figures;
  for (const char* zone :
       {"TZ=UTC", "TZ=America/Los_Angeles", "TZ=Asia/Ho_Chi_Minh"}) {
    const std::string name =
        absl::StrReplaceAll(zone, {{"/", "-"}, {"=", "-"}});
    ServiceProcess stats("stats-service", absl::StrCat(dir, "/", name, ".db"),
                         {"--units=" + units, "--redis="},
                         ServiceProcess::Start::kAwaitServing, {zone});
    ASSERT_GT(stats.grpc_port(), 0) << zone;
    ASSERT_TRUE(Upsert(stats.address(), request).ok()) << zone;
    std::vector<int64_t>& f = figures[zone];
    for (const auto& [from, to] :
         std::vector<std::pair<std::string, std::string>>{
             {"2023-01-01", "2023-01-31"},
             {"2023-02-01", "2023-02-28"},
             {"2023-12-01", "2023-12-31"},
             {"2023-01-01", "2023-12-31"},
             {"2022-01-01", "2022-12-31"}}) {
      f.push_back(CountDossiers(stats.address(), from, to));
    }
  }
  const std::vector<int64_t> expected = {3, 1, 1, 5, 0};
  for (const auto& [zone, f] : figures) {
    EXPECT_EQ(f, expected) << zone;
  }
  std::printf(
      "TZ=UTC, America/Los_Angeles, Asia/Ho_Chi_Minh: the same figures — "
      "January 3 (23:30 on its last day counts in it), February 1, "
      "December 1, 2023 5, 2022 0\n");
}

}  // namespace
}  // namespace dtr::testing
