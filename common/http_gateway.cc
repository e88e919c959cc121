#include "common/http_gateway.h"

#include <arpa/inet.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/csv_reader.h"
#include "common/http_request_json.h"
#include "common/http_tls_reload.h"
#include "common/log.h"
#include "common/openapi_document.h"
#include "common/proto_json_writer.h"
#include "common/streamed_body.h"
#include "dtr/common/v1/types.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "httplib.h"

namespace dtr {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr char kJson[] = "application/json";

Message* NewMessage(const Descriptor* type, google::protobuf::Arena* arena) {
  return google::protobuf::MessageFactory::generated_factory()
      ->GetPrototype(type)
      ->New(arena);
}

std::unique_ptr<Message> NewMessage(const Descriptor* type) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(type)
          ->New());
}

// The caller's identities as gRPC 1.51 reads a client certificate: every
// subject alternative name (DNS, URI, e-mail, IP address; other kinds as
// gRPC names them), or, when the certificate has none at all, its common
// name.
std::vector<std::string> PeerIdentities(const httplib::Request& request) {
  std::vector<std::string> out;
  if (request.ssl == nullptr) return out;
  X509* cert = SSL_get_peer_certificate(request.ssl);
  if (cert == nullptr) return out;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  const int count = names == nullptr ? 0 : sk_GENERAL_NAME_num(names);
  for (int i = 0; i < count; ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    const ASN1_STRING* text = nullptr;
    if (name->type == GEN_DNS) text = name->d.dNSName;
    if (name->type == GEN_URI) text = name->d.uniformResourceIdentifier;
    if (name->type == GEN_EMAIL) text = name->d.rfc822Name;
    if (text != nullptr) {
      out.emplace_back(
          reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
          ASN1_STRING_length(text));
    } else if (name->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = name->d.iPAddress;
      char buffer[INET6_ADDRSTRLEN] = {0};
      const int family = ip->length == 4 ? AF_INET : AF_INET6;
      if ((ip->length == 4 || ip->length == 16) &&
          inet_ntop(family, ip->data, buffer, sizeof(buffer)) != nullptr) {
        out.emplace_back(buffer);
      }
    } else {
      out.emplace_back("other types of SAN");
    }
  }
  if (names != nullptr) GENERAL_NAMES_free(names);
  if (count == 0) {
    const X509_NAME* subject = X509_get_subject_name(cert);
    const int at = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (at >= 0) {
      unsigned char* utf8 = nullptr;
      const int length = ASN1_STRING_to_UTF8(
          &utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, at)));
      if (length >= 0) {
        out.emplace_back(reinterpret_cast<const char*>(utf8), length);
        OPENSSL_free(utf8);
      }
    }
  }
  X509_free(cert);
  return out;
}

void SendStatus(const grpc::Status& status, httplib::Response* response) {
  response->status = HttpStatusOf(status.error_code());
  // Text of the request (a path, a parameter) may not be UTF-8.
  response->set_content(
      StatusJson(status).dump(-1, ' ', false,
                              nlohmann::json::error_handler_t::replace) +
          "\n",
      kJson);
}

void SendError(grpc::StatusCode code, const std::string& message,
               httplib::Response* response) {
  SendStatus(grpc::Status(code, message), response);
}

// The repeated message field an import's requests carry their records in.
const FieldDescriptor* RecordsField(const Descriptor* request) {
  for (int i = 0; i < request->field_count(); ++i) {
    const FieldDescriptor* f = request->field(i);
    if (f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !f->is_map()) {
      return f;
    }
  }
  return nullptr;
}

// A string field `name` of `message` or of a message field of it.
std::string FindText(const Message& message, const std::string& name) {
  const Descriptor* type = message.GetDescriptor();
  const google::protobuf::Reflection* r = message.GetReflection();
  if (const FieldDescriptor* f = type->FindFieldByName(name);
      f != nullptr && f->type() == FieldDescriptor::TYPE_STRING &&
      !f->is_repeated()) {
    return r->GetString(message, f);
  }
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !f->is_repeated() && r->HasField(message, f)) {
      std::string found = FindText(r->GetMessage(message, f), name);
      if (!found.empty()) return found;
    }
  }
  return "";
}

