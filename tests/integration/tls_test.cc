// Transport security of the services, with a throw-away CA made by
// tools/make-certs.sh: mutual TLS identifies callers, a caller without a
// certificate or with one of another CA gets nothing, probes have a plain
// health port, plain text is only what --plaintext asks for, and the
// report service calls the three others with its own certificate.
#include <signal.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/tls_credentials.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    const std::string certs =
        std::string(DTR_SOURCE_DIR) + "/tools/make-certs.sh";
    auto make = [&](std::vector<std::string> args) {
      args.insert(args.begin(), {"sh", certs, *dir_});
      CommandResult r = RunCommand(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    make({"ca", "dtr-ca"});
    for (const char* service : {"stats-service", "security-service",
                                "workforce-service", "report-service"}) {
      make({"server", service, "dtr-ca", "localhost", "127.0.0.1"});
    }
    make({"client", "reader", "dtr-ca"});
    make({"client", "writer-d1", "dtr-ca"});
    make({"client", "stranger", "dtr-ca"});
    make({"client", "ops", "dtr-ca"});
    make({"client", "pii-officer", "dtr-ca"});
    make({"client", "department", "dtr-ca"});
    make({"ca", "other-ca"});
    make({"client", "intruder", "other-ca"});
    make({"server", "impostor-report", "other-ca", "localhost", "127.0.0.1"});
    // The CA that replaces dtr-ca in the renewal test.
    make({"ca", "next-ca"});
    make({"server", "stats-renewed", "next-ca", "localhost", "127.0.0.1"});
    make({"client", "next-reader", "next-ca"});
    CommandResult sample =
        RunCommand({BinPath("dtctl"), "sample", "write", "--out", *dir_});
    ASSERT_EQ(sample.exit_code, 0) << sample.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string Pem(const std::string& name) { return *dir_ + "/" + name; }
  // A service's TLS flags: its certificate, and callers must present one
  // signed by the test CA.
  static std::vector<std::string> MutualTls(const std::string& name) {
    return {
        "--tls-cert=" + Pem(name + ".crt"), "--tls-key=" + Pem(name + ".key"),
        "--tls-client-ca=" + Pem("dtr-ca.crt"), "--health-listen=127.0.0.1:0"};
  }
  // The same, serving every caller of the CA: no policy, on purpose.
  static std::vector<std::string> AnyCallerTls(const std::string& name) {
    std::vector<std::string> flags = MutualTls(name);
    flags.push_back("--allow-any-caller");
    return flags;
  }
  static std::string Units() { return *dir_ + "/units.csv"; }

  // dtctl's TLS flags for `client` ("" for none).
  static std::vector<std::string> AsClient(const std::string& client) {
    std::vector<std::string> flags = {"--tls-ca", Pem("dtr-ca.crt")};
    if (!client.empty()) {
      flags.insert(flags.end(), {"--tls-cert", Pem(client + ".crt"),
                                 "--tls-key", Pem(client + ".key")});
    }
    return flags;
  }

  // A channel to `address` as `client`.
  static std::shared_ptr<grpc::Channel> ChannelAs(const std::string& address,
                                                  const std::string& client) {
    TlsFiles tls;
    tls.ca = Pem("dtr-ca.crt");
    tls.cert = Pem(client + ".crt");
    tls.key = Pem(client + ".key");
    return grpc::CreateChannel(address, *ChannelCredentialsFor(tls));
  }

  // The first row of a sample file whose `column` starts with `prefix`.
  static std::vector<std::string> SampleRow(const std::string& file, int column,
                                            const std::string& prefix) {
    std::ifstream in(*dir_ + "/" + file);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> fields = absl::StrSplit(line, ',');
      if (static_cast<int>(fields.size()) > column &&
          absl::StartsWith(fields[column], prefix)) {
        return fields;
      }
    }
    ADD_FAILURE() << "no row of " << file << " with " << prefix;
    return {};
  }

  static CommandResult UnitsList(const ServiceProcess& server,
                                 std::vector<std::string> tls) {
    std::vector<std::string> argv = {BinPath("dtctl"), "units", "list",
                                     "--server", server.address()};
    argv.insert(argv.end(), tls.begin(), tls.end());
    return RunCommand(argv);
  }

  static std::string* dir_;
};

std::string* TlsTest::dir_ = nullptr;

