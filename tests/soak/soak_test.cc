// The soak run (`make soak`, not part of `make test`): the stack of
// `make run` with the sample month, under a mixed load for
// $DTR_SOAK_MINUTES (10 by default), with faults on a schedule:
//
//   Redis      killed at 1:00 of every 2 minutes, started again 10 s later
//   stats      SIGKILL at 25% of the run, started again 2 s later
//   workforce  SIGTERM at 45% (a graceful stop), started again once it exits
//   PostgreSQL stopped at 65% for 3 s (when the run is on PostgreSQL:
//              $DTR_TEST_POSTGRES_DIR, tests/postgres_server.sh)
//
// Load, at fixed rates: indicator queries 20/s (units and ranges in
// turn), compliance and workforce summaries 2/s each, a dossier import of
// 100 new records every 2 s, a report generation every 30 s.
//
// A call may fail only as a fault explains: UNAVAILABLE, DEADLINE_EXCEEDED
// or CANCELLED from a service while it (or a store it needs) is down, and
// for 10 s after it is back; anything else is unexpected. Losing Redis
// explains nothing: it must cost no call. It prints calls, errors by code,
// p50/p99 per method and each service's memory: resident (VmRSS, without
// the pages of its memory-mapped SQLite store file), its own part
// (RssAnon: heap and stacks) and the heap in use (dtr_heap_in_use_bytes);
// it passes with no unexpected error and less than 10% growth of each
// process's resident memory.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/record_batches.h"
#include "tests/integration/test_processes.h"
#include "tests/proc_status.h"

namespace dtr::testing {
namespace {

// A process's memory, in KiB (0 when it is gone): resident (VmRSS) without
// the pages of its SQLite store file that it maps (those are the kernel's
// page cache of the file, shared and reclaimable, and follow how much of
// the store has been read since the start; a PostgreSQL store keeps them
// in the server), its own part (RssAnon: heap and stacks, without any
// file-backed pages), and the heap blocks in use as the service last
// measured them (dtr_heap_in_use_bytes, every 10 s).
struct Resident {
  int64_t total_kib = 0;
  int64_t own_kib = 0;
  int64_t heap_kib = 0;
};
Resident ResidentOf(ServiceProcess& service, const std::string& store_file) {
  const pid_t pid = service.process().pid();
  Resident r;
  r.total_kib = ProcStatusKib(std::to_string(pid), "VmRSS");
  r.own_kib = ProcStatusKib(std::to_string(pid), "RssAnon");
  // The store file's mappings (the file itself and its -shm index).
  std::ifstream maps(absl::StrCat("/proc/", pid, "/smaps"));
  std::string line;
  bool in_store = false;
  while (std::getline(maps, line)) {
    if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
        line.find('-') < line.find(' ')) {
      in_store = line.find(" " + store_file) != std::string::npos;
    } else if (in_store && line.rfind("Rss:", 0) == 0) {
      r.total_kib -= std::strtoll(line.c_str() + 4, nullptr, 10);
    }
  }
  const std::string metrics = HttpGet(service.metrics_port(), "/metrics");
  const std::string series = "\ndtr_heap_in_use_bytes ";
  const size_t at = metrics.find(series);
  if (at != std::string::npos) {
    r.heap_kib = static_cast<int64_t>(
        std::strtod(metrics.c_str() + at + series.size(), nullptr) / 1024);
  }
  return r;
}

// When a component was down, and so which failures it explains.
class FaultLog {
 public:
  void Down(const std::string& component) {
    absl::MutexLock lock(&mu_);
    windows_[component].push_back({absl::Now(), absl::InfiniteFuture()});
    std::printf("%s  fault: %s down\n", Stamp().c_str(), component.c_str());
  }
  void Up(const std::string& component) {
    absl::MutexLock lock(&mu_);
    windows_[component].back().second = absl::Now();
    std::printf("%s  fault: %s back\n", Stamp().c_str(), component.c_str());
  }
  // Whether one of `components` was down within 10 s before `at`.
  bool Explains(const std::vector<std::string>& components, absl::Time at) {
    absl::MutexLock lock(&mu_);
    for (const std::string& c : components) {
      for (const auto& [from, to] : windows_[c]) {
        if (at >= from - absl::Seconds(1) && at <= to + absl::Seconds(10)) {
          return true;
        }
      }
    }
    return false;
  }
  std::string Stamp() const {
    return absl::FormatDuration(
        absl::Trunc(absl::Now() - start_, absl::Milliseconds(100)));
  }

