#include "common/pdf_signing.h"

#include <podofo/podofo.h>

#include <map>
#include <memory>
#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/dates.h"

namespace dtr {
namespace {

using PoDoFo::PdfAcroForm;
using PoDoFo::PdfAnnotation;
using PoDoFo::PdfArray;
using PoDoFo::PdfData;
using PoDoFo::PdfError;
using PoDoFo::PdfMemDocument;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfOutputDevice;
using PoDoFo::PdfPage;
using PoDoFo::PdfRect;
using PoDoFo::PdfRefCountedBuffer;
using PoDoFo::PdfSignatureField;
using PoDoFo::PdfString;
using PoDoFo::PdfTextField;
using PoDoFo::PdfXObject;

// What PoDoFo writes for a /ByteRange before the offsets are known.
constexpr char kRangePlaceholder[] = "[ 0 1234567890 1234567890 1234567890]";

// "D:20231031090000+07'00'", in Asia/Ho_Chi_Minh.
std::string PdfDateString(absl::Time t) {
  return absl::FormatTime("D:%Y%m%d%H%M%S+07'00'", t, ReportTimeZone());
}

// A text string as PDF stores it: UTF-16BE with a byte-order mark when it
// is not plain ASCII (ISO 32000-1 §7.9.2.2).
PdfString TextString(const std::string& utf8) {
  return PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(utf8.c_str()));
}

PdfRect RectOf(PdfPage* page, const PdfPlace& p) {
  const double height = page->GetPageSize().GetHeight();
  return PdfRect(p.x, height - p.y - p.height, p.width, p.height);
}

// Copies `value` of `source` into `target`, every object it refers to
// copied once (`copied` maps their references) as a new object of
// `target`. New objects take numbers from `target`'s count, so they never
// meet an earlier update's numbers, as PoDoFo's whole-document Append can.
PoDoFo::PdfVariant CopyValue(
    const PoDoFo::PdfVariant& value, PoDoFo::PdfVecObjects* source,
    PoDoFo::PdfVecObjects* target,
    std::map<PoDoFo::PdfReference, PoDoFo::PdfReference>* copied);

PoDoFo::PdfReference CopyObject(
    const PoDoFo::PdfReference& ref, PoDoFo::PdfVecObjects* source,
    PoDoFo::PdfVecObjects* target,
    std::map<PoDoFo::PdfReference, PoDoFo::PdfReference>* copied) {
  auto done = copied->find(ref);
  if (done != copied->end()) return done->second;
  PdfObject* original = source->GetObject(ref);
  PdfObject* copy = target->CreateObject();
  (*copied)[ref] = copy->Reference();
  if (original == nullptr) return copy->Reference();  // a null object
  const bool stream = original->HasStream();
  if (original->IsDictionary()) {
    PoDoFo::PdfDictionary dict;
    for (const auto& [key, item] : original->GetDictionary().GetKeys()) {
      // A stream is written again with its own filter and length.
      if (stream && (key == PdfName("Filter") || key == PdfName("Length") ||
                     key == PdfName("DecodeParms"))) {
        continue;
      }
      dict.AddKey(key, PdfObject(CopyValue(*item, source, target, copied)));
    }
    copy->GetDictionary() = dict;
  } else {
    static_cast<PoDoFo::PdfVariant&>(*copy) =
        CopyValue(*original, source, target, copied);
  }
  if (stream) {
    char* bytes = nullptr;
    PoDoFo::pdf_long length = 0;
    original->GetStream()->GetFilteredCopy(&bytes, &length);
    copy->GetStream()->Set(bytes, length);
    PoDoFo::podofo_free(bytes);
  }
  return copy->Reference();
}

PoDoFo::PdfVariant CopyValue(
    const PoDoFo::PdfVariant& value, PoDoFo::PdfVecObjects* source,
    PoDoFo::PdfVecObjects* target,
    std::map<PoDoFo::PdfReference, PoDoFo::PdfReference>* copied) {
  if (value.IsReference()) {
    return CopyObject(value.GetReference(), source, target, copied);
  }
  if (value.IsDictionary()) {
    PoDoFo::PdfDictionary dict;
    for (const auto& [key, item] : value.GetDictionary().GetKeys()) {
      dict.AddKey(key, PdfObject(CopyValue(*item, source, target, copied)));
    }
    return dict;
  }
  if (value.IsArray()) {
    PdfArray array;
    for (const PdfObject& item : value.GetArray()) {
      array.push_back(PdfObject(CopyValue(item, source, target, copied)));
    }
    return array;
  }
  return value;
}

// The appearance, a one-page PDF, as a form XObject of `doc`: its page's
// content and the resources they use, copied.
std::unique_ptr<PdfXObject> Appearance(const std::string& pdf,
                                       PdfMemDocument* doc) {
  if (pdf.empty()) return nullptr;
  PdfMemDocument source;
  source.LoadFromBuffer(pdf.data(), static_cast<long>(pdf.size()));
  PdfPage* page = source.GetPage(0);
  PoDoFo::PdfVecObjects* from = &source.GetObjects();
  PoDoFo::PdfVecObjects* to = &doc->GetObjects();
  std::map<PoDoFo::PdfReference, PoDoFo::PdfReference> copied;
  PdfObject* form = to->CreateObject("XObject");
  PoDoFo::PdfDictionary& dict = form->GetDictionary();
  dict.AddKey(PdfName("Subtype"), PdfName("Form"));
  PoDoFo::PdfVariant box;
  page->GetMediaBox().ToVariant(box);
  dict.AddKey(PdfName("BBox"), PdfObject(box));
  if (PdfObject* resources = page->GetResources()) {
    dict.AddKey(PdfName("Resources"),
                PdfObject(CopyValue(*resources, from, to, &copied)));
  }
  // cairo writes one content stream per page.
  PdfObject* contents = page->GetContents();
  if (contents != nullptr && contents->IsArray() &&
      !contents->GetArray().empty()) {
    contents = from->GetObject(contents->GetArray()[0].GetReference());
  }
  if (contents != nullptr && contents->HasStream()) {
    char* bytes = nullptr;
    PoDoFo::pdf_long length = 0;
    contents->GetStream()->GetFilteredCopy(&bytes, &length);
    form->GetStream()->Set(bytes, length);
    PoDoFo::podofo_free(bytes);
  }
  return std::make_unique<PdfXObject>(form);
}

// The text field named `name`, if the form has one.
PdfObject* FindField(PdfAcroForm* form, const std::string& name) {
  PdfObject* fields = form->GetObject()->GetIndirectKey(PdfName("Fields"));
  if (fields == nullptr || !fields->IsArray()) return nullptr;
  for (PdfObject& ref : fields->GetArray()) {
    PdfObject* field =
        ref.IsReference()
            ? form->GetDocument()->GetObjects()->GetObject(ref.GetReference())
            : &ref;
    if (field == nullptr || !field->IsDictionary()) continue;
    PdfObject* title = field->GetDictionary().GetKey(PdfName("T"));
    if (title != nullptr && title->IsString() &&
        title->GetString().GetStringUtf8() == name) {
      return field;
    }
  }
  return nullptr;
}

void FillTextField(PdfMemDocument* doc, PdfAcroForm* form,
                   const PdfTextFieldFill& fill) {
  PdfPage* page = doc->GetPage(fill.place.page);
  std::unique_ptr<PdfTextField> field;
  if (PdfObject* existing = FindField(form, fill.name)) {
    PdfAnnotation* widget = nullptr;
    for (int i = 0; i < page->GetNumAnnots() && widget == nullptr; ++i) {
      if (page->GetAnnotation(i)->GetObject() == existing) {
        widget = page->GetAnnotation(i);
      }
    }
    if (widget == nullptr) {
      PODOFO_RAISE_ERROR_INFO(PoDoFo::ePdfError_InvalidDataType,
                              "field not on its page");
    }
    field = std::make_unique<PdfTextField>(
        PoDoFo::PdfField(widget->GetObject(), widget));
  } else {
    PdfAnnotation* widget = page->CreateAnnotation(
        PoDoFo::ePdfAnnotation_Widget, RectOf(page, fill.place));
    widget->SetFlags(PoDoFo::ePdfAnnotationFlags_Print);
    field = std::make_unique<PdfTextField>(widget, form);
    field->SetFieldName(TextString(fill.name));
    field->SetBorderColorTransparent();
    field->SetBackgroundColorTransparent();
  }
  field->SetReadOnly(true);
  if (!fill.value.empty()) field->SetText(TextString(fill.value));
  if (auto xobject = Appearance(fill.appearance_pdf, doc)) {
    field->GetWidgetAnnotation()->SetAppearanceStream(xobject.get());
  }
}

struct Placeholder {
  size_t range_at = 0;  // where kRangePlaceholder, or the range, starts
  size_t range_size = 0;
  size_t contents_begin = 0;  // the '<'
  size_t contents_end = 0;    // one past the '>'
};

// The last signature dictionary's /ByteRange and /Contents.
absl::StatusOr<Placeholder> LastPlaceholder(const std::string& pdf) {
  const size_t key = pdf.rfind("/ByteRange");
  if (key == std::string::npos) {
    return absl::InvalidArgumentError("PDF: no signature dictionary in it");
  }
  Placeholder p;
  p.range_at = pdf.find('[', key);
  const size_t close = pdf.find(']', key);
  if (p.range_at == std::string::npos || close == std::string::npos) {
    return absl::InvalidArgumentError("PDF: a /ByteRange without its array");
  }
  p.range_size = close + 1 - p.range_at;
  // /Contents comes before or after /ByteRange in the same dictionary.
  const size_t object = pdf.rfind(" obj", key);
  const size_t end = pdf.find("endobj", key);
  const size_t contents = pdf.find("/Contents", object);
  if (object == std::string::npos || end == std::string::npos ||
      contents == std::string::npos || contents > end) {
    return absl::InvalidArgumentError("PDF: a signature without /Contents");
  }
  p.contents_begin = pdf.find('<', contents);
  p.contents_end = pdf.find('>', p.contents_begin);
  if (p.contents_begin == std::string::npos ||
      p.contents_end == std::string::npos || p.contents_end > end) {
    return absl::InvalidArgumentError("PDF: /Contents is not a hex string");
  }
  ++p.contents_end;
  return p;
}

}  // namespace

