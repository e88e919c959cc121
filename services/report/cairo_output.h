// Where cairo writes a PDF, SVG or PNG it makes: into a std::string.
#ifndef DTR_SERVICES_REPORT_CAIRO_OUTPUT_H_
#define DTR_SERVICES_REPORT_CAIRO_OUTPUT_H_

#include <cairo.h>

#include <string>

namespace dtr::report {

// A cairo write function: appends to the std::string `closure` points to.
inline cairo_status_t AppendToString(void* closure, const unsigned char* data,
                                     unsigned int length) {
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_CAIRO_OUTPUT_H_
