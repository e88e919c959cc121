#include "common/log.h"

#include <unistd.h>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace dtr {
namespace {

std::string& ServiceName() {
  static std::string* name = new std::string("dtr");
  return *name;
}
std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

std::string LinePrefix(LogLevel level) {
  std::string line = "{\"time\":\"";
  line += absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(),
                           absl::UTCTimeZone());
  absl::StrAppend(&line, "\",\"level\":\"", LevelName(level),
                  "\",\"service\":\"");
  AppendJsonEscaped(ServiceName(), &line);
  line += '"';
  return line;
}

void WriteLine(std::string* line) {
  line->append("}\n");
  const char* p = line->data();
  size_t left = line->size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) return;  // nowhere to report a failing log
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace

LogField::LogField(absl::string_view k, long long v)
    : key(k), value(absl::StrCat(v)), raw(true) {}

LogField::LogField(absl::string_view k, double v)
    : key(k), value(absl::StrFormat("%.3f", v)), raw(true) {}

void InitLogging(absl::string_view service, LogLevel level) {
  ServiceName() = std::string(service);
  min_level.store(static_cast<int>(level));
}

bool ParseLogLevel(absl::string_view text, LogLevel* level) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning,
                     LogLevel::kError}) {
    if (text == LevelName(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

void AppendJsonEscaped(absl::string_view text, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out->append(absl::StrFormat("\\u%04x", c));
        } else {
          out->push_back(c);
        }
    }
  }
}

void Log(LogLevel level, absl::string_view message,
         std::initializer_list<LogField> fields) {
  if (static_cast<int>(level) < min_level.load(std::memory_order_relaxed)) {
    return;
  }
  std::string line = LinePrefix(level);
  line.append(",\"msg\":\"");
  AppendJsonEscaped(message, &line);
  line += '"';
  for (const LogField& f : fields) {
    line.append(",\"");
    AppendJsonEscaped(f.key, &line);
    line.append("\":");
    if (f.raw) {
      line.append(f.value);
    } else {
      line += '"';
      AppendJsonEscaped(f.value, &line);
      line += '"';
    }
  }
  WriteLine(&line);
}

void LogCall(absl::string_view method, double duration_ms,
             absl::string_view status) {
  const bool notable = status != "OK" || duration_ms >= 1000;
  Log(notable ? LogLevel::kInfo : LogLevel::kDebug, "call",
      {{"method", method}, {"duration_ms", duration_ms}, {"status", status}});
}

}  // namespace dtr
