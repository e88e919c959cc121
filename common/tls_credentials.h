// gRPC credentials from PEM files, for servers and for the clients that
// call them (dtctl, the report service calling the three data services).
//
// A server with a certificate and key serves TLS; given a client CA too,
// it requires and verifies a client certificate signed by that CA (mutual
// TLS), which is how callers are identified. A client given a CA verifies
// the server against it, and presents its own certificate when it has one.
// Plain text is only ever what a flag asked for.
//
// Services read their files again every `reload_seconds` (gRPC's file
// watcher): a certificate renewed on disk — cert-manager rewriting a
// mounted Secret — is used for new connections without a restart, and
// connections already open keep theirs.
#ifndef DTR_COMMON_TLS_CREDENTIALS_H_
#define DTR_COMMON_TLS_CREDENTIALS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace dtr {

// PEM file paths; empty: not given. The names are the flags' own, so that
// errors name the flag.
struct TlsFiles {
  std::string cert;       // --tls-cert: this side's certificate chain
  std::string key;        // --tls-key: its private key
  std::string client_ca;  // --tls-client-ca: server side, CA of callers
  std::string ca;         // --tls-ca: client side, CA of the server
  // --tls-reload-seconds: how often the files are read again; 0: once.
  int64_t reload_seconds = 0;
};

// TLS (mutual when `files.client_ca` is set). INVALID_ARGUMENT naming the
// flag when a file is missing or unreadable or only one of cert and key is
// given.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TlsFiles& files);

// Plain text when no TLS file is given; otherwise TLS verifying the server
// (its name and its chain to `files.ca`, the system's roots when empty),
// presenting `files.cert` and `files.key` when given.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const TlsFiles& files);

}  // namespace dtr

#endif  // DTR_COMMON_TLS_CREDENTIALS_H_