TEST_F(TlsTest, OnlyCallersWithACertificateOfTheCaAreServed) {
  std::vector<std::string> flags = AnyCallerTls("stats-service");
  flags.push_back("--drain-seconds=5");  // to see the probes' answer change
  StatsServer stats(Units(), "", "", flags);
  ASSERT_GT(stats.grpc_port(), 0);
  EXPECT_TRUE(
      absl::StrContains(stats.process().StderrText(), "\"tls\":\"mutual\""));

  CommandResult reader = UnitsList(stats, AsClient("reader"));
  EXPECT_EQ(reader.exit_code, 0) << reader.err;
  EXPECT_TRUE(absl::StrContains(reader.out, "Hà Tĩnh")) << reader.out;

  // No certificate, one of another CA, or no TLS at all: no answer.
  for (const auto& [who, flags] :
       {std::pair{"no certificate", AsClient("")},
        std::pair{"another CA's certificate", AsClient("intruder")},
        std::pair{"plain text", std::vector<std::string>{}}}) {
    CommandResult refused = UnitsList(stats, flags);
    EXPECT_NE(refused.exit_code, 0) << who;
    EXPECT_TRUE(refused.out.empty()) << who << ": " << refused.out;
    EXPECT_TRUE(absl::StrContains(refused.err, "UNAVAILABLE")) << refused.err;
  }

  // Probes: plain-text health on its own port; the API port speaks TLS only.
  ASSERT_GT(stats.health_port(), 0);
  EXPECT_EQ(HealthStatus(absl::StrCat("127.0.0.1:", stats.health_port())), 1);
  EXPECT_EQ(HealthStatus(stats.address()), -1);
  // The health port serves nothing of dtr's.
  std::string ignored;
  EXPECT_EQ(CallRaw(absl::StrCat("127.0.0.1:", stats.health_port()),
                    "/dtr.stats.v1.StatsService/ListUnits", "", &ignored)
                .error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  // Draining turns the probes' port NOT_SERVING too.
  stats.process().Signal(SIGTERM);
  EXPECT_TRUE(Eventually([&] {
    return HealthStatus(absl::StrCat("127.0.0.1:", stats.health_port())) == 2;
  }));
}

// cert-manager renews a certificate by rewriting the mounted files: the
// service serves the new certificate, and trusts the new client CA, on new
// connections within its reload interval, without a restart.
TEST_F(TlsTest, CertificatesRenewedOnDiskAreUsedWithoutARestart) {
  const std::string mounted = MakeTempDir();
  // As the kubelet updates a Secret volume: the new content appears at
  // once, never half-written.
  auto install = [&](const std::string& from, const std::string& to) {
    std::ifstream in(Pem(from), std::ios::binary);
    const std::string tmp = mounted + "/." + to;
    std::ofstream(tmp, std::ios::binary) << in.rdbuf();
    ASSERT_EQ(std::rename(tmp.c_str(), (mounted + "/" + to).c_str()), 0);
  };
  install("stats-service.crt", "tls.crt");
  install("stats-service.key", "tls.key");
  install("dtr-ca.crt", "ca.crt");
  StatsServer stats(
      Units(), "", "",
      {"--tls-cert=" + mounted + "/tls.crt",
       "--tls-key=" + mounted + "/tls.key",
       "--tls-client-ca=" + mounted + "/ca.crt", "--tls-reload-seconds=1",
       "--allow-any-caller", "--http-listen=127.0.0.1:0"});
  ASSERT_GT(stats.grpc_port(), 0);
  ASSERT_GT(stats.http_port(), 0);
  auto as_next = [&] {
    return UnitsList(
        stats, {"--tls-ca", Pem("next-ca.crt"), "--tls-cert",
                Pem("next-reader.crt"), "--tls-key", Pem("next-reader.key")});
  };
  // The REST/JSON port, with a client of `ca`: its HTTP status, or 000
  // when the TLS handshake failed.
  auto over_http = [&](const std::string& ca, const std::string& client) {
    return RunCommand({"curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                       "--cacert", Pem(ca + ".crt"), "--cert",
                       Pem(client + ".crt"), "--key", Pem(client + ".key"),
                       absl::StrCat("https://localhost:", stats.http_port(),
                                    "/v1/units")})
        .out;
  };
  EXPECT_EQ(UnitsList(stats, AsClient("reader")).exit_code, 0);
  EXPECT_NE(as_next().exit_code, 0);
  EXPECT_EQ(over_http("dtr-ca", "reader"), "200");
  EXPECT_EQ(over_http("next-ca", "next-reader"), "000");

  install("stats-renewed.key", "tls.key");
  install("stats-renewed.crt", "tls.crt");
  install("next-ca.crt", "ca.crt");
  EXPECT_TRUE(
      Eventually([&] { return as_next().exit_code == 0; }, absl::Seconds(15)))
      << as_next().err;
  // The old chain is no longer what the service presents or trusts.
  CommandResult old = UnitsList(stats, AsClient("reader"));
  EXPECT_NE(old.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(old.err, "certificate verify failed"))
      << old.err;
  // The REST/JSON port renews with it.
  EXPECT_TRUE(
      Eventually([&] { return over_http("next-ca", "next-reader") == "200"; },
                 absl::Seconds(15)));
  EXPECT_EQ(over_http("dtr-ca", "reader"), "000");
}

TEST_F(TlsTest, PlainTextOnlyWhenAskedForAndWithAWarning) {
  ChildProcess refused({BinPath("stats-service"), "--listen=127.0.0.1:0",
                        "--metrics=", "--db=sqlite:" + *dir_ + "/plain.db",
                        "--units=" + Units()});
  EXPECT_EQ(refused.Wait(), 1);
  EXPECT_TRUE(absl::StrContains(refused.StderrText(), "--tls-cert"))
      << refused.StderrText();
  EXPECT_TRUE(absl::StrContains(refused.StderrText(), "--plaintext"));

  StatsServer plain(Units(), "");  // the helper asks for --plaintext
  ASSERT_GT(plain.grpc_port(), 0);
  const std::string log = plain.process().StderrText();
  EXPECT_TRUE(absl::StrContains(log, "\"level\":\"warning\"")) << log;
  EXPECT_TRUE(absl::StrContains(log, "plain text")) << log;
  EXPECT_TRUE(absl::StrContains(log, "\"tls\":\"none\"")) << log;

  ChildProcess both({BinPath("stats-service"), "--listen=127.0.0.1:0",
                     "--metrics=", "--db=sqlite:" + *dir_ + "/both.db",
                     "--units=" + Units(), "--plaintext",
                     "--tls-cert=" + Pem("stats-service.crt"),
                     "--tls-key=" + Pem("stats-service.key")});
  EXPECT_EQ(both.Wait(), 1);
  EXPECT_TRUE(absl::StrContains(both.StderrText(), "exclude each other"))
      << both.StderrText();
}

// A forgotten --policy does not open every method to every holder of a
// certificate: the service refuses to start and says what to give.
TEST_F(TlsTest, WithoutAPolicyATlsServiceStartsOnlyWhenToldToServeEveryone) {
  for (const auto& tls :
       {MutualTls("stats-service"),
        std::vector<std::string>{"--tls-cert=" + Pem("stats-service.crt"),
                                 "--tls-key=" + Pem("stats-service.key")}}) {
    std::vector<std::string> argv = {
        BinPath("stats-service"), "--listen=127.0.0.1:0",
        "--metrics=", "--db=sqlite:" + *dir_ + "/open.db",
        "--units=" + Units()};
    argv.insert(argv.end(), tls.begin(), tls.end());
    ChildProcess refused(argv);
    EXPECT_EQ(refused.Wait(), 1);
    EXPECT_TRUE(absl::StrContains(refused.StderrText(), "no --policy"))
        << refused.StderrText();
    EXPECT_TRUE(absl::StrContains(refused.StderrText(), "--allow-any-caller"))
        << refused.StderrText();
  }
  StatsServer open(Units(), "", "", AnyCallerTls("stats-service"));
  ASSERT_GT(open.grpc_port(), 0);
  EXPECT_TRUE(absl::StrContains(open.process().StderrText(),
                                "every caller with a certificate of the CA "
                                "may call every method"))
      << open.process().StderrText();
  EXPECT_EQ(UnitsList(open, AsClient("reader")).exit_code, 0);

  const std::string policy = *dir_ + "/open-policy.json";
  std::ofstream(policy)
      << R"({"callers": [{"identity": "reader", "roles": ["reader"]}]})";
  std::vector<std::string> both = {BinPath("stats-service"),
                                   "--listen=127.0.0.1:0",
                                   "--metrics=",
                                   "--db=sqlite:" + *dir_ + "/open.db",
                                   "--units=" + Units(),
                                   "--policy=" + policy,
                                   "--allow-any-caller"};
  for (const std::string& f : MutualTls("stats-service")) both.push_back(f);
  ChildProcess contradictory(both);
  EXPECT_EQ(contradictory.Wait(), 1);
  EXPECT_TRUE(
      absl::StrContains(contradictory.StderrText(), "exclude each other"))
      << contradictory.StderrText();
}

TEST_F(TlsTest, TheReportServiceCallsTheOthersWithItsOwnCertificate) {
  StatsServer stats(Units(), "", "", AnyCallerTls("stats-service"));
  SecurityServer security(Units(), "", "", AnyCallerTls("security-service"));
  WorkforceServer workforce(Units(), "", "", AnyCallerTls("workforce-service"));
  auto report_flags = [&](const std::string& cert) {
    std::vector<std::string> flags = AnyCallerTls("report-service");
    flags[0] = "--tls-cert=" + Pem(cert + ".crt");
    flags[1] = "--tls-key=" + Pem(cert + ".key");
    flags.push_back("--tls-ca=" + Pem("dtr-ca.crt"));
    return flags;
  };
  // dtctl report generate for October 2023, as the reader.
  auto generate = [&](const ServiceProcess& report, const std::string& ca) {
    return RunCommand({BinPath("dtctl"), "report", "generate", "--unit", "HT",
                       "--period", "2023-10", "--out", MakeTempDir(),
                       "--server", report.address(), "--tls-ca", Pem(ca),
                       "--tls-cert", Pem("reader.crt"), "--tls-key",
                       Pem("reader.key"), "--format", "json"});
  };
  ReportServer report(stats.address(), security.address(), workforce.address(),
                      "", report_flags("report-service"));
  CommandResult made = generate(report, "dtr-ca.crt");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_FALSE(absl::StrContains(made.out, "PARTIAL")) << made.out;

  // A report service whose certificate the others do not trust (another
  // CA's) gets no figures, and says which service refused it.
  ReportServer impostor(stats.address(), security.address(),
                        workforce.address(), "",
                        report_flags("impostor-report"));
  CommandResult refused = generate(impostor, "other-ca.crt");
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_TRUE(absl::StrContains(refused.err, " service")) << refused.err;
}

TEST_F(TlsTest, ThePolicyGivesEachCallerWhatItsRolesAllow) {
  const std::string policy = *dir_ + "/policy.json";
  auto write_policy = [&](const std::string& reader_roles) {
    std::ofstream(policy) << R"({"callers": [
      {"identity": "reader", "roles": [)"
                          << reader_roles << R"(],
       "units": ["HT"]},
      {"identity": "writer-d1", "roles": ["writer"], "units": ["HT-D01"]},
      {"identity": "ops", "roles": ["admin"]}]})";
  };
  write_policy(R"("reader")");
  std::vector<std::string> flags = MutualTls("stats-service");
  flags.push_back("--policy=" + policy);
  flags.push_back("--http-listen=127.0.0.1:0");
  StatsServer stats(Units(), "", "", flags);
  ASSERT_GT(stats.grpc_port(), 0);

  auto import = [&](const std::string& client) {
    std::vector<std::string> argv = {BinPath("dtctl"), "dossiers",
                                     "import",         *dir_ + "/dossiers.csv",
                                     "--server",       stats.address()};
    for (const std::string& f : AsClient(client)) argv.push_back(f);
    return RunCommand(argv);
  };
  // A reader queries, and may not import: nothing is written.
  EXPECT_EQ(UnitsList(stats, AsClient("reader")).exit_code, 0);
  CommandResult refused = import("reader");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(refused.err, "PERMISSION_DENIED") ||
              absl::StrContains(refused.err, "permission denied"))
      << refused.err;
  EXPECT_TRUE(absl::StrContains(refused.err, "writer or admin")) << refused.err;
  // A writer of district HT-D01 may not import the province's dossiers:
  // the rows of other units refuse the whole import.
  CommandResult out_of_reach = import("writer-d1");
  EXPECT_NE(out_of_reach.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(out_of_reach.err, "permission denied"))
      << out_of_reach.err;
  EXPECT_TRUE(absl::StrContains(
      out_of_reach.err,
      "is outside the units caller 'writer-d1' may write (HT-D01)"))
      << out_of_reach.err;
  // A caller the CA knows but the policy does not gets nothing.
  CommandResult stranger = UnitsList(stats, AsClient("stranger"));
  EXPECT_NE(stranger.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(stranger.err, "not in the access policy"))
      << stranger.err;
  const std::string page = HttpGet(stats.metrics_port(), "/metrics");
  EXPECT_TRUE(absl::StrContains(
      page,
      "dtr_denied_calls_total{method=\"/dtr.stats.v1.StatsService/"
      "ImportDossiers\"} 1"))
      << page;

  // The REST/JSON face answers under the same policy: the reader reads,
  // the reader may not import, a caller the policy does not know gets 403.
  ASSERT_GT(stats.http_port(), 0);
  auto curl = [&](const std::string& client, const std::string& method,
                  const std::string& path) {
    std::vector<std::string> argv = {"curl",     "-sS",
                                     "-o",       "/dev/null",
                                     "-w",       "%{http_code}",
                                     "-X",       method,
                                     "--cacert", Pem("dtr-ca.crt"),
                                     "--cert",   Pem(client + ".crt"),
                                     "--key",    Pem(client + ".key")};
    if (method == "POST") {
      argv.insert(argv.end(), {"-H", "Content-Type: text/csv", "--data-binary",
                               "@" + *dir_ + "/dossiers.csv"});
    }
    argv.push_back(absl::StrCat("https://localhost:", stats.http_port(), path));
    return RunCommand(argv).out;
  };
  EXPECT_EQ(curl("reader", "GET", "/v1/units?on_date=2023-10-31"), "200");
  EXPECT_EQ(curl("reader", "POST", "/v1/dossiers:import"), "403");
  EXPECT_EQ(curl("stranger", "GET", "/v1/units"), "403");
  // A certificate name with a comma ("reader,ops": no SAN, so the common
  // name is the identity) could pass for two callers where identities are
  // joined by commas, here for the admin: refused.
  const CommandResult comma_cert = RunCommand(
      {"sh", "-c",
       absl::StrCat("cd '", *dir_,
                    "' && openssl req -new -newkey rsa:2048 -nodes -keyout "
                    "comma.key -subj '/CN=reader,ops' -out comma.csr "
                    "2>/dev/null && openssl x509 -req -in comma.csr -CA "
                    "dtr-ca.crt -CAkey dtr-ca.key -CAcreateserial -days 2 "
                    "-out comma.crt 2>/dev/null")});
  ASSERT_EQ(comma_cert.exit_code, 0) << comma_cert.err;
  EXPECT_EQ(curl("comma", "GET", "/v1/units"), "403");
  EXPECT_EQ(curl("comma", "POST", "/v1/dossiers:import"), "403");
  // Refused for the comma, not as a caller the policy does not know.
  const CommandResult comma_answer = RunCommand(
      {"curl", "-sS", "--cacert", Pem("dtr-ca.crt"), "--cert", Pem("comma.crt"),
       "--key", Pem("comma.key"),
       absl::StrCat("https://localhost:", stats.http_port(), "/v1/units")});
  EXPECT_TRUE(absl::StrContains(comma_answer.out, "holds a comma"))
      << comma_answer.out << comma_answer.err;
  // The policy's refusals are the gRPC port's: counted in the same series.
  EXPECT_TRUE(absl::StrContains(
      HttpGet(stats.metrics_port(), "/metrics"),
      "dtr_denied_calls_total{method=\"/dtr.stats.v1.StatsService/"
      "ImportDossiers\"} 2"));
  // The writer's scope is the service's, with the HTTP caller's identity.
  EXPECT_EQ(curl("writer-d1", "POST", "/v1/dossiers:import"), "403");

  // The policy reloads on SIGHUP; a broken one is refused and the last good
  // one kept.
  std::ofstream(policy) << R"({"callers": [{"identity": "reader"}]})";
  stats.process().Signal(SIGHUP);
  EXPECT_FALSE(
      stats.process().WaitForLine("access policy not reloaded").empty());
  EXPECT_EQ(UnitsList(stats, AsClient("reader")).exit_code, 0);
  write_policy(R"("reader", "writer")");
  stats.process().Signal(SIGHUP);
  EXPECT_FALSE(
      stats.process().WaitForLine("\"access policy reloaded\"").empty());
  CommandResult allowed = import("reader");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  // Every row new: the refused imports had written nothing.
  EXPECT_TRUE(absl::StrContains(allowed.out, " 0 updated, 0 unchanged"))
      << allowed.out;

  // Within its district, the writer may write: a dossier of one of its
  // communes.
  std::ifstream all(*dir_ + "/dossiers.csv");
  std::string header, line, own;
  std::getline(all, header);
  while (own.empty() && std::getline(all, line)) {
    if (absl::StrContains(line, ",HT-D01-C")) own = line;
  }
  ASSERT_FALSE(own.empty());
  const std::string one = *dir_ + "/one-dossier.csv";
  std::ofstream(one) << header << "\n" << own << "\n";
  std::vector<std::string> argv = {
      BinPath("dtctl"), "dossiers", "import", one, "--server", stats.address()};
  for (const std::string& f : AsClient("writer-d1")) argv.push_back(f);
  CommandResult own_unit = RunCommand(argv);
  EXPECT_EQ(own_unit.exit_code, 0) << own_unit.err;

  // The audit lists each attempt with its caller and outcome; only an
  // admin may read it.
  auto audit = [&](const std::string& client) {
    std::vector<std::string> argv = {BinPath("dtctl"), "audit",        "list",
                                     "--service",      "stats",        "--json",
                                     "--server",       stats.address()};
    for (const std::string& f : AsClient(client)) argv.push_back(f);
    return RunCommand(argv);
  };
  CommandResult not_admin = audit("reader");
  EXPECT_NE(not_admin.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(not_admin.err, "lacks the role admin"))
      << not_admin.err;
  CommandResult listed = audit("ops");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const nlohmann::json events = nlohmann::json::parse(listed.out);
  auto find = [&](const std::string& identity, const std::string& outcome,
                  const std::string& method) -> const nlohmann::json* {
    for (const nlohmann::json& e : events) {
      if (e["identity"] == identity && e["outcome"] == outcome &&
          absl::EndsWith(e["method"].get<std::string>(), method)) {
        return &e;
      }
    }
    return nullptr;
  };
  const auto* denied = find("reader", "denied", "/ImportDossiers");
  ASSERT_NE(denied, nullptr) << events.dump(1);
  EXPECT_TRUE(absl::StrContains((*denied)["detail"].get<std::string>(),
                                "writer or admin"));
  ASSERT_NE(find("stranger", "denied", "/ListUnits"), nullptr);
  const auto* out_of_reach_event =
      find("writer-d1", "refused", "/ImportDossiers");
  ASSERT_NE(out_of_reach_event, nullptr) << events.dump(1);
  EXPECT_TRUE(absl::StrContains(
      (*out_of_reach_event)["detail"].get<std::string>(), "outside"));
  const auto* accepted = find("reader", "accepted", "/ImportDossiers");
  ASSERT_NE(accepted, nullptr) << events.dump(1);
  EXPECT_GT((*accepted)["rows"].get<int64_t>(), 100000);
  EXPECT_GT((*accepted)["units"].size(), 200u);
  const auto* own_event = find("writer-d1", "accepted", "/ImportDossiers");
  ASSERT_NE(own_event, nullptr);
  EXPECT_EQ((*own_event)["rows"], 1);
  ASSERT_EQ((*own_event)["units"].size(), 1u);
  EXPECT_TRUE(absl::StartsWith((*own_event)["units"][0].get<std::string>(),
                               "HT-D01-C"));
}

