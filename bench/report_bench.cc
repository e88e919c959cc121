// report_bench: how long the report service takes to generate a month's
// report in all five renderings, how much of that it spends waiting on the
// stats, security and workforce services and rendering, and, given a
// signer's certificate and key, how long signing a version (prepare, the
// CMS made here, complete) and issuing it take.
//
// Calls GenerateReport --calls times, one at a time, and times each call
// from the client. The waiting share comes from the service's own
// measurements: dtr_store_operation_seconds{operation="fetch"} (the
// parallel calls to the three services) over {operation="generate"}, read
// from its /metrics before and after.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/cms_signature.h"
#include "common/flags.h"
#include "common/service_ports.h"
#include "common/signing_key.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace {

using Clock = std::chrono::steady_clock;

// GET http://127.0.0.1:port/metrics; "" on failure.
std::string Metrics(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const std::string request =
        "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[65536];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0) out.append(buffer, n);
    }
  }
  close(fd);
  return out;
}

// The value of one series' line, e.g.
// dtr_store_operation_seconds_sum{operation="fetch"} 0.42
double Series(const std::string& metrics, const std::string& name) {
  const size_t at = metrics.find(name + " ");
  if (at == std::string::npos) return 0;
  const size_t start = at + name.size() + 1;
  const size_t end = metrics.find('\n', start);
  double value = 0;
  if (!absl::SimpleAtod(metrics.substr(start, end - start), &value)) return 0;
  return value;
}

double OperationSeconds(const std::string& metrics, const char* operation) {
  return Series(metrics,
                absl::StrCat("dtr_store_operation_seconds_sum{operation=\"",
                             operation, "\"}"));
}

double OperationCount(const std::string& metrics, const char* operation) {
  return Series(metrics,
                absl::StrCat("dtr_store_operation_seconds_count{operation=\"",
                             operation, "\"}"));
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double Ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string server = dtr::LocalAddress(dtr::kReportPorts.grpc), unit = "HT",
              period = "2023-10", payments_through;
  int64_t calls = 10, metrics_port = 0;
  std::string cert, key;
  dtr::FlagSet flags("report_bench: time GenerateReport");
  flags.AddString("server", &server, "report service, HOST:PORT", "-");
  flags.AddString("unit", &unit, "reporting unit", "-");
  flags.AddString("period", &period, "month, YYYY-MM", "-");
  flags.AddString("payments-through", &payments_through,
                  "last day of the payment figures", "-");
  flags.AddInt("calls", &calls, "reports to generate", "-");
  flags.AddInt("metrics-port", &metrics_port,
               "the report service's /metrics port", "-");
  flags.AddString("cert", &cert,
                  "a signer's certificate: sign and issue each version", "-");
  flags.AddString("key", &key, "the signer's key (PEM)", "-");
  auto words = flags.Parse(argc, argv);
  if (!words.ok() || flags.help_requested() || calls < 1) {
    std::fputs(flags.Help().c_str(), stderr);
    return 2;
  }
  auto stub = dtr::report::v1::ReportService::NewStub(
      grpc::CreateChannel(server, grpc::InsecureChannelCredentials()));
  const std::string before = Metrics(static_cast<int>(metrics_port));
  std::vector<double> ms;
  std::vector<int> versions;
  for (int64_t i = 0; i < calls; ++i) {
    dtr::report::v1::GenerateReportRequest request;
    request.set_unit_code(unit);
    request.set_period(period);
    request.set_payments_through(payments_through);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    dtr::report::v1::Report report;
    const auto start = Clock::now();
    grpc::Status status = stub->GenerateReport(&context, request, &report);
    if (!status.ok()) {
      std::fprintf(stderr, "report_bench: %s\n",
                   status.error_message().c_str());
      return 1;
    }
    ms.push_back(Ms(start));
    versions.push_back(report.version());
  }
  const std::string after = Metrics(static_cast<int>(metrics_port));
  const double fetch =
      OperationSeconds(after, "fetch") - OperationSeconds(before, "fetch");
  const double generate = OperationSeconds(after, "generate") -
                          OperationSeconds(before, "generate");
  const double render =
      OperationSeconds(after, "render") - OperationSeconds(before, "render");
  const double renders =
      OperationCount(after, "render") - OperationCount(before, "render");
  const double first = ms.front();
  std::sort(ms.begin(), ms.end());
  const double median = ms[ms.size() / 2];
  std::printf(
      "report: %lld reports, first %.0f ms, median %.0f ms, max %.0f ms, "
      "waiting on services %.0f%% of generation\n",
      static_cast<long long>(calls), first, median, ms.back(),
      generate > 0 ? 100 * fetch / generate : 0);
  std::printf("RESULT report %.0f %.0f %.0f %.0f %.0f\n", first, median,
              ms.back(), generate > 0 ? 100 * fetch / generate : 0,
              renders > 0 ? 1000 * render / renders : 0);
  if (cert.empty()) return 0;

  // Each version generated above signed, then issued.
  auto signer = dtr::LoadSigningIdentity(cert, key, "");
  if (!signer.ok()) {
    std::fprintf(stderr, "report_bench: %s\n",
                 std::string(signer.status().message()).c_str());
    return 1;
  }
  std::string pem;
  {
    std::FILE* f = std::fopen(cert.c_str(), "rb");
    char buffer[4096];
    size_t n;
    while (f != nullptr && (n = std::fread(buffer, 1, sizeof(buffer), f)) > 0) {
      pem.append(buffer, n);
    }
    if (f != nullptr) std::fclose(f);
  }
  std::vector<double> sign_ms, issue_ms;
  for (int version : versions) {
    const auto start = Clock::now();
    dtr::report::v1::PrepareSignatureRequest prepare;
    prepare.set_unit_code(unit);
    prepare.set_period(period);
    prepare.set_version(version);
    prepare.set_certificate_pem(pem);
    dtr::report::v1::PrepareSignatureResponse prepared;
    grpc::ClientContext c1;
    grpc::Status status = stub->PrepareSignature(&c1, prepare, &prepared);
    auto cms = status.ok() ? dtr::SignDigest(prepared.digest(), *signer)
                           : absl::StatusOr<std::string>("");
    dtr::report::v1::CompleteSignatureRequest complete;
    complete.set_unit_code(unit);
    complete.set_period(period);
    complete.set_signing_id(prepared.signing_id());
    complete.set_cms(cms.ok() ? *cms : "");
    dtr::report::v1::Report report;
    grpc::ClientContext c2;
    if (status.ok()) status = stub->CompleteSignature(&c2, complete, &report);
    if (!status.ok()) {
      std::fprintf(stderr, "report_bench: sign: %s\n",
                   status.error_message().c_str());
      return 1;
    }
    sign_ms.push_back(Ms(start));
    const auto issue_start = Clock::now();
    dtr::report::v1::IssueReportRequest issue;
    issue.set_unit_code(unit);
    issue.set_period(period);
    issue.set_version(version);
    grpc::ClientContext c3;
    status = stub->IssueReport(&c3, issue, &report);
    if (!status.ok()) {
      std::fprintf(stderr, "report_bench: issue: %s\n",
                   status.error_message().c_str());
      return 1;
    }
    issue_ms.push_back(Ms(issue_start));
  }
  std::printf(
      "sign and issue: %zu versions, signing median %.0f ms, "
      "issuing median %.0f ms\n",
      versions.size(), Median(sign_ms), Median(issue_ms));
  std::printf("RESULT sign %.1f %.1f\n", Median(sign_ms), Median(issue_ms));
  return 0;
}
