// The REST/JSON face of a service (--http-listen): every method of its
// services at the route its google.api.http option declares
// (http_routes.h), requests and answers in the proto3 JSON mapping with
// the API's field names, errors as google.rpc.Status JSON with the HTTP
// code of the gRPC code, and GET /openapi.json describing the routes.
//
// A request becomes a call of the service's own gRPC method over its
// loopback channel (loopback_calls.h): the access policy's decision
// (PolicyEnforcer::Decide, the gRPC port's own), then the same handler,
// limits, write scopes, audit and metrics as a gRPC call; the caller's
// identity is its client certificate's, read as gRPC reads one. Streamed
// imports take a CSV body (text/csv, in the format dtctl imports) or
// NDJSON (one record a line), streamed: the rows go in batches over one
// call as they arrive, and all of it is applied or nothing. A method that
// streams a file back (a report's rendering) answers with the file and its
// media type.
//
// Thread-safe: requests are served by a pool of threads.
#ifndef DTR_COMMON_HTTP_GATEWAY_H_
#define DTR_COMMON_HTTP_GATEWAY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "common/csv_fields.h"
#include "common/http_routes.h"
#include "common/loopback_calls.h"
#include "common/tls_credentials.h"
#include "google/protobuf/message.h"
#include "nlohmann/json.hpp"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace httplib {
class ContentReader;
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace dtr {

class HttpTlsReload;

// How a CSV body of one streamed import becomes its requests' records.
struct CsvImportFormat {
  std::vector<std::string> header;
  size_t required_columns = SIZE_MAX;  // the rest may be left off the end
  // Adds the row (in header order, optional columns filled with "") to
  // the request's records; false naming the field otherwise.
  std::function<bool(const std::vector<std::string>& fields,
                     google::protobuf::Message* request, CsvFieldError*)>
      add_row;
};

struct HttpGatewayOptions {
  std::string listen;  // HOST:PORT
  TlsFiles tls;        // cert and key; client_ca for mutual TLS
  bool plaintext = false;
  std::vector<std::string> services;  // full names
  // By the streamed request's full name ("dtr.stats.v1.ImportDossiersRequest").
  std::map<std::string, CsvImportFormat> csv_imports;
  std::shared_ptr<grpc::Channel> loopback;
  // The access policy's decision for a caller and a gRPC method (the gRPC
  // port's own, PolicyEnforcer::Decide); null: every caller may call.
  std::function<grpc::Status(const std::vector<std::string>& identities,
                             const std::string& method)>
      admit;
  // The largest body read whole (a JSON request); CSV and NDJSON imports
  // are streamed, of any size.
  int64_t max_body_bytes = 256 << 20;
  int rows_per_message = 2000;
  int threads = 64;   // connections served at once
  std::string title;  // of the OpenAPI document, e.g. "dtr stats service"
  std::string version;
};

class HttpGateway {
 public:
  // Builds the routes, binds `listen` and serves in a thread of its own.
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(
      HttpGatewayOptions options, prometheus::Registry& registry);
  ~HttpGateway();  // stops serving

  int port() const { return port_; }
  // Closes the listening socket: no new connection; requests in flight
  // go on until the gateway is destroyed.
  void StopAccepting();

 private:
  HttpGateway(HttpGatewayOptions options, HttpRoutes routes,
              prometheus::Registry& registry);

  // `body` reads the request's body (null: it has none).
  void Handle(const httplib::Request& request,
              const httplib::ContentReader* body, httplib::Response* response);
  // Serves one matched route; the HTTP status.
  int Serve(const HttpMatch& match, const httplib::Request& request,
            const httplib::ContentReader* reader, httplib::Response* response);
  // Reads the whole body into `body`: 0, or the HTTP status of the error
  // it sent (413 past options_.max_body_bytes).
  int ReadWholeBody(const httplib::ContentReader* reader, std::string* body,
                    httplib::Response* response) const;
  int ServeImport(const HttpMatch& match, const httplib::Request& request,
                  const httplib::ContentReader* reader,
                  const LoopbackCall& call, httplib::Response* response);
  // The answer of a call as JSON, or its error.
  static int Answer(const grpc::Status& status,
                    const google::protobuf::Message& answer,
                    httplib::Response* response);
  int ServeStream(const HttpMatch& match, const LoopbackCall& call,
                  const google::protobuf::Message& message,
                  httplib::Response* response);

  const HttpGatewayOptions options_;
  const HttpRoutes routes_;
  const std::string openapi_;
  LoopbackCalls calls_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& seconds_;
  static const prometheus::Histogram::BucketBoundaries& Buckets();
  // By route, in the order of routes_.routes(): its 200s, its times.
  std::vector<prometheus::Counter*> answered_;
  std::vector<prometheus::Histogram*> timing_;
  // Before server_: its connections ask it for their certificate.
  std::unique_ptr<HttpTlsReload> tls_reload_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// The HTTP status of a gRPC status code (google.rpc.Code's mapping).
int HttpStatusOf(grpc::StatusCode code);

// A gRPC status as google.rpc.Status JSON: {code, message, details}, with
// dtr.common.v1.RowErrors among the details when the status carries them.
nlohmann::json StatusJson(const grpc::Status& status);

}  // namespace dtr

#endif  // DTR_COMMON_HTTP_GATEWAY_H_
