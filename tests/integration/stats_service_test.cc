// The stats service's behaviour on small data sets, each test with its own
// service, store and Redis: updates, rejected batches, a unit that changes
// level, Redis going away, metrics, health and draining.
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using stats::v1::Dossier;
using stats::v1::GetIndicatorsResponse;

// A province with an agency, a district with a commune, and a town that is
// a district until 2023-06-30 and a commune of District 1 from 2023-07-01,
// and a commune that only exists from 2024.
constexpr char kUnits[] =
    "code,name,level,parent_code,valid_from,valid_to\n"
    "P,Province,province,,,\n"
    "A,Agency,province,P,,\n"
    "D1,District 1,district,P,,\n"
    "C1,Commune 1,commune,D1,,\n"
    "T,Town,district,P,,2023-06-30\n"
    "T,Town,commune,D1,2023-07-01,\n"
    "N,New Commune,commune,D1,2024-01-01,\n";

std::string WriteFile(const std::string& dir, const std::string& name,
                      const std::string& content) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << content;
  return path;
}

Dossier MakeDossier(const std::string& id, const std::string& unit,
                    const std::string& received, stats::v1::ServiceLevel level,
                    stats::v1::Channel channel, stats::v1::DossierStatus status,
                    bool digitized = false) {
  Dossier d;
  d.set_dossier_id(id);
  d.set_unit_code(unit);
  d.set_procedure_code("1.000001");
  d.set_received_at(received);
  d.set_service_level(level);
  d.set_channel(channel);
  d.set_status(status);
  d.set_digitized(digitized);
  return d;
}

class StatsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    units_ = WriteFile(dir_, "units.csv", kUnits);
    redis_ = std::make_unique<RedisServer>(0, dir_);
    StartServer();
  }

  void StartServer(std::vector<std::string> extra_flags = {}) {
    server_.reset();
    server_ = std::make_unique<StatsServer>(units_, redis_->address(),
                                            dir_ + "/stats.db", extra_flags);
    stub_ = stats::v1::StatsService::NewStub(grpc::CreateChannel(
        server_->address(), grpc::InsecureChannelCredentials()));
  }

  static std::chrono::system_clock::time_point Deadline() {
    return std::chrono::system_clock::now() + std::chrono::seconds(20);
  }

  grpc::Status Upsert(
      const std::vector<Dossier>& dossiers,
      stats::v1::BatchUpsertDossiersResponse* response = nullptr) {
    stats::v1::BatchUpsertDossiersRequest request;
    for (const Dossier& d : dossiers) *request.add_dossiers() = d;
    stats::v1::BatchUpsertDossiersResponse ignored;
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    return stub_->BatchUpsertDossiers(&context, request,
                                      response ? response : &ignored);
  }

  GetIndicatorsResponse Indicators(const std::string& unit = "P",
                                   const std::string& from = "2023-01-01",
                                   const std::string& to = "2023-12-31",
                                   grpc::Status* status_out = nullptr) {
    stats::v1::GetIndicatorsRequest request;
    request.set_unit_code(unit);
    request.mutable_range()->set_start_date(from);
    request.mutable_range()->set_end_date(to);
    GetIndicatorsResponse response;
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    grpc::Status status = stub_->GetIndicators(&context, request, &response);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return response;
  }

  // The year's figures computed from the store, never from the cache: each
  // call asks for a range no one asked for before (the data is all in
  // 2023, so any range from 2023-01-01 on holds the same records).
  GetIndicatorsResponse FromStore() {
    const absl::CivilDay end = absl::CivilDay(2024, 1, 1) + fresh_ranges_++;
    GetIndicatorsResponse r = Indicators("P", "2023-01-01", FormatDay(end));
    r.clear_range();
    return r;
  }

  static int64_t Level(const GetIndicatorsResponse& r,
                       const std::string& level) {
    for (const auto& l : r.levels()) {
      if (l.level() == level) return l.indicators().dossiers_received();
    }
    return -1;
  }

  std::string Metrics() { return HttpGet(server_->metrics_port(), "/metrics"); }
  // The value of the series `name` (with its labels) on /metrics; -1 if
  // it is not there.
  double MetricValue(const std::string& name) {
    const std::string text = Metrics();
    const size_t at = text.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::strtod(text.c_str() + at + name.size() + 2, nullptr);
  }

  std::string dir_;
  std::string units_;
  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<StatsServer> server_;
  std::unique_ptr<stats::v1::StatsService::Stub> stub_;
  int fresh_ranges_ = 0;
};

constexpr auto kFull = stats::v1::SERVICE_LEVEL_FULL;
constexpr auto kPartial = stats::v1::SERVICE_LEVEL_PARTIAL;
constexpr auto kOnline = stats::v1::CHANNEL_ONLINE;
constexpr auto kDirect = stats::v1::CHANNEL_DIRECT;
constexpr auto kOnTime = stats::v1::DOSSIER_STATUS_DONE_ON_TIME;
constexpr auto kPending = stats::v1::DOSSIER_STATUS_PENDING;

TEST_F(StatsServiceTest, AnUpdatedDossierMovesTheCounts) {
  ASSERT_TRUE(
      Upsert({MakeDossier("X1", "C1", "2023-03-01", kFull, kDirect, kPending),
              MakeDossier("X2", "C1", "2023-03-02", kFull, kOnline, kOnTime)})
          .ok());
  GetIndicatorsResponse before = Indicators();
  EXPECT_EQ(before.total().full_process_online().numerator(), 1);
  EXPECT_EQ(before.total().full_process_online().denominator(), 2);
  EXPECT_EQ(before.total().on_time().numerator(), 1);

  // X1 turns out to have been submitted online and is now resolved.
  stats::v1::BatchUpsertDossiersResponse response;
  ASSERT_TRUE(Upsert({MakeDossier("X1", "C1", "2023-03-01", kFull, kOnline,
                                  kOnTime, true)},
                     &response)
                  .ok());
  EXPECT_EQ(response.summary().updated(), 1);
  GetIndicatorsResponse after = Indicators();
  EXPECT_EQ(after.total().dossiers_received(), 2);
  EXPECT_EQ(after.total().full_process_online().numerator(), 2);
  EXPECT_EQ(after.total().on_time().numerator(), 2);
  EXPECT_EQ(after.total().digitization().numerator(), 1);

  // Moving it to another month and unit moves it between ranges and levels.
  ASSERT_TRUE(Upsert({MakeDossier("X1", "A", "2023-05-10", kFull, kOnline,
                                  kOnTime, true)})
                  .ok());
  EXPECT_EQ(
      Indicators("P", "2023-03-01", "2023-03-31").total().dossiers_received(),
      1);
  GetIndicatorsResponse moved = Indicators();
  EXPECT_EQ(Level(moved, "province"), 1);
  EXPECT_EQ(Level(moved, "commune"), 1);
}