 private:
  const absl::Time start_ = absl::Now();
  absl::Mutex mu_;
  std::map<std::string, std::vector<std::pair<absl::Time, absl::Time>>>
      windows_;
};

// Every call's latency and outcome, per method.
class Tally {
 public:
  explicit Tally(FaultLog* faults) : faults_(faults) {}
  // `depends`: the components whose faults may fail the call.
  void Add(const std::string& method, absl::Time start, const grpc::Status& s,
           const std::vector<std::string>& depends) {
    const absl::Time end = absl::Now();
    bool expected = false;
    if (!s.ok()) {
      const auto code = s.error_code();
      expected = (code == grpc::StatusCode::UNAVAILABLE ||
                  code == grpc::StatusCode::DEADLINE_EXCEEDED ||
                  code == grpc::StatusCode::CANCELLED) &&
                 faults_->Explains(depends, end);
    }
    absl::MutexLock lock(&mu_);
    Method& m = methods_[method];
    ++m.calls;
    if (s.ok()) {
      m.latencies_ms.push_back(absl::ToDoubleMilliseconds(end - start));
    } else {
      ++m.errors[absl::StrCat(expected ? "" : "UNEXPECTED ", "code ",
                              s.error_code())];
      if (!expected) {
        ++unexpected_;
        if (unexpected_ <= 20) {
          std::printf("%s  unexpected: %s %d %s\n", faults_->Stamp().c_str(),
                      method.c_str(), s.error_code(),
                      s.error_message().substr(0, 200).c_str());
        }
      }
    }
  }
  int64_t unexpected() {
    absl::MutexLock lock(&mu_);
    return unexpected_;
  }
  void Print() {
    absl::MutexLock lock(&mu_);
    std::printf("\n%-28s %8s %9s %9s  %s\n", "method", "calls", "p50 ms",
                "p99 ms", "errors by code");
    for (auto& [name, m] : methods_) {
      std::sort(m.latencies_ms.begin(), m.latencies_ms.end());
      // A named reference: C++17 lambdas cannot capture structured
      // bindings (clang refuses; gcc lets it pass).
      const std::vector<double>& sorted = m.latencies_ms;
      auto pct = [&sorted](double p) {
        if (sorted.empty()) return 0.0;
        return sorted[static_cast<size_t>(
            p * static_cast<double>(sorted.size() - 1))];
      };
      std::string errors;
      for (const auto& [code, n] : m.errors) {
        absl::StrAppend(&errors, errors.empty() ? "" : ", ", code, ": ", n);
      }
      std::printf("%-28s %8lld %9.1f %9.1f  %s\n", name.c_str(),
                  static_cast<long long>(m.calls), pct(0.5), pct(0.99),
                  errors.empty() ? "none" : errors.c_str());
    }
  }

 private:
  struct Method {
    int64_t calls = 0;
    std::vector<double> latencies_ms;
    std::map<std::string, int64_t> errors;
  };
  FaultLog* faults_;
  absl::Mutex mu_;
  std::map<std::string, Method> methods_;
  int64_t unexpected_ = 0;
};

// A service of the stack on a port of its own, restartable in place.
struct Member {
  std::string name;
  int port = 0;
  std::function<std::unique_ptr<ServiceProcess>()> start;
  std::unique_ptr<ServiceProcess> process;
  std::string store_file;  // its SQLite file (unused on PostgreSQL)
  // Resident memory once warmed up after its (last) start, and a sample
  // each minute since.
  pid_t measured_pid = -1;
  Resident baseline;
  std::vector<Resident> by_minute;
  absl::Time started;

