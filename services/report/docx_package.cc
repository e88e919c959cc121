#include "services/report/docx_package.h"

#include <algorithm>
#include <ctime>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/report/docx_xml.h"
#include "services/report/markup_escape.h"
#include "zip.h"

namespace dtr::report {
namespace {

std::string StylesXml() {
  const std::string fonts =
      "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
      "w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>";
  return absl::StrCat(
      kXmlDecl, "<w:styles ", kWordNs, "><w:docDefaults><w:rPrDefault><w:rPr>",
      fonts, "<w:sz w:val=\"", kBodySize, "\"/><w:szCs w:val=\"", kBodySize,
      "\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault><w:pPrDefault>"
      "<w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:pPrDefault>"
      "</w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" "
      "w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:rPr>",
      fonts, "<w:sz w:val=\"", kBodySize, "\"/><w:szCs w:val=\"", kBodySize,
      "\"/></w:rPr></w:style><w:style w:type=\"paragraph\" "
      "w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn "
      "w:val=\"Normal\"/></w:style><w:style w:type=\"table\" w:default=\"1\" "
      "w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr>"
      "<w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" "
      "w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom "
      "w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
      "</w:tblCellMar></w:tblPr></w:style></w:styles>");
}

// The page number, centred at the top (from page 2: the first page has its
// own, empty header).
std::string PageNumberHeaderXml() {
  return absl::StrCat(
      kXmlDecl, "<w:hdr ", kWordNs,
      "><w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:jc w:val=\"center\"/>"
      "</w:pPr><w:fldSimple w:instr=\" PAGE \"><w:r><w:rPr><w:sz w:val=\"",
      kHeaderSize,
      "\"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>");
}

std::string EmptyHeaderXml() {
  return absl::StrCat(kXmlDecl, "<w:hdr ", kWordNs,
                      "><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>"
                      "</w:p></w:hdr>");
}

std::string Rfc3339Utc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

struct Part {
  std::string name;
  std::string content;
};

std::vector<Part> Parts(const DocxMeta& meta, const std::string& document,
                        const std::vector<DocxImage>& images) {
  std::string image_rels;
  for (const DocxImage& image : images) {
    absl::StrAppend(&image_rels, "<Relationship Id=\"", image.rel_id,
                    "\" Type=\"http://schemas.openxmlformats.org/"
                    "officeDocument/2006/relationships/image\" "
                    "Target=\"media/",
                    image.name, ".png\"/>");
  }
  const std::string created = Rfc3339Utc(meta.created);
  return {
      {"[Content_Types].xml",
       absl::StrCat(
           kXmlDecl,
           "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
           "content-types\"><Default Extension=\"rels\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-package.relationships+xml\"/><Default "
           "Extension=\"xml\" ContentType=\"application/xml\"/><Default "
           "Extension=\"png\" ContentType=\"image/png\"/><Override "
           "PartName=\"/word/document.xml\" ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.document.main+"
           "xml\"/><Override PartName=\"/word/styles.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
           "<Override PartName=\"/word/settings.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/"
           "><Override PartName=\"/word/header1.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
           "<Override PartName=\"/word/header2.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
           "<Override PartName=\"/docProps/core.xml\" "
           "ContentType=\"application/"
           "vnd.openxmlformats-package.core-properties+xml\"/><Override "
           "PartName=\"/docProps/app.xml\" ContentType=\"application/"
           "vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
           "</Types>")},
      {"_rels/.rels",
       absl::StrCat(
           kXmlDecl,
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
           "2006/relationships\"><Relationship Id=\"rId1\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships/officeDocument\" Target=\"word/document.xml\"/>"
           "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
           "package/2006/relationships/metadata/core-properties\" "
           "Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
           "</Relationships>")},
      {"word/_rels/document.xml.rels",
       absl::StrCat(
           kXmlDecl,
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
           "2006/relationships\"><Relationship Id=\"rId1\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships/styles\" Target=\"styles.xml\"/><Relationship "
           "Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
           "officeDocument/2006/relationships/settings\" "
           "Target=\"settings.xml\"/><Relationship Id=\"rId3\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships/header\" Target=\"header1.xml\"/><Relationship "
           "Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/"
           "officeDocument/2006/relationships/header\" "
           "Target=\"header2.xml\"/>",
           image_rels, "</Relationships>")},
      {"word/document.xml", document},
      {"word/styles.xml", StylesXml()},
      {"word/settings.xml",
       absl::StrCat(
           kXmlDecl, "<w:settings ", kWordNs,
           "><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl "
           "w:val=\"doNotCompress\"/></w:settings>")},
      {"word/header1.xml", PageNumberHeaderXml()},
      {"word/header2.xml", EmptyHeaderXml()},
      {"docProps/core.xml",
       absl::StrCat(
           kXmlDecl,
           "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
           "package/2006/metadata/core-properties\" "
           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
           "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>",
           EscapeMarkup(absl::StrCat(meta.title)), "</dc:title><dc:creator>",
           EscapeMarkup(meta.creator),
           "</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">",
           created, "</dcterms:created></cp:coreProperties>")},
      {"docProps/app.xml",
       absl::StrCat(kXmlDecl,
                    "<Properties xmlns=\"http://schemas.openxmlformats.org/"
                    "officeDocument/2006/extended-properties\"><Application>"
                    "dtr</Application></Properties>")},
  };
}

}  // namespace

absl::StatusOr<std::string> PackageDocx(const DocxMeta& meta,
                                        const std::string& document_xml,
                                        const std::vector<DocxImage>& images) {
  std::vector<Part> parts = Parts(meta, document_xml, images);
  for (const DocxImage& image : images) {
    parts.push_back({"word/media/" + image.name + ".png", image.png});
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) {
    return absl::InternalError("docx: cannot create a zip buffer");
  }
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return absl::InternalError("docx: cannot open a zip archive");
  }
  zip_source_keep(buffer);  // read it back after zip_close
  const time_t mtime = static_cast<time_t>(absl::ToUnixSeconds(meta.created));
  for (const Part& part : parts) {
    zip_source_t* source =
        zip_source_buffer(archive, part.content.data(), part.content.size(), 0);
    const zip_int64_t index = source == nullptr
                                  ? -1
                                  : zip_file_add(archive, part.name.c_str(),
                                                 source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (source != nullptr) zip_source_free(source);
      zip_discard(archive);
      zip_source_free(buffer);
      return absl::InternalError(absl::StrCat("docx: cannot add ", part.name));
    }
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), mtime, 0);
  }
  if (zip_close(archive) != 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    return absl::InternalError("docx: cannot write the zip archive");
  }
  std::string bytes;
  if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    bytes.resize(static_cast<size_t>(std::max<zip_int64_t>(size, 0)));
    const zip_int64_t read =
        zip_source_read(buffer, bytes.data(), bytes.size());
    zip_source_close(buffer);
    if (read != size) bytes.clear();
  }
  zip_source_free(buffer);
  if (bytes.empty())
    return absl::InternalError("docx: cannot read the archive");
  return bytes;
}

}  // namespace dtr::report
