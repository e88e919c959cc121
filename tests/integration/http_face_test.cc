// The REST/JSON face of the services (--http-listen), called with curl
// against the real binaries: a route answers what its gRPC call answers,
// CSV and NDJSON imports are all or nothing and name the bad row, unknown
// routes and malformed requests are refused with google.rpc.Status JSON,
// report renderings download as files, and /openapi.json lists every
// route and validates.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "dtr/stats/v1/stats.grpc.pb.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

using nlohmann::json;

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string content_type;
};

// curl `method` `url` with `body` of `content_type` (none when empty),
// plus `extra` arguments.
HttpAnswer Curl(const std::string& method, const std::string& url,
                const std::string& body = "",
                const std::string& content_type = "",
                const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv = {
      "curl", "-sS", "-X", method, "-w", "\n%{http_code} %{content_type}", url};
  std::string body_file;
  if (!content_type.empty()) {
    body_file = MakeTempDir() + "/body";
    std::ofstream(body_file, std::ios::binary) << body;
    argv.insert(argv.end(), {"-H", "Content-Type: " + content_type,
                             "--data-binary", "@" + body_file});
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  CommandResult r = RunCommand(argv);
  HttpAnswer out;
  const size_t last = r.out.rfind('\n');
  if (r.exit_code != 0 || last == std::string::npos) {
    ADD_FAILURE() << "curl failed: " << r.err;
    return out;
  }
  out.body = r.out.substr(0, last);
  const std::string tail = r.out.substr(last + 1);
  out.status = std::atoi(tail.c_str());
  out.content_type = tail.substr(tail.find(' ') + 1);
  return out;
}

std::string GrpcJson(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

class HttpFaceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    CommandResult sample =
        RunCommand({BinPath("dtctl"), "sample", "write", "--out", *dir_});
    ASSERT_EQ(sample.exit_code, 0) << sample.err;
    redis_ = new RedisServer();
    stats_ = new StatsServer(*dir_ + "/units.csv", redis_->address(), "",
                             {"--http-listen=127.0.0.1:0"});
    ASSERT_GT(stats_->http_port(), 0);
  }
  static void TearDownTestSuite() {
    delete stats_;
    delete redis_;
    delete dir_;
  }

  static std::string Url(const std::string& path) {
    return absl::StrCat("http://127.0.0.1:", stats_->http_port(), path);
  }
  // The header and the first `rows` rows of the sample's dossiers.
  static std::string DossierRows(int rows) {
    std::ifstream in(*dir_ + "/dossiers.csv");
    std::string line, out;
    for (int i = 0; i <= rows && std::getline(in, line); ++i) {
      out += line + "\n";
    }
    return out;
  }
  static json Indicators() {
    const HttpAnswer a =
        Curl("GET", Url("/v1/units/HT/indicators?range.start_date=2023-01-01"
                        "&range.end_date=2023-12-31"));
    EXPECT_EQ(a.status, 200) << a.body;
    return json::parse(a.body, nullptr, false);
  }

  static std::string* dir_;
  static RedisServer* redis_;
  static StatsServer* stats_;
};

std::string* HttpFaceTest::dir_ = nullptr;
RedisServer* HttpFaceTest::redis_ = nullptr;
StatsServer* HttpFaceTest::stats_ = nullptr;

