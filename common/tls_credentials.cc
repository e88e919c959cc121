#include "common/tls_credentials.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_certificate_verifier.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace dtr {
namespace {

// The content of a PEM file given by `flag`; "" when `path` is empty.
absl::StatusOr<std::string> ReadPem(const std::string& flag,
                                    const std::string& path) {
  if (path.empty()) return std::string();
  std::ifstream in(path);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": cannot read ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": ", path, " is not a PEM file"));
  }
  return text.str();
}

absl::Status CertAndKeyTogether(const TlsFiles& files) {
  if (files.cert.empty() != files.key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: give both or neither");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TlsFiles& files) {
  if (files.cert.empty() || files.key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key are required to serve TLS");
  }
  auto cert = ReadPem("tls-cert", files.cert);
  if (!cert.ok()) return cert.status();
  auto key = ReadPem("tls-key", files.key);
  if (!key.ok()) return key.status();
  auto client_ca = ReadPem("tls-client-ca", files.client_ca);
  if (!client_ca.ok()) return client_ca.status();
  if (files.reload_seconds > 0) {
    // Read again by gRPC every reload_seconds; the reads above only make
    // a missing or broken file an error at start rather than a silent
    // handshake failure.
    namespace gx = grpc::experimental;
    const auto interval = static_cast<unsigned int>(files.reload_seconds);
    auto provider = client_ca->empty()
                        ? std::make_shared<gx::FileWatcherCertificateProvider>(
                              files.key, files.cert, interval)
                        : std::make_shared<gx::FileWatcherCertificateProvider>(
                              files.key, files.cert, files.client_ca, interval);
    gx::TlsServerCredentialsOptions options(provider);
    options.watch_identity_key_cert_pairs();
    if (client_ca->empty()) {
      options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    } else {
      options.watch_root_certs();
      options.set_cert_request_type(
          GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    }
    return gx::TlsServerCredentials(options);
  }
  grpc::SslServerCredentialsOptions options(
      client_ca->empty()
          ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
          : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = *client_ca;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const TlsFiles& files) {
  if (absl::Status s = CertAndKeyTogether(files); !s.ok()) return s;
  if (files.ca.empty() && files.cert.empty()) {
    return grpc::InsecureChannelCredentials();
  }
  auto ca = ReadPem("tls-ca", files.ca);
  if (!ca.ok()) return ca.status();
  auto cert = ReadPem("tls-cert", files.cert);
  if (!cert.ok()) return cert.status();
  auto key = ReadPem("tls-key", files.key);
  if (!key.ok()) return key.status();
  if (files.reload_seconds > 0 && !files.ca.empty()) {
    namespace gx = grpc::experimental;
    const auto interval = static_cast<unsigned int>(files.reload_seconds);
    auto provider = files.cert.empty()
                        ? std::make_shared<gx::FileWatcherCertificateProvider>(
                              files.ca, interval)
                        : std::make_shared<gx::FileWatcherCertificateProvider>(
                              files.key, files.cert, files.ca, interval);
    gx::TlsChannelCredentialsOptions options;
    options.set_certificate_provider(provider);
    options.watch_root_certs();
    if (!files.cert.empty()) options.watch_identity_key_cert_pairs();
    options.set_verify_server_certs(true);
    options.set_certificate_verifier(
        std::make_shared<gx::HostNameCertificateVerifier>());
    return gx::TlsCredentials(options);
  }
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = *ca;
  options.pem_cert_chain = *cert;
  options.pem_private_key = *key;
  return grpc::SslCredentials(options);
}

}  // namespace dtr