// The longest NDJSON line read: a record, not a file.
constexpr size_t kMaxLineBytes = 1 << 20;

// The next line of `file` into `line`, without its end; false at the end.
// A line longer than kMaxLineBytes is cut there (*too_long). Unlocked: one
// thread reads the file.
bool ReadLine(std::FILE* file, std::string* line, bool* too_long) {
  line->clear();
  int c;
  while ((c = getc_unlocked(file)) != EOF) {
    if (c == '\n') return true;
    if (line->size() == kMaxLineBytes) {
      *too_long = true;
      return true;
    }
    line->push_back(static_cast<char>(c));
  }
  return !line->empty();
}

std::string MediaType(const httplib::Request& request) {
  std::string type = request.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  return std::string(absl::StripAsciiWhitespace(type));
}

}  // namespace

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    default:
      return 500;
  }
}

nlohmann::json StatusJson(const grpc::Status& status) {
  nlohmann::json out = {{"code", static_cast<int>(status.error_code())},
                        {"message", status.error_message()},
                        {"details", nlohmann::json::array()}};
  common::v1::RowErrors errors;
  if (!status.error_details().empty() &&
      errors.ParseFromString(status.error_details())) {
    nlohmann::json detail =
        nlohmann::json::parse(MessageJson(errors), nullptr, false);
    if (detail.is_object()) {
      detail["@type"] = "type.googleapis.com/dtr.common.v1.RowErrors";
      out["details"].push_back(std::move(detail));
    }
  }
  return out;
}

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(
    HttpGatewayOptions options, prometheus::Registry& registry) {
  auto routes = HttpRoutes::Build(options.services);
  if (!routes.ok()) return routes.status();
  std::unique_ptr<HttpGateway> gateway(
      new HttpGateway(std::move(options), std::move(*routes), registry));
  const HttpGatewayOptions& o = gateway->options_;
  if (o.plaintext) {
    gateway->server_ = std::make_unique<httplib::Server>();
  } else {
    gateway->server_ = std::make_unique<httplib::SSLServer>(
        o.tls.cert.c_str(), o.tls.key.c_str(),
        o.tls.client_ca.empty() ? nullptr : o.tls.client_ca.c_str());
  }
  httplib::Server& server = *gateway->server_;
  if (!server.is_valid()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--http-listen ", o.listen,
                     ": cannot read the TLS files (--tls-cert, --tls-key, "
                     "--tls-client-ca)"));
  }
  if (!o.plaintext) {
    auto reload = HttpTlsReload::Attach(
        static_cast<httplib::SSLServer&>(server).ssl_context(), o.tls);
    if (!reload.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--http-listen ", o.listen, ": ", reload.status().message()));
    }
    gateway->tls_reload_ = std::move(*reload);
  }
  // A connection holds its thread while it is kept alive: enough threads
  // for the clients a service has, each connection reused for many
  // requests (httplib's defaults, 8 threads and 5 requests, make
  // reconnecting the cost of a call).
  server.new_task_queue = [threads = o.threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  server.set_keep_alive_max_count(1000);
  // The head and the body are separate writes: without this, Nagle's
  // algorithm holds the body until the client's delayed ACK (40 ms).
  server.set_tcp_nodelay(true);
  HttpGateway* self = gateway.get();
  server.Get(".*", [self](const httplib::Request& request,
                          httplib::Response& response) {
    self->Handle(request, nullptr, &response);
  });
  // A body is read only once the route is known and the caller admitted.
  const auto with_body = [self](const httplib::Request& request,
                                httplib::Response& response,
                                const httplib::ContentReader& reader) {
    self->Handle(request, &reader, &response);
  };
  server.Post(".*", with_body);
  server.Put(".*", with_body);
  server.Patch(".*", with_body);
  server.Delete(".*", with_body);
  const size_t colon = o.listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(o.listen.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--http-listen ", o.listen, ": expected HOST:PORT, e.g. 0.0.0.0:8101"));
  }
  std::string host = o.listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[')
    host = host.substr(1, host.size() - 2);
  gateway->port_ = port == 0 ? server.bind_to_any_port(host)
                             : (server.bind_to_port(host, port) ? port : -1);
  if (gateway->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("--http-listen ", o.listen, ": cannot listen"));
  }
  gateway->thread_ =
      std::thread([self] { self->server_->listen_after_bind(); });
  // Until the server runs, stop() would not reach it (and the destructor
  // would wait for ever).
  for (int i = 0; i < 5000 && !server.is_running(); ++i) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  return gateway;
}