TEST_F(HttpFaceTest, ACsvImportIsWholeOrNothingAndAnswersAsGrpcDoes) {
  // One bad row among 2,500 (past the first batch): nothing is written,
  // and the answer names the row and the field.
  std::string csv = DossierRows(2500);
  const size_t row_1234 = [&] {
    size_t at = csv.find('\n');  // end of the header
    for (int i = 1; i < 1234; ++i) at = csv.find('\n', at + 1);
    return at + 1;
  }();
  std::string bad = csv;
  const size_t channel = bad.find(",online,", row_1234);
  ASSERT_NE(channel, std::string::npos);
  bad.replace(channel, 8, ",by-fax,");
  HttpAnswer refused =
      Curl("POST", Url("/v1/dossiers:import"), bad, "text/csv");
  EXPECT_EQ(refused.status, 400) << refused.body;
  const json status = json::parse(refused.body, nullptr, false);
  EXPECT_EQ(status["code"], 3) << refused.body;
  EXPECT_TRUE(
      absl::StrContains(status["message"].get<std::string>(), "row 1234"))
      << refused.body;
  EXPECT_TRUE(
      absl::StrContains(status["message"].get<std::string>(), "channel"))
      << refused.body;
  const json before = Indicators();
  EXPECT_FALSE(before["total"].contains("dossiers_received"))
      << "a refused import wrote: " << before;

  HttpAnswer imported =
      Curl("POST", Url("/v1/dossiers:import"), csv, "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  const json summary = json::parse(imported.body);
  EXPECT_EQ(summary["summary"]["created"], "2500") << imported.body;
  EXPECT_EQ(summary["summary"]["committed"], true) << imported.body;

  // The same answer as the gRPC call, field for field.
  auto stub = stats::v1::StatsService::NewStub(grpc::CreateChannel(
      stats_->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  stats::v1::GetIndicatorsRequest request;
  request.set_unit_code("HT");
  request.mutable_range()->set_start_date("2023-01-01");
  request.mutable_range()->set_end_date("2023-12-31");
  stats::v1::GetIndicatorsResponse response;
  ASSERT_TRUE(stub->GetIndicators(&context, request, &response).ok());
  const json over_http = Indicators();
  EXPECT_EQ(over_http, json::parse(GrpcJson(response)));
  EXPECT_EQ(over_http["total"]["dossiers_received"], "2500") << over_http;
}

TEST_F(HttpFaceTest, NdjsonImportsNameTheBadLine) {
  const std::string rows =
      R"({"dossier_id": "NDJ-1", "unit_code": "HT", "procedure_code": "P1", )"
      R"("received_at": "2023-03-01T08:00:00+07:00", )"
      R"("channel": "CHANNEL_ONLINE", "service_level": "SERVICE_LEVEL_FULL", )"
      R"("digitized": true, "status": "DOSSIER_STATUS_PENDING", )"
      R"("due_at": "2023-03-10T17:00:00+07:00"})"
      "\n"
      R"({"dossier_id": "NDJ-2", "digitized": "perhaps"})"
      "\n";
  HttpAnswer refused =
      Curl("POST", Url("/v1/dossiers:import"), rows, "application/x-ndjson");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(absl::StrContains(refused.body, "row 2")) << refused.body;
  EXPECT_TRUE(absl::StrContains(refused.body, "digitized")) << refused.body;
  const HttpAnswer listed =
      Curl("GET", Url("/v1/units/HT/dossiers?range.start_date=2023-03-01"
                      "&range.end_date=2023-03-01"));
  EXPECT_FALSE(absl::StrContains(listed.body, "NDJ-1")) << listed.body;
}

// A streamed import whose body ends before the length it announced (the
// client went away): the batches already sent are not applied.
TEST_F(HttpFaceTest, AnImportCutShortAppliesNothing) {
  // 2,500 rows of new dossiers: more than the first batch reaches the
  // service before the body is found cut.
  std::istringstream rows(DossierRows(2500));
  std::string line, csv;
  std::getline(rows, line);
  csv = line + "\n";
  while (std::getline(rows, line)) csv += "CUT-" + line + "\n";
  const std::string body = *dir_ + "/cut.csv";
  std::ofstream(body) << csv;
  const json before = Indicators();
  CommandResult sent = RunCommand(
      {"python3", "-c",
       "import socket, sys, time\n"
       "body = open(sys.argv[2], 'rb').read()\n"
       "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
       "s.settimeout(30)\n"
       "s.sendall(b'POST /v1/dossiers:import HTTP/1.1\\r\\nHost: x\\r\\n'\n"
       "          b'Content-Type: text/csv\\r\\nContent-Length: "
       "%d\\r\\n\\r\\n'\n"
       "          % (len(body) + 100000))\n"
       "s.sendall(body)\n"
       "time.sleep(1)\n"  // the first batches reach the service
       "s.shutdown(socket.SHUT_WR)\n"
       "print(s.recv(65536).decode(errors='replace'))\n",
       std::to_string(stats_->http_port()), body});
  EXPECT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_FALSE(absl::StrContains(sent.out, " 200 ")) << sent.out;
  EXPECT_EQ(Indicators(), before) << "a cut import wrote: " << sent.out;
  const HttpAnswer listed =
      Curl("GET", Url("/v1/units/HT/dossiers?range.start_date=2023-01-01"
                      "&range.end_date=2023-12-31&page_size=10"));
  EXPECT_FALSE(absl::StrContains(listed.body, "CUT-")) << listed.body;

  // A body of no announced length ends where the connection does, cut or
  // not: refused before it is read.
  CommandResult unmeasured = RunCommand(
      {"python3", "-c",
       "import socket, sys\n"
       "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
       "s.settimeout(30)\n"
       "s.sendall(b'POST /v1/dossiers:import HTTP/1.1\\r\\nHost: x\\r\\n'\n"
       "          b'Content-Type: text/csv\\r\\n\\r\\n' + open(sys.argv[2], "
       "'rb').read())\n"
       "s.shutdown(socket.SHUT_WR)\n"
       "print(s.recv(65536).decode(errors='replace'))\n",
       std::to_string(stats_->http_port()), body});
  EXPECT_TRUE(absl::StrContains(unmeasured.out, " 411 "))
      << unmeasured.out << unmeasured.err;
  EXPECT_EQ(Indicators(), before);
}

// A refused import's unread rest is read and dropped, not taken for more
// requests: the next request on the same connection gets its own answer.
TEST_F(HttpFaceTest, ARefusedImportsRestIsNotReadAsRequests) {
  std::istringstream rows(DossierRows(10000));
  std::string line, csv;
  std::getline(rows, line);
  csv = line + "\n";
  for (int row = 1; std::getline(rows, line); ++row) {
    // Row 3 is bad: the refusal comes long before the body's end.
    csv += (row == 3 ? "BAD-" + line + ",extra" : "KEEP-" + line) + "\n";
  }
  const std::string body = *dir_ + "/refused.csv";
  std::ofstream(body) << csv;
  const json before = Indicators();
  // Each answer read whole (by its Content-Length), then the next request.
  CommandResult sent = RunCommand(
      {"python3", "-c",
       "import socket, sys\n"
       "body = open(sys.argv[2], 'rb').read()\n"
       "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
       "s.settimeout(30)\n"
       "f = s.makefile('rb')\n"
       "def answer():\n"
       "  status = f.readline().decode().strip()\n"
       "  length = 0\n"
       "  while True:\n"
       "    h = f.readline().decode().strip()\n"
       "    if not h: break\n"
       "    if h.lower().startswith('content-length:'):\n"
       "      length = int(h.split(':')[1])\n"
       "  print(status, f.read(length).decode())\n"
       "s.sendall(b'POST /v1/dossiers:import HTTP/1.1\\r\\nHost: x\\r\\n'\n"
       "          b'Content-Type: text/csv\\r\\nContent-Length: "
       "%d\\r\\n\\r\\n' % len(body) + body)\n"
       "answer()\n"
       "s.sendall(b'GET /v1/units/HT/indicators?range.start_date=2023-01-01'\n"
       "          b'&range.end_date=2023-12-31 HTTP/1.1\\r\\nHost: "
       "x\\r\\n\\r\\n')\n"
       "answer()\n",
       std::to_string(stats_->http_port()), body});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  const std::vector<std::string> answers =
      absl::StrSplit(sent.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(answers.size(), 2u) << sent.out.substr(0, 2000);
  EXPECT_TRUE(absl::StartsWith(answers[0], "HTTP/1.1 400 ")) << answers[0];
  EXPECT_TRUE(absl::StrContains(answers[0], "row 3")) << answers[0];
  ASSERT_TRUE(absl::StartsWith(answers[1], "HTTP/1.1 200 OK ")) << answers[1];
  EXPECT_EQ(json::parse(answers[1].substr(16)), before);
  const HttpAnswer listed =
      Curl("GET", Url("/v1/units/HT/dossiers?range.start_date=2023-01-01"
                      "&range.end_date=2023-12-31&page_size=10"));
  EXPECT_FALSE(absl::StrContains(listed.body, "KEEP-")) << listed.body;
}

TEST_F(HttpFaceTest, BadRequestsAreRefusedWithTheirReason) {
  HttpAnswer unknown = Curl("GET", Url("/v1/nowhere"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(json::parse(unknown.body)["code"], 5) << unknown.body;
  EXPECT_EQ(Curl("DELETE", Url("/v1/units/HT/indicators")).status, 405);
  // A field the service checks: the service's own message.
  HttpAnswer bad_date =
      Curl("GET", Url("/v1/units/HT/indicators?range.start_date=2023-02-30"
                      "&range.end_date=2023-12-31"));
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_TRUE(absl::StrContains(bad_date.body, "range.start_date"))
      << bad_date.body;
  // A parameter the request has no field for.
  HttpAnswer unknown_parameter =
      Curl("GET", Url("/v1/units/HT/indicators?range.start=2023-01-01"));
  EXPECT_EQ(unknown_parameter.status, 400);
  EXPECT_TRUE(absl::StrContains(unknown_parameter.body, "range.start"))
      << unknown_parameter.body;
  // A malformed body names the field.
  HttpAnswer malformed =
      Curl("POST", Url("/v1/dossiers:batchUpsert"),
           R"({"dossiers": [{"dossier_id": "X", "digitized": "perhaps"}]})",
           "application/json");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_TRUE(absl::StrContains(malformed.body, "digitized")) << malformed.body;
  HttpAnswer not_json = Curl("POST", Url("/v1/dossiers:batchUpsert"),
                             "{dossiers", "application/json");
  EXPECT_EQ(not_json.status, 400) << not_json.body;
}

// The security and workforce imports read the CSV files dtctl imports, with
// the import's context as parameters: the sample month over HTTP, each
// file whole or not at all, and the summaries read over HTTP as over gRPC.
TEST_F(HttpFaceTest, SecurityAndWorkforceImportTheirCsvFiles) {
  const std::string units = *dir_ + "/units.csv";
  SecurityServer security(units, redis_->address(), "",
                          {"--http-listen=127.0.0.1:0"});
  WorkforceServer workforce(units, redis_->address(), "",
                            {"--http-listen=127.0.0.1:0"});
  auto file = [&](const std::string& name) {
    std::ifstream in(*dir_ + "/" + name + ".csv");
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  auto rows = [](const std::string& csv) {
    return std::to_string(std::count(csv.begin(), csv.end(), '\n') - 1);
  };
  auto import = [&](const ServiceProcess& service, const std::string& route,
                    const std::string& csv, const std::string& parameters) {
    return Curl("POST",
                absl::StrCat("http://127.0.0.1:", service.http_port(), route,
                             parameters),
                csv, "text/csv");
  };

  // A bad security level in the last system: nothing is written.
  std::string systems = file("systems");
  std::string bad = systems;
  const size_t last_row = bad.rfind('\n', bad.size() - 2) + 1;
  const size_t level =
      bad.find(',', bad.find(',', bad.find(',', last_row) + 1) + 1);
  bad.replace(level + 1, bad.find(',', level + 1) - level - 1, "high");
  const HttpAnswer refused = import(security, "/v1/systems:import", bad,
                                    "?context.effective_at=2023-01-01");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(absl::StrContains(refused.body, "security_level"))
      << refused.body;
  EXPECT_TRUE(
      absl::StrContains(refused.body, absl::StrCat("row ", rows(systems))))
      << refused.body;
  const HttpAnswer none = Curl(
      "GET",
      absl::StrCat("http://127.0.0.1:", security.http_port(), "/v1/systems"));
  EXPECT_EQ(none.status, 200) << none.body;
  EXPECT_FALSE(json::parse(none.body).contains("systems")) << none.body;

  // The sample month, as tools/run-stack.sh imports it with dtctl.
  for (const auto& [route, name, parameters] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"/v1/systems:import", "systems",
            "?context.effective_at=2023-01-01"},
           {"/v1/system-controls:import", "controls",
            "?context.effective_at=2023-10-31"},
           {"/v1/endpoints:import", "endpoints",
            "?context.effective_at=2023-10-31"},
           {"/v1/incidents:import", "incidents",
            "?context.effective_at=2023-10-31"}}) {
    const std::string csv = file(name);
    const HttpAnswer a = import(security, route, csv, parameters);
    ASSERT_EQ(a.status, 200) << route << ": " << a.body;
    EXPECT_EQ(json::parse(a.body)["summary"]["created"], rows(csv))
        << route << ": " << a.body;
  }
  for (const auto& [route, name] :
       std::vector<std::pair<std::string, std::string>>{
           {"/v1/staff:import", "staff"},
           {"/v1/absences:import", "absences"},
           {"/v1/courses:import", "courses"},
           {"/v1/attendance:import", "attendance"}}) {
    const std::string csv = file(name);
    const HttpAnswer a = import(workforce, route, csv, "");
    ASSERT_EQ(a.status, 200) << route << ": " << a.body;
    EXPECT_EQ(json::parse(a.body)["summary"]["created"], rows(csv))
        << route << ": " << a.body;
  }

  auto security_stub =
      security::v1::SecurityService::NewStub(grpc::CreateChannel(
          security.address(), grpc::InsecureChannelCredentials()));
  security::v1::GetComplianceSummaryRequest compliance_request;
  compliance_request.set_unit_code("HT");
  compliance_request.set_as_of("2023-10-31");
  security::v1::GetComplianceSummaryResponse compliance;
  grpc::ClientContext compliance_context;
  ASSERT_TRUE(security_stub
                  ->GetComplianceSummary(&compliance_context,
                                         compliance_request, &compliance)
                  .ok());
  const HttpAnswer compliance_over_http = Curl(
      "GET", absl::StrCat("http://127.0.0.1:", security.http_port(),
                          "/v1/units/HT/compliance-summary?as_of=2023-10-31"));
  EXPECT_EQ(json::parse(compliance_over_http.body),
            json::parse(GrpcJson(compliance)));
  EXPECT_EQ(compliance.total().systems(), std::stoll(rows(systems)))
      << compliance_over_http.body;

  auto workforce_stub =
      workforce::v1::WorkforceService::NewStub(grpc::CreateChannel(
          workforce.address(), grpc::InsecureChannelCredentials()));
  workforce::v1::GetWorkforceSummaryRequest summary_request;
  summary_request.set_unit_code("HT");
  summary_request.mutable_range()->set_start_date("2023-10-01");
  summary_request.mutable_range()->set_end_date("2023-10-31");
  workforce::v1::GetWorkforceSummaryResponse summary;
  grpc::ClientContext summary_context;
  ASSERT_TRUE(
      workforce_stub
          ->GetWorkforceSummary(&summary_context, summary_request, &summary)
          .ok());
  const HttpAnswer summary_over_http =
      Curl("GET", absl::StrCat("http://127.0.0.1:", workforce.http_port(),
                               "/v1/units/HT/workforce-summary"
                               "?range.start_date=2023-10-01"
                               "&range.end_date=2023-10-31"));
  EXPECT_EQ(json::parse(summary_over_http.body),
            json::parse(GrpcJson(summary)));
  EXPECT_GT(summary.total().staff(), 0) << summary_over_http.body;

  // Their OpenAPI documents list each method and validate.
  for (const auto& [service, name] :
       std::vector<std::pair<const ServiceProcess*, std::string>>{
           {&security, "dtr.security.v1.SecurityService"},
           {&workforce, "dtr.workforce.v1.WorkforceService"}}) {
    const HttpAnswer a =
        Curl("GET", absl::StrCat("http://127.0.0.1:", service->http_port(),
                                 "/openapi.json"));
    ASSERT_EQ(a.status, 200) << name;
    const json doc = json::parse(a.body);
    int operations = 0;
    for (const auto& [path, verbs] : doc["paths"].items()) {
      operations += static_cast<int>(verbs.size());
    }
    const auto* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    ASSERT_NE(descriptor, nullptr) << name;
    EXPECT_EQ(operations, descriptor->method_count() + 1) << name;
    const std::string file = *dir_ + "/openapi-" + name + ".json";
    std::ofstream(file) << a.body;
    CommandResult checked =
        RunCommand({"node", DTR_SOURCE_DIR "/tests/openapi/validate.js", file});
    EXPECT_EQ(checked.exit_code, 0) << name << checked.out << checked.err;
  }
}

TEST_F(HttpFaceTest, TheOpenApiDocumentListsEveryRouteAndValidates) {
  const HttpAnswer a = Curl("GET", Url("/openapi.json"));
  ASSERT_EQ(a.status, 200);
  const json doc = json::parse(a.body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  int operations = 0;
  for (const auto& [path, verbs] : doc["paths"].items()) {
    operations += static_cast<int>(verbs.size());
  }
  // Every method of the stats service and the audit service.
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "dtr.stats.v1.StatsService");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(operations, service->method_count() + 1) << a.body.substr(0, 400);
  EXPECT_TRUE(doc["paths"].contains("/v1/units/{unit_code}/indicators"));
  EXPECT_TRUE(doc["paths"]["/v1/dossiers:import"].contains("post"));
  // An OpenAPI validator that is not ours.
  const std::string file = *dir_ + "/openapi.json";
  std::ofstream(file) << a.body;
  CommandResult checked =
      RunCommand({"node", DTR_SOURCE_DIR "/tests/openapi/validate.js", file});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
}

}  // namespace
}  // namespace dtr::testing
