// Real processes for integration tests: the service binaries, redis-server
// and dtctl, on free loopback ports, stopped when the test ends.
//
// Nothing here sleeps to synchronise: a service is ready when it logs its
// "serving" line (with the ports it bound), Redis when it answers PING.
#ifndef DTR_TESTS_INTEGRATION_TEST_PROCESSES_H_
#define DTR_TESTS_INTEGRATION_TEST_PROCESSES_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace dtr::testing {

// Directory of the built binaries and of the test data, set by CMake.
std::string BinPath(const std::string& name);
std::string TestDataPath(const std::string& name);

// A fresh empty directory under $TMPDIR, removed with its content at exit.
std::string MakeTempDir();

// The store services get: `path` itself when it is a store URL; SQLite at
// `path`, or, when the tests run against
// PostgreSQL ($DTR_TEST_POSTGRES_DIR names the throw-away server's
// directory, tests/postgres_server.sh), a database of that server named
// after `path` (created when missing: the same path, the same data).
std::string StoreUrl(const std::string& path);
bool UsingPostgres();

// A throw-away PostgreSQL server of the test's own (initdb into a temporary
// directory, tests/postgres_server.sh), removed when the object ends.
class PostgresServer {
 public:
  PostgresServer();
  ~PostgresServer();
  // The URL of database `name`, created when missing.
  std::string DatabaseUrl(const std::string& name);
  // Stops the server, keeping its data: a database gone away.
  void Halt() { Control("halt"); }
  // Starts it again on the same port.
  void Resume() { Control("resume"); }

 private:
  void Control(const std::string& command);
  std::string dir_;
};

// A TCP port nothing listens on now (for programs that cannot bind port 0).
int FreePort();

// A child process whose standard error is read line by line.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv,
               const std::vector<std::string>& extra_env = {});
  // Kills the process (SIGKILL) if it still runs.
  ~ChildProcess();

  pid_t pid() const { return pid_; }

  // Waits until a line of standard error contains `text`; returns it, or ""
  // when the process ended or the time ran out first.
  std::string WaitForLine(const std::string& text,
                          absl::Duration timeout = absl::Seconds(20));
  // Everything written to standard error so far.
  std::string StderrText();

  void Signal(int signal);
  // Waits for the process to end; returns its exit code (128 + signal when
  // killed), or -1 on timeout.
  int Wait(absl::Duration timeout = absl::Seconds(30));

 private:
  void ReadLoop(int fd);

  pid_t pid_ = -1;
  bool reaped_ = false;
  int exit_code_ = -1;
  std::thread reader_;
  absl::Mutex mu_;
  std::vector<std::string> lines_ ABSL_GUARDED_BY(mu_);
  bool eof_ ABSL_GUARDED_BY(mu_) = false;
};

// redis-server on a free port; `dir` set means append-only persistence
// there (a restarted server comes back with its data).
class RedisServer {
 public:
  explicit RedisServer(int port = 0, const std::string& dir = "");
  ~RedisServer();
  int port() const { return port_; }
  std::string address() const;
  void Kill();    // SIGKILL, as a crash
  void Start();   // again, on the same port
  void Freeze();  // SIGSTOP: connections stay open, nothing answers
  void Thaw();    // SIGCONT
  // Sends one command in Redis' inline form ("GET key"); returns the first
  // line of the reply ("$1", "+OK", ":5", ...), or "" when nothing answers.
  std::string Call(const std::string& command);

 private:
  int port_;
  std::string dir_;
  std::unique_ptr<ChildProcess> process_;
};

// A service binary on free ports with its own SQLite file.
class ServiceProcess {
 public:
  // Whether the constructor waits until the service serves; kNoWait leaves
  // that to AwaitServing(), so that several services start at once.
  enum class Start { kAwaitServing, kNoWait };
  // A data service: its unit tree and Redis, then `extra_flags`.
  ServiceProcess(const std::string& binary, const std::string& units_csv,
                 const std::string& redis, const std::string& db_path,
                 std::vector<std::string> extra_flags,
                 Start start = Start::kAwaitServing);
  // Any service: the listen, metrics, store and drain flags, --plaintext
  // unless `flags` has a --tls-cert, then `flags` (a later flag wins: a
  // --listen there picks the port); `env` is added to the environment
  // ("TZ=UTC").
  ServiceProcess(const std::string& binary, const std::string& db_path,
                 std::vector<std::string> flags,
                 Start start = Start::kAwaitServing,
                 const std::vector<std::string>& env = {});
  // Waits for the "serving" line and reads the ports from it; false (and a
  // test failure) when the service ended or did not serve in time.
  bool AwaitServing();
  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  int health_port() const { return health_port_; }  // 0: none
  int http_port() const { return http_port_; }      // 0: none
  std::string address() const;
  ChildProcess& process() { return *process_; }

 private:
  std::string binary_;
  std::unique_ptr<ChildProcess> process_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  int health_port_ = 0;
  int http_port_ = 0;
};

// stats-service.
class StatsServer : public ServiceProcess {
 public:
  StatsServer(const std::string& units_csv, const std::string& redis,
              const std::string& db_path = "",
              std::vector<std::string> extra_flags = {})
      : ServiceProcess("stats-service", units_csv, redis, db_path,
                       std::move(extra_flags)) {}
};

// security-service, with the controls catalogue of the source tree unless
// extra_flags holds a --controls=PATH.
class SecurityServer : public ServiceProcess {
 public:
  SecurityServer(const std::string& units_csv, const std::string& redis,
                 const std::string& db_path = "",
                 std::vector<std::string> extra_flags = {});
};

// workforce-service, with the allowance rules of the source tree unless
// extra_flags holds a --rules=PATH.
class WorkforceServer : public ServiceProcess {
 public:
  WorkforceServer(const std::string& units_csv, const std::string& redis,
                  const std::string& db_path = "",
                  std::vector<std::string> extra_flags = {});
};

// report-service calling the three services at these addresses, with the
// templates of the source tree.
class ReportServer : public ServiceProcess {
 public:
  ReportServer(const std::string& stats, const std::string& security,
               const std::string& workforce, const std::string& db_path = "",
               std::vector<std::string> extra_flags = {});
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs a command to its end, capturing its output.
CommandResult RunCommand(const std::vector<std::string>& argv);

// GET http://127.0.0.1:port/path; the body, or "" on failure.
std::string HttpGet(int port, const std::string& path);

// A unary call with raw request and response bytes.
grpc::Status CallRaw(const std::string& address, const std::string& method,
                     const std::string& request, std::string* response);

// grpc.health.v1.Health/Check for the whole server: 1 SERVING,
// 2 NOT_SERVING, -1 no answer.
int HealthStatus(const std::string& address);

// Calls `condition` until it holds or `timeout` passes.
bool Eventually(const std::function<bool()>& condition,
                absl::Duration timeout = absl::Seconds(15));

}  // namespace dtr::testing

#endif  // DTR_TESTS_INTEGRATION_TEST_PROCESSES_H_
