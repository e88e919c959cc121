#include "common/caller.h"

#include "absl/strings/str_cat.h"

namespace dtr {

std::string CallerOf(const grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto declared = metadata.find("dtr-actor");
  if (declared != metadata.end()) {
    return absl::StrCat(
        std::string(declared->second.data(), declared->second.size()), " (",
        context->peer(), ")");
  }
  return context->peer();
}

}  // namespace dtr