HttpGateway::HttpGateway(HttpGatewayOptions options, HttpRoutes routes,
                         prometheus::Registry& registry)
    : options_(std::move(options)),
      routes_(std::move(routes)),
      openapi_(OpenApiDocument(routes_, options_.title, options_.version)),
      calls_(options_.loopback),
      requests_(prometheus::BuildCounter()
                    .Name("dtr_http_requests_total")
                    .Help("HTTP requests of the REST/JSON face, by route and "
                          "HTTP status.")
                    .Register(registry)),
      seconds_(prometheus::BuildHistogram()
                   .Name("dtr_http_request_seconds")
                   .Help("Time to answer an HTTP request, by route.")
                   .Register(registry)) {
  // Each route's series from the start (rates exist before a first
  // request) and looked up once, not for each request.
  for (const HttpRoute& route : routes_.routes()) {
    const std::string name = absl::StrCat(route.verb, " ", route.path);
    answered_.push_back(&requests_.Add({{"route", name}, {"code", "200"}}));
    timing_.push_back(&seconds_.Add({{"route", name}}, Buckets()));
  }
}

const prometheus::Histogram::BucketBoundaries& HttpGateway::Buckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *buckets;
}

void HttpGateway::StopAccepting() {
  if (server_ != nullptr) server_->stop();
}