TEST_F(TlsTest, ACallerStartingTooManyCallsIsSlowedDown) {
  const std::string policy = *dir_ + "/rate-policy.json";
  std::ofstream(policy) << R"({"callers": [
    {"identity": "reader", "roles": ["reader"]}]})";
  std::vector<std::string> flags = MutualTls("stats-service");
  flags.push_back("--policy=" + policy);
  flags.push_back("--caller-calls-per-second=2");  // bursts of 4
  StatsServer stats(Units(), "", "", flags);
  ASSERT_GT(stats.grpc_port(), 0);
  TlsFiles reader;
  reader.ca = Pem("dtr-ca.crt");
  reader.cert = Pem("reader.crt");
  reader.key = Pem("reader.key");
  auto credentials = ChannelCredentialsFor(reader);
  ASSERT_TRUE(credentials.ok());
  auto stub = stats::v1::StatsService::NewStub(
      grpc::CreateChannel(stats.address(), *credentials));
  int ok = 0, exhausted = 0;
  std::string message;
  for (int i = 0; i < 12; ++i) {
    grpc::ClientContext context;
    stats::v1::ListUnitsRequest request;
    stats::v1::ListUnitsResponse response;
    grpc::Status s = stub->ListUnits(&context, request, &response);
    if (s.ok()) ++ok;
    if (s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++exhausted;
      message = s.error_message();
    }
  }
  EXPECT_GE(ok, 4);
  EXPECT_GT(exhausted, 0);
  EXPECT_EQ(ok + exhausted, 12);
  EXPECT_TRUE(absl::StrContains(message, "caller 'reader' started more than"))
      << message;
  // The bucket refills with time.
  absl::SleepFor(absl::Seconds(1));
  grpc::ClientContext context;
  stats::v1::ListUnitsResponse response;
  EXPECT_TRUE(stub->ListUnits(&context, {}, &response).ok());
}

