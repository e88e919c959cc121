// Detached CMS signatures over a PDF's signed byte ranges, as PAdES
// baseline B (ETSI EN 319 142-1) makes them: SHA-256, the signer's
// certificate chain, a signing-certificate-v2 attribute and no
// signing-time attribute (the claimed time is the signature dictionary's
// /M). Signing needs only the content's digest, so a signer's desk never
// needs the document's bytes; checking takes the content itself.
//
// Pure functions over OpenSSL; thread-safe.
#ifndef DTR_COMMON_CMS_SIGNATURE_H_
#define DTR_COMMON_CMS_SIGNATURE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/signing_key.h"

namespace dtr {

// The SHA-256 of `content`, as 32 bytes, and as lowercase hex.
std::string Sha256(const std::string& content);
std::string Sha256Hex(const std::string& content);

// The DER of a CMS SignedData signing content whose SHA-256 is `digest`.
absl::StatusOr<std::string> SignDigest(const std::string& digest,
                                       const SigningIdentity& signer);

struct CmsSigner {
  std::string subject;             // the signer certificate's subject
  std::string common_name;         // its CN
  std::string certificate_sha256;  // which certificate (signing_key.h)
  bool cades = false;              // carries signing-certificate-v2
  bool signing_time = false;       // carries a signing-time attribute
};

// Checks `cms_der` against `content`: it parses, its signature over its
// signed attributes holds and their message digest is the content's. An
// INVALID_ARGUMENT names what failed.
absl::StatusOr<CmsSigner> CheckCmsSignature(const std::string& cms_der,
                                            const std::string& content);

// Checks the CMS signer's certificate: it chains to one of `anchors` at
// `now` and allows digital signature or non-repudiation. A
// FAILED_PRECONDITION names why not ("certificate has expired").
absl::Status CheckSignerCertificate(const std::string& cms_der,
                                    const std::vector<X509Ptr>& anchors,
                                    absl::Time now);

// Checks a certificate one of ours signs with: valid at `now` and allowing
// digital signature or non-repudiation. A FAILED_PRECONDITION says why not.
absl::Status CheckOwnCertificate(X509* cert, absl::Time now);

}  // namespace dtr

#endif  // DTR_COMMON_CMS_SIGNATURE_H_