// Components digitized at reception and results reused: optional columns,
// counted only where a dossier says, through the daily counters (part of a
// month) and the month cubes (whole months), listed and exported like the
// other rates.
TEST_F(StatsServiceTest, TheDigitizationGroupCountsOnlyWhatDossiersRecord) {
  constexpr char kHeader[] =
      "dossier_id,unit_code,procedure_code,received_at,channel,service_level,"
      "digitized,status,due_at,finished_at";
  constexpr char kRecorded[] = ",components_digitized,results_reused\n";
  const std::string bad = WriteFile(
      dir_, "bad.csv",
      absl::StrCat(kHeader, kRecorded,
                   "B1,C1,1.1,2023-04-01,online,full,1,pending,,,1,yes\n"));
  CommandResult rejected = RunCommand({BinPath("dtctl"), "dossiers", "import",
                                       bad, "--server", server_->address()});
  EXPECT_NE(rejected.exit_code, 0);
  EXPECT_NE(rejected.err.find("bad.csv:2: results_reused: 'yes': expected 0, "
                              "1 or empty (unknown)"),
            std::string::npos)
      << rejected.err;

  const std::string full = WriteFile(
      dir_, "full.csv",
      absl::StrCat(kHeader, kRecorded,
                   "R1,C1,1.1,2023-04-01,online,full,1,pending,,,1,1\n"
                   "R2,C1,1.1,2023-04-02,direct,full,0,pending,,,0,\n"
                   "R3,D1,1.1,2023-04-20,online,partial,0,pending,,,"
                   "1,0\n"
                   "R4,A,1.1,2023-05-03,online,full,0,pending,,,,1\n"));
  // A file written before the columns existed stays valid: all unknown.
  const std::string old = WriteFile(
      dir_, "old.csv",
      absl::StrCat(kHeader,
                   "\nR5,C1,1.1,2023-04-03,online,full,1,pending,,\n"));
  for (const std::string& file : {full, old}) {
    CommandResult import = RunCommand({BinPath("dtctl"), "dossiers", "import",
                                       file, "--server", server_->address()});
    ASSERT_EQ(import.exit_code, 0) << import.err;
  }
  // April whole (a month cube) and 1–19 April (day cubes).
  for (std::string to : {"2023-04-30", "2023-04-19"}) {
    const auto set = Indicators("P", "2023-04-01", to).total();
    const int64_t in_range = to == "2023-04-30" ? 1 : 0;  // R3 on the 20th
    EXPECT_EQ(set.dossiers_received(), 3 + in_range) << to;
    EXPECT_EQ(set.component_digitization().numerator(), 1 + in_range) << to;
    EXPECT_EQ(set.component_digitization().denominator(), 2 + in_range) << to;
    EXPECT_EQ(set.result_reuse().numerator(), 1) << to;
    EXPECT_EQ(set.result_reuse().denominator(), 1 + in_range) << to;
  }
  const auto year = FromStore().total();
  EXPECT_EQ(year.component_digitization().denominator(), 3);
  EXPECT_EQ(year.result_reuse().numerator(), 2);
  EXPECT_EQ(year.result_reuse().denominator(), 3);

  // The dossiers behind the rate that did not reuse results: R3 alone; the
  // export carries the columns as the import reads them.
  const std::string listed = dir_ + "/rest.csv";
  CommandResult list = RunCommand(
      {BinPath("dtctl"), "stats", "dossiers", "--unit", "P", "--from",
       "2023-01-01", "--to", "2023-12-31", "--figure", "result_reuse", "--part",
       "rest", "--csv", listed, "--server", server_->address()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::ifstream in(listed);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(),
            absl::StrCat(kHeader, kRecorded,
                         "R3,D1,1.1,2023-04-20,online,partial,0,pending,,,1,"
                         "0\n"));

  // Forgetting a value takes the dossier out of that rate.
  const std::string forget = WriteFile(
      dir_, "forget.csv",
      absl::StrCat(kHeader, kRecorded,
                   "R1,C1,1.1,2023-04-01,online,full,1,pending,,,1,\n"));
  ASSERT_EQ(RunCommand({BinPath("dtctl"), "dossiers", "import", forget,
                        "--server", server_->address()})
                .exit_code,
            0);
  const auto after = FromStore().total();
  EXPECT_EQ(after.result_reuse().numerator(), 1);
  EXPECT_EQ(after.result_reuse().denominator(), 2);
  EXPECT_EQ(after.component_digitization().denominator(), 3);
}

// A formula changed from 2023-10-01 (a returned dossier counts as finished
// late): September keeps the formula of its time, October applies the new
// one, each answer names its version; a range is computed by its last
// day's; a trend gives each month its own; the list behind October's
// figure holds the dossiers the new formula counts.
TEST_F(StatsServiceTest, AFormulaChangedFromADayAppliesFromThatDayOn) {
  constexpr auto kReturned = stats::v1::DOSSIER_STATUS_RETURNED;
  constexpr auto kLate = stats::v1::DOSSIER_STATUS_DONE_LATE;
  ASSERT_TRUE(
      Upsert({MakeDossier("S1", "C1", "2023-09-05", kFull, kOnline, kOnTime),
              MakeDossier("S2", "C1", "2023-09-06", kFull, kDirect, kReturned),
              MakeDossier("O1", "C1", "2023-10-05", kFull, kOnline, kOnTime),
              MakeDossier("O2", "C1", "2023-10-06", kFull, kDirect, kReturned),
              MakeDossier("O3", "C1", "2023-10-07", kFull, kDirect, kLate)})
          .ok());
  auto on_time = [&](const std::string& from, const std::string& to) {
    const auto r = Indicators("P", from, to);
    return std::make_tuple(r.total().on_time().numerator(),
                           r.total().on_time().denominator(),
                           r.indicators_version().valid_from());
  };
  // The built-in definitions: returned dossiers are not finished.
  EXPECT_EQ(on_time("2023-09-01", "2023-09-30"),
            std::make_tuple(1, 1, std::string("2000-01-01")));
  EXPECT_EQ(on_time("2023-10-01", "2023-10-31"),
            std::make_tuple(1, 2, std::string("2000-01-01")));

  nlohmann::json file;
  {
    std::ifstream in(DTR_SOURCE_DIR "/services/stats/data/indicators.json");
    std::stringstream text;
    text << in.rdbuf();
    file = nlohmann::json::parse(text.str());
  }
  nlohmann::json changed = file["versions"].back();
  file["versions"].back()["valid_to"] = "2023-09-30";
  changed["valid_from"] = "2023-10-01";
  changed["legal_basis"]["number"] = "12/2023/QĐ-UBND";
  changed["rates"]["on_time"]["denominator"]["status"] = {
      "done_on_time", "done_late", "returned"};
  file["versions"].push_back(changed);
  StartServer(
      {"--indicators=" + WriteFile(dir_, "indicators.json", file.dump(2))});

  EXPECT_EQ(on_time("2023-09-01", "2023-09-30"),
            std::make_tuple(1, 1, std::string("2000-01-01")));
  // September's answer is cached by the content of its version, which is
  // as it was; the version is named as it stands now, ended.
  EXPECT_EQ(Indicators("P", "2023-09-01", "2023-09-30")
                .indicators_version()
                .valid_to(),
            "2023-09-30");
  EXPECT_EQ(on_time("2023-10-01", "2023-10-31"),
            std::make_tuple(1, 3, std::string("2023-10-01")));
  EXPECT_EQ(on_time("2023-09-01", "2023-10-31"),
            std::make_tuple(2, 5, std::string("2023-10-01")));
  EXPECT_EQ(Indicators("P", "2023-10-01", "2023-10-31")
                .indicators_version()
                .legal_basis()
                .number(),
            "12/2023/QĐ-UBND");

  stats::v1::GetTrendRequest trend_request;
  trend_request.set_unit_code("P");
  trend_request.set_indicator("on_time");
  trend_request.set_from_month("2023-09");
  trend_request.set_to_month("2023-10");
  stats::v1::GetTrendResponse trend;
  {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    ASSERT_TRUE(stub_->GetTrend(&context, trend_request, &trend).ok());
  }
  ASSERT_EQ(trend.months_size(), 2);
  EXPECT_EQ(trend.months(0).rate().denominator(), 1);
  EXPECT_EQ(trend.months(1).rate().denominator(), 3);

  stats::v1::ListDossiersRequest list_request;
  list_request.set_unit_code("P");
  list_request.mutable_range()->set_start_date("2023-10-01");
  list_request.mutable_range()->set_end_date("2023-10-31");
  list_request.set_figure("on_time");
  list_request.set_part(stats::v1::FIGURE_PART_REST);
  stats::v1::ListDossiersResponse listed;
  {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    ASSERT_TRUE(stub_->ListDossiers(&context, list_request, &listed).ok());
  }
  EXPECT_EQ(listed.total_count(), 2);
  ASSERT_EQ(listed.dossiers_size(), 2);
  EXPECT_EQ(listed.dossiers(0).dossier_id(), "O2");
  EXPECT_EQ(listed.dossiers(1).dossier_id(), "O3");

  // dtctl shows what is in force on each day.
  CommandResult shown =
      RunCommand({BinPath("dtctl"), "rules", "show", "--kind", "indicators",
                  "--on", "2023-10-01", "--server", server_->address()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("in force from 2023-10-01 to (no end)"),
            std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("12/2023/QĐ-UBND"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("status IN ('done_on_time', 'done_late', "
                           "'returned')"),
            std::string::npos)
      << shown.out;
  shown = RunCommand({BinPath("dtctl"), "rules", "show", "--kind", "indicators",
                      "--on", "2023-09-30", "--json", "--server",
                      server_->address()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const nlohmann::json before = nlohmann::json::parse(shown.out);
  EXPECT_EQ(before["version"]["valid_to"], "2023-09-30");
  EXPECT_EQ(before["definitions"].size(), 6u);
  shown = RunCommand({BinPath("dtctl"), "rules", "show", "--kind", "speed",
                      "--server", server_->address()});
  EXPECT_EQ(shown.exit_code, 2);
  EXPECT_NE(shown.err.find("--kind: 'speed' is not one of controls, "
                           "indicators, settings or templates"),
            std::string::npos)
      << shown.err;

  // Overlapping versions are refused at a reload, naming the entry; the
  // definitions in force stay.
  file["versions"].back()["valid_from"] = "2023-09-15";
  WriteFile(dir_, "indicators.json", file.dump());
  server_->process().Signal(SIGHUP);
  const std::string refused =
      server_->process().WaitForLine("indicator definitions not reloaded");
  EXPECT_NE(refused.find("versions[1]: valid_from 2023-09-15 overlaps"),
            std::string::npos)
      << refused;
  EXPECT_EQ(on_time("2023-10-01", "2023-10-30"),
            std::make_tuple(1, 3, std::string("2023-10-01")));
}

TEST_F(StatsServiceTest, OversizedBatchesAreRefused) {
  // More records than one message may carry.
  std::vector<Dossier> many;
  for (int i = 0; i <= 10000; ++i) {
    many.push_back(MakeDossier(absl::StrCat("M", i), "C1", "2023-04-01", kFull,
                               kOnline, kOnTime));
  }
  grpc::Status too_many = Upsert(many);
  EXPECT_EQ(too_many.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(too_many.error_message().find(
                "dossiers: 10001 records in one message, at most 10000"),
            std::string::npos)
      << too_many.error_message();
  EXPECT_EQ(FromStore().total().dossiers_received(), 0);

  // A message above --max-message-bytes never reaches the service.
  StartServer({"--max-message-bytes=2000"});
  many.resize(200);  // some 8 KB
  grpc::Status too_big = Upsert(many);
  EXPECT_EQ(too_big.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << too_big.error_message();
  EXPECT_EQ(FromStore().total().dossiers_received(), 0);
  many.resize(2);
  EXPECT_TRUE(Upsert(many).ok());
}

TEST_F(StatsServiceTest, ABatchWithOneBadRowIsRejectedWhole) {
  ASSERT_TRUE(
      Upsert({MakeDossier("OK0", "C1", "2023-02-01", kFull, kOnline, kOnTime)})
          .ok());
  const GetIndicatorsResponse before = FromStore();

  stats::v1::BatchUpsertDossiersResponse response;
  grpc::Status status = Upsert(
      {MakeDossier("OK1", "C1", "2023-02-02", kFull, kOnline, kOnTime),
       MakeDossier("BAD", "NOWHERE", "2023-02-03", kFull, kOnline, kOnTime),
       MakeDossier("OK2", "D1", "2023-02-04", kPartial, kDirect, kPending)},
      &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("row 2: unit_code"), std::string::npos)
      << status.error_message();
  common::v1::RowErrors errors;
  ASSERT_TRUE(errors.ParseFromString(status.error_details()));
  ASSERT_EQ(errors.errors_size(), 1);
  EXPECT_EQ(errors.errors(0).row(), 2);
  EXPECT_EQ(errors.errors(0).field(), "unit_code");
  EXPECT_EQ(errors.errors(0).record_id(), "BAD");

  // Nothing of the batch was written.
  EXPECT_TRUE(MessageDifferencer::Equals(before, FromStore()));

  // Every kind of bad field is named.
  Dossier no_channel =
      MakeDossier("N1", "C1", "2023-02-01", kFull, kOnline, kOnTime);
  no_channel.clear_channel();
  Dossier bad_date =
      MakeDossier("N2", "C1", "2023-02-30", kFull, kOnline, kOnTime);
  Dossier early_finish =
      MakeDossier("N3", "C1", "2023-02-10", kFull, kOnline, kOnTime);
  early_finish.set_finished_at("2023-02-09");
  Dossier no_id = MakeDossier("", "C1", "2023-02-10", kFull, kOnline, kOnTime);
  Dossier future =
      MakeDossier("N5", "C1", "2099-02-10", kFull, kOnline, kOnTime);
  status = Upsert({no_channel, bad_date, early_finish, no_id, future});
  ASSERT_TRUE(errors.ParseFromString(status.error_details()));
  ASSERT_EQ(errors.errors_size(), 5);
  EXPECT_EQ(errors.errors(0).field(), "channel");
  EXPECT_EQ(errors.errors(1).field(), "received_at");
  EXPECT_EQ(errors.errors(2).field(), "finished_at");
  EXPECT_EQ(errors.errors(3).field(), "dossier_id");
  EXPECT_EQ(errors.errors(4).field(), "received_at");
  EXPECT_NE(errors.errors(4).reason().find("future"), std::string::npos);
  EXPECT_TRUE(MessageDifferencer::Equals(before, FromStore()));
}

TEST_F(StatsServiceTest, DtctlListsEveryInvalidRowAndImportsNothing) {
  const std::string csv = WriteFile(
      dir_, "dossiers.csv",
      "dossier_id,unit_code,procedure_code,received_at,channel,service_level,"
      "digitized,status,due_at,finished_at\n"
      "A1,C1,1.1,2023-04-01,online,full,1,done_on_time,2023-04-05,2023-04-03\n"
      "A2,C1,1.1,2023-04-01,fax,full,1,done_on_time,,\n"
      "A3,ZZ,1.1,2023-04-01,online,full,0,pending,,\n"
      "A4,D1,1.1,2023-04-02T09:00:00+07:00,direct,none,0,pending,,\n"
      "A5,C1,1.\xe0,2023-04-01,online,full,0,pending,,\n");
  CommandResult rejected = RunCommand({BinPath("dtctl"), "dossiers", "import",
                                       csv, "--server", server_->address()});
  EXPECT_NE(rejected.exit_code, 0);
  EXPECT_NE(rejected.err.find("dossiers.csv:3: channel"), std::string::npos)
      << rejected.err;
  EXPECT_NE(rejected.err.find("dossiers.csv:4: unit_code: unknown unit 'ZZ'"),
            std::string::npos)
      << rejected.err;
  EXPECT_NE(
      rejected.err.find("dossiers.csv:6: procedure_code: is not valid UTF-8"),
      std::string::npos)
      << rejected.err;
  EXPECT_NE(rejected.err.find("3 invalid rows; nothing was imported"),
            std::string::npos);
  EXPECT_EQ(Indicators().total().dossiers_received(), 0);

  CommandResult skipped =
      RunCommand({BinPath("dtctl"), "dossiers", "import", csv, "--skip-invalid",
                  "--server", server_->address()});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_NE(skipped.out.find("2 new, 0 updated, 0 unchanged, 3 rejected"),
            std::string::npos)
      << skipped.out;
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);

  // A row of the wrong length among valid ones: skipped alone, its
  // neighbours sent.
  const std::string short_row = WriteFile(
      dir_, "short.csv",
      "dossier_id,unit_code,procedure_code,received_at,channel,service_level,"
      "digitized,status,due_at,finished_at\n"
      "S1,C1,1.1,2023-05-01,online,full,1,pending,,\n"
      "S2,C1,1.1\n"
      "S3,C1,1.1,2023-05-02,online,full,1,pending,,\n");
  CommandResult around =
      RunCommand({BinPath("dtctl"), "dossiers", "import", short_row,
                  "--skip-invalid", "--server", server_->address()});
  EXPECT_EQ(around.exit_code, 0) << around.err;
  EXPECT_NE(around.out.find("2 new, 0 updated, 0 unchanged, 1 rejected"),
            std::string::npos)
      << around.out << around.err;
  EXPECT_NE(around.err.find("short.csv:3: row: expected 10 fields, found 3"),
            std::string::npos)
      << around.err;

  const std::string wrong_header =
      WriteFile(dir_, "bad.csv", "dossier_id,unit\nA,B\n");
  CommandResult header =
      RunCommand({BinPath("dtctl"), "dossiers", "import", wrong_header,
                  "--server", server_->address()});
  EXPECT_NE(header.exit_code, 0);
  EXPECT_NE(header.err.find("bad.csv:1: header column 2 must be 'unit_code'"),
            std::string::npos)
      << header.err;
}

TEST_F(StatsServiceTest, ManyLongInvalidRowsAreAllListed) {
  // Rows whose errors, all together, are far larger than a status trailer.
  std::string csv =
      "dossier_id,unit_code,procedure_code,received_at,channel,"
      "service_level,digitized,status,due_at,finished_at\n";
  const std::string long_unit(120, 'U');
  for (int i = 0; i < 300; ++i) {
    csv += absl::StrCat(std::string(100, 'x'), i, ",", long_unit,
                        ",1.1,2023-04-01,online,full,0,pending,,\n");
  }
  const std::string path = WriteFile(dir_, "long.csv", csv);
  CommandResult result = RunCommand({BinPath("dtctl"), "dossiers", "import",
                                     path, "--server", server_->address()});
  EXPECT_EQ(result.exit_code, 1);
  int listed = 0;
  for (size_t at = 0; (at = result.err.find(": unit_code: unknown unit", at)) !=
                      std::string::npos;
       ++at) {
    ++listed;
  }
  EXPECT_EQ(listed, 300) << result.err.substr(0, 2000);
  EXPECT_NE(result.err.find("long.csv:301: unit_code"), std::string::npos);
  EXPECT_NE(result.err.find("300 invalid rows; nothing was imported"),
            std::string::npos);
  EXPECT_EQ(Indicators().total().dossiers_received(), 0);
}

TEST_F(StatsServiceTest, AUnitIsCountedAtTheLevelItHadOnTheDay) {
  ASSERT_TRUE(
      Upsert({MakeDossier("T1", "T", "2023-06-30", kFull, kOnline, kOnTime),
              MakeDossier("T2", "T", "2023-07-01", kFull, kOnline, kOnTime),
              MakeDossier("T3", "T", "2023-07-02", kFull, kOnline, kOnTime)})
          .ok());
  const GetIndicatorsResponse year = Indicators();
  EXPECT_EQ(Level(year, "district"), 1);
  EXPECT_EQ(Level(year, "commune"), 2);
  // District 1 holds the town only from the day it joined.
  EXPECT_EQ(Indicators("D1").total().dossiers_received(), 2);
  EXPECT_EQ(Indicators("T", "2023-01-01", "2023-06-30").unit().level(),
            "district");
  EXPECT_EQ(Indicators("T").unit().level(), "commune");
}

TEST_F(StatsServiceTest, BadQueriesAreNamed) {
  grpc::Status status;
  Indicators("NOWHERE", "2023-01-01", "2023-12-31", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  Indicators("P", "2023-12-31", "2023-01-01", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("range.end_date"), std::string::npos);
  Indicators("P", "2023-1-1", "2023-12-31", &status);
  EXPECT_NE(status.error_message().find("range.start_date"), std::string::npos);
  // A unit that did not exist yet in the range.
  Indicators("N", "2023-01-01", "2023-12-31", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(status.error_message().find("unit_code"), std::string::npos);
  Indicators("N", "2023-01-01", "2024-01-01", &status);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(StatsServiceTest, RedisDownQueriesAreAnsweredAndNeverStale) {
  ASSERT_TRUE(
      Upsert({MakeDossier("R1", "C1", "2023-01-05", kFull, kOnline, kOnTime)})
          .ok());
  EXPECT_EQ(Indicators().total().dossiers_received(), 1);  // cached now
  EXPECT_EQ(Indicators().total().dossiers_received(), 1);
  EXPECT_NE(Metrics().find("dtr_cache_requests_total{result=\"hit\"} 1"),
            std::string::npos);

  // Redis crashes; it keeps its data on disk (append-only file).
  redis_->Kill();
  EXPECT_EQ(Indicators().total().dossiers_received(), 1);
  ASSERT_TRUE(
      Upsert({MakeDossier("R2", "C1", "2023-01-06", kFull, kOnline, kOnTime)})
          .ok());
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);

  // It comes back with the answer cached before the write: the service
  // must not serve it.
  redis_->Start();
  ASSERT_TRUE(Eventually([&] {
    return Metrics().find("\ndtr_cache_up 1\n") != std::string::npos;
  })) << Metrics();
  const double hits = MetricValue("dtr_cache_requests_total{result=\"hit\"}");
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);
  // And the cache is used again: the second answer is a hit.
  EXPECT_EQ(MetricValue("dtr_cache_requests_total{result=\"hit\"}"), hits + 1)
      << Metrics();
}

TEST_F(StatsServiceTest, AFrozenRedisIsBypassedThenRevalidated) {
  ASSERT_TRUE(
      Upsert({MakeDossier("F1", "C1", "2023-01-05", kFull, kOnline, kOnTime)})
          .ok());
  EXPECT_EQ(Indicators().total().dossiers_received(), 1);
  redis_->Freeze();  // holds the connections, answers nothing
  EXPECT_EQ(Indicators().total().dossiers_received(), 1);
  ASSERT_TRUE(
      Upsert({MakeDossier("F2", "C1", "2023-01-06", kFull, kOnline, kOnTime)})
          .ok());
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);
  EXPECT_NE(Metrics().find("\ndtr_cache_up 0\n"), std::string::npos);
  redis_->Thaw();
  ASSERT_TRUE(Eventually([&] {
    return Metrics().find("\ndtr_cache_up 1\n") != std::string::npos;
  }));
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);
}

TEST_F(StatsServiceTest, ARedisThatGoesBackInTimeIsNotTrusted) {
  ASSERT_TRUE(
      Upsert({MakeDossier("G1", "C1", "2023-01-05", kFull, kOnline, kOnTime)})
          .ok());
  EXPECT_EQ(Indicators().total().dossiers_received(), 1);
  EXPECT_EQ(Indicators().total().dossiers_received(), 1);  // served cached
  // Redis loses its last increment without dropping the connection (a
  // replica promoted from behind, a restore): the next bump lands on a
  // generation whose answers predate the write.
  ASSERT_EQ(redis_->Call("DECR dtr:stats:generation").substr(0, 1), ":");
  ASSERT_TRUE(
      Upsert({MakeDossier("G2", "C1", "2023-01-06", kFull, kOnline, kOnTime)})
          .ok());
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);
  ASSERT_TRUE(Eventually([&] {
    return Metrics().find("\ndtr_cache_up 1\n") != std::string::npos;
  }));
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);
  // The same when the generation key is lost altogether.
  ASSERT_EQ(redis_->Call("DEL dtr:stats:generation"), ":1");
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);
  ASSERT_TRUE(
      Upsert({MakeDossier("G3", "C1", "2023-01-07", kFull, kOnline, kOnTime)})
          .ok());
  EXPECT_EQ(Indicators().total().dossiers_received(), 3);
}

TEST_F(StatsServiceTest, MetricsHaveEveryMethodFromTheStart) {
  const std::string metrics = Metrics();
  for (const char* method :
       {"ImportDossiers", "BatchUpsertDossiers", "ImportPayments",
        "BatchUpsertPayments", "GetIndicators", "ListUnits"}) {
    const std::string handled = absl::StrCat(
        "grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"", method,
        "\",grpc_service=\"dtr.stats.v1.StatsService\",grpc_type=\"");
    EXPECT_NE(metrics.find(handled), std::string::npos) << method;
    EXPECT_NE(metrics.find(absl::StrCat(
                  "grpc_server_started_total{grpc_method=\"", method, "\"")),
              std::string::npos)
        << method;
    EXPECT_NE(metrics.find(absl::StrCat(
                  "grpc_server_handling_seconds_bucket{grpc_method=\"", method,
                  "\"")),
              std::string::npos)
        << method;
  }
  EXPECT_NE(metrics.find(
                "grpc_code=\"InvalidArgument\",grpc_method=\"GetIndicators\""),
            std::string::npos);
  EXPECT_NE(metrics.find("grpc_type=\"client_stream\""), std::string::npos);

  grpc::Status status;
  Indicators("P", "2023-12-31", "2023-01-01", &status);
  Indicators();
  // Names made up by clients do not become series.
  std::string ignored;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        CallRaw(server_->address(), absl::StrCat("/x.Probe/M", i), "", &ignored)
            .error_code(),
        grpc::StatusCode::UNIMPLEMENTED);
  }
  const std::string after = Metrics();
  EXPECT_EQ(after.find("x.Probe"), std::string::npos);
  EXPECT_NE(
      after.find("grpc_server_handled_total{grpc_code=\"InvalidArgument\","
                 "grpc_method=\"GetIndicators\",grpc_service=\"dtr.stats."
                 "v1.StatsService\",grpc_type=\"unary\"} 1"),
      std::string::npos)
      << after;
  EXPECT_NE(after.find("grpc_server_handled_total{grpc_code=\"OK\","
                       "grpc_method=\"GetIndicators\",grpc_service=\"dtr.stats."
                       "v1.StatsService\",grpc_type=\"unary\"} 1"),
            std::string::npos);
}

