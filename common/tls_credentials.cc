#include "common/tls_credentials.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

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
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = *ca;
  options.pem_cert_chain = *cert;
  options.pem_private_key = *key;
  return grpc::SslCredentials(options);
}

}  // namespace dtr
