#include "common/reference_file.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/flags.h"

namespace dtr {

absl::Status ReferenceFile::Open() {
  if (path_.empty()) return absl::OkStatus();
  std::error_code error;
  if (!std::filesystem::exists(path_, error)) {
    const std::filesystem::path here = std::filesystem::current_path(error);
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag_, " ", path_, ": no such file",
                     std::filesystem::path(path_).is_relative()
                         ? absl::StrCat(" in ", here.string())
                         : "",
                     "; set --", flag_, " or ", EnvironmentName(flag_),
                     " to the ", what_, "'s path"));
  }
  absl::Status s = Load(path_);
  if (s.ok()) return s;
  return absl::Status(s.code(),
                      absl::StrCat("--", flag_, " ", path_, ": ", s.message()));
}

}  // namespace dtr
