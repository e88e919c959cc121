// The CSV reader on any bytes: it ends, with records or a clear error,
// and never reads out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dtr::CsvReader reader(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<std::string> fields;
  while (reader.Next(&fields)) {
    for (const std::string& f : fields) dtr::IsValidUtf8(f);
  }
  return 0;
}
