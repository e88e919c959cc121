// What a signature is made with: a certificate chain (PEM, the signer's
// certificate first) and a private key, from a PEM file or from a token or
// HSM through PKCS#11. A PKCS#11 key is named by an RFC 7512 URI, e.g.
// "pkcs11:token=dtr-agency;object=agency;type=private?pin-value=1234";
// the query's module-path names the module (otherwise p11-kit's proxy,
// which loads every module registered on the machine, SoftHSM2 among
// them). OpenSSL reaches the token through libp11's pkcs11 engine
// (libengine-pkcs11-openssl); the key never leaves it.
//
// Thread-safe once made: OpenSSL keys and certificates are reference
// counted and read-only here.
#ifndef DTR_COMMON_SIGNING_KEY_H_
#define DTR_COMMON_SIGNING_KEY_H_

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pem_files.h"

namespace dtr {

// A private key on a PKCS#11 token.
absl::StatusOr<EvpPkeyPtr> LoadPkcs11Key(const std::string& uri);

// A certificate's subject, one line ("CN=Nguyễn Văn A,O=…"), its common
// name, and the SHA-256 of its DER (lowercase hex): which certificate it is.
std::string SubjectLine(X509* cert);
std::string CommonName(X509* cert);
std::string CertificateSha256(X509* cert);

// Certificate and key together, for signing.
struct SigningIdentity {
  std::vector<X509Ptr> chain;  // the signer's first
  EvpPkeyPtr key;
};

// `cert_path`'s chain with the key of `key_path` (PEM) or `pkcs11_uri`;
// refuses a key that is not the certificate's.
absl::StatusOr<SigningIdentity> LoadSigningIdentity(
    const std::string& cert_path, const std::string& key_path,
    const std::string& pkcs11_uri);

}  // namespace dtr

#endif  // DTR_COMMON_SIGNING_KEY_H_
