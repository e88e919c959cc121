#include "common/cms_signature.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace dtr {
namespace {

struct CmsDeleter {
  void operator()(CMS_ContentInfo* cms) const { CMS_ContentInfo_free(cms); }
};
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsDeleter>;

CmsPtr ParseCms(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  return CmsPtr(
      d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
}

// A DER length.
std::string DerLength(size_t n) {
  if (n < 0x80) return std::string(1, static_cast<char>(n));
  std::string bytes;
  for (; n > 0; n >>= 8) bytes.insert(bytes.begin(), static_cast<char>(n));
  return std::string(1, static_cast<char>(0x80 | bytes.size())) + bytes;
}

// The DER of the signer's signed attributes as the SET OF that is signed
// (RFC 5652 §5.4): each attribute's encoding, sorted, under a SET tag.
// OpenSSL encodes the SignerInfo's attributes in the same sorted order.
absl::StatusOr<std::string> SignedAttributesDer(CMS_SignerInfo* si) {
  std::vector<std::string> encoded;
  for (int i = 0; i < CMS_signed_get_attr_count(si); ++i) {
    X509_ATTRIBUTE* attr = CMS_signed_get_attr(si, i);
    unsigned char* der = nullptr;
    const int length = i2d_X509_ATTRIBUTE(attr, &der);
    if (length <= 0) {
      return absl::InternalError("CMS: cannot encode a signed attribute");
    }
    encoded.emplace_back(reinterpret_cast<char*>(der), length);
    OPENSSL_free(der);
  }
  std::sort(encoded.begin(), encoded.end());
  std::string content;
  for (const std::string& e : encoded) content += e;
  return "\x31" + DerLength(content.size()) + content;
}

// The certificate of the CMS's only signer, found among the certificates
// it carries; null when there is not exactly one signer or it is missing.
X509* SignerCertificate(CMS_ContentInfo* cms) {
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
  if (infos == nullptr || sk_CMS_SignerInfo_num(infos) != 1) return nullptr;
  CMS_set1_signers_certs(cms, nullptr, 0);
  ERR_clear_error();
  X509* cert = nullptr;
  CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(infos, 0), nullptr, &cert,
                           nullptr, nullptr);
  return cert;
}

}  // namespace

std::string Sha256Hex(const std::string& content) {
  std::string hex;
  for (unsigned char c : Sha256(content)) {
    absl::StrAppend(&hex, absl::Hex(c, absl::kZeroPad2));
  }
  return hex;
}

std::string Sha256(const std::string& content) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(content.data(), content.size(), digest, &length, EVP_sha256(),
             nullptr);
  return std::string(reinterpret_cast<char*>(digest), length);
}

absl::StatusOr<std::string> SignDigest(const std::string& digest,
                                       const SigningIdentity& signer) {
  if (digest.size() != 32) {
    return absl::InvalidArgumentError("digest: expected 32 bytes (SHA-256)");
  }
  // Partial: OpenSSL would add a signing-time attribute when it signs
  // itself, which PAdES forbids; the attributes are signed below instead.
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr,
                      CMS_DETACHED | CMS_BINARY | CMS_PARTIAL));
  if (!cms) return absl::InternalError("CMS: " + OpenSslError());
  CMS_SignerInfo* si = CMS_add1_signer(
      cms.get(), signer.chain[0].get(), signer.key.get(), EVP_sha256(),
      CMS_BINARY | CMS_PARTIAL | CMS_CADES | CMS_NOSMIMECAP);
  if (si == nullptr) return absl::InternalError("CMS: " + OpenSslError());
  for (size_t i = 1; i < signer.chain.size(); ++i) {
    CMS_add1_cert(cms.get(), signer.chain[i].get());
  }
  if (!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                   OBJ_nid2obj(NID_pkcs7_data), -1) ||
      !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest,
                                   V_ASN1_OCTET_STRING, digest.data(),
                                   static_cast<int>(digest.size()))) {
    return absl::InternalError("CMS: " + OpenSslError());
  }
  auto attributes = SignedAttributesDer(si);
  if (!attributes.ok()) return attributes.status();

  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t length = 0;
  std::string signature;
  bool ok =
      EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr,
                         signer.key.get()) == 1 &&
      EVP_DigestSign(ctx, nullptr, &length,
                     reinterpret_cast<const unsigned char*>(attributes->data()),
                     attributes->size()) == 1;
  if (ok) {
    signature.resize(length);
    ok = EVP_DigestSign(
             ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
             reinterpret_cast<const unsigned char*>(attributes->data()),
             attributes->size()) == 1;
    signature.resize(length);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return absl::InternalError("signing: " + OpenSslError());
  ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(),
                  static_cast<int>(signature.size()));

  unsigned char* der = nullptr;
  const int der_length = i2d_CMS_ContentInfo(cms.get(), &der);
  if (der_length <= 0) return absl::InternalError("CMS: " + OpenSslError());
  std::string out(reinterpret_cast<char*>(der), der_length);
  OPENSSL_free(der);
  return out;
}