TEST_F(TlsTest, OnlyAPiiReaderSeesNationalIds) {
  const std::string policy = *dir_ + "/pii-policy.json";
  std::ofstream(policy) << R"({"callers": [
    {"identity": "reader", "roles": ["reader"]},
    {"identity": "pii-officer", "roles": ["pii-reader"]},
    {"identity": "writer-d1", "roles": ["writer"], "units": ["HT-D01"]},
    {"identity": "ops", "roles": ["admin"]}]})";
  std::vector<std::string> flags = MutualTls("workforce-service");
  flags.push_back("--policy=" + policy);
  WorkforceServer workforce(Units(), "", "", flags);
  ASSERT_GT(workforce.grpc_port(), 0);
  auto import_staff = [&](const std::string& client) {
    std::vector<std::string> argv = {
        BinPath("dtctl"),   "workforce",          "staff",
        "import",           *dir_ + "/staff.csv", "--server",
        workforce.address()};
    for (const std::string& f : AsClient(client)) argv.push_back(f);
    return RunCommand(argv);
  };
  // A district's writer may not write the province's staff.
  CommandResult out_of_reach = import_staff("writer-d1");
  EXPECT_EQ(out_of_reach.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(out_of_reach.err, "permission denied"))
      << out_of_reach.err;
  EXPECT_TRUE(absl::StrContains(out_of_reach.err,
                                "outside the units caller 'writer-d1'"))
      << out_of_reach.err;
  CommandResult imported = import_staff("ops");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  // All new: the refused import wrote nothing.
  EXPECT_TRUE(absl::StrContains(imported.out, " 0 updated, 0 unchanged"))
      << imported.out;
  std::ifstream staff_file(*dir_ + "/staff.csv");
  std::string header, first;
  std::getline(staff_file, header);
  std::getline(staff_file, first);
  const std::vector<std::string> fields = absl::StrSplit(first, ',');
  const std::string staff_id = fields[0];
  const std::string national_id = fields[2];
  ASSERT_EQ(national_id.size(), 12u) << first;

  auto get = [&](const std::string& client, bool reveal,
                 workforce::v1::Staff* staff) {
    auto stub = workforce::v1::WorkforceService::NewStub(
        ChannelAs(workforce.address(), client));
    grpc::ClientContext context;
    workforce::v1::GetStaffRequest request;
    request.set_staff_id(staff_id);
    request.set_reveal_national_id(reveal);
    return stub->GetStaff(&context, request, staff);
  };
  workforce::v1::Staff staff;
  ASSERT_TRUE(get("reader", false, &staff).ok());
  EXPECT_NE(staff.national_id(), national_id);
  EXPECT_TRUE(staff.national_id_masked());
  grpc::Status refused = get("reader", true, &staff);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "pii-reader"));
  workforce::v1::Staff revealed;
  ASSERT_TRUE(get("pii-officer", true, &revealed).ok());
  EXPECT_EQ(revealed.national_id(), national_id);
  EXPECT_FALSE(revealed.national_id_masked());
  // Unasked, even a pii-reader gets the masked number.
  ASSERT_TRUE(get("pii-officer", false, &staff).ok());
  EXPECT_NE(staff.national_id(), national_id);
}

