#include "tests/integration/test_processes.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/fingerprint.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace dtr::testing {
namespace {

std::vector<std::string>& TempDirs() {
  static auto* dirs = new std::vector<std::string>;
  return *dirs;
}

void RemoveTempDirs() {
  for (const std::string& dir : TempDirs()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
}

// Reads a whole file descriptor until it closes.
std::string ReadAll(int fd) {
  std::string out;
  char buffer[65536];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof(buffer))) > 0) out.append(buffer, n);
  return out;
}

pid_t Spawn(const std::vector<std::string>& argv,
            const std::vector<std::string>& extra_env, int stdout_fd,
            int stderr_fd) {
  pid_t pid = ::fork();
  if (pid == 0) {
    // Dies with the test, even one that crashes.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (stdout_fd >= 0) ::dup2(stdout_fd, STDOUT_FILENO);
    if (stderr_fd >= 0) ::dup2(stderr_fd, STDERR_FILENO);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, STDIN_FILENO);
    // The child starts with no signal blocked, whatever the test runner did.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (const std::string& kv : extra_env) {
      size_t eq = kv.find('=');
      ::setenv(kv.substr(0, eq).c_str(), kv.substr(eq + 1).c_str(), 1);
    }
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

std::string BinPath(const std::string& name) {
  return absl::StrCat(DTR_BIN_DIR, "/", name);
}

std::string TestDataPath(const std::string& name) {
  return absl::StrCat(DTR_TEST_DATA_DIR, "/", name);
}

std::string MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(base ? base : "/tmp", "/dtr-test-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
  }
  if (TempDirs().empty()) std::atexit(RemoveTempDirs);
  TempDirs().push_back(pattern);
  return pattern;
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::vector<std::string>& extra_env) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe: " << std::strerror(errno);
    return;
  }
  pid_ = Spawn(argv, extra_env, -1, pipe_fds[1]);
  ::close(pipe_fds[1]);
  reader_ = std::thread([this, fd = pipe_fds[0]] { ReadLoop(fd); });
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    Wait(absl::Seconds(10));
  }
  if (reader_.joinable()) reader_.join();
}

void ChildProcess::ReadLoop(int fd) {
  std::string partial;
  char buffer[4096];
  const bool verbose = std::getenv("DTR_TEST_VERBOSE") != nullptr;
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof(buffer))) > 0) {
    partial.append(buffer, n);
    size_t nl;
    while ((nl = partial.find('\n')) != std::string::npos) {
      std::string line = partial.substr(0, nl);
      partial.erase(0, nl + 1);
      if (verbose) std::fprintf(stderr, "[%d] %s\n", pid_, line.c_str());
      absl::MutexLock lock(&mu_);
      lines_.push_back(std::move(line));
    }
  }
  ::close(fd);
  absl::MutexLock lock(&mu_);
  if (!partial.empty()) lines_.push_back(partial);
  eof_ = true;
}

std::string ChildProcess::WaitForLine(const std::string& text,
                                      absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  size_t checked = 0;
  std::string found;
  auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    for (; checked < lines_.size(); ++checked) {
      if (lines_[checked].find(text) != std::string::npos) {
        found = lines_[checked];
        return true;
      }
    }
    return eof_;
  };
  mu_.AwaitWithTimeout(absl::Condition(&ready), timeout);
  return found;
}

std::string ChildProcess::StderrText() {
  absl::MutexLock lock(&mu_);
  std::string out;
  for (const std::string& line : lines_) absl::StrAppend(&out, line, "\n");
  return out;
}

void ChildProcess::Signal(int signal) {
  if (!reaped_) ::kill(pid_, signal);
}

int ChildProcess::Wait(absl::Duration timeout) {
  if (reaped_) return exit_code_;
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      exit_code_ =
          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      // The child has gone, but the reader may not yet have taken its last
      // lines from the pipe: a caller reading StderrText() next must see
      // everything the child wrote.
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&eof_), absl::Seconds(5));
      return exit_code_;
    }
    if (absl::Now() > deadline) return -1;
    absl::SleepFor(absl::Milliseconds(5));
  }
}

RedisServer::RedisServer(int port, const std::string& dir)
    : port_(port == 0 ? FreePort() : port), dir_(dir) {
  Start();
}

RedisServer::~RedisServer() { Kill(); }

std::string RedisServer::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

void RedisServer::Start() {
  std::vector<std::string> argv = {
      "redis-server", "--port", absl::StrCat(port_), "--bind",     "127.0.0.1",
      "--save",       "",       "--logfile",         "/dev/stderr"};
  if (dir_.empty()) {
    argv.insert(argv.end(), {"--appendonly", "no"});
  } else {
    argv.insert(argv.end(), {"--appendonly", "yes", "--appendfsync", "always",
                             "--dir", dir_});
  }
  process_ = std::make_unique<ChildProcess>(argv);
  // Ready when it answers PING.
  const bool up = Eventually([&] { return Call("PING") == "+PONG"; });
  ASSERT_TRUE(up) << "redis-server did not start on port " << port_ << ":\n"
                  << process_->StderrText();
}

