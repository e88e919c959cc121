// A process's memory figures as the kernel reports them in
// /proc/<pid>/status, for the tests and the soak run that watch memory.
#ifndef DTR_TESTS_PROC_STATUS_H_
#define DTR_TESTS_PROC_STATUS_H_

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

namespace dtr::testing {

// The value in KiB of `field` ("VmRSS", "RssAnon", ...) of process `pid`
// ("self" for this one); 0 when the process or the field is missing.
inline int64_t ProcStatusKib(const std::string& pid, const std::string& field) {
  std::ifstream status("/proc/" + pid + "/status");
  const std::string prefix = field + ":";
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) {
      return std::strtoll(line.c_str() + prefix.size(), nullptr, 10);
    }
  }
  return 0;
}

}  // namespace dtr::testing

#endif  // DTR_TESTS_PROC_STATUS_H_