// Beyond the imports: every write of the security, workforce and report
// services keeps a writer to its units, whether it names the unit or
// changes a record that belongs to one.
TEST_F(TlsTest, AWriterChangesOnlyTheRecordsOfItsUnits) {
  const std::string policy = *dir_ + "/scope-policy.json";
  std::ofstream(policy) << R"({"callers": [
    {"identity": "writer-d1", "roles": ["writer"], "units": ["HT-D01"]},
    {"identity": "ops", "roles": ["admin"]}]})";
  auto flags = [&](const std::string& service) {
    std::vector<std::string> f = MutualTls(service);
    f.push_back("--policy=" + policy);
    return f;
  };
  SecurityServer security(Units(), "", "", flags("security-service"));
  WorkforceServer workforce(Units(), "", "", flags("workforce-service"));
  // Nothing answers at the data services' addresses: a report in reach
  // fails for want of figures, not for the caller.
  const std::string nowhere = "127.0.0.1:1";
  ReportServer report(nowhere, nowhere, nowhere, "", flags("report-service"));
  ASSERT_GT(security.grpc_port(), 0);
  ASSERT_GT(workforce.grpc_port(), 0);
  ASSERT_GT(report.grpc_port(), 0);

  // Security import: the province's systems are out of the district's
  // reach, and the refused import wrote nothing.
  auto import_systems = [&](const std::string& client) {
    std::vector<std::string> argv = {
        BinPath("dtctl"),       "security",    "systems",    "import",
        *dir_ + "/systems.csv", "--effective", "2023-01-01", "--server",
        security.address()};
    for (const std::string& f : AsClient(client)) argv.push_back(f);
    return RunCommand(argv);
  };
  CommandResult refused = import_systems("writer-d1");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(refused.err, "permission denied"))
      << refused.err;
  EXPECT_TRUE(
      absl::StrContains(refused.err, "outside the units caller 'writer-d1'"))
      << refused.err;
  CommandResult imported = import_systems("ops");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_TRUE(absl::StrContains(imported.out, " 0 updated, 0 unchanged"))
      << imported.out;

  namespace sv1 = security::v1;
  const std::string own_system = SampleRow("systems.csv", 2, "HT-D01")[0];
  const std::string other_system = SampleRow("systems.csv", 2, "HT-S")[0];
  auto sec =
      sv1::SecurityService::NewStub(ChannelAs(security.address(), "writer-d1"));
  auto update = [&](const std::string& system, const std::string& owner,
                    const std::string& at) {
    grpc::ClientContext context;
    sv1::UpdateSystemRequest request;
    request.set_system_id(system);
    if (owner.empty()) {
      request.set_name("renamed by the district");
    } else {
      request.set_owner_unit(owner);
    }
    request.mutable_context()->set_effective_at(at);
    sv1::InformationSystem reply;
    return sec->UpdateSystem(&context, request, &reply);
  };
  grpc::Status own = update(own_system, "", "2023-06-01");
  EXPECT_TRUE(own.ok()) << own.error_message();
  grpc::Status moved = update(own_system, "HT-D02", "2023-06-02");
  EXPECT_EQ(moved.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(absl::StartsWith(moved.error_message(), "owner_unit: unit "))
      << moved.error_message();
  grpc::Status other = update(other_system, "", "2023-06-01");
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(absl::StartsWith(other.error_message(),
                               "system_id: system '" + other_system + "'"))
      << other.error_message();
  {
    grpc::ClientContext context;
    sv1::OpenIncidentRequest request;
    request.mutable_incident()->set_incident_id("INC-SCOPE-1");
    request.mutable_incident()->set_system_id(other_system);
    request.mutable_incident()->set_opened_at("2023-06-03T08:00:00+07:00");
    request.mutable_incident()->set_severity(sv1::SEVERITY_HIGH);
    sv1::Incident reply;
    grpc::Status s = sec->OpenIncident(&context, request, &reply);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << s.error_message();
  }

  // Imports cannot take another unit's record over by its id: an endpoint
  // of a province department re-filed under the district, a province
  // course re-organised by the district.
  auto import_one = [&](const std::vector<std::string>& command,
                        const std::string& file, int unit_column,
                        const std::string& prefix, const std::string& client,
                        const std::string& address) {
    std::vector<std::string> row = SampleRow(file, unit_column, prefix);
    if (!client.empty()) row[unit_column] = "HT-D01";
    std::ifstream in(*dir_ + "/" + file);
    std::string header;
    std::getline(in, header);
    const std::string path = *dir_ + "/takeover-" + file;
    std::ofstream(path) << header << "\n" << absl::StrJoin(row, ",") << "\n";
    std::vector<std::string> argv = {BinPath("dtctl")};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.insert(argv.end(), {client.empty() ? *dir_ + "/" + file : path,
                             "--server", address});
    for (const std::string& f : AsClient(client.empty() ? "ops" : client)) {
      argv.push_back(f);
    }
    return RunCommand(argv);
  };
  const std::vector<std::string> endpoints = {"security", "endpoints", "import",
                                              "--effective", "2023-10-31"};
  ASSERT_EQ(
      import_one(endpoints, "endpoints.csv", 1, "HT-S", "", security.address())
          .exit_code,
      0);
  CommandResult endpoint_taken = import_one(
      endpoints, "endpoints.csv", 1, "HT-S", "writer-d1", security.address());
  EXPECT_EQ(endpoint_taken.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(endpoint_taken.err, "endpoint_id: unit 'HT-S"))
      << endpoint_taken.err;

  // Workforce single calls: another unit's staff member can be neither
  // changed nor given an absence; the district's own can.
  std::vector<std::string> argv = {
      BinPath("dtctl"),   "workforce",          "staff",
      "import",           *dir_ + "/staff.csv", "--server",
      workforce.address()};
  for (const std::string& f : AsClient("ops")) argv.push_back(f);
  CommandResult staff = RunCommand(argv);
  ASSERT_EQ(staff.exit_code, 0) << staff.err;
  const std::vector<std::string> courses = {"workforce", "courses", "import"};
  ASSERT_EQ(
      import_one(courses, "courses.csv", 2, "HT-S", "", workforce.address())
          .exit_code,
      0);
  CommandResult course_taken = import_one(courses, "courses.csv", 2, "HT-S",
                                          "writer-d1", workforce.address());
  EXPECT_EQ(course_taken.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(course_taken.err, "course_id: unit 'HT-S"))
      << course_taken.err;
  namespace wv1 = workforce::v1;
  auto wf = wv1::WorkforceService::NewStub(
      ChannelAs(workforce.address(), "writer-d1"));
  auto rename = [&](const std::string& staff_id) {
    grpc::ClientContext context;
    wv1::UpdateStaffRequest request;
    request.set_staff_id(staff_id);
    request.set_full_name("Nguyễn Văn Mới");
    wv1::Staff reply;
    return wf->UpdateStaff(&context, request, &reply);
  };
  const std::string own_staff = SampleRow("staff.csv", 3, "HT-D01")[0];
  const std::string other_staff = SampleRow("staff.csv", 3, "HT-S")[0];
  grpc::Status renamed = rename(own_staff);
  EXPECT_TRUE(renamed.ok()) << renamed.error_message();
  grpc::Status not_renamed = rename(other_staff);
  EXPECT_EQ(not_renamed.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(absl::StartsWith(not_renamed.error_message(), "staff_id: unit"))
      << not_renamed.error_message();
  {
    grpc::ClientContext context;
    wv1::RecordAbsenceRequest request;
    request.mutable_absence()->set_absence_id("AB-SCOPE-1");
    request.mutable_absence()->set_staff_id(other_staff);
    request.mutable_absence()->set_kind(wv1::ABSENCE_KIND_SICK_LEAVE);
    request.mutable_absence()->set_start_date("2023-06-01");
    request.mutable_absence()->set_end_date("2023-06-05");
    wv1::Absence reply;
    grpc::Status s = wf->RecordAbsence(&context, request, &reply);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << s.error_message();
  }

  // Report: the province's report is not the district writer's to make.
  auto rep = report::v1::ReportService::NewStub(
      ChannelAs(report.address(), "writer-d1"));
  auto generate = [&](const std::string& unit) {
    grpc::ClientContext context;
    report::v1::GenerateReportRequest request;
    request.set_unit_code(unit);
    request.set_period("2023-10");
    report::v1::Report reply;
    return rep->GenerateReport(&context, request, &reply);
  };
  grpc::Status province = generate("HT");
  EXPECT_EQ(province.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      absl::StartsWith(province.error_message(), "unit_code: unit 'HT'"))
      << province.error_message();
  grpc::Status district = generate("HT-D01");
  EXPECT_NE(district.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << district.error_message();
  {
    grpc::ClientContext context;
    report::v1::PutSettingsRequest request;
    request.mutable_settings()->set_unit_code("HT");
    report::v1::ReportSettings reply;
    grpc::Status s = rep->PutSettings(&context, request, &reply);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << s.error_message();
  }

  // The audit has the refused single call with its reason.
  std::vector<std::string> audit = {
      BinPath("dtctl"), "audit",  "list",     "--service",
      "security",       "--json", "--server", security.address()};
  for (const std::string& f : AsClient("ops")) audit.push_back(f);
  CommandResult listed = RunCommand(audit);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  bool found = false;
  for (const nlohmann::json& e : nlohmann::json::parse(listed.out)) {
    found |= e["identity"] == "writer-d1" && e["outcome"] == "refused" &&
             absl::EndsWith(e["method"].get<std::string>(), "/UpdateSystem") &&
             absl::StrContains(e["detail"].get<std::string>(), other_system);
  }
  EXPECT_TRUE(found) << listed.out;
}

// Contributions: a district's writer puts and submits its own unit's text
// and no other's; the Department's reviewer, whose policy names the
// province, reviews the texts of every unit under it (the report service's
// unit tree); a writer may not review.
TEST_F(TlsTest, ContributionsAreWrittenAndReviewedWithinTheCallersUnits) {
  const std::string policy = *dir_ + "/contributions-policy.json";
  std::ofstream(policy) << R"({"callers": [
    {"identity": "writer-d1", "roles": ["writer"], "units": ["HT-D01"]},
    {"identity": "department", "roles": ["reader", "reviewer"],
     "units": ["HT"]}]})";
  std::vector<std::string> flags = MutualTls("report-service");
  flags.push_back("--policy=" + policy);
  flags.push_back("--units=" + Units());
  const std::string nowhere = "127.0.0.1:1";
  ReportServer report(nowhere, nowhere, nowhere, "", flags);
  ASSERT_GT(report.grpc_port(), 0);
  const std::string text = *dir_ + "/contribution.md";
  std::ofstream(text) << "- Xây dựng CSDL.";
  auto step = [&](const std::string& client, const std::string& verb,
                  const std::string& unit) {
    std::vector<std::string> argv = {
        BinPath("dtctl"), "contributions", verb,        "--unit", unit,
        "--period",       "2023-10",       "--section", "data",   "--server",
        report.address()};
    if (verb == "put") argv.insert(argv.end(), {"--file", text});
    for (const std::string& f : AsClient(client)) argv.push_back(f);
    return RunCommand(argv);
  };
  ASSERT_EQ(step("writer-d1", "put", "HT-D01").exit_code, 0);
  CommandResult other = step("writer-d1", "put", "HT-D02");
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(
      other.err, "is outside the units caller 'writer-d1' may write"))
      << other.err;
  ASSERT_EQ(step("writer-d1", "submit", "HT-D01").exit_code, 0);
  CommandResult writer_review = step("writer-d1", "accept", "HT-D01");
  EXPECT_EQ(writer_review.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(writer_review.err, "reviewer or admin"))
      << writer_review.err;
  CommandResult accepted = step("department", "accept", "HT-D01");
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_TRUE(absl::StrContains(accepted.out, "accepted")) << accepted.out;

  // Asking is the reviewer's; closing a month and opening an exception
  // the admin's.
  auto call = [&](const std::string& client, std::vector<std::string> args) {
    std::vector<std::string> argv = {BinPath("dtctl")};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--server", report.address()});
    for (const std::string& f : AsClient(client)) argv.push_back(f);
    return RunCommand(argv);
  };
  const std::vector<std::string> request = {
      "contributions", "request", "--period", "2023-11",    "--section",
      "data",          "--units", "HT-D01",   "--deadline", "2023-11-20"};
  CommandResult asked = call("writer-d1", request);
  EXPECT_EQ(asked.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(asked.err, "reviewer or admin")) << asked.err;
  asked = call("department", request);
  EXPECT_EQ(asked.exit_code, 0) << asked.err;
  CommandResult closed = call(
      "department", {"period", "close", "--unit", "HT", "--period", "2023-10"});
  EXPECT_EQ(closed.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(closed.err, "admin")) << closed.err;
  CommandResult excepted =
      call("department", {"period", "exceptions", "add", "--unit", "HT-D01",
                          "--period", "2023-10", "--kind", "staff", "--until",
                          "2099-01-01", "--reason", "x"});
  EXPECT_EQ(excepted.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(excepted.err, "admin")) << excepted.err;
}

