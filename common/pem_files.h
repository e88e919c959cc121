// Certificates and private keys read from PEM, and OpenSSL's errors as
// text: what the HTTP port's TLS files and the document signing keys are
// both read with.
//
// Thread-safe: OpenSSL's error queue is per thread.
#ifndef DTR_COMMON_PEM_FILES_H_
#define DTR_COMMON_PEM_FILES_H_

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace dtr {

struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

// OpenSSL's last error as text (and its error queue emptied).
std::string OpenSslError();

// The certificates of a PEM file, in order; an error names the file.
absl::StatusOr<std::vector<X509Ptr>> ReadCertificates(const std::string& path);

// The same from PEM text (`what` names it in errors).
absl::StatusOr<std::vector<X509Ptr>> ParseCertificates(const std::string& pem,
                                                       const std::string& what);

// A private key from a PEM file (unencrypted).
absl::StatusOr<EvpPkeyPtr> ReadPrivateKey(const std::string& path);

}  // namespace dtr

#endif  // DTR_COMMON_PEM_FILES_H_
