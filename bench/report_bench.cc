// report_bench: how long the report service takes to generate a month's
// report in all four renderings, and how much of that it spends waiting on
// the stats, security and workforce services.
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
#include "common/flags.h"
#include "common/service_ports.h"
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

}  // namespace

int main(int argc, char** argv) {
  std::string server = dtr::LocalAddress(dtr::kReportPorts.grpc), unit = "HT",
              period = "2023-10", payments_through;
  int64_t calls = 10, metrics_port = 0;
  dtr::FlagSet flags("report_bench: time GenerateReport");
  flags.AddString("server", &server, "report service, HOST:PORT", "-");
  flags.AddString("unit", &unit, "reporting unit", "-");
  flags.AddString("period", &period, "month, YYYY-MM", "-");
  flags.AddString("payments-through", &payments_through,
                  "last day of the payment figures", "-");
  flags.AddInt("calls", &calls, "reports to generate", "-");
  flags.AddInt("metrics-port", &metrics_port,
               "the report service's /metrics port", "-");
  auto words = flags.Parse(argc, argv);
  if (!words.ok() || flags.help_requested() || calls < 1) {
    std::fputs(flags.Help().c_str(), stderr);
    return 2;
  }
  auto stub = dtr::report::v1::ReportService::NewStub(
      grpc::CreateChannel(server, grpc::InsecureChannelCredentials()));
  const std::string before = Metrics(static_cast<int>(metrics_port));
  std::vector<double> ms;
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
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start)
                     .count());
  }
  const std::string after = Metrics(static_cast<int>(metrics_port));
  const double fetch =
      OperationSeconds(after, "fetch") - OperationSeconds(before, "fetch");
  const double generate = OperationSeconds(after, "generate") -
                          OperationSeconds(before, "generate");
  const double first = ms.front();
  std::sort(ms.begin(), ms.end());
  const double median = ms[ms.size() / 2];
  std::printf(
      "report: %lld reports, first %.0f ms, median %.0f ms, max %.0f ms, "
      "waiting on services %.0f%% of generation\n",
      static_cast<long long>(calls), first, median, ms.back(),
      generate > 0 ? 100 * fetch / generate : 0);
  std::printf("RESULT report %.0f %.0f %.0f %.0f\n", first, median, ms.back(),
              generate > 0 ? 100 * fetch / generate : 0);
  return 0;
}
