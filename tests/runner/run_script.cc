// Running a whole script on a backend, in-process or (for UpsertDB) in a child process.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "backend.h"

namespace sqltest {

std::vector<std::string> run_script(Backend& backend, const Script& script) {
  std::vector<std::string> blocks;
  blocks.reserve(script.statements.size());
  for (const auto& st : script.statements) blocks.push_back(format_block(st, backend.execute(st.text)));
  return blocks;
}

namespace {

bool write_all(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Child: runs the script, streaming each block as (u32 length, bytes) as soon as it is
// done, so the parent knows how far it got if the engine dies.
[[noreturn]] void child_main(int fd, const Script& script, unsigned timeout_seconds) {
  alarm(timeout_seconds);
  int code = 0;
  try {
    auto backend = open_upsertdb();
    for (const auto& st : script.statements) {
      std::string block = format_block(st, backend->execute(st.text));
      uint32_t len = static_cast<uint32_t>(block.size());
      if (!write_all(fd, &len, sizeof len) || !write_all(fd, block.data(), block.size())) {
        code = 3;
        break;
      }
    }
  } catch (const std::exception& e) {
    std::string msg = std::string("cannot open UpsertDB: ") + e.what();
    (void)!write(STDERR_FILENO, msg.data(), msg.size());
    code = 4;
  }
  close(fd);
  _exit(code);
}

}  // namespace

IsolatedRun run_upsertdb_isolated(const Script& script, unsigned timeout_seconds) {
  IsolatedRun run;
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    close(fds[0]);
    child_main(fds[1], script, timeout_seconds);
  }
  close(fds[1]);

  std::string buf;
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buf.append(chunk, static_cast<size_t>(n));
  }
  close(fds[0]);
  size_t pos = 0;
  while (pos + sizeof(uint32_t) <= buf.size()) {
    uint32_t len;
    std::memcpy(&len, buf.data() + pos, sizeof len);
    if (pos + sizeof len + len > buf.size()) break;
    run.blocks.push_back(buf.substr(pos + sizeof len, len));
    pos += sizeof len + len;
  }

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  size_t at = run.blocks.size() + 1;  // the statement it was running
  std::string where = at <= script.statements.size()
                          ? " in statement " + std::to_string(at) + " (line " +
                                std::to_string(script.statements[at - 1].line) + ")"
                          : "";
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    run.failure = sig == SIGALRM ? "timed out after " + std::to_string(timeout_seconds) + "s" + where
                                 : "crashed (signal " + std::to_string(sig) + ", " +
                                       strsignal(sig) + ")" + where;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    run.failure = "exited with status " + std::to_string(WEXITSTATUS(status)) + where;
  } else if (run.blocks.size() != script.statements.size()) {
    run.failure = "stopped early" + where;
  }
  return run;
}

}  // namespace sqltest
