// A report's life as an issued document, through the real report service
// and dtctl, checked by poppler's pdfsig: a draft signed with a key file
// and with a key on a SoftHSM2 token (PKCS#11), issued with a number of the
// register and the agency's signature (a PEM key, or one in the HSM), the
// issued file verified and one changed byte caught; every refusal changes
// nothing; two periods issued at once take two numbers; an issued version
// never changes and a new generation says which one it would replace.
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/cms_signature.h"
#include "common/signing_key.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/test_processes.h"

namespace dtr {
namespace {

using json = nlohmann::json;
using testing::BinPath;
using testing::CommandResult;
using testing::MakeTempDir;
using testing::RedisServer;
using testing::ReportServer;
using testing::RunCommand;
using testing::SecurityServer;
using testing::ServiceProcess;
using testing::StatsServer;
using testing::WorkforceServer;
namespace rv1 = report::v1;

constexpr char kUnit[] = "HT";
constexpr char kSoftHsm[] = "/usr/lib/softhsm/libsofthsm2.so";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; ++at) {
    ++n;
  }
  return n;
}

class ReportIssuingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    ASSERT_EQ(RunCommand({BinPath("dtctl"), "sample", "write", "--out", *dir_})
                  .exit_code,
              0);
    const std::string certs = DTR_SOURCE_DIR "/tools/make-certs.sh";
    for (const std::vector<std::string>& argv :
         std::vector<std::vector<std::string>>{
             {"sh", certs, Pki(), "ca", "ca"},
             {"sh", certs, Pki(), "ca", "other-ca"},
             {"sh", certs, Pki(), "signer", "signer", "ca", "Dương Văn Tuấn",
              "Sở Thông tin và Truyền thông"},
             {"sh", certs, Pki(), "signer", "agency", "ca",
              "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH HÀ TĨNH"},
             {"sh", certs, Pki(), "signer", "stranger", "other-ca",
              "Người Lạ"}}) {
      ASSERT_EQ(RunCommand(argv).exit_code, 0) << argv[3] << " " << argv[4];
    }
    MakeToken();
    // The data services with no records: the life of a version does not
    // depend on its figures, and the report says the blocks are empty.
    const std::string units = *dir_ + "/units.csv";
    redis_ = new RedisServer();
    stats_ = new StatsServer(units, redis_->address());
    security_ = new SecurityServer(units, redis_->address());
    workforce_ = new WorkforceServer(units, redis_->address());
    report_ = new ReportServer(stats_->address(), security_->address(),
                               workforce_->address(), *dir_ + "/report.db",
                               {"--agency-cert=" + Pki() + "/agency.pem",
                                "--agency-key=" + Pki() + "/agency.key",
                                "--trust-anchors=" + Pki() + "/ca.crt"});
    ASSERT_EQ(
        Dtctl({"report", "settings", "put", *dir_ + "/report-settings.json"})
            .exit_code,
        0);
  }

  static void TearDownTestSuite() {
    delete report_;
    delete workforce_;
    delete security_;
    delete stats_;
    delete redis_;
    delete dir_;
  }

  static std::string Pki() { return *dir_ + "/pki"; }
  static std::string HsmConf() { return *dir_ + "/softhsm2.conf"; }

  // A SoftHSM2 token holding the signer's and the agency's keys.
  static void MakeToken() {
    const std::string tokens = *dir_ + "/tokens";
    ASSERT_EQ(RunCommand({"mkdir", "-p", tokens}).exit_code, 0);
    std::ofstream(HsmConf()) << "directories.tokendir = " << tokens
                             << "\nobjectstore.backend = file\n";
    auto hsm = [](std::vector<std::string> args) {
      std::vector<std::string> argv = {"env", "SOFTHSM2_CONF=" + HsmConf(),
                                       "softhsm2-util"};
      argv.insert(argv.end(), args.begin(), args.end());
      return RunCommand(argv);
    };
    ASSERT_EQ(hsm({"--init-token", "--free", "--label", "dtr", "--pin", "1234",
                   "--so-pin", "5678"})
                  .exit_code,
              0);
    int id = 1;
    for (const char* key : {"signer", "agency"}) {
      const std::string p8 = Pki() + "/" + key + ".p8";
      ASSERT_EQ(RunCommand({"openssl", "pkcs8", "-topk8", "-nocrypt", "-in",
                            Pki() + "/" + key + ".key", "-out", p8})
                    .exit_code,
                0);
      CommandResult r = hsm({"--import", p8, "--token", "dtr", "--label", key,
                             "--id", absl::StrCat("0", id++), "--pin", "1234"});
      ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    }
  }

  static std::string Pkcs11Uri(const std::string& object) {
    return absl::StrCat("pkcs11:token=dtr;object=", object,
                        ";type=private?pin-value=1234&module-path=", kSoftHsm);
  }

  static CommandResult Dtctl(std::vector<std::string> args,
                             const ServiceProcess* server = nullptr) {
    std::vector<std::string> argv = {"env", "SOFTHSM2_CONF=" + HsmConf(),
                                     BinPath("dtctl")};
    argv.insert(argv.end(), args.begin(), args.end());
    if (args[0] != "report" || args[1] != "verify") {
      argv.push_back("--server");
      argv.push_back((server ? server : report_)->address());
    }
    return RunCommand(argv);
  }

  // Generates the period's report; returns its version.
  static int Generate(const std::string& period,
                      const ServiceProcess* server = nullptr) {
    const std::string out = MakeTempDir();
    CommandResult r = Dtctl({"report", "generate", "--unit", kUnit, "--period",
                             period, "--format", "pdf", "--out", out},
                            server);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::smatch m;
    EXPECT_TRUE(std::regex_search(r.out, m, std::regex(R"(version (\d+))")))
        << r.out;
    return m.empty() ? 0 : std::stoi(m[1].str());
  }

  static CommandResult SignWithKeyFile(const std::string& period,
                                       const std::string& who = "signer") {
    return Dtctl({"report", "sign", "--unit", kUnit, "--period", period,
                  "--cert", Pki() + "/" + who + ".pem", "--key",
                  Pki() + "/" + who + ".key"});
  }

  static json Versions(const std::string& period,
                       const ServiceProcess* server = nullptr) {
    CommandResult r =
        Dtctl({"report", "list", "--unit", kUnit, "--period", period, "--json"},
              server);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }

  static json Version(const std::string& period, int version,
                      const ServiceProcess* server = nullptr) {
    for (const json& v : Versions(period, server)) {
      if (v["version"] == version) return v;
    }
    return json();
  }

  // The version's PDF as the service gives it.
  static std::string Pdf(const std::string& period, int version,
                         const ServiceProcess* server = nullptr) {
    const std::string out = MakeTempDir();
    CommandResult r = Dtctl(
        {"report", "get", "--unit", kUnit, "--period", period, "--version",
         std::to_string(version), "--format", "pdf", "--out", out},
        server);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return absl::StrCat(out, "/", kUnit, "-", period, ".pdf");
  }

  // pdfsig's report, trusting the test CA in an NSS database of its own.
  static std::string PdfSig(const std::string& path) {
    const std::string nss = MakeTempDir();
    EXPECT_EQ(
        RunCommand({"certutil", "-N", "-d", "sql:" + nss, "--empty-password"})
            .exit_code,
        0);
    EXPECT_EQ(RunCommand({"certutil", "-A", "-d", "sql:" + nss, "-n", "ca",
                          "-t", "C,C,C", "-i", Pki() + "/ca.crt"})
                  .exit_code,
              0);
    CommandResult r = RunCommand({"pdfsig", "-nssdir", "sql:" + nss, path});
    return r.out + r.err;
  }

  static std::string* dir_;
  static RedisServer* redis_;
  static StatsServer* stats_;
  static SecurityServer* security_;
  static WorkforceServer* workforce_;
  static ReportServer* report_;
};
std::string* ReportIssuingTest::dir_ = nullptr;
RedisServer* ReportIssuingTest::redis_ = nullptr;
StatsServer* ReportIssuingTest::stats_ = nullptr;
SecurityServer* ReportIssuingTest::security_ = nullptr;
WorkforceServer* ReportIssuingTest::workforce_ = nullptr;
ReportServer* ReportIssuingTest::report_ = nullptr;

