// Signing a PDF in two steps around a signer who may be elsewhere, each an
// incremental update that leaves every earlier byte, and so every earlier
// signature, as it was (ISO 32000-1 §12.8):
//
//  1. Prepare: text fields filled or added (the number and the date of an
//     issued document) and a signature field with its visible appearance,
//     whose signature dictionary holds a placeholder for the CMS and a
//     /ByteRange that covers everything but it. What must be signed is the
//     digest of those ranges (SignedRanges).
//  2. Embed: the CMS, hex-encoded, written into the placeholder. Nothing
//     else moves, so the digest signed is the digest of the final file.
//
// Appearances are one-page PDFs of the field's size (drawn by the caller,
// with whatever fonts and images it needs), imported as form XObjects.
// PoDoFo (libpodofo) reads and updates the document.
//
// Places are in points from the page's top-left corner, as the renderer
// lays them out.
//
// Thread-safe: each call works on a document of its own.
#ifndef DTR_COMMON_PDF_SIGNING_H_
#define DTR_COMMON_PDF_SIGNING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dtr {

// Bytes kept for each CMS (a signature with a chain of a few certificates
// takes 2–6 KB).
inline constexpr size_t kSignatureSpace = 16384;

inline constexpr char kSubFilterCades[] = "ETSI.CAdES.detached";
inline constexpr char kSubFilterPkcs7[] = "adbe.pkcs7.detached";

struct PdfPlace {
  int page = 0;
  double x = 0, y = 0, width = 0, height = 0;
};

struct PdfTextFieldFill {
  std::string name;  // added when the document has no such field
  PdfPlace place;
  std::string value;           // empty: an empty field
  std::string appearance_pdf;  // empty: none
};

struct PdfSignatureSpec {
  std::string field;  // the signature field's name
  std::string sub_filter = kSubFilterCades;
  absl::Time time;   // /M, the claimed signing time
  std::string name;  // /Name, the signer
  std::string reason;
  std::string location;
  PdfPlace place;
  std::string appearance_pdf;
};

// The document with the fields filled and the signature prepared.
absl::StatusOr<std::string> PrepareSignature(
    const std::string& pdf, const std::vector<PdfTextFieldFill>& fields,
    const PdfSignatureSpec& signature);

// The bytes the last signature's /ByteRange covers.
absl::StatusOr<std::string> SignedRanges(const std::string& prepared);

// `prepared` with `cms` in its last signature's placeholder; refuses a
// placeholder that is already filled.
absl::StatusOr<std::string> EmbedSignature(const std::string& prepared,
                                           const std::string& cms);

struct PdfSignatureEntry {
  std::string sub_filter;  // e.g. "ETSI.CAdES.detached"
  std::string time;        // /M as written, "D:20231031090000+07'00'"
  int64_t range[4] = {0, 0, 0, 0};
  std::string cms;              // DER, the placeholder's padding trimmed
  std::string signed_bytes;     // what its /ByteRange covers
  bool whole_document = false;  // covers every byte of the file
};

// Every signature of a document, in the order of the file. INVALID_ARGUMENT
// when a /ByteRange leaves out anything but its own dictionary's hex
// /Contents (a CMS and zero padding), reaches outside the file, or does not
// follow the signature before it: such a range could make unsigned bytes
// look signed.
absl::StatusOr<std::vector<PdfSignatureEntry>> ReadPdfSignatures(
    const std::string& pdf);

}  // namespace dtr

#endif  // DTR_COMMON_PDF_SIGNING_H_