absl::StatusOr<std::string> PrepareSignature(
    const std::string& pdf, const std::vector<PdfTextFieldFill>& fields,
    const PdfSignatureSpec& spec) {
  // PoDoFo writes its debugging notes to standard output unless told not
  // to.
  static const bool quiet = [] {
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    return true;
  }();
  (void)quiet;
  std::string out;
  try {
    PdfMemDocument doc;
    doc.LoadFromBuffer(pdf.data(), static_cast<long>(pdf.size()), true);
    // New objects take numbers above every one in the file: an earlier
    // update's unused numbers look free, and reusing them would make two
    // objects of one number.
    doc.GetObjects().SetCanReuseObjectNumbers(false);
    if (spec.place.page < 0 || spec.place.page >= doc.GetPageCount()) {
      return absl::InvalidArgumentError(
          absl::StrCat("signature place: no page ", spec.place.page + 1));
    }
    PdfAcroForm* form = doc.GetAcroForm();
    // SignaturesExist | AppendOnly: readers keep later changes incremental.
    form->GetObject()->GetDictionary().AddKey(
        PdfName("SigFlags"), PdfObject(static_cast<PoDoFo::pdf_int64>(3)));
    form->SetNeedAppearances(false);
    for (const PdfTextFieldFill& fill : fields) FillTextField(&doc, form, fill);

    PdfPage* page = doc.GetPage(spec.place.page);
    PdfAnnotation* widget = page->CreateAnnotation(
        PoDoFo::ePdfAnnotation_Widget, RectOf(page, spec.place));
    widget->SetFlags(PoDoFo::ePdfAnnotationFlags_Print);
    PdfSignatureField field(widget, form, &doc);
    field.SetFieldName(TextString(spec.field));
    if (auto xobject = Appearance(spec.appearance_pdf, &doc)) {
      field.SetAppearanceStream(xobject.get());
    }
    field.SetSignature(PdfData(std::string(2 * kSignatureSpace, '0').c_str()));
    PdfObject* sig = field.GetSignatureObject();
    sig->GetDictionary().AddKey(PdfName("SubFilter"), PdfName(spec.sub_filter));
    sig->GetDictionary().AddKey(PdfName("M"),
                                PdfString(PdfDateString(spec.time)));
    if (!spec.name.empty()) {
      sig->GetDictionary().AddKey(PdfName("Name"), TextString(spec.name));
    }
    if (!spec.reason.empty()) field.SetSignatureReason(TextString(spec.reason));
    if (!spec.location.empty()) {
      field.SetSignatureLocation(TextString(spec.location));
    }
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.WriteUpdate(&device, true);
    out.assign(buffer.GetBuffer(), device.GetLength());
  } catch (const PdfError& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("PDF: ", PdfError::ErrorMessage(e.GetError())));
  }
  auto p = LastPlaceholder(out);
  if (!p.ok()) return p.status();
  if (out.compare(p->range_at, p->range_size, kRangePlaceholder) != 0) {
    return absl::InternalError("PDF: the byte range was not left to fill");
  }
  std::string range =
      absl::StrFormat("[0 %d %d %d]", p->contents_begin, p->contents_end,
                      out.size() - p->contents_end);
  range.resize(p->range_size, ' ');
  out.replace(p->range_at, p->range_size, range);
  return out;
}

