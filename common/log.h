// Structured logs: one JSON object a line on standard error, for the log
// collectors of the cluster.
//
// Every line has "time" (RFC 3339, UTC), "level" and "service"; a call's
// line adds "method", "duration_ms" and "status". Callers pass only
// non-personal fields: no names, no national id numbers, no record content.
// Thread-safe: a line is written with one write(2).
#ifndef DTR_COMMON_LOG_H_
#define DTR_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace dtr {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Names the service in every line and sets the lowest level written.
void InitLogging(absl::string_view service, LogLevel min_level);

// Parses "debug", "info", "warning" or "error".
bool ParseLogLevel(absl::string_view text, LogLevel* level);

// A field of a log line; the value is written as a JSON string unless
// `raw` (numbers, booleans).
struct LogField {
  LogField(absl::string_view k, absl::string_view v) : key(k), value(v) {}
  LogField(absl::string_view k, const char* v) : key(k), value(v) {}
  LogField(absl::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(absl::string_view k, long long v);
  LogField(absl::string_view k, int v) : LogField(k, (long long)v) {}
  LogField(absl::string_view k, long v) : LogField(k, (long long)v) {}
  LogField(absl::string_view k, double v);
  LogField(absl::string_view k, bool v)
      : key(k), value(v ? "true" : "false"), raw(true) {}

  absl::string_view key;
  std::string value;
  bool raw = false;
};

void Log(LogLevel level, absl::string_view message,
         std::initializer_list<LogField> fields = {});

inline void LogInfo(absl::string_view message,
                    std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kInfo, message, fields);
}
inline void LogWarning(absl::string_view message,
                       std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kWarning, message, fields);
}
inline void LogError(absl::string_view message,
                     std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kError, message, fields);
}

// The line of a finished gRPC call: at info level when it failed or took
// a second or more, otherwise at debug level (--log-level debug): a
// service answering thousands of calls a second would spend much of its
// time writing lines the metrics already count.
void LogCall(absl::string_view method, double duration_ms,
             absl::string_view status);

// Appends `text` to `out` as the inside of a JSON string.
void AppendJsonEscaped(absl::string_view text, std::string* out);

}  // namespace dtr

#endif  // DTR_COMMON_LOG_H_