std::string RedisServer::Call(const std::string& command) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const std::string line = command + "\r\n";
    char buffer[512];
    ssize_t n;
    if (::write(fd, line.data(), line.size()) ==
            static_cast<ssize_t>(line.size()) &&
        (n = ::read(fd, buffer, sizeof(buffer))) > 0) {
      reply.assign(buffer, static_cast<size_t>(n));
      reply = reply.substr(0, reply.find("\r\n"));
    }
  }
  ::close(fd);
  return reply;
}

void RedisServer::Kill() {
  if (process_ == nullptr) return;
  process_->Signal(SIGKILL);
  process_->Wait();
  process_.reset();
}

void RedisServer::Freeze() { process_->Signal(SIGSTOP); }
void RedisServer::Thaw() { process_->Signal(SIGCONT); }

ServiceProcess::ServiceProcess(const std::string& binary,
                               const std::string& units_csv,
                               const std::string& redis,
                               const std::string& db_path,
                               std::vector<std::string> extra_flags,
                               Start start)
    : ServiceProcess(
          binary, db_path,
          [&] {
            extra_flags.insert(extra_flags.begin(),
                               {"--redis=" + redis, "--units=" + units_csv});
            return extra_flags;
          }(),
          start) {}

ServiceProcess::ServiceProcess(const std::string& binary,
                               const std::string& db_path,
                               std::vector<std::string> flags, Start start,
                               const std::vector<std::string>& env)
    : binary_(binary) {
  const std::string db =
      db_path.empty() ? MakeTempDir() + "/" + binary + ".db" : db_path;
  std::vector<std::string> argv = {BinPath(binary), "--listen=127.0.0.1:0",
                                   "--metrics=127.0.0.1:0",
                                   "--db=" + StoreUrl(db), "--drain-seconds=0"};
  // Plain text unless the test gives the service its certificate.
  if (std::none_of(flags.begin(), flags.end(), [](const std::string& f) {
        return absl::StartsWith(f, "--tls-cert");
      })) {
    argv.push_back("--plaintext");
  }
  argv.insert(argv.end(), flags.begin(), flags.end());
  process_ = std::make_unique<ChildProcess>(argv, env);
  if (start == Start::kAwaitServing) AwaitServing();
}

bool ServiceProcess::AwaitServing() {
  const std::string line = process_->WaitForLine("\"msg\":\"serving\"");
  if (line.empty()) {
    ADD_FAILURE() << binary_ << " did not start:\n" << process_->StderrText();
    return false;
  }
  auto json = nlohmann::json::parse(line);
  grpc_port_ = json["grpc_port"].get<int>();
  metrics_port_ = json["metrics_port"].get<int>();
  health_port_ = json.value("health_port", 0);
  http_port_ = json.value("http_port", 0);
  return true;
}

bool UsingPostgres() { return std::getenv("DTR_TEST_POSTGRES_DIR") != nullptr; }

namespace {

// "postgresql://postgres@127.0.0.1:PORT/" for the server whose directory
// (tests/postgres_server.sh) is `dir`.
std::string ServerUrl(const std::string& dir) {
  std::ifstream in(dir + "/port");
  std::string port;
  std::getline(in, port);
  EXPECT_FALSE(port.empty()) << "no PostgreSQL test server in " << dir;
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port, "/");
}

// The URL of database `name` on `server`, created when missing.
std::string DatabaseOn(const std::string& server, const std::string& name) {
  PGconn* conn = PQconnectdb((server + "postgres").c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "PostgreSQL test server: " << PQerrorMessage(conn);
  } else {
    PGresult* exists = PQexec(
        conn,
        absl::StrCat("SELECT 1 FROM pg_database WHERE datname = '", name, "'")
            .c_str());
    const bool found = PQntuples(exists) > 0;
    PQclear(exists);
    if (!found) {
      PGresult* created =
          PQexec(conn, absl::StrCat("CREATE DATABASE ", name).c_str());
      if (PQresultStatus(created) != PGRES_COMMAND_OK) {
        ADD_FAILURE() << "CREATE DATABASE " << name << ": "
                      << PQresultErrorMessage(created);
      }
      PQclear(created);
    }
  }
  PQfinish(conn);
  return server + name;
}

}  // namespace

std::string StoreUrl(const std::string& path) {
  if (absl::StartsWith(path, "postgresql://") ||
      absl::StartsWith(path, "sqlite:")) {
    return path;
  }
  const char* dir = std::getenv("DTR_TEST_POSTGRES_DIR");
  if (dir == nullptr) return "sqlite:" + path;
  // The same path names the same database, so that a restarted service
  // finds its data.
  return DatabaseOn(
      ServerUrl(dir),
      absl::StrCat("t", absl::Hex(Fingerprint(path), absl::kZeroPad16)));
}