absl::StatusOr<std::string> SignedRanges(const std::string& prepared) {
  auto p = LastPlaceholder(prepared);
  if (!p.ok()) return p.status();
  return prepared.substr(0, p->contents_begin) +
         prepared.substr(p->contents_end);
}

absl::StatusOr<std::string> EmbedSignature(const std::string& prepared,
                                           const std::string& cms) {
  auto p = LastPlaceholder(prepared);
  if (!p.ok()) return p.status();
  const size_t space = p->contents_end - p->contents_begin - 2;
  if (prepared.find_first_not_of('0', p->contents_begin + 1) !=
      p->contents_end - 1) {
    return absl::FailedPreconditionError(
        "PDF: its last signature is already there");
  }
  std::string hex = absl::BytesToHexString(cms);
  if (hex.size() > space) {
    return absl::InvalidArgumentError(absl::StrCat("signature: ", cms.size(),
                                                   " bytes, more than the ",
                                                   space / 2, " kept for it"));
  }
  hex.resize(space, '0');
  std::string out = prepared;
  out.replace(p->contents_begin + 1, space, absl::AsciiStrToUpper(hex));
  return out;
}

absl::StatusOr<std::vector<PdfSignatureEntry>> ReadPdfSignatures(
    const std::string& pdf) {
  static const std::regex kRange(
      R"(/ByteRange\s*\[\s*(\d{1,18})\s+(\d{1,18})\s+(\d{1,18})\s+(\d{1,18})\s*\])");
  static const std::regex kSubFilter(R"(/SubFilter\s*/([A-Za-z0-9.]+))");
  static const std::regex kTime(R"(/M\s*\((D:[^)]*)\))");
  const uint64_t size = pdf.size();
  std::vector<PdfSignatureEntry> out;
  for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), kRange);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    auto refuse = [&](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("PDF: a signature whose ", why, ": ", m.str()));
    };
    uint64_t r[4];
    for (int i = 0; i < 4; ++i) {
      if (!absl::SimpleAtoi(m[i + 1].str(), &r[i])) return refuse("range");
    }
    // Two ranges around one hex string, within the file, in order.
    if (r[0] != 0 || r[1] < 2 || r[2] <= r[1] + 1 || r[2] > size ||
        r[3] > size - r[2] || r[1] > size) {
      return refuse("byte range is outside the file");
    }
    const std::string gap = pdf.substr(r[1], r[2] - r[1]);
    if (gap.front() != '<' || gap.back() != '>' ||
        gap.find_first_not_of("0123456789abcdefABCDEF", 1) != gap.size() - 1) {
      return refuse("byte range leaves out more than its /Contents");
    }
    // Later signatures cover the earlier ones: each sits in an update
    // after the bytes the one before signed.
    if (!out.empty() && r[1] < static_cast<uint64_t>(out.back().range[2] +
                                                     out.back().range[3])) {
      return refuse("range does not follow the signature before it");
    }
    // Its own dictionary holds it: the object around /ByteRange reaches
    // the hex string.
    const size_t object = pdf.rfind(" obj", m.position(0));
    const size_t end = pdf.find("endobj", m.position(0));
    if (object == std::string::npos || end == std::string::npos ||
        r[1] < object || r[2] > end) {
      return refuse("/Contents is not in its dictionary");
    }
    std::string der = absl::HexStringToBytes(gap.substr(1, gap.size() - 2));
    // The DER's own length; the placeholder's padding after it is zeros.
    size_t length = der.size();
    const auto byte = [&der](size_t i) {
      return static_cast<size_t>(static_cast<unsigned char>(der[i]));
    };
    if (der.size() > 4 && byte(0) == 0x30 && byte(1) == 0x82) {
      length = 4 + (byte(2) << 8) + byte(3);
    } else if (der.size() > 5 && byte(0) == 0x30 && byte(1) == 0x83) {
      length = 5 + (byte(2) << 16) + (byte(3) << 8) + byte(4);
    }
    if (length > der.size() ||
        der.find_first_not_of('\0', length) != std::string::npos) {
      return refuse("/Contents is not one CMS and its padding");
    }
    der.resize(length);
    PdfSignatureEntry e;
    for (int i = 0; i < 4; ++i) e.range[i] = static_cast<int64_t>(r[i]);
    e.whole_document = r[2] + r[3] == size;
    e.cms = std::move(der);
    e.signed_bytes = pdf.substr(0, r[1]) + pdf.substr(r[2], r[3]);
    const std::string dict = pdf.substr(object, end - object);
    std::smatch f;
    if (std::regex_search(dict, f, kSubFilter)) e.sub_filter = f[1].str();
    if (std::regex_search(dict, f, kTime)) e.time = f[1].str();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace dtr
