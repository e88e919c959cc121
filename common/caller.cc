#include "common/caller.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/policy_enforcer.h"

namespace dtr {

std::string CallerOf(const grpc::CallbackServerContext* context) {
  // A call of the REST/JSON face: its HTTP caller's certificate names.
  if (IsForwardedCall(*context)) {
    return absl::StrCat(absl::StrJoin(CallerIdentities(*context), ","),
                        " (http)");
  }
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
