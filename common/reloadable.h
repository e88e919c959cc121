// Reference data a service reads from a file at start and again on demand
// (SIGHUP): the unit tree, a controls catalogue, eligibility rules.
//
// Readers take a snapshot (a shared pointer) and keep it for the whole
// call; Reload() reads the file again and swaps the new value in only if it
// is valid, so a bad edit never takes a service down. Thread-safe.
#ifndef DTR_COMMON_RELOADABLE_H_
#define DTR_COMMON_RELOADABLE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace dtr {

template <typename T>
class Reloadable {
 public:
  using Loader =
      absl::StatusOr<std::shared_ptr<const T>> (*)(const std::string& path);

  // Reads `path` a first time; fails when it is invalid.
  static absl::StatusOr<std::unique_ptr<Reloadable>> Open(std::string path,
                                                          Loader load) {
    auto value = load(path);
    if (!value.ok()) return value.status();
    return std::unique_ptr<Reloadable>(
        new Reloadable(std::move(path), load, std::move(*value)));
  }

  std::shared_ptr<const T> Get() const {
    absl::MutexLock lock(&mu_);
    return value_;
  }

  // Reads the file again; keeps the current value when the file is invalid.
  absl::Status Reload() {
    auto value = load_(path_);
    if (!value.ok()) return value.status();
    absl::MutexLock lock(&mu_);
    value_ = std::move(*value);
    return absl::OkStatus();
  }

 private:
  Reloadable(std::string path, Loader load, std::shared_ptr<const T> value)
      : path_(std::move(path)), load_(load), value_(std::move(value)) {}

  const std::string path_;
  const Loader load_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const T> value_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dtr

#endif  // DTR_COMMON_RELOADABLE_H_
