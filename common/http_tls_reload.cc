#include "common/http_tls_reload.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/pem_files.h"

namespace dtr {

struct HttpTlsReload::Material {
  X509* cert = nullptr;
  STACK_OF(X509) * chain = nullptr;  // the certificates after the first
  EVP_PKEY* key = nullptr;
  X509_STORE* client_cas = nullptr;  // null: no client CA
  STACK_OF(X509_NAME) * client_ca_names = nullptr;

  ~Material() {
    X509_free(cert);
    sk_X509_pop_free(chain, X509_free);
    EVP_PKEY_free(key);
    X509_STORE_free(client_cas);
    sk_X509_NAME_pop_free(client_ca_names, X509_NAME_free);
  }
};

absl::StatusOr<std::shared_ptr<const HttpTlsReload::Material>>
HttpTlsReload::Load(const TlsFiles& files) {
  ERR_clear_error();  // what failed is then this load's
  auto m = std::make_shared<Material>();
  auto refuse = [](const std::string& flag, const std::string& path) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " ", path, ": ", OpenSslError()));
  };
  // The errors of ReadCertificates and ReadPrivateKey name the file.
  auto certs = ReadCertificates(files.cert);
  if (!certs.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls-cert ", certs.status().message()));
  }
  m->cert = (*certs)[0].release();
  m->chain = sk_X509_new_null();
  for (size_t i = 1; i < certs->size(); ++i) {
    sk_X509_push(m->chain, (*certs)[i].release());
  }
  auto key = ReadPrivateKey(files.key);
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls-key ", key.status().message()));
  }
  m->key = key->release();
  // Mid-renewal the new certificate may sit beside the old key.
  if (X509_check_private_key(m->cert, m->key) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls-key ", files.key, ": not the key of --tls-cert ", files.cert));
  }
  if (!files.client_ca.empty()) {
    m->client_cas = X509_STORE_new();
    if (X509_STORE_load_file(m->client_cas, files.client_ca.c_str()) != 1) {
      return refuse("--tls-client-ca", files.client_ca);
    }
    m->client_ca_names = SSL_load_client_CA_file(files.client_ca.c_str());
    if (m->client_ca_names == nullptr) {
      return refuse("--tls-client-ca", files.client_ca);
    }
  }
  return std::shared_ptr<const Material>(std::move(m));
}

absl::StatusOr<std::unique_ptr<HttpTlsReload>> HttpTlsReload::Attach(
    SSL_CTX* context, const TlsFiles& files) {
  auto loaded = Load(files);
  if (!loaded.ok()) return loaded.status();
  std::unique_ptr<HttpTlsReload> reload(new HttpTlsReload(files));
  {
    absl::MutexLock lock(&reload->mu_);
    reload->current_ = std::move(*loaded);
    reload->loaded_at_ = absl::Now();
  }
  SSL_CTX_set_client_hello_cb(context, &HttpTlsReload::OnClientHello,
                              reload.get());
  return reload;
}

HttpTlsReload::HttpTlsReload(const TlsFiles& files) : files_(files) {}

HttpTlsReload::~HttpTlsReload() = default;

std::shared_ptr<const HttpTlsReload::Material> HttpTlsReload::Current() {
  absl::MutexLock lock(&mu_);
  if (files_.reload_seconds > 0 &&
      absl::Now() - loaded_at_ >= absl::Seconds(files_.reload_seconds)) {
    loaded_at_ = absl::Now();
    auto loaded = Load(files_);
    if (loaded.ok()) {
      current_ = std::move(*loaded);
    } else {
      LogWarning(
          "the HTTP port's TLS files were not reloaded; the last "
          "good ones stay in use",
          {{"error", std::string(loaded.status().message())}});
    }
  }
  return current_;
}

int HttpTlsReload::OnClientHello(SSL* ssl, int* alert, void* self) {
  const std::shared_ptr<const Material> m =
      static_cast<HttpTlsReload*>(self)->Current();
  // Not only the slot of the new key's type: a renewal may change it.
  SSL_certs_clear(ssl);
  if (SSL_use_cert_and_key(ssl, m->cert, m->key, m->chain, 1) != 1) {
    ERR_clear_error();
    *alert = SSL_AD_INTERNAL_ERROR;
    return SSL_CLIENT_HELLO_ERROR;
  }
  if (m->client_cas != nullptr) {
    SSL_set1_verify_cert_store(ssl, m->client_cas);
    SSL_set_client_CA_list(ssl, SSL_dup_CA_list(m->client_ca_names));
  }
  return SSL_CLIENT_HELLO_SUCCESS;
}

}  // namespace dtr
