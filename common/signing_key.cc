// The engine API is deprecated in OpenSSL 3 but is how Debian 12's libp11
// reaches PKCS#11 tokens (its provider is not packaged).
#define OPENSSL_SUPPRESS_DEPRECATED

#include "common/signing_key.h"

#include <openssl/bio.h>
#include <openssl/engine.h>
#include <openssl/err.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"

namespace dtr {
namespace {

// The value of `key` in the URI's query ("module-path"), percent-decoded
// enough for paths.
std::string QueryValue(const std::string& uri, const std::string& key) {
  const size_t q = uri.find('?');
  if (q == std::string::npos) return "";
  for (absl::string_view pair :
       absl::StrSplit(absl::string_view(uri).substr(q + 1), '&')) {
    if (absl::StartsWith(pair, key + "=")) {
      std::string value(pair.substr(key.size() + 1));
      std::string decoded;
      for (size_t i = 0; i < value.size(); ++i) {
        int byte = 0;
        // "%2F" is "/"; a "%" not followed by two hex digits is itself.
        if (value[i] == '%' && i + 2 < value.size() &&
            absl::SimpleHexAtoi(value.substr(i + 1, 2), &byte)) {
          decoded += static_cast<char>(byte);
          i += 2;
        } else {
          decoded += value[i];
        }
      }
      return decoded;
    }
  }
  return "";
}

// `uri` without the query attribute `key` ("…?pin-value=1&module-path=x"
// without module-path is "…?pin-value=1").
std::string WithoutQueryAttribute(const std::string& uri,
                                  const std::string& key) {
  const size_t q = uri.find('?');
  if (q == std::string::npos) return uri;
  std::vector<std::string> kept;
  for (absl::string_view pair :
       absl::StrSplit(absl::string_view(uri).substr(q + 1), '&')) {
    if (!absl::StartsWith(pair, key + "=")) kept.emplace_back(pair);
  }
  return kept.empty() ? uri.substr(0, q)
                      : uri.substr(0, q + 1) + absl::StrJoin(kept, "&");
}

}  // namespace

absl::StatusOr<EvpPkeyPtr> LoadPkcs11Key(const std::string& uri) {
  if (!absl::StartsWith(uri, "pkcs11:")) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", uri, "': not a PKCS#11 URI (pkcs11:…)"));
  }
  // One engine per process: libp11 keeps the module loaded and its
  // sessions; loading it again per key would log in again each time.
  static absl::Mutex mu(absl::kConstInit);
  absl::MutexLock lock(&mu);
  ENGINE* engine = ENGINE_by_id("pkcs11");
  if (engine == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the pkcs11 engine is not installed (libengine-pkcs11-openssl): ",
        OpenSslError()));
  }
  const std::string module = QueryValue(uri, "module-path");
  if (!module.empty() &&
      !ENGINE_ctrl_cmd_string(engine, "MODULE_PATH", module.c_str(), 0)) {
    ENGINE_free(engine);
    return absl::InvalidArgumentError(
        absl::StrCat("PKCS#11 module ", module, ": ", OpenSslError()));
  }
  if (!ENGINE_init(engine)) {
    ENGINE_free(engine);
    return absl::FailedPreconditionError(
        absl::StrCat("PKCS#11: cannot start the engine: ", OpenSslError()));
  }
  // libp11 reads the URI's path and pin attributes, not module-path.
  const std::string key_uri = WithoutQueryAttribute(uri, "module-path");
  EVP_PKEY* key =
      ENGINE_load_private_key(engine, key_uri.c_str(), nullptr, nullptr);
  ENGINE_finish(engine);
  ENGINE_free(engine);
  if (key == nullptr) {
    return absl::NotFoundError(absl::StrCat("no private key at ",
                                            uri.substr(0, uri.find('?')), " (",
                                            OpenSslError(), ")"));
  }
  return EvpPkeyPtr(key);
}

std::string SubjectLine(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0,
                     XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string line(data, static_cast<size_t>(size));
  BIO_free(bio);
  return line;
}

std::string CommonName(X509* cert) {
  char cn[256] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn,
                            sizeof(cn));
  return cn;
}

std::string CertificateSha256(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(cert, EVP_sha256(), digest, &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    absl::StrAppend(&hex, absl::Hex(digest[i], absl::kZeroPad2));
  }
  return hex;
}

absl::StatusOr<SigningIdentity> LoadSigningIdentity(
    const std::string& cert_path, const std::string& key_path,
    const std::string& pkcs11_uri) {
  SigningIdentity id;
  auto chain = ReadCertificates(cert_path);
  if (!chain.ok()) return chain.status();
  id.chain = std::move(*chain);
  auto key = !pkcs11_uri.empty() ? LoadPkcs11Key(pkcs11_uri)
                                 : ReadPrivateKey(key_path);
  if (!key.ok()) return key.status();
  id.key = std::move(*key);
  if (X509_check_private_key(id.chain[0].get(), id.key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        absl::StrCat("the key is not the one of the certificate in ", cert_path,
                     " (", SubjectLine(id.chain[0].get()), ")"));
  }
  return id;
}

}  // namespace dtr