  std::string address() const { return absl::StrCat("127.0.0.1:", port); }
};

TEST(SoakTest, MixedLoadWithFaultsOnASchedule) {
  const char* minutes_env = std::getenv("DTR_SOAK_MINUTES");
  const double minutes = minutes_env ? std::atof(minutes_env) : 10;
  const absl::Duration length = absl::Seconds(minutes * 60);
  const std::string dir = MakeTempDir();
  ASSERT_EQ(
      RunCommand({BinPath("dtctl"), "sample", "write", "--out", dir}).exit_code,
      0);
  std::map<std::string, std::string> sample;
  {
    std::ifstream env(dir + "/sample.env");
    std::string line;
    while (std::getline(env, line)) {
      std::vector<std::string> kv = absl::StrSplit(line, '=');
      if (kv.size() == 2) sample[kv[0]] = kv[1];
    }
  }
  const std::string unit = sample["SAMPLE_UNIT"];
  const std::string from = sample["SAMPLE_FROM"], to = sample["SAMPLE_TO"];
  const std::string period = to.substr(0, 7);
  const std::string units = dir + "/units.csv";
  absl::CivilDay first_day;
  ASSERT_TRUE(absl::ParseCivilTime(from, &first_day)) << from;
  const int64_t year = first_day.year();

  RedisServer redis(0, dir);
  Member stats, security, workforce, report;
  for (auto [m, name] :
       {std::pair{&stats, "stats"}, std::pair{&security, "security"},
        std::pair{&workforce, "workforce"}, std::pair{&report, "report"}}) {
    m->name = name;
    m->store_file = absl::StrCat(dir, "/", name, ".db");
    m->port = FreePort();
  }
  stats.start = [&] {
    return std::make_unique<StatsServer>(
        units, redis.address(), stats.store_file,
        std::vector<std::string>{"--listen=" + stats.address()});
  };
  security.start = [&] {
    return std::make_unique<SecurityServer>(
        units, redis.address(), security.store_file,
        std::vector<std::string>{"--listen=" + security.address()});
  };
  workforce.start = [&] {
    return std::make_unique<WorkforceServer>(
        units, redis.address(), workforce.store_file,
        std::vector<std::string>{"--listen=" + workforce.address(),
                                 "--drain-seconds=2"});
  };
  report.start = [&] {
    return std::make_unique<ReportServer>(
        stats.address(), security.address(), workforce.address(),
        report.store_file,
        std::vector<std::string>{"--listen=" + report.address()});
  };
  std::vector<Member*> members = {&stats, &security, &workforce, &report};
  for (Member* m : members) {
    m->process = m->start();
    ASSERT_GT(m->process->grpc_port(), 0) << m->name;
    m->started = absl::Now();
  }

  // The sample month, as `make run` loads it.
  auto dtctl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), BinPath("dtctl"));
    CommandResult r = RunCommand(args);
    ASSERT_EQ(r.exit_code, 0) << absl::StrJoin(args, " ") << ": " << r.err;
  };
  const std::string s = "--server";
  dtctl({"dossiers", "import", dir + "/dossiers.csv", s, stats.address()});
  dtctl({"payments", "import", dir + "/payments.csv", s, stats.address()});
  dtctl({"security", "systems", "import", dir + "/systems.csv", "--effective",
         from, s, security.address()});
  for (const char* kind : {"controls", "endpoints", "incidents"}) {
    dtctl({"security", kind, "import", dir + "/" + kind + ".csv", "--effective",
           to, s, security.address()});
  }
  for (const char* kind : {"staff", "absences", "courses", "attendance"}) {
    dtctl({"workforce", kind, "import", dir + "/" + kind + ".csv", s,
           workforce.address()});
  }
  dtctl({"narrative", "import", dir + "/narratives.json", s, report.address()});
  dtctl({"report", "settings", "put", dir + "/report-settings.json", s,
         report.address()});
  if (HasFatalFailure()) return;

  FaultLog faults;
  Tally tally(&faults);
  std::atomic<bool> stop{false};
  const std::vector<std::string> kStatsDeps = {"stats", "store"};
  const std::vector<std::string> kSecurityDeps = {"security", "store"};
  const std::vector<std::string> kWorkforceDeps = {"workforce", "store"};
  const std::vector<std::string> kReportDeps = {"stats", "security",
                                                "workforce", "store"};
  // Runs `call` every `period` until the end.
  auto every = [&](absl::Duration period, std::function<void(int)> call) {
    return std::thread([&stop, period, call] {
      absl::Time next = absl::Now();
      for (int i = 0; !stop; ++i) {
        call(i);
        next += period;
        const absl::Duration wait = next - absl::Now();
        if (wait > absl::ZeroDuration()) absl::SleepFor(wait);
      }
    });
  };
  auto deadline = [](grpc::ClientContext* c, int seconds) {
    c->set_deadline(SecondsFromNow(seconds));
  };
  const std::vector<std::string> query_units = {unit, unit + "-D01",
                                                unit + "-S02", unit + "-D03"};
  std::vector<std::thread> load;
  load.push_back(every(absl::Milliseconds(50), [&](int i) {
    auto stub = stats::v1::StatsService::NewStub(PlainChannel(stats.address()));
    stats::v1::GetIndicatorsRequest r;
    r.set_unit_code(query_units[i % query_units.size()]);
    r.mutable_range()->set_start_date(from);
    // The year to date at the end of each month of the sample, in turn.
    const int month = 1 + (i / 4) % 10;
    r.mutable_range()->set_end_date(absl::FormatCivilTime(
        absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1));
    stats::v1::GetIndicatorsResponse out;
    grpc::ClientContext c;
    deadline(&c, 10);
    const absl::Time start = absl::Now();
    tally.Add("stats.GetIndicators", start, stub->GetIndicators(&c, r, &out),
              kStatsDeps);
  }));
  load.push_back(every(absl::Milliseconds(500), [&](int) {
    auto stub = security::v1::SecurityService::NewStub(
        PlainChannel(security.address()));
    security::v1::GetComplianceSummaryRequest r;
    r.set_unit_code(unit);
    r.set_as_of(to);
    security::v1::GetComplianceSummaryResponse out;
    grpc::ClientContext c;
    deadline(&c, 10);
    const absl::Time start = absl::Now();
    tally.Add("security.GetComplianceSummary", start,
              stub->GetComplianceSummary(&c, r, &out), kSecurityDeps);
  }));
  load.push_back(every(absl::Milliseconds(500), [&](int) {
    auto stub = workforce::v1::WorkforceService::NewStub(
        PlainChannel(workforce.address()));
    workforce::v1::GetWorkforceSummaryRequest r;
    r.set_unit_code(unit);
    r.mutable_range()->set_start_date(from);
    r.mutable_range()->set_end_date(to);
    workforce::v1::GetWorkforceSummaryResponse out;
    grpc::ClientContext c;
    deadline(&c, 10);
    const absl::Time start = absl::Now();
    tally.Add("workforce.GetWorkforceSummary", start,
              stub->GetWorkforceSummary(&c, r, &out), kWorkforceDeps);
  }));
  load.push_back(every(absl::Seconds(2), [&](int k) {
    auto stub = stats::v1::StatsService::NewStub(PlainChannel(stats.address()));
    stats::v1::BatchUpsertDossiersRequest r = DossierBatch(k, 100, "SOAK-");
    for (stats::v1::Dossier& d : *r.mutable_dossiers()) {
      d.set_unit_code(unit + "-D01");
    }
    stats::v1::BatchUpsertDossiersResponse out;
    grpc::ClientContext c;
    deadline(&c, 20);
    const absl::Time start = absl::Now();
    tally.Add("stats.BatchUpsertDossiers", start,
              stub->BatchUpsertDossiers(&c, r, &out), kStatsDeps);
  }));
  load.push_back(every(absl::Seconds(30), [&](int) {
    auto stub =
        report::v1::ReportService::NewStub(PlainChannel(report.address()));
    report::v1::GenerateReportRequest r;
    r.set_unit_code(unit);
    r.set_period(period);
    r.set_payments_through(sample["SAMPLE_PAYMENTS_TO"]);
    report::v1::Report out;
    grpc::ClientContext c;
    deadline(&c, 60);
    const absl::Time start = absl::Now();
    tally.Add("report.GenerateReport", start, stub->GenerateReport(&c, r, &out),
              kReportDeps);
  }));

  // Memory: a process's baseline is taken two minutes after its start
  // (caches, pools and allocator arenas filled: a 5-minute run showed the
  // security service's own memory still rising in its second minute, flat
  // after), or at a quarter of a shorter run; then a sample each minute.
  const absl::Time run_start = absl::Now();
  const absl::Duration settle = std::min(absl::Minutes(2), length / 4);
  std::mutex members_mu;
  std::thread memory([&] {
    absl::Time next_sample = run_start + absl::Minutes(1);
    while (!stop) {
      const bool sample = absl::Now() >= next_sample;
      if (sample) next_sample += absl::Minutes(1);
      {
        std::lock_guard<std::mutex> lock(members_mu);
        for (Member* m : members) {
          if (m->process == nullptr) continue;
          const pid_t pid = m->process->process().pid();
          if (m->measured_pid != pid &&
              absl::Now() - std::max(m->started, run_start) >= settle) {
            m->measured_pid = pid;
            m->baseline = ResidentOf(*m->process, m->store_file);
            m->by_minute.clear();
          }
          if (sample && m->measured_pid == pid) {
            m->by_minute.push_back(ResidentOf(*m->process, m->store_file));
          }
        }
      }
      absl::SleepFor(absl::Seconds(1));
    }
  });

  // The fault schedule.
  bool stats_killed = false, workforce_stopped = false, store_stopped = false;
  absl::Time redis_back = absl::InfiniteFuture();
  const absl::Duration redis_every = std::min(absl::Minutes(2), length / 3);
  absl::Time next_redis = run_start + redis_every / 2;
  while (absl::Now() - run_start < length) {
    const absl::Duration t = absl::Now() - run_start;
    if (absl::Now() >= next_redis) {
      faults.Down("redis");
      redis.Kill();
      redis_back = absl::Now() + absl::Seconds(10);
      next_redis += redis_every;
    }
    if (absl::Now() >= redis_back) {
      redis.Start();
      faults.Up("redis");
      redis_back = absl::InfiniteFuture();
    }
    if (!stats_killed && t >= length / 4) {
      stats_killed = true;
      faults.Down("stats");
      stats.process->process().Signal(SIGKILL);
      stats.process->process().Wait();
      absl::SleepFor(absl::Seconds(2));
      std::lock_guard<std::mutex> lock(members_mu);
      stats.process = stats.start();
      stats.started = absl::Now();
      faults.Up("stats");
    }
    if (!workforce_stopped && t >= length * 45 / 100) {
      workforce_stopped = true;
      faults.Down("workforce");
      workforce.process->process().Signal(SIGTERM);
      EXPECT_EQ(workforce.process->process().Wait(), 0);
      std::lock_guard<std::mutex> lock(members_mu);
      workforce.process = workforce.start();
      workforce.started = absl::Now();
      faults.Up("workforce");
    }
    if (!store_stopped && t >= length * 65 / 100 && UsingPostgres()) {
      store_stopped = true;
      const std::string pg_dir = std::getenv("DTR_TEST_POSTGRES_DIR");
      faults.Down("store");
      RunCommand(
          {"sh", DTR_SOURCE_DIR "/tests/postgres_server.sh", "halt", pg_dir});
      absl::SleepFor(absl::Seconds(3));
      RunCommand(
          {"sh", DTR_SOURCE_DIR "/tests/postgres_server.sh", "resume", pg_dir});
      faults.Up("store");
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  if (redis_back != absl::InfiniteFuture()) {
    redis.Start();
    faults.Up("redis");
  }
  stop = true;
  for (std::thread& t : load) t.join();
  memory.join();

  tally.Print();
  std::printf("\n%-10s %8s %26s %26s %17s  %s\n", "service", "pid",
              "start KiB (resident/own/heap)", "end KiB (resident/own/heap)",
              "growth res./own",
              "own KiB / heap KiB each minute since the start");
  for (Member* m : members) {
    const pid_t pid = m->process->process().pid();
    const Resident end = ResidentOf(*m->process, m->store_file);
    auto growth = [](int64_t from, int64_t to) {
      return from > 0 ? 100.0 * static_cast<double>(to - from) /
                            static_cast<double>(from)
                      : 0.0;
    };
    const double total_growth = growth(m->baseline.total_kib, end.total_kib);
    std::string series;
    for (const Resident& r : m->by_minute) {
      absl::StrAppend(&series, series.empty() ? "" : " ", r.own_kib, "/",
                      r.heap_kib);
    }
    std::printf(
        "%-10s %8d %26s %26s %7.1f%%/%6.1f%%  %s\n", m->name.c_str(), pid,
        absl::StrCat(m->baseline.total_kib, "/", m->baseline.own_kib, "/",
                     m->baseline.heap_kib)
            .c_str(),
        absl::StrCat(end.total_kib, "/", end.own_kib, "/", end.heap_kib)
            .c_str(),
        total_growth, growth(m->baseline.own_kib, end.own_kib), series.c_str());
    EXPECT_GT(m->baseline.total_kib, 0) << m->name << " never measured";
    EXPECT_GT(m->baseline.heap_kib, 0) << m->name << " exports no heap size";
    EXPECT_EQ(m->measured_pid, pid) << m->name;
    EXPECT_LT(total_growth, 10.0) << m->name;
  }
  EXPECT_EQ(tally.unexpected(), 0);
  std::printf(
      "\n%.1f minutes on %s, %s\n", minutes,
      UsingPostgres() ? "PostgreSQL" : "SQLite",
      tally.unexpected() == 0 ? "no unexpected error" : "UNEXPECTED ERRORS");
}

}  // namespace
}  // namespace dtr::testing
