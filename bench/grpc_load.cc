// grpc_load: a closed-loop gRPC load generator for the benchmarks.
//
// Keeps --inflight unary calls outstanding on one channel (generic stub,
// one completion queue), for --seconds or --calls, and prints throughput and
// latency percentiles. The same generator drives GetIndicators and the
// trivial health Check, so that their ratio measures the service's own cost;
// it also drives the first page of a list behind a figure (ListDossiers),
// a ranking (RankUnits) and a trend (GetTrend).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/flags.h"
#include "common/service_ports.h"
#include "dtr/stats/v1/stats.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Call {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  grpc::ByteBuffer response;
  grpc::Status status;
  Clock::time_point start;
};

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[i];
}

}  // namespace

int main(int argc, char** argv) {
  std::string server = dtr::LocalAddress(dtr::kStatsPorts.grpc),
              method = "indicators", unit = "HT", from = "2023-01-01",
              to = "2023-10-31", label;
  int64_t inflight = 16, calls_limit = 0;
  double seconds = 5;
  dtr::FlagSet flags("grpc_load: closed-loop load on one unary method");
  flags.AddString("server", &server, "HOST:PORT", "-");
  std::string figure = "on_time", part = "rest", level = "commune";
  flags.AddString("method", &method,
                  "indicators, list, rank, trend or echo (health Check)", "-");
  flags.AddString("unit", &unit, "the unit asked for", "-");
  flags.AddString("from", &from, "first day (a trend: its month)", "-");
  flags.AddString("to", &to, "last day (a trend: its month)", "-");
  flags.AddString("figure", &figure, "list, rank, trend: the rate", "-");
  flags.AddString("part", &part, "list: numerator, denominator or rest", "-");
  flags.AddString("level", &level, "rank: the level ranked", "-");
  flags.AddString("label", &label, "name printed with the figures", "-");
  flags.AddInt("inflight", &inflight, "calls outstanding at once", "-");
  flags.AddInt("calls", &calls_limit, "stop after this many calls (0: time)",
               "-");
  flags.AddDouble("seconds", &seconds, "how long to run", "-");
  auto words = flags.Parse(argc, argv);
  if (!words.ok() || flags.help_requested()) {
    std::fputs(flags.Help().c_str(), stderr);
    return words.ok() ? 0 : 2;
  }
  if (label.empty()) label = method;

  std::string path, payload;
  if (method == "indicators") {
    path = "/dtr.stats.v1.StatsService/GetIndicators";
    dtr::stats::v1::GetIndicatorsRequest request;
    request.set_unit_code(unit);
    request.mutable_range()->set_start_date(from);
    request.mutable_range()->set_end_date(to);
    payload = request.SerializeAsString();
  } else if (method == "list") {
    path = "/dtr.stats.v1.StatsService/ListDossiers";
    dtr::stats::v1::ListDossiersRequest request;
    request.set_unit_code(unit);
    request.mutable_range()->set_start_date(from);
    request.mutable_range()->set_end_date(to);
    request.set_figure(figure);
    request.set_part(part == "numerator" ? dtr::stats::v1::FIGURE_PART_NUMERATOR
                     : part == "denominator"
                         ? dtr::stats::v1::FIGURE_PART_DENOMINATOR
                         : dtr::stats::v1::FIGURE_PART_REST);
    payload = request.SerializeAsString();
  } else if (method == "rank") {
    path = "/dtr.stats.v1.StatsService/RankUnits";
    dtr::stats::v1::RankUnitsRequest request;
    request.set_unit_code(unit);
    request.mutable_range()->set_start_date(from);
    request.mutable_range()->set_end_date(to);
    request.set_level(level);
    request.set_indicator(figure);
    payload = request.SerializeAsString();
  } else if (method == "trend") {
    path = "/dtr.stats.v1.StatsService/GetTrend";
    dtr::stats::v1::GetTrendRequest request;
    request.set_unit_code(unit);
    request.set_indicator(figure);
    request.set_from_month(from);
    request.set_to_month(to);
    payload = request.SerializeAsString();
  } else {
    path = "/grpc.health.v1.Health/Check";  // empty HealthCheckRequest
  }

  grpc::ChannelArguments args;
  auto channel = grpc::CreateCustomChannel(
      server, grpc::InsecureChannelCredentials(), args);
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  std::vector<Call> slots(static_cast<size_t>(inflight));
  std::vector<double> latencies_ms;
  int64_t started = 0, errors = 0;
  const Clock::time_point begin = Clock::now();
  const Clock::time_point end =
      begin + std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6));

  auto start_call = [&](size_t i) {
    Call& c = slots[i];
    c.context = std::make_unique<grpc::ClientContext>();
    c.context->set_deadline(std::chrono::system_clock::now() +
                            std::chrono::seconds(30));
    grpc::Slice slice(payload);
    grpc::ByteBuffer request(&slice, 1);
    c.start = Clock::now();
    c.reader = stub.PrepareUnaryCall(c.context.get(), path, request, &cq);
    c.reader->StartCall();
    c.reader->Finish(&c.response, &c.status, reinterpret_cast<void*>(i));
    ++started;
  };
  auto more = [&] {
    return calls_limit > 0 ? started < calls_limit : Clock::now() < end;
  };

  int64_t outstanding = 0;
  for (size_t i = 0; i < slots.size() && more(); ++i) {
    start_call(i);
    ++outstanding;
  }
  void* tag;
  bool ok;
  while (outstanding > 0 && cq.Next(&tag, &ok)) {
    const size_t i = reinterpret_cast<size_t>(tag);
    Call& c = slots[i];
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - c.start)
            .count());
    if (!ok || !c.status.ok()) ++errors;
    --outstanding;
    if (more()) {
      start_call(i);
      ++outstanding;
    }
  }
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - begin).count();
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }

  std::sort(latencies_ms.begin(), latencies_ms.end());
  const double rate = static_cast<double>(latencies_ms.size()) / elapsed;
  std::printf(
      "%-28s %3lld in flight %8zu calls %6.1f s %9.0f calls/s  p50 %7.3f ms  "
      "p99 %7.3f ms  max %7.3f ms  errors %lld\n",
      label.c_str(), static_cast<long long>(inflight), latencies_ms.size(),
      elapsed, rate, Percentile(latencies_ms, 0.50),
      Percentile(latencies_ms, 0.99),
      latencies_ms.empty() ? 0 : latencies_ms.back(),
      static_cast<long long>(errors));
  // One line for scripts.
  std::printf("RESULT %s %.1f %.3f %.3f %lld\n", label.c_str(), rate,
              Percentile(latencies_ms, 0.50), Percentile(latencies_ms, 0.99),
              static_cast<long long>(errors));
  return errors > 0 ? 1 : 0;
}
