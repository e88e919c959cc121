// Starting a service where it cannot serve, as a new user might: a second
// service on an address another one holds must be refused at once, naming
// the flag and the address — not share the port, which would hand calls
// to the two stores in turns — whether the address is its gRPC, health or
// metrics port.
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

class PortTakenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    units_ = dir_ + "/units.csv";
    std::ofstream(units_) << "code,name,level,parent_code,valid_from,valid_to\n"
                             "P,Province,province,,,\n";
  }

  // A second stats service with `flag` (a later flag wins over the
  // harness's own --listen and --metrics): it must end with status 1 and
  // say `expected` on stderr.
  void ExpectRefused(const std::string& flag, const std::string& expected) {
    ServiceProcess second("stats-service", units_, "", dir_ + "/second.db",
                          {flag}, ServiceProcess::Start::kNoWait);
    EXPECT_EQ(second.process().Wait(absl::Seconds(30)), 1)
        << second.process().StderrText();
    EXPECT_NE(second.process().StderrText().find(expected), std::string::npos)
        << second.process().StderrText();
    EXPECT_TRUE(second.process()
                    .WaitForLine("\"msg\":\"serving\"", absl::Milliseconds(1))
                    .empty());
  }

  std::string dir_;
  std::string units_;
};

TEST_F(PortTakenTest, ABusyGrpcPortIsRefusedNotShared) {
  StatsServer first(units_, "", dir_ + "/first.db");
  const std::string address = absl::StrCat("127.0.0.1:", first.grpc_port());
  ExpectRefused("--listen=" + address,
                absl::StrCat("--listen ", address, ": the port is in use"));
  // The same port on every interface is taken too.
  ExpectRefused(absl::StrCat("--listen=0.0.0.0:", first.grpc_port()),
                "the port is in use");
  // The first still answers, alone.
  EXPECT_EQ(HealthStatus(first.address()), 1);
}

TEST_F(PortTakenTest, ABusyMetricsPortIsRefusedNamingTheFlag) {
  StatsServer first(units_, "", dir_ + "/first.db");
  const std::string address = absl::StrCat("127.0.0.1:", first.metrics_port());
  ExpectRefused("--metrics=" + address,
                absl::StrCat("--metrics ", address, ": the port is in use"));
}

TEST_F(PortTakenTest, ABusyHealthPortIsRefusedNamingTheFlag) {
  StatsServer first(units_, "", dir_ + "/first.db",
                    {"--health-listen=127.0.0.1:0"});
  const std::string address = absl::StrCat("127.0.0.1:", first.health_port());
  ExpectRefused(
      "--health-listen=" + address,
      absl::StrCat("--health-listen ", address, ": the port is in use"));
}

TEST_F(PortTakenTest, AnAddressThatIsNotThisMachinesIsRefused) {
  ExpectRefused("--listen=192.0.2.1:7101",
                "--listen 192.0.2.1:7101: not an address of this machine");
  ExpectRefused("--listen=7101", "--listen 7101: expected HOST:PORT");
}

// A service started where its reference files are not (their defaults are
// relative paths) says which flag and variable to set, and leaves no
// store behind.
TEST_F(PortTakenTest, AMissingReferenceFileNamesItsFlagAndLeavesNoStore) {
  for (const auto& [binary, flags, expected] :
       {std::tuple{"stats-service",
                   std::vector<std::string>{"--units=nowhere.csv"},
                   "--units nowhere.csv: no such file in "},
        std::tuple{"security-service",
                   std::vector<std::string>{"--units=" + units_,
                                            "--controls=nowhere.json"},
                   "--controls nowhere.json: no such file in "},
        std::tuple{"workforce-service",
                   std::vector<std::string>{"--units=" + units_,
                                            "--rules=nowhere.json"},
                   "--rules nowhere.json: no such file in "},
        std::tuple{"report-service",
                   std::vector<std::string>{"--templates=nowhere"},
                   "--templates nowhere: no such file in "}}) {
    const std::string db = absl::StrCat(dir_, "/", binary, "-missing.db");
    ServiceProcess service(binary, db, flags, ServiceProcess::Start::kNoWait);
    EXPECT_EQ(service.process().Wait(absl::Seconds(30)), 1) << binary;
    const std::string err = service.process().StderrText();
    EXPECT_TRUE(absl::StrContains(err, expected)) << err;
    EXPECT_TRUE(absl::StrContains(err, "set --")) << err;
    if (!UsingPostgres()) {
      EXPECT_FALSE(std::filesystem::exists(db)) << binary << " left " << db;
    }
  }
}

}  // namespace
}  // namespace dtr::testing
