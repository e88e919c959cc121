// A one-line progress bar on standard error, drawn only on a terminal (a
// log file or a pipe gets nothing but the final summary).
//
// Not thread-safe: one bar, drawn by the thread that imports.
#ifndef DTR_TOOLS_DTCTL_PROGRESS_BAR_H_
#define DTR_TOOLS_DTCTL_PROGRESS_BAR_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace dtr::dtctl {

class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total);
  ~ProgressBar();

  // Redraws at most ten times a second.
  void Update(int64_t done);
  // Draws the final state and ends the line.
  void Finish();

 private:
  void Draw(int64_t done);

  const std::string label_;
  const int64_t total_;
  const bool enabled_;
  const absl::Time start_;
  absl::Time last_draw_ = absl::InfinitePast();
  int64_t done_ = 0;
  bool finished_ = false;
};

// 434846 → "434,846".
std::string GroupDigits(int64_t value);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_PROGRESS_BAR_H_
