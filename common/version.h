// The release of dtr these binaries were built from (the project's
// version in CMakeLists.txt), for --version and the logs.
#ifndef DTR_COMMON_VERSION_H_
#define DTR_COMMON_VERSION_H_

namespace dtr {

// "0.1.0".
const char* Version();

}  // namespace dtr

#endif  // DTR_COMMON_VERSION_H_