absl::StatusOr<CmsSigner> CheckCmsSignature(const std::string& cms_der,
                                            const std::string& content) {
  CmsPtr cms = ParseCms(cms_der);
  if (!cms) {
    ERR_clear_error();
    return absl::InvalidArgumentError("signature: not a DER CMS SignedData");
  }
  if (CMS_is_detached(cms.get()) != 1) {
    return absl::InvalidArgumentError(
        "signature: the CMS carries content; a PDF signature is detached");
  }
  BIO* data = BIO_new_mem_buf(content.data(), static_cast<int>(content.size()));
  const int verified = CMS_verify(cms.get(), nullptr, nullptr, data, nullptr,
                                  CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY);
  BIO_free(data);
  if (verified != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("signature: its digest or signature does not match the "
                     "document's bytes (",
                     OpenSslError(), ")"));
  }
  X509* cert = SignerCertificate(cms.get());
  if (cert == nullptr) {
    return absl::InvalidArgumentError(
        "signature: expected one signer, with its certificate");
  }
  CmsSigner out;
  out.subject = SubjectLine(cert);
  out.common_name = CommonName(cert);
  out.certificate_sha256 = CertificateSha256(cert);
  CMS_SignerInfo* si =
      sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
  out.cades = CMS_signed_get_attr_by_NID(
                  si, NID_id_smime_aa_signingCertificateV2, -1) >= 0;
  out.signing_time =
      CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0;
  return out;
}

absl::Status CheckSignerCertificate(const std::string& cms_der,
                                    const std::vector<X509Ptr>& anchors,
                                    absl::Time now) {
  CmsPtr cms = ParseCms(cms_der);
  if (!cms) {
    ERR_clear_error();
    return absl::InvalidArgumentError("signature: not a DER CMS SignedData");
  }
  X509* cert = SignerCertificate(cms.get());
  if (cert == nullptr) {
    return absl::InvalidArgumentError(
        "signature: expected one signer, with its certificate");
  }
  const uint32_t usage = X509_get_key_usage(cert);
  if ((usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate ", SubjectLine(cert),
                     " allows neither digital signature nor non-repudiation"));
  }
  X509_STORE* store = X509_STORE_new();
  for (const X509Ptr& anchor : anchors)
    X509_STORE_add_cert(store, anchor.get());
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  STACK_OF(X509)* untrusted = CMS_get1_certs(cms.get());
  X509_STORE_CTX_init(ctx, store, cert, untrusted);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
  // Any purpose: signing certificates of Vietnamese CAs carry varied
  // extended key usages; key usage is checked above.
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY);
  X509_VERIFY_PARAM_set_time(param, absl::ToTimeT(now));
  const int ok = X509_verify_cert(ctx);
  const int error = X509_STORE_CTX_get_error(ctx);
  X509_STORE_CTX_free(ctx);
  sk_X509_pop_free(untrusted, X509_free);
  X509_STORE_free(store);
  ERR_clear_error();
  if (ok != 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate ", SubjectLine(cert),
                     " does not chain to the trust anchors at this time (",
                     X509_verify_cert_error_string(error), ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckOwnCertificate(X509* cert, absl::Time now) {
  const time_t at = absl::ToTimeT(now);
  if (X509_cmp_time(X509_get0_notBefore(cert), const_cast<time_t*>(&at)) > 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate ", SubjectLine(cert), " is not valid yet"));
  }
  if (X509_cmp_time(X509_get0_notAfter(cert), const_cast<time_t*>(&at)) < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate ", SubjectLine(cert), " has expired"));
  }
  if ((X509_get_key_usage(cert) &
       (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate ", SubjectLine(cert),
                     " allows neither digital signature nor non-repudiation"));
  }
  return absl::OkStatus();
}

}  // namespace dtr
