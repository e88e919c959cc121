// The report's wording: Mustache templates and labels in a directory a
// person edits without a rebuild (mounted from a ConfigMap in Kubernetes),
// loaded at start and on SIGHUP. Rendered with mstch (Debian's Mustache
// implementation).
//
// The directory holds:
//   body.md.mustache      the sections, figures and narratives (Markdown)
//   report.md.mustache    the Markdown document around the body
//   report.html.mustache  the HTML document around the body (styles
//                         inline: the file fetches nothing)
//   appendix.md.mustache  optional: what follows the signature
//   labels.json           words the code places: level names, the
//                         national motto, headline figures of the
//                         comparison table; string values may hold Mustache
//   *.mustache            any other file is a partial ({{> name}}, the file
//                         name without ".mustache")
// Values are escaped for the output: Markdown punctuation in Markdown
// templates, HTML in HTML ones; {{{triple}}} inserts text as it is (the
// narratives, which are Markdown).
//
// Thread-safe: immutable once loaded; renderings choose their escape per
// thread.
#ifndef DTR_SERVICES_REPORT_TEMPLATE_SET_H_
#define DTR_SERVICES_REPORT_TEMPLATE_SET_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace dtr::report {

enum class Escape { kMarkdown, kHtml, kNone };

class TemplateSet {
 public:
  static absl::StatusOr<std::shared_ptr<const TemplateSet>> LoadDir(
      const std::string& dir);
  // The directory's set with some files read from others: `replace` maps a
  // template's file name ("section-security.md.mustache", or "labels.json",
  // whose replacement is merged onto it as a JSON merge patch) to the file
  // of the directory read instead; files in `skip` are not read as
  // templates (another version's replacements).
  static absl::StatusOr<std::shared_ptr<const TemplateSet>> Load(
      const std::string& dir, const std::map<std::string, std::string>& replace,
      const std::set<std::string>& skip);

  // Renders the template `name` ("body.md") with `context`.
  absl::StatusOr<std::string> Render(const std::string& name,
                                     const nlohmann::json& context,
                                     Escape escape) const;
  // Renders a template given as text (a label) with `context`.
  std::string RenderText(const std::string& text, const nlohmann::json& context,
                         Escape escape) const;

  bool Has(const std::string& name) const { return templates_.count(name) > 0; }
  const nlohmann::json& labels() const { return labels_; }
  // The files read in place of others (Load's `replace`).
  const std::map<std::string, std::string>& replaced() const {
    return replaced_;
  }
  // Identifies the content, for the report's record.
  uint64_t fingerprint() const { return fingerprint_; }

 private:
  TemplateSet() = default;

  std::map<std::string, std::string> templates_;
  nlohmann::json labels_;
  std::map<std::string, std::string> replaced_;
  uint64_t fingerprint_ = 0;
};

// Markdown's escape, for templates and for code that writes Markdown
// itself (HTML's is markup_escape.h).
std::string MarkdownEscape(const std::string& text);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_TEMPLATE_SET_H_