PostgresServer::PostgresServer() {
  const std::string parent = MakeTempDir();
  // Run as root, the server runs as the postgres user, who must reach it.
  ::chmod(parent.c_str(), 0711);
  dir_ = parent + "/postgres";
  Control("start");
}

PostgresServer::~PostgresServer() { Control("stop"); }

void PostgresServer::Control(const std::string& command) {
  const CommandResult result = RunCommand(
      {"sh", std::string(DTR_SOURCE_DIR) + "/tests/postgres_server.sh", command,
       dir_});
  EXPECT_EQ(result.exit_code, 0)
      << "postgres_server.sh " << command << ": " << result.err;
}

std::string PostgresServer::DatabaseUrl(const std::string& name) {
  return DatabaseOn(ServerUrl(dir_), name);
}

std::string ServiceProcess::address() const {
  return absl::StrCat("127.0.0.1:", grpc_port_);
}

namespace {

// `flags` with --FLAG=<the source tree's services/FILE> added, unless they
// name a file of their own.
std::vector<std::string> WithReferenceFile(std::vector<std::string> flags,
                                           const std::string& flag,
                                           const std::string& file) {
  const std::string prefix = "--" + flag + "=";
  const bool own = std::any_of(
      flags.begin(), flags.end(),
      [&](const std::string& f) { return f.rfind(prefix, 0) == 0; });
  if (!own) flags.push_back(prefix + DTR_SOURCE_DIR "/services/" + file);
  return flags;
}

}  // namespace

SecurityServer::SecurityServer(const std::string& units_csv,
                               const std::string& redis,
                               const std::string& db_path,
                               std::vector<std::string> extra_flags)
    : ServiceProcess("security-service", units_csv, redis, db_path,
                     WithReferenceFile(std::move(extra_flags), "controls",
                                       "security/data/controls.json")) {}

WorkforceServer::WorkforceServer(const std::string& units_csv,
                                 const std::string& redis,
                                 const std::string& db_path,
                                 std::vector<std::string> extra_flags)
    : ServiceProcess("workforce-service", units_csv, redis, db_path,
                     WithReferenceFile(std::move(extra_flags), "rules",
                                       "workforce/data/allowance_rules.json")) {
}

ReportServer::ReportServer(const std::string& stats,
                           const std::string& security,
                           const std::string& workforce,
                           const std::string& db_path,
                           std::vector<std::string> extra_flags)
    : ServiceProcess("report-service", db_path, [&] {
        extra_flags.insert(
            extra_flags.begin(),
            {"--stats=" + stats, "--security=" + security,
             "--workforce=" + workforce,
             "--templates=" DTR_SOURCE_DIR "/services/report/templates",
             "--call-seconds=10"});
        return extra_flags;
      }()) {}

CommandResult RunCommand(const std::vector<std::string>& argv) {
  CommandResult result;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe: " << std::strerror(errno);
    return result;
  }
  pid_t pid = Spawn(argv, {}, out_pipe[1], err_pipe[1]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  std::thread err_reader([&] { result.err = ReadAll(err_pipe[0]); });
  result.out = ReadAll(out_pipe[0]);
  err_reader.join();
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string HttpGet(int port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const std::string request =
        absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    if (::write(fd, request.data(), request.size()) ==
        static_cast<ssize_t>(request.size())) {
      response = ReadAll(fd);
    }
  }
  ::close(fd);
  size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

grpc::Status CallRaw(const std::string& address, const std::string& method,
                     const std::string& request, std::string* response) {
  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  grpc::Slice slice(request);
  grpc::ByteBuffer request_buffer(&slice, 1);
  auto call = stub.PrepareUnaryCall(&context, method, request_buffer, &cq);
  call->StartCall();
  grpc::ByteBuffer response_buffer;
  grpc::Status status;
  call->Finish(&response_buffer, &status, reinterpret_cast<void*>(1));
  void* tag;
  bool ok;
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  response->clear();
  std::vector<grpc::Slice> slices;
  if (status.ok() && response_buffer.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      response->append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  return status;
}

int HealthStatus(const std::string& address) {
  // HealthCheckRequest{service: ""} encodes as zero bytes.
  std::string bytes;
  if (!CallRaw(address, "/grpc.health.v1.Health/Check", "", &bytes).ok()) {
    return -1;
  }
  // HealthCheckResponse{status: n} is the tag 0x08 and the varint n; an
  // empty message means UNKNOWN (0).
  if (bytes.empty()) return 0;
  if (bytes.size() == 2 && bytes[0] == 0x08) return bytes[1];
  return -1;
}

bool Eventually(const std::function<bool()>& condition,
                absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!condition()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return true;
}

}  // namespace dtr::testing