TEST_F(StatsServiceTest, HealthTurnsNotServingWhileDraining) {
  StartServer({"--drain-seconds=3"});
  EXPECT_EQ(HealthStatus(server_->address()), 1);
  server_->process().Signal(SIGTERM);
  EXPECT_TRUE(Eventually([&] { return HealthStatus(server_->address()) == 2; },
                         absl::Seconds(2)));
  // Calls are still answered while draining.
  EXPECT_EQ(Indicators().total().dossiers_received(), 0);
  EXPECT_EQ(server_->process().Wait(), 0);
}

TEST_F(StatsServiceTest, ConcurrentImportsBothLand) {
  // Each stream holds the write slot until it ends; the other waits for it
  // without holding a thread.
  auto stream = [&](const std::string& prefix) {
    stats::v1::ImportDossiersResponse response;
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    auto writer = stub_->ImportDossiers(&context, &response);
    for (int batch = 0; batch < 20; ++batch) {
      stats::v1::ImportDossiersRequest request;
      for (int i = 0; i < 50; ++i) {
        *request.add_dossiers() =
            MakeDossier(absl::StrCat(prefix, batch, "-", i), "C1", "2023-08-01",
                        kFull, kOnline, kOnTime);
      }
      EXPECT_TRUE(writer->Write(request));
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.summary().created(), 1000);
  };
  std::thread a(stream, "a"), b(stream, "b"), c(stream, "c");
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(Indicators().total().dossiers_received(), 3000);
}