TEST_F(ReportIssuingTest, ADraftIsSignedThenIssuedAndPdfsigFindsBothValid) {
  const std::string period = "2023-01";
  const int version = Generate(period);
  EXPECT_EQ(Version(period, version)["state"], "draft");

  CommandResult signed_ = SignWithKeyFile(period);
  ASSERT_EQ(signed_.exit_code, 0) << signed_.err;
  json v = Version(period, version);
  EXPECT_EQ(v["state"], "signed");
  ASSERT_EQ(v["signatures"].size(), 1u);
  EXPECT_EQ(v["signatures"][0]["role"], "signer");
  EXPECT_TRUE(absl::StrContains(
      v["signatures"][0]["subject"].get<std::string>(), "CN=Dương Văn Tuấn"));

  CommandResult issued =
      Dtctl({"report", "issue", "--unit", kUnit, "--period", period});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  std::smatch number;
  ASSERT_TRUE(std::regex_search(issued.out, number,
                                std::regex(R"(^(\d+)/BC-STTTT\n$)")))
      << issued.out;
  v = Version(period, version);
  EXPECT_EQ(v["state"], "issued");
  EXPECT_EQ(v["document_number"],
            number[0].str().substr(0, number[0].str().size() - 1));
  EXPECT_FALSE(v["issued_at"].get<std::string>().empty());
  ASSERT_EQ(v["signatures"].size(), 2u);
  EXPECT_EQ(v["signatures"][1]["role"], "agency");

  const std::string pdf = Pdf(period, version);
  // The file is the one the list describes.
  for (const json& f : v["files"]) {
    if (absl::EndsWith(f["name"].get<std::string>(), ".pdf")) {
      EXPECT_EQ(f["sha256"], Sha256Hex(ReadFile(pdf)));
    }
  }
  const std::string verdict = PdfSig(pdf);
  EXPECT_EQ(Count(verdict, "Signature is Valid"), 2) << verdict;
  EXPECT_FALSE(absl::StrContains(verdict, "Signature #3")) << verdict;
  EXPECT_TRUE(absl::StrContains(verdict, "Certificate is Trusted")) << verdict;
  EXPECT_FALSE(absl::StrContains(verdict, "not Trusted")) << verdict;
  EXPECT_TRUE(absl::StrContains(verdict, "Not total document signed"))
      << verdict;  // the signer's: the issuing update follows it
  EXPECT_TRUE(absl::StrContains(verdict, "Total document signed")) << verdict;
  // The number and the date are in the document's text.
  CommandResult text =
      RunCommand({"pdftotext", "-f", "1", "-l", "1", pdf, "-"});
  EXPECT_TRUE(absl::StrContains(
      text.out, "Số: " + v["document_number"].get<std::string>()))
      << text.out;
  EXPECT_TRUE(absl::StrContains(text.out, "Hà Tĩnh, ngày ")) << text.out;
  EXPECT_EQ(text.err, "");

  // dtctl's own check agrees, and one changed byte is caught by both.
  CommandResult verify =
      Dtctl({"report", "verify", pdf, "--trust", Pki() + "/ca.crt"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_TRUE(absl::StrContains(verify.out, "signature 2:")) << verify.out;
  EXPECT_EQ(Dtctl({"report", "verify", pdf, "--trust", Pki() + "/other-ca.crt"})
                .exit_code,
            1);
  std::string bytes = ReadFile(pdf);
  const size_t at = bytes.find("/MediaBox");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1] = 'm';
  const std::string tampered = MakeTempDir() + "/tampered.pdf";
  std::ofstream(tampered, std::ios::binary) << bytes;
  EXPECT_FALSE(absl::StrContains(PdfSig(tampered), "Signature is Valid"));
  CommandResult caught = Dtctl({"report", "verify", tampered});
  EXPECT_EQ(caught.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(caught.out, "valid: NO")) << caught.out;
}

TEST_F(ReportIssuingTest, ASignerSignsWithAKeyOnAToken) {
  const std::string period = "2023-02";
  const int version = Generate(period);
  CommandResult r =
      Dtctl({"report", "sign", "--unit", kUnit, "--period", period, "--cert",
             Pki() + "/signer.pem", "--pkcs11-uri", Pkcs11Uri("signer")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Version(period, version)["state"], "signed");
  const std::string verdict = PdfSig(Pdf(period, version));
  EXPECT_TRUE(absl::StrContains(verdict, "Signature is Valid")) << verdict;
  EXPECT_TRUE(absl::StrContains(verdict, "Dương Văn Tuấn")) << verdict;
}

TEST_F(ReportIssuingTest, TheAgencyKeyMayLiveInAnHsm) {
  ServiceProcess hsm_report(
      "report-service", *dir_ + "/report-hsm.db",
      {"--stats=" + stats_->address(), "--security=" + security_->address(),
       "--workforce=" + workforce_->address(),
       "--templates=" DTR_SOURCE_DIR "/services/report/templates",
       "--agency-cert=" + Pki() + "/agency.pem",
       "--agency-pkcs11-uri=" + Pkcs11Uri("agency"),
       "--trust-anchors=" + Pki() + "/ca.crt"},
      ServiceProcess::Start::kAwaitServing, {"SOFTHSM2_CONF=" + HsmConf()});
  ASSERT_EQ(
      Dtctl({"report", "settings", "put", *dir_ + "/report-settings.json"},
            &hsm_report)
          .exit_code,
      0);
  const std::string period = "2023-03";
  const int version = Generate(period, &hsm_report);
  ASSERT_EQ(
      Dtctl({"report", "sign", "--unit", kUnit, "--period", period, "--cert",
             Pki() + "/signer.pem", "--key", Pki() + "/signer.key"},
            &hsm_report)
          .exit_code,
      0);
  CommandResult issued = Dtctl(
      {"report", "issue", "--unit", kUnit, "--period", period}, &hsm_report);
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const std::string verdict = PdfSig(Pdf(period, version, &hsm_report));
  EXPECT_TRUE(absl::StrContains(verdict, "Signature #2")) << verdict;
  EXPECT_FALSE(absl::StrContains(verdict, "Invalid")) << verdict;
  EXPECT_TRUE(absl::StrContains(verdict, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"))
      << verdict;
}

TEST_F(ReportIssuingTest, RefusalsSayWhyAndChangeNothing) {
  const std::string period = "2023-04";
  const int version = Generate(period);
  // Issuing a draft: the body issues with a personal signature.
  CommandResult r =
      Dtctl({"report", "issue", "--unit", kUnit, "--period", period});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "is not signed")) << r.err;
  // A certificate of another CA.
  r = SignWithKeyFile(period, "stranger");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "does not chain to the trust anchors"))
      << r.err;
  // A CMS over other bytes than the prepared ones.
  auto channel = grpc::CreateChannel(report_->address(),
                                     grpc::InsecureChannelCredentials());
  auto stub = rv1::ReportService::NewStub(channel);
  rv1::PrepareSignatureRequest prepare;
  prepare.set_unit_code(kUnit);
  prepare.set_period(period);
  prepare.set_certificate_pem(ReadFile(Pki() + "/signer.pem"));
  rv1::PrepareSignatureResponse prepared;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub->PrepareSignature(&context, prepare, &prepared).ok());
  }
  EXPECT_EQ(prepared.digest().size(), 32u);
  auto signer =
      LoadSigningIdentity(Pki() + "/signer.pem", Pki() + "/signer.key", "");
  ASSERT_TRUE(signer.ok());
  auto wrong = SignDigest(Sha256("not the prepared document"), *signer);
  ASSERT_TRUE(wrong.ok());
  rv1::CompleteSignatureRequest complete;
  complete.set_unit_code(kUnit);
  complete.set_period(period);
  complete.set_signing_id(prepared.signing_id());
  complete.set_cms(*wrong);
  rv1::Report report;
  {
    grpc::ClientContext context;
    grpc::Status s = stub->CompleteSignature(&context, complete, &report);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(s.error_message(), "digest"))
        << s.error_message();
  }
  // A CMS of another trusted certificate than the one prepared for.
  auto agency =
      LoadSigningIdentity(Pki() + "/agency.pem", Pki() + "/agency.key", "");
  ASSERT_TRUE(agency.ok());
  auto other = SignDigest(prepared.digest(), *agency);
  ASSERT_TRUE(other.ok());
  complete.set_cms(*other);
  {
    grpc::ClientContext context;
    grpc::Status s = stub->CompleteSignature(&context, complete, &report);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(s.error_message(), "not the one"))
        << s.error_message();
  }
  EXPECT_EQ(Version(period, version)["state"], "draft");
  EXPECT_EQ(Version(period, version)["signatures"].size(), 0u);

  // Signed and issued, it is signed or issued no more.
  ASSERT_EQ(SignWithKeyFile(period).exit_code, 0);
  r = SignWithKeyFile(period);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "only a draft is signed")) << r.err;
  ASSERT_EQ(
      Dtctl({"report", "issue", "--unit", kUnit, "--period", period}).exit_code,
      0);
  const json issued = Version(period, version);
  r = SignWithKeyFile(period);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "is issued")) << r.err;
  r = Dtctl({"report", "issue", "--unit", kUnit, "--period", period});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "issued already")) << r.err;
  EXPECT_EQ(Version(period, version), issued);

  // Generating again makes a new draft naming the issued version; the
  // issued one keeps its files.
  const int next = Generate(period);
  EXPECT_EQ(next, version + 1);
  const json draft = Version(period, next);
  EXPECT_EQ(draft["state"], "draft");
  EXPECT_EQ(draft["replaces_issued_version"], version);
  EXPECT_EQ(Version(period, version), issued);

  // Every step is in the audit, refusals too.
  CommandResult audit =
      Dtctl({"audit", "list", "--service", "report", "--json"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  std::set<std::string> seen;
  for (const json& e : json::parse(audit.out, nullptr, false)) {
    seen.insert(absl::StrCat(e["method"].get<std::string>(), " ",
                             e["outcome"].get<std::string>()));
  }
  const std::string service = "/dtr.report.v1.ReportService/";
  for (const char* expected :
       {"PrepareSignature accepted", "CompleteSignature accepted",
        "CompleteSignature refused", "IssueReport accepted",
        "IssueReport refused"}) {
    EXPECT_EQ(seen.count(service + expected), 1u) << expected;
  }
}

// A 1×1 red PNG.
constexpr char kPngBase64[] =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8"
    "jx0gAAAABJRU5ErkJggg==";

// Settings of `unit` as the sample's, with `extra` fields.
std::string SettingsFile(const std::string& dir, const std::string& unit,
                         const json& extra) {
  json settings = json::parse(ReadFile(dir + "/report-settings.json"));
  settings["unit_code"] = unit;
  for (const auto& [key, value] : extra.items()) settings[key] = value;
  const std::string path = dir + "/settings-" + unit + ".json";
  std::ofstream(path) << settings.dump();
  return path;
}

TEST_F(ReportIssuingTest,
       ABodyThatIssuesWithoutAPersonalSignatureIssuesADraft) {
  const std::string unit = "HT-D01";
  ASSERT_EQ(Dtctl({"report", "settings", "put",
                   SettingsFile(*dir_, unit,
                                {{"issue_without_personal_signature", true},
                                 {"seal_image", kPngBase64}})})
                .exit_code,
            0);
  const std::string period = "2023-09";
  const std::string out = MakeTempDir();
  ASSERT_EQ(Dtctl({"report", "generate", "--unit", unit, "--period", period,
                   "--format", "pdf", "--out", out})
                .exit_code,
            0);
  CommandResult issued =
      Dtctl({"report", "issue", "--unit", unit, "--period", period});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  CommandResult list =
      Dtctl({"report", "list", "--unit", unit, "--period", period, "--json"});
  const json v = json::parse(list.out)[0];
  EXPECT_EQ(v["state"], "issued");
  ASSERT_EQ(v["signatures"].size(), 1u);
  EXPECT_EQ(v["signatures"][0]["role"], "agency");
  const std::string path = MakeTempDir();
  ASSERT_EQ(Dtctl({"report", "get", "--unit", unit, "--period", period,
                   "--format", "pdf", "--out", path})
                .exit_code,
            0);
  const std::string verdict =
      PdfSig(absl::StrCat(path, "/", unit, "-", period, ".pdf"));
  EXPECT_EQ(Count(verdict, "Signature is Valid"), 1) << verdict;
  EXPECT_TRUE(absl::StrContains(verdict, "Total document signed")) << verdict;
}

TEST_F(ReportIssuingTest, ASignatureImageThatIsNoPngIsNamed) {
  const std::string unit = "HT-D02";
  ASSERT_EQ(
      Dtctl({"report", "settings", "put",
             SettingsFile(*dir_, unit, {{"signature_image", "bm90IGEgcG5n"}})})
          .exit_code,
      0);
  const std::string period = "2023-09";
  const std::string out = MakeTempDir();
  ASSERT_EQ(Dtctl({"report", "generate", "--unit", unit, "--period", period,
                   "--format", "pdf", "--out", out})
                .exit_code,
            0);
  CommandResult r =
      Dtctl({"report", "sign", "--unit", unit, "--period", period, "--cert",
             Pki() + "/signer.pem", "--key", Pki() + "/signer.key"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "settings.signature_image")) << r.err;
}

TEST_F(ReportIssuingTest, TwoPeriodsIssuedAtOnceTakeTwoNumbers) {
  std::vector<std::string> periods = {"2023-05", "2023-06", "2023-07",
                                      "2023-08"};
  for (const std::string& p : periods) {
    Generate(p);
    ASSERT_EQ(SignWithKeyFile(p).exit_code, 0) << p;
  }
  std::vector<std::future<CommandResult>> issues;
  for (const std::string& p : periods) {
    issues.push_back(std::async(std::launch::async, [p] {
      return Dtctl({"report", "issue", "--unit", kUnit, "--period", p});
    }));
  }
  std::set<int> numbers;
  for (auto& f : issues) {
    CommandResult r = f.get();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    numbers.insert(std::stoi(r.out));
  }
  ASSERT_EQ(numbers.size(), periods.size());  // none given twice
  // None lost: consecutive.
  EXPECT_EQ(*numbers.rbegin() - *numbers.begin() + 1,
            static_cast<int>(periods.size()));
}

}  // namespace
}  // namespace dtr
