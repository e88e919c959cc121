#include "common/pem_files.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace dtr {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

absl::StatusOr<std::vector<X509Ptr>> ParseCertificates(
    const std::string& pem, const std::string& what) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  std::vector<X509Ptr> chain;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    chain.emplace_back(cert);
  }
  BIO_free(bio);
  ERR_clear_error();  // the end of the file reads as an error
  if (chain.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": no PEM certificate in it"));
  }
  return chain;
}

absl::StatusOr<std::vector<X509Ptr>> ReadCertificates(const std::string& path) {
  auto pem = ReadFile(path);
  if (!pem.ok()) return pem.status();
  return ParseCertificates(*pem, path);
}

absl::StatusOr<EvpPkeyPtr> ReadPrivateKey(const std::string& path) {
  auto pem = ReadFile(path);
  if (!pem.ok()) return pem.status();
  BIO* bio = BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a PEM private key (", OpenSslError(), ")"));
  }
  return EvpPkeyPtr(key);
}

}  // namespace dtr
