// Keeps the REST/JSON port's TLS files as fresh as the gRPC port's (whose
// files gRPC's watcher reads again every --tls-reload-seconds): every
// `reload_seconds` the certificate chain, its key and the client CA are
// read again, and each new connection is served with the latest good ones,
// chosen when its client hello arrives. Connections already open keep
// theirs; files that do not load (a renewal half done) leave the last good
// ones in use, with a warning.
//
// Thread-safe: connections are accepted on many threads.
#ifndef DTR_COMMON_HTTP_TLS_RELOAD_H_
#define DTR_COMMON_HTTP_TLS_RELOAD_H_

#include <openssl/ssl.h>

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/tls_credentials.h"

namespace dtr {

class HttpTlsReload {
 public:
  // Reads `files` (cert and key; client_ca when set) and serves every new
  // connection of `context` with them from now on. The reload must outlive
  // the context's connections.
  static absl::StatusOr<std::unique_ptr<HttpTlsReload>> Attach(
      SSL_CTX* context, const TlsFiles& files);
  ~HttpTlsReload();

 private:
  struct Material;
  explicit HttpTlsReload(const TlsFiles& files);

  static absl::StatusOr<std::shared_ptr<const Material>> Load(
      const TlsFiles& files);
  static int OnClientHello(SSL* ssl, int* alert, void* self);
  // The files as last loaded, read again when they are due.
  std::shared_ptr<const Material> Current();

  const TlsFiles files_;
  absl::Mutex mu_;
  std::shared_ptr<const Material> current_ ABSL_GUARDED_BY(mu_);
  absl::Time loaded_at_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dtr

#endif  // DTR_COMMON_HTTP_TLS_RELOAD_H_