// The security service reads the report service's locks over mutual TLS,
// presenting its own certificate, which the report's policy lets read (the
// test's service certificates are named by their DNS name, localhost).
TEST_F(TlsTest, TheDataServicesReadTheLocksWithTheirOwnCertificate) {
  const std::string policy = *dir_ + "/locks-policy.json";
  std::ofstream(policy) << R"({"callers": [
    {"identity": "localhost", "roles": ["locks"]},
    {"identity": "ops", "roles": ["admin"]}]})";
  const std::string report_address = absl::StrCat("127.0.0.1:", FreePort());
  std::vector<std::string> flags = MutualTls("report-service");
  flags.push_back("--policy=" + policy);
  flags.push_back("--units=" + Units());
  flags.push_back("--listen=" + report_address);
  const std::string nowhere = "127.0.0.1:1";
  ReportServer report(nowhere, nowhere, nowhere, "", flags);
  ASSERT_GT(report.grpc_port(), 0);
  std::vector<std::string> close = {
      BinPath("dtctl"), "period",  "close",    "--unit",        "HT",
      "--period",       "2023-10", "--server", report.address()};
  for (const std::string& f : AsClient("ops")) close.push_back(f);
  CommandResult closed = RunCommand(close);
  ASSERT_EQ(closed.exit_code, 0) << closed.err;

  std::vector<std::string> security_flags = AnyCallerTls("security-service");
  security_flags.push_back("--report=" + report_address);
  SecurityServer security(Units(), "", "", security_flags);
  ASSERT_GT(security.grpc_port(), 0);
  const std::string systems = *dir_ + "/locked-system.csv";
  std::ofstream(systems)
      << "system_id,name,owner_unit,security_level,dossier_status,"
         "decision_no,decision_date,approved_by,soc_monitored\n"
         "HT-D01-LOCK,Hệ thống,HT-D01,2,none,,,,0\n";
  auto import = [&](const std::string& effective) {
    std::vector<std::string> argv = {
        BinPath("dtctl"), "security", "systems",  "import",          systems,
        "--effective",    effective,  "--server", security.address()};
    for (const std::string& f : AsClient("reader")) argv.push_back(f);
    return RunCommand(argv);
  };
  CommandResult refused = import("2023-10-10");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(refused.err, "2023-10, locked for HT since"))
      << refused.err;
  EXPECT_TRUE(absl::StrContains(refused.err, "closed by")) << refused.err;
  CommandResult later = import("2023-11-02");
  EXPECT_EQ(later.exit_code, 0) << later.err;
}

}  // namespace
}  // namespace dtr::testing