TEST_F(StatsServiceTest, AStalledImportIsCancelledAndFreesTheStore) {
  StartServer({"--import-idle-seconds=1"});
  stats::v1::ImportDossiersResponse response;
  grpc::ClientContext stalled;
  stalled.set_deadline(Deadline());
  auto writer = stub_->ImportDossiers(&stalled, &response);
  stats::v1::ImportDossiersRequest batch;
  *batch.add_dossiers() =
      MakeDossier("S1", "C1", "2023-08-01", kFull, kOnline, kOnTime);
  ASSERT_TRUE(writer->Write(batch));
  // The stream now holds the write slot and sends nothing more; another
  // writer gets through once the service gives up on it.
  const absl::Time start = absl::Now();
  ASSERT_TRUE(
      Upsert({MakeDossier("S2", "C1", "2023-08-02", kFull, kOnline, kOnTime)})
          .ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // Nothing of the stalled import was kept.
  EXPECT_EQ(Indicators().total().dossiers_received(), 1);
}

TEST_F(StatsServiceTest, AcknowledgedWritesSurviveAKill) {
  ASSERT_TRUE(
      Upsert(
          {MakeDossier("K1", "C1", "2023-09-01", kFull, kOnline, kOnTime),
           MakeDossier("K2", "A", "2023-09-02", kPartial, kDirect, kPending)})
          .ok());
  const GetIndicatorsResponse before = FromStore();
  server_->process().Signal(SIGKILL);
  server_->process().Wait();
  redis_->Kill();  // and nothing cached helps the restarted service
  redis_->Start();
  StartServer();
  EXPECT_TRUE(MessageDifferencer::Equals(before, FromStore()));
  EXPECT_EQ(Indicators().total().dossiers_received(), 2);
}

// One write with an old dossier among recent ones of several units: each
// unit's day cubes take exactly its own dossiers, whichever days the
// write reads together.
TEST_F(StatsServiceTest, AnOldDossierAmongRecentOnesCountsOnItsOwnDay) {
  std::vector<Dossier> dossiers = {
      MakeDossier("R1", "A", "2023-09-03", kFull, kDirect, kPending),
      MakeDossier("R2", "A", "2023-09-04", kFull, kDirect, kPending),
      MakeDossier("R3", "C1", "2021-02-10", kFull, kDirect, kPending),
      MakeDossier("R4", "C1", "2023-09-03", kFull, kDirect, kPending),
      MakeDossier("R5", "C1", "2023-09-05", kFull, kDirect, kPending),
      MakeDossier("R6", "D1", "2023-09-04", kFull, kDirect, kPending),
      MakeDossier("R7", "D1", "2021-02-11", kFull, kDirect, kPending)};
  ASSERT_TRUE(Upsert(dossiers).ok());
  const auto received = [&](const std::string& unit, const std::string& from,
                            const std::string& to) {
    return Indicators(unit, from, to).total().dossiers_received();
  };
  EXPECT_EQ(received("A", "2023-09-03", "2023-09-04"), 2);
  EXPECT_EQ(received("C1", "2023-09-03", "2023-09-05"), 2);
  EXPECT_EQ(received("C1", "2021-02-10", "2021-02-10"), 1);
  // D1's subtree holds C1.
  EXPECT_EQ(received("D1", "2021-02-11", "2021-02-11"), 1);
  EXPECT_EQ(received("D1", "2021-02-10", "2021-02-11"), 2);
  EXPECT_EQ(received("D1", "2023-09-03", "2023-09-05"), 3);
  EXPECT_EQ(received("P", "2021-02-01", "2021-02-20"), 2);
  EXPECT_EQ(received("P", "2023-09-01", "2023-09-20"), 5);
  // Moved from its old day to a recent one, in a write with others.
  dossiers[2].set_received_at("2023-09-06");
  ASSERT_TRUE(Upsert(dossiers).ok());
  EXPECT_EQ(received("P", "2021-02-01", "2021-02-20"), 1);
  EXPECT_EQ(received("C1", "2023-09-06", "2023-09-06"), 1);
  EXPECT_EQ(received("P", "2023-09-01", "2023-09-20"), 6);
}

// An id may hold any text; each store must find it again as it was sent
// (PostgreSQL reads and writes a batch as arrays, where a quote, a
// backslash, a comma or a brace would otherwise end an element).
TEST_F(StatsServiceTest, IdsOfAnyTextAreStoredAndFoundAsSent) {
  const std::vector<std::string> ids = {"D\"1", "D\\2",    "D,3",  "{D4}",
                                        "NULL", "Hồ sơ 6", " D7 ", "D\\\"8"};
  std::vector<Dossier> dossiers;
  for (const std::string& id : ids) {
    dossiers.push_back(
        MakeDossier(id, "C1", "2023-07-01", kFull, kDirect, kOnTime));
  }
  stats::v1::BatchUpsertDossiersResponse response;
  ASSERT_TRUE(Upsert(dossiers, &response).ok());
  EXPECT_EQ(response.summary().created(), 8);
  // Sent again: each found, unchanged; one changed: found and updated.
  ASSERT_TRUE(Upsert(dossiers, &response).ok());
  EXPECT_EQ(response.summary().unchanged(), 8);
  dossiers[1].set_channel(kOnline);
  ASSERT_TRUE(Upsert(dossiers, &response).ok());
  EXPECT_EQ(response.summary().updated(), 1);
  EXPECT_EQ(response.summary().unchanged(), 7);
  EXPECT_EQ(Indicators().total().dossiers_received(), 8);

  stats::v1::ListDossiersRequest request;
  request.set_unit_code("P");
  request.mutable_range()->set_start_date("2023-07-01");
  request.mutable_range()->set_end_date("2023-07-01");
  request.set_figure("on_time");
  request.set_part(stats::v1::FIGURE_PART_NUMERATOR);
  stats::v1::ListDossiersResponse listed;
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  ASSERT_TRUE(stub_->ListDossiers(&context, request, &listed).ok());
  std::vector<std::string> stored;
  for (const auto& d : listed.dossiers()) {
    stored.push_back(d.dossier_id());
    EXPECT_EQ(d.channel(), d.dossier_id() == ids[1] ? kOnline : kDirect)
        << d.dossier_id();
  }
  std::vector<std::string> sent = ids;
  std::sort(sent.begin(), sent.end());
  std::sort(stored.begin(), stored.end());
  EXPECT_EQ(stored, sent);
}

TEST_F(StatsServiceTest, PaymentsAreCheckedAndCounted) {
  auto payment = [](const std::string& id, const std::string& unit,
                    const std::string& day, int64_t amount,
                    stats::v1::PaymentStatus status) {
    stats::v1::Payment p;
    p.set_transaction_id(id);
    p.set_unit_code(unit);
    p.set_paid_at(day);
    p.set_amount_vnd(amount);
    p.set_status(status);
    return p;
  };
  constexpr auto kSuccess = stats::v1::PAYMENT_STATUS_SUCCESS;
  constexpr auto kFailed = stats::v1::PAYMENT_STATUS_FAILED;
  auto upsert = [&](std::vector<stats::v1::Payment> payments) {
    stats::v1::BatchUpsertPaymentsRequest request;
    for (auto& p : payments) *request.add_payments() = p;
    stats::v1::BatchUpsertPaymentsResponse response;
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    return stub_->BatchUpsertPayments(&context, request, &response);
  };
  grpc::Status status = upsert(
      {payment("P0", "C1", "2023-05-01", 0, kSuccess),
       payment("P1", "ZZ", "2023-05-01", 10000, kSuccess),
       payment("P2", "C1", "2023-05-01", 10000,
               stats::v1::PAYMENT_STATUS_UNSPECIFIED),
       payment("P3", "C1", "yesterday", 10000, kSuccess),
       payment("P4", "C1", "2023-05-01", 100'000'000'000'000, kSuccess)});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  common::v1::RowErrors errors;
  ASSERT_TRUE(errors.ParseFromString(status.error_details()));
  ASSERT_EQ(errors.errors_size(), 5);
  EXPECT_EQ(errors.errors(4).field(), "amount_vnd");
  EXPECT_EQ(errors.errors(0).field(), "amount_vnd");
  EXPECT_EQ(errors.errors(1).field(), "unit_code");
  EXPECT_EQ(errors.errors(2).field(), "status");
  EXPECT_EQ(errors.errors(3).field(), "paid_at");

  ASSERT_TRUE(
      upsert({payment("P1", "C1", "2023-05-01", 20000, kSuccess),
              payment("P2", "C1", "2023-05-02T23:30:00Z", 30000, kSuccess),
              payment("P3", "A", "2023-05-03", 40000, kFailed),
              payment("P4", "D1", "2023-06-01", 50000, kSuccess)})
          .ok());
  // P2 was paid on 3 May in Hà Nội.
  GetIndicatorsResponse may = Indicators("P", "2023-05-01", "2023-05-31");
  EXPECT_EQ(may.total().payments().successful_transactions(), 2);
  EXPECT_EQ(may.total().payments().amount_vnd(), 50000);
  EXPECT_EQ(may.total().payments().units_with_payments(), 1);
  EXPECT_EQ(Indicators("P", "2023-05-03", "2023-05-03")
                .total()
                .payments()
                .amount_vnd(),
            30000);
  GetIndicatorsResponse year = Indicators();
  EXPECT_EQ(year.total().payments().units_with_payments(), 2);
  // A failed payment that later succeeds moves into the counts.
  ASSERT_TRUE(upsert({payment("P3", "A", "2023-05-03", 40000, kSuccess)}).ok());
  EXPECT_EQ(Indicators().total().payments().units_with_payments(), 3);
  EXPECT_EQ(Indicators().total().payments().amount_vnd(), 140000);
}

TEST_F(StatsServiceTest, DtctlFindsTheServerBeforeOrAfterTheCommand) {
  for (const std::vector<std::string>& argv :
       {std::vector<std::string>{BinPath("dtctl"), "--server",
                                 server_->address(), "units", "list"},
        std::vector<std::string>{BinPath("dtctl"), "units", "list",
                                 "--server=" + server_->address()},
        std::vector<std::string>{"env", "DTR_STATS_ADDR=" + server_->address(),
                                 BinPath("dtctl"), "units", "list", "--on",
                                 "2023-01-01"}}) {
    CommandResult result = RunCommand(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("C1"), std::string::npos) << result.out;
  }
  CommandResult help =
      RunCommand({BinPath("dtctl"), "dossiers", "import", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--server", "--timeout", "--skip-invalid",
                           "--validate-only", "--batch-size"}) {
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
  }
  CommandResult unknown = RunCommand({BinPath("dtctl"), "stats", "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
}

TEST_F(StatsServiceTest, TheUnitTreeReloadsOnHangup) {
  auto list = [&] {
    return RunCommand({BinPath("dtctl"), "units", "list", "--on", "2023-01-01",
                       "--server", server_->address()})
        .out;
  };
  EXPECT_EQ(list().find("C2"), std::string::npos);
  WriteFile(dir_, "units.csv",
            std::string(kUnits) + "C2,Commune 2,commune,D1,,\n");
  server_->process().Signal(SIGHUP);
  ASSERT_FALSE(server_->process().WaitForLine("unit tree reloaded").empty());
  EXPECT_NE(list().find("C2"), std::string::npos);
  // A broken file is refused and the tree in use is kept.
  WriteFile(dir_, "units.csv", "code,name\n");
  server_->process().Signal(SIGHUP);
  ASSERT_FALSE(
      server_->process().WaitForLine("unit tree not reloaded").empty());
  EXPECT_NE(list().find("C2"), std::string::npos);
}

TEST_F(StatsServiceTest, TheSampleFollowsItsFixture) {
  // Another report's figures: the sample must reproduce these, not the
  // Hà Tĩnh ones.
  std::ifstream in(TestDataPath("ha-tinh-2023-10.json"));
  nlohmann::json fixture = nlohmann::json::parse(in);
  nlohmann::json& ps = fixture["public_services"];
  const char* levels[] = {"province", "district", "commune"};
  const int64_t received[] = {400, 150, 600};
  const int64_t online_den[] = {300, 120, 500};
  const int64_t online_num[] = {200, 100, 350};
  const int64_t full_den[] = {120, 60, 200};
  const int64_t full_num[] = {90, 50, 150};
  const int64_t finished[] = {250, 100, 450};
  const int64_t digitized[] = {100, 60, 300};
  for (int l = 0; l < 3; ++l) {
    ps["dossiers_received"][levels[l]] = received[l];
    ps["online_submission"]["denominator"][levels[l]] = online_den[l];
    ps["online_submission"]["numerator"][levels[l]] = online_num[l];
    ps["full_process_online"]["denominator"][levels[l]] = full_den[l];
    ps["full_process_online"]["numerator"][levels[l]] = full_num[l];
    ps["digitization"]["implied_denominator"][levels[l]] = finished[l];
    ps["digitization"]["numerator"][levels[l]] = digitized[l];
  }
  ps["online_payment"]["units_with_payments"] = 40;
  ps["online_payment"]["successful_transactions"] = 500;
  ps["online_payment"]["amount_million_vnd"] = 31.5;
  const std::string fixture_path =
      WriteFile(dir_, "other.json", fixture.dump());
  const std::string sample = dir_ + "/other";
  CommandResult written =
      RunCommand({BinPath("dtctl"), "sample", "write", "--out", sample,
                  "--fixture", fixture_path});
  ASSERT_EQ(written.exit_code, 0) << written.err;

  StatsServer other(sample + "/units.csv", "", dir_ + "/other.db");
  for (const char* kind : {"dossiers", "payments"}) {
    CommandResult import =
        RunCommand({BinPath("dtctl"), kind, "import",
                    sample + "/" + kind + ".csv", "--server", other.address()});
    ASSERT_EQ(import.exit_code, 0) << import.err;
  }
  stub_ = stats::v1::StatsService::NewStub(
      grpc::CreateChannel(other.address(), grpc::InsecureChannelCredentials()));
  const std::string unit = fixture["province"]["code"];
  GetIndicatorsResponse r =
      Indicators(unit, fixture["period"]["from"], fixture["period"]["to"]);
  ASSERT_EQ(r.levels_size(), 3);
  for (int l = 0; l < 3; ++l) {
    const stats::v1::IndicatorSet& set = r.levels(l).indicators();
    EXPECT_EQ(r.levels(l).level(), levels[l]);
    EXPECT_EQ(set.dossiers_received(), received[l]);
    EXPECT_EQ(set.online_submission().numerator(), online_num[l]);
    EXPECT_EQ(set.online_submission().denominator(), online_den[l]);
    EXPECT_EQ(set.full_process_online().numerator(), full_num[l]);
    EXPECT_EQ(set.full_process_online().denominator(), full_den[l]);
    EXPECT_EQ(set.digitization().numerator(), digitized[l]);
    EXPECT_EQ(set.digitization().denominator(), finished[l]);
  }
  GetIndicatorsResponse window =
      Indicators(unit, ps["online_payment"]["window"]["from"],
                 ps["online_payment"]["window"]["to"]);
  EXPECT_EQ(window.total().payments().units_with_payments(), 40);
  EXPECT_EQ(window.total().payments().successful_transactions(), 500);
  EXPECT_EQ(window.total().payments().amount_vnd(), 31500000);
}

TEST_F(StatsServiceTest, TheSampleIsTheSameOnEveryRun) {
  const std::string a = dir_ + "/a", b = dir_ + "/b";
  ASSERT_EQ(
      RunCommand({BinPath("dtctl"), "sample", "write", "--out", a}).exit_code,
      0);
  ASSERT_EQ(
      RunCommand({BinPath("dtctl"), "sample", "write", "--out", b}).exit_code,
      0);
  for (const char* file : {"units.csv", "dossiers.csv", "payments.csv"}) {
    std::ifstream fa(a + "/" + file), fb(b + "/" + file);
    std::stringstream ta, tb;
    ta << fa.rdbuf();
    tb << fb.rdbuf();
    EXPECT_GT(ta.str().size(), 1000u) << file;
    EXPECT_TRUE(ta.str() == tb.str()) << file;
  }
}

}  // namespace
}  // namespace dtr::testing
