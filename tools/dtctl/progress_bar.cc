#include "tools/dtctl/progress_bar.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace dtr::dtctl {

std::string GroupDigits(int64_t value) {
  std::string digits = absl::StrCat(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

ProgressBar::ProgressBar(std::string label, int64_t total)
    : label_(std::move(label)),
      total_(total),
      enabled_(::isatty(STDERR_FILENO) == 1),
      start_(absl::Now()) {}

ProgressBar::~ProgressBar() {
  if (!finished_) Finish();
}

void ProgressBar::Update(int64_t done) {
  done_ = done;
  if (!enabled_) return;
  const absl::Time now = absl::Now();
  if (now - last_draw_ < absl::Milliseconds(100)) return;
  last_draw_ = now;
  Draw(done);
}

void ProgressBar::Finish() {
  finished_ = true;
  if (!enabled_) return;
  Draw(done_);
  std::fputc('\n', stderr);
}

void ProgressBar::Draw(int64_t done) {
  constexpr int kWidth = 30;
  const double fraction =
      total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 1;
  const int filled = static_cast<int>(fraction * kWidth);
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::fprintf(stderr, "\r%s [%s%s] %3d%% %s/%s rows %s rows/s ",
               label_.c_str(), std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '.').c_str(),
               static_cast<int>(fraction * 100), GroupDigits(done).c_str(),
               GroupDigits(total_).c_str(),
               GroupDigits(static_cast<int64_t>(rate)).c_str());
  std::fflush(stderr);
}

}  // namespace dtr::dtctl
