// A reference file a service reads at start and again on SIGHUP (the unit
// tree, the controls catalogue, the allowance rules, the templates), named
// by a flag: read before anything else is opened, so that a service
// started where the file is not refuses at once, saying which flag (and
// variable) to set, and leaves nothing behind.
//
// Not thread-safe to open; the holder it gives is (reloadable.h).
#ifndef DTR_COMMON_REFERENCE_FILE_H_
#define DTR_COMMON_REFERENCE_FILE_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/reloadable.h"

namespace dtr {

class ReferenceFile {
 public:
  // `flag` names the path ("units", its value `path`), `what` the file in
  // messages ("unit tree": "unit tree reloaded").
  ReferenceFile(std::string flag, std::string what, std::string path)
      : flag_(std::move(flag)),
        what_(std::move(what)),
        path_(std::move(path)) {}
  virtual ~ReferenceFile() = default;

  // Reads the file: INVALID_ARGUMENT "--units units.csv: …" naming what is
  // wrong, and, for a file that is not there, the flag and variable to set.
  // An empty path reads nothing (an optional file left out).
  absl::Status Open();
  // Reads it again; the one in use stays when the file is not valid.
  virtual absl::Status Reload() = 0;

  const std::string& flag() const { return flag_; }
  const std::string& what() const { return what_; }
  std::string* path() { return &path_; }  // the flag's value

 protected:
  virtual absl::Status Load(const std::string& path) = 0;

 private:
  const std::string flag_;
  const std::string what_;
  std::string path_;
};

template <typename T>
class ReferenceFileOf final : public ReferenceFile {
 public:
  using Loader =
      absl::StatusOr<std::shared_ptr<const T>> (*)(const std::string& path);
  ReferenceFileOf(std::string flag, std::string what, std::string path,
                  Loader load)
      : ReferenceFile(std::move(flag), std::move(what), std::move(path)),
        load_(load) {}

  // Null until Open() succeeded, and for an optional file left out.
  const Reloadable<T>* holder() const { return holder_.get(); }
  absl::Status Reload() override {
    return holder_ != nullptr ? holder_->Reload() : absl::OkStatus();
  }

 private:
  absl::Status Load(const std::string& path) override {
    auto holder = Reloadable<T>::Open(path, load_);
    if (!holder.ok()) return holder.status();
    holder_ = std::move(*holder);
    return absl::OkStatus();
  }

  const Loader load_;
  std::unique_ptr<Reloadable<T>> holder_;
};

}  // namespace dtr

#endif  // DTR_COMMON_REFERENCE_FILE_H_