HttpGateway::~HttpGateway() {
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

void HttpGateway::Handle(const httplib::Request& request,
                         const httplib::ContentReader* body,
                         httplib::Response* response) {
  const absl::Time start = absl::Now();
  std::string route_name = "unknown";
  const HttpRoute* route = nullptr;
  if (request.method == "GET" && request.path == "/openapi.json") {
    response->set_content(openapi_, kJson);
    route_name = "GET /openapi.json";
  } else {
    bool other_verb = false;
    const HttpMatch match =
        routes_.Find(request.method, request.path, &other_verb);
    if (match.route == nullptr) {
      SendError(grpc::StatusCode::NOT_FOUND,
                absl::StrCat("no route ", request.method, " ", request.path,
                             other_verb ? " (the path takes another method)"
                                        : "; GET /openapi.json lists them"),
                response);
      if (other_verb) response->status = 405;
    } else {
      route = match.route;
      response->status = Serve(match, request, body, response);
    }
  }
  // A refused request's body may be left unread (a refused import's rest is
  // read and dropped only for as long as its call could have lasted): the
  // client should not send another request on the connection.
  if (body != nullptr && response->status != 200) {
    response->set_header("Connection", "close");
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (route != nullptr) {
    const size_t index = static_cast<size_t>(route - &routes_.routes()[0]);
    if (response->status == 200) {
      answered_[index]->Increment();
    } else {
      requests_
          .Add({{"route", absl::StrCat(route->verb, " ", route->path)},
                {"code", absl::StrCat(response->status)}})
          .Increment();
    }
    timing_[index]->Observe(seconds);
    return;
  }
  requests_
      .Add({{"route", route_name}, {"code", absl::StrCat(response->status)}})
      .Increment();
  seconds_.Add({{"route", route_name}}, Buckets()).Observe(seconds);
}

int HttpGateway::ReadWholeBody(const httplib::ContentReader* reader,
                               std::string* body,
                               httplib::Response* response) const {
  if (reader == nullptr) return 0;
  bool too_large = false;
  const bool whole = (*reader)([&](const char* data, size_t length) {
    if (body->size() + length > static_cast<size_t>(options_.max_body_bytes)) {
      too_large = true;
      return false;
    }
    body->append(data, length);
    return true;
  });
  if (too_large) {
    SendError(grpc::StatusCode::INVALID_ARGUMENT,
              absl::StrCat("body: larger than ", options_.max_body_bytes,
                           " bytes (an import's CSV or NDJSON is streamed, "
                           "of any size)"),
              response);
    return 413;
  }
  if (!whole) {
    SendError(grpc::StatusCode::INVALID_ARGUMENT,
              "body: not read whole (the request ended before it, or its "
              "encoding is not one this server reads)",
              response);
    return 400;
  }
  return 0;
}

int HttpGateway::Serve(const HttpMatch& match, const httplib::Request& request,
                       const httplib::ContentReader* reader,
                       httplib::Response* response) {
  const google::protobuf::MethodDescriptor* method = match.route->method;
  LoopbackCall call;
  call.method = match.route->grpc_method;
  call.identities = PeerIdentities(request);
  for (const std::string& identity : call.identities) {
    // Identities travel to the handler joined by commas.
    if (identity.find(',') != std::string::npos) {
      SendError(grpc::StatusCode::PERMISSION_DENIED,
                absl::StrCat("the certificate name '", identity,
                             "' holds a comma, which dtr does not accept"),
                response);
      return 403;
    }
  }
  if (options_.admit) {
    const grpc::Status admitted = options_.admit(call.identities, call.method);
    if (!admitted.ok()) {
      SendStatus(admitted, response);
      return response->status;
    }
  }
  if (method->client_streaming()) {
    return ServeImport(match, request, reader, call, response);
  }
  std::string body;
  if (const int refused = ReadWholeBody(reader, &body, response); refused) {
    return refused;
  }
  std::vector<std::pair<std::string, std::string>> query(request.params.begin(),
                                                         request.params.end());
  if (!body.empty() && MediaType(request) != kJson) {
    SendError(grpc::StatusCode::INVALID_ARGUMENT,
              absl::StrCat("body: expected ", kJson, ", not '",
                           MediaType(request), "'"),
              response);
    return 415;
  }
  std::unique_ptr<Message> message = NewMessage(method->input_type());
  if (absl::Status s = RequestFromHttp(match, query, &body, message.get());
      !s.ok()) {
    SendError(grpc::StatusCode::INVALID_ARGUMENT, std::string(s.message()),
              response);
    return 400;
  }
  if (method->server_streaming()) {
    return ServeStream(match, call, *message, response);
  }
  std::string answer;
  const grpc::Status status = calls_.UnaryBytes(call, *message, &answer);
  if (!status.ok()) {
    SendStatus(status, response);
    return response->status;
  }
  google::protobuf::Arena arena;
  Message* parsed = NewMessage(method->output_type(), &arena);
  if (!parsed->ParseFromString(answer)) {
    SendError(grpc::StatusCode::INTERNAL, "the answer could not be read",
              response);
    return 500;
  }
  std::string json;
  json.reserve(answer.size() * 2);
  AppendMessageJson(*parsed, &json);
  response->set_content(json, kJson);
  return 200;
}

int HttpGateway::ServeStream(const HttpMatch& match, const LoopbackCall& call,
                             const Message& message,
                             httplib::Response* response) {
  const google::protobuf::MethodDescriptor* method = match.route->method;
  std::unique_ptr<Message> answer = NewMessage(method->output_type());
  const FieldDescriptor* data = method->output_type()->FindFieldByName("data");
  const bool is_file =
      data != nullptr && data->type() == FieldDescriptor::TYPE_BYTES;
  std::string body, media_type, file_name;
  const grpc::Status status = calls_.ServerStreaming(
      call, message, answer.get(), [&](const Message& m) {
        if (!is_file) {
          absl::StrAppend(&body, MessageJson(m), "\n");
          return true;
        }
        if (media_type.empty()) media_type = FindText(m, "media_type");
        if (file_name.empty()) file_name = FindText(m, "file_name");
        body += m.GetReflection()->GetString(m, data);
        return true;
      });
  if (!status.ok()) {
    SendStatus(status, response);
    return response->status;
  }
  if (!file_name.empty()) {
    response->set_header(
        "Content-Disposition",
        absl::StrCat("attachment; filename=\"", file_name, "\""));
  }
  response->set_content(
      body, is_file
                ? (media_type.empty() ? "application/octet-stream" : media_type)
                : "application/x-ndjson");
  return 200;
}

int HttpGateway::ServeImport(const HttpMatch& match,
                             const httplib::Request& request,
                             const httplib::ContentReader* reader,
                             const LoopbackCall& call,
                             httplib::Response* response) {
  const google::protobuf::MethodDescriptor* method = match.route->method;
  const Descriptor* type = method->input_type();
  const FieldDescriptor* records = RecordsField(type);
  const std::string media_type = MediaType(request);
  // The query parameters (the import's options) go in the first message.
  std::vector<std::pair<std::string, std::string>> query(request.params.begin(),
                                                         request.params.end());
  std::unique_ptr<Message> first = NewMessage(type);
  const bool whole_json = media_type == kJson;
  // A JSON request is one message, read whole; CSV and NDJSON rows are
  // streamed into the call as they arrive (ConsumeStreamedBody).
  std::string body;
  if (whole_json) {
    if (const int refused = ReadWholeBody(reader, &body, response); refused) {
      return refused;
    }
  }
  if (absl::Status s = RequestFromHttp(
          match, query, whole_json ? &body : nullptr, first.get());
      !s.ok()) {
    SendError(grpc::StatusCode::INVALID_ARGUMENT, std::string(s.message()),
              response);
    return 400;
  }
  std::unique_ptr<Message> answer = NewMessage(method->output_type());
  std::unique_ptr<Message> batch = NewMessage(type);
  if (whole_json) {
    bool sent = false;
    const grpc::Status status = calls_.ClientStreaming(
        call,
        [&](Message* m) {
          if (sent) return LoopbackCalls::Step::kDone;
          sent = true;
          m->CopyFrom(*first);
          return LoopbackCalls::Step::kSend;
        },
        batch.get(), answer.get());
    return Answer(status, *answer, response);
  }
  const CsvImportFormat* format = nullptr;
  if (media_type == "text/csv") {
    auto found = options_.csv_imports.find(type->full_name());
    if (found == options_.csv_imports.end()) {
      SendError(grpc::StatusCode::INVALID_ARGUMENT,
                absl::StrCat("body: ", match.route->path,
                             " takes application/x-ndjson or application/json; "
                             "it has no CSV format"),
                response);
      return 415;
    }
    format = &found->second;
  } else if (media_type != "application/x-ndjson") {
    SendError(grpc::StatusCode::INVALID_ARGUMENT,
              absl::StrCat("body: expected text/csv, application/x-ndjson or ",
                           kJson, ", not '", media_type, "'"),
              response);
    return 415;
  }
  if (records == nullptr) {
    SendError(grpc::StatusCode::INVALID_ARGUMENT,
              "body: this import takes application/json", response);
    return 415;
  }
  if (reader == nullptr) {
    SendError(grpc::StatusCode::INVALID_ARGUMENT, "body: none", response);
    return 400;
  }
  // Without a length or chunks, a connection cut short would look like the
  // end of the body.
  if (!request.has_header("Content-Length") &&
      !absl::StrContains(request.get_header_value("Transfer-Encoding"),
                         "chunked")) {
    SendError(grpc::StatusCode::INVALID_ARGUMENT,
              "body: a streamed import needs a Content-Length or chunked "
              "transfer encoding",
              response);
    return 411;
  }

  // The rows go to the call in batches as they are read. A row the face
  // cannot read, or a body cut short, cancels the call: the import then
  // applies nothing, whatever it had received (ImportReactor).
  grpc::Status refused;  // a row the face could not read, or the body cut
  grpc::Status status;
  const absl::Status streamed = ConsumeStreamedBody(
      *reader, absl::Now() + call.timeout,
      [&](std::FILE* body, const std::atomic<bool>& cut) {
        int64_t row = 0;
        int messages = 0;
        const auto refuse = [&](const std::string& what) {
          refused = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 absl::StrCat(what, "; nothing was imported"));
          return LoopbackCalls::Step::kCancel;
        };
        // At the end of a batch: the first message also carries the
        // options (and may be all there is: an import of no rows is still
        // made, with its options).
        const auto ended = [&](Message* m, int added) {
          if (cut) {
            return refuse("body: the request ended before its body did");
          }
          if (added == 0 && messages > 0) return LoopbackCalls::Step::kDone;
          if (messages++ == 0) m->MergeFrom(*first);
          return LoopbackCalls::Step::kSend;
        };
        std::function<LoopbackCalls::Step(Message*)> next;
        std::unique_ptr<CsvReader> csv;
        std::string line;
        if (format != nullptr) {
          csv = std::make_unique<CsvReader>(body);
          if (absl::Status s =
                  csv->ExpectHeader(format->header, format->required_columns);
              !s.ok()) {
            refused = grpc::Status(
                grpc::StatusCode::INVALID_ARGUMENT,
                absl::StrCat(cut ? "body: the request ended before its body "
                                   "did; "
                             : absl::StartsWith(s.message(), "line ")
                                 ? ""
                                 : "line 1: ",
                             s.message()));
            return;
          }
          next = [&](Message* m) {
            std::vector<std::string> fields;
            int added = 0;
            while (added < options_.rows_per_message && csv->Next(&fields)) {
              ++row;
              CsvFieldError error;
              if (fields.size() != csv->header_columns()) {
                error = {"row", absl::StrCat("expected ", csv->header_columns(),
                                             " fields, found ", fields.size())};
              } else {
                if (fields.size() < format->header.size()) {
                  fields.resize(format->header.size());
                }
                if (format->add_row(fields, m, &error)) {
                  ++added;
                  continue;
                }
              }
              return refuse(absl::StrCat("row ", row, " (line ", csv->line(),
                                         "): ", error.field, ": ",
                                         error.reason));
            }
            if (!csv->status().ok()) {
              return refuse(absl::StrCat("body: ", csv->status().message()));
            }
            return ended(m, added);
          };
        } else {
          next = [&](Message* m) {
            int added = 0;
            bool too_long = false;
            while (added < options_.rows_per_message &&
                   ReadLine(body, &line, &too_long)) {
              if (absl::StripAsciiWhitespace(line).empty()) continue;
              ++row;
              if (too_long) {
                return refuse(absl::StrCat("row ", row, ": longer than ",
                                           kMaxLineBytes, " bytes"));
              }
              Message* record = m->GetReflection()->AddMessage(m, records);
              const auto s = google::protobuf::util::JsonStringToMessage(
                  line, record, google::protobuf::util::JsonParseOptions());
              if (!s.ok()) {
                return refuse(
                    absl::StrCat("row ", row, ": ", std::string(s.message())));
              }
              ++added;
            }
            return ended(m, added);
          };
        }
        status = calls_.ClientStreaming(call, next, batch.get(), answer.get());
      });
  if (!streamed.ok()) {
    SendError(grpc::StatusCode::INTERNAL, std::string(streamed.message()),
              response);
    return 500;
  }
  if (!refused.ok()) {
    SendStatus(refused, response);
    return response->status;
  }
  return Answer(status, *answer, response);
}

int HttpGateway::Answer(const grpc::Status& status, const Message& answer,
                        httplib::Response* response) {
  if (!status.ok()) {
    SendStatus(status, response);
    return response->status;
  }
  response->set_content(MessageJson(answer), kJson);
  return 200;
}

}  // namespace dtr
