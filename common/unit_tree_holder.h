// The unit tree a service currently uses, replaceable while it serves.
//
// Readers take a snapshot (a shared pointer) and keep using it for the
// whole call; Reload() reads the file again and swaps the tree in only if
// it is valid, so a bad edit of the file never takes a service down.
// Thread-safe.
#ifndef DTR_COMMON_UNIT_TREE_HOLDER_H_
#define DTR_COMMON_UNIT_TREE_HOLDER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/unit_tree.h"

namespace dtr {

class UnitTreeHolder {
 public:
  UnitTreeHolder(std::string path, std::shared_ptr<const UnitTree> tree)
      : path_(std::move(path)), tree_(std::move(tree)) {}

  std::shared_ptr<const UnitTree> Get() const {
    absl::MutexLock lock(&mu_);
    return tree_;
  }

  // Reads the file again; keeps the current tree when the file is invalid.
  absl::Status Reload() {
    auto tree = UnitTree::LoadFile(path_);
    if (!tree.ok()) return tree.status();
    absl::MutexLock lock(&mu_);
    tree_ = std::move(*tree);
    return absl::OkStatus();
  }

 private:
  const std::string path_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const UnitTree> tree_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dtr

#endif  // DTR_COMMON_UNIT_TREE_HOLDER_H_
