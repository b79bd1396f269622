// `upsertdb serve [--data DIR] [--port N] [--listen ADDR] [-c name=value]...`:
// the PostgreSQL wire-protocol server on one data directory. -c takes
// PostgreSQL's setting names: max_connections, port and listen_addresses are
// the server's own; log_min_messages and shared_buffers are accepted and
// ignored; fsync, checkpoint_timeout, max_wal_size and wal_writer_delay shape
// the engine's durability (fixed while it runs); anything else is a session
// setting every connection starts with (statement_timeout, synchronous_commit,
// search_path ...), checked at startup.
// Access: --hba FILE (pg_hba.conf syntax subset, server/hba_rules.h; default
// trust on loopback, scram-sha-256 elsewhere); TLS: --tls-cert/--tls-key (or
// -c ssl=on [-c ssl_cert_file=... -c ssl_key_file=...], by default
// server.crt / server.key in the data directory). docs/auth.md.
// Logs go to stderr with PostgreSQL's level prefixes. SIGTERM and SIGINT stop
// it cleanly: clients get FATAL 57P01, then the engine closes with a final
// checkpoint.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "engine/config_file.h"
#include "engine/engine.h"
#include "engine/setting_units.h"
#include "engine/session.h"
#include "server/server.h"

namespace upsertdb::cli {

namespace {

const char* kServeUsage =
    "upsertdb serve runs the PostgreSQL wire-protocol server.\n"
    "\n"
    "Usage:\n"
    "  upsertdb serve [--data DIR] [--port N] [--listen ADDR] [--config FILE] [-c NAME=VALUE]...\n"
    "\n"
    "  --data DIR                data directory, created if missing (default ./upsertdb-data)\n"
    "  --port N                  TCP port (default 5432)\n"
    "  --listen ADDR             address to listen on, \"*\" for all (default 127.0.0.1)\n"
    "  --hba FILE                access rules in pg_hba.conf syntax (default: trust from\n"
    "                            loopback, scram-sha-256 from any other address)\n"
    "  --tls-cert FILE           PEM certificate: clients may use TLS (sslmode=require)\n"
    "  --tls-key FILE            PEM private key of that certificate\n"
    "  -c NAME=VALUE             a PostgreSQL setting: max_connections (default 100),\n"
    "                            fsync, checkpoint_timeout, max_wal_size, wal_writer_delay,\n"
    "                            or a session setting every connection starts with\n"
    "  --config FILE             settings in postgresql.conf syntax (name = value lines);\n"
    "                            -c on the command line wins over the file\n"
    "  --help                    show this help, then exit\n"
    "\n"
    "Connect with: psql -h 127.0.0.1 -p PORT -U postgres\n";

server::Server* g_server = nullptr;
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_shutdown_signal(int sig) {
  g_signal = sig;
  if (g_server) g_server->stop();
}

bool parse_int(const std::string& s, long lo, long hi, int& out) {
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < lo || v > hi) return false;
  out = static_cast<int>(v);
  return true;
}

bool parse_port(const std::string& s, int& port) { return parse_int(s, 0, 65535, port); }

bool is_engine_setting(const std::string& name) {
  return name == "fsync" || name == "checkpoint_timeout" || name == "max_wal_size" || name == "wal_writer_delay";
}

// The settings that shape the engine (durability); false when the value is invalid.
bool apply_engine_setting(const std::string& name, const std::string& value, EngineOptions& o) {
  std::optional<double> q;
  if (name == "fsync") {
    if (value == "on" || value == "true" || value == "1" || value == "yes") {
      o.fsync = true;
    } else if (value == "off" || value == "false" || value == "0" || value == "no") {
      o.fsync = false;
    } else {
      return false;
    }
  } else if (name == "checkpoint_timeout") {
    q = parse_setting_quantity(value, kTimeUnitsMs, "s");
    if (!q || *q < 30000 || *q > 86400000) return false;
    o.checkpoint_timeout = std::chrono::milliseconds(static_cast<int64_t>(*q));
  } else if (name == "max_wal_size") {
    q = parse_setting_quantity(value, kMemoryUnitsBytes, "MB");
    if (!q || *q < 2 * 1048576.0) return false;
    o.max_wal_size = static_cast<uint64_t>(*q);
  } else if (name == "wal_writer_delay") {
    q = parse_setting_quantity(value, kTimeUnitsMs, "ms");
    if (!q || *q < 1 || *q > 10000) return false;
    o.wal_writer_delay = std::chrono::milliseconds(static_cast<int64_t>(*q));
  }
  return true;
}

}  // namespace

int run_serve(const std::vector<std::string>& args) {
  std::string data_dir = "./upsertdb-data";
  std::string listen_address = "127.0.0.1";
  int port = 5432;
  server::ServerOptions options;
  std::vector<std::pair<std::string, std::string>> settings;
  size_t config_settings_end = 0;   // settings from --config files come before -c ones
  EngineOptions engine_options;
  std::string hba_file, tls_cert, tls_key;
  bool ssl_on = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a.rfind("-c", 0) == 0) {
      std::string nv = a.size() > 2 ? a.substr(2) : (i + 1 < args.size() ? args[++i] : "");
      size_t eq = nv.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::fprintf(stderr, "upsertdb serve: -c needs NAME=VALUE\n");
        return 2;
      }
      settings.emplace_back(nv.substr(0, eq), nv.substr(eq + 1));
      continue;
    }
    std::string value;
    bool has_value = false;
    size_t eq = a.find('=');
    if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      has_value = true;
    }
    auto take = [&]() -> bool {
      if (has_value) return true;
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "upsertdb serve: option %s needs an argument\n", a.c_str());
        return false;
      }
      value = args[++i];
      return true;
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kServeUsage, stdout);
      return 0;
    } else if (a == "--data" || a == "-D") {
      if (!take()) return 2;
      data_dir = value;
    } else if (a == "--port" || a == "-p") {
      if (!take()) return 2;
      if (!parse_port(value, port)) {
        std::fprintf(stderr, "upsertdb serve: invalid port \"%s\"\n", value.c_str());
        return 2;
      }
    } else if (a == "--listen") {
      if (!take()) return 2;
      listen_address = value;
    } else if (a == "--config") {
      if (!take()) return 2;
      // The file's settings come first, so that -c on the command line wins (as PostgreSQL).
      try {
        auto from_file = read_config_file(value);
        settings.insert(settings.begin() + static_cast<long>(config_settings_end), from_file.begin(), from_file.end());
        config_settings_end += from_file.size();
      } catch (const ConfigFileError& e) {
        std::fprintf(stderr, "FATAL:  %s\n", e.what());
        return 2;
      }
    } else if (a == "--hba") {
      if (!take()) return 2;
      hba_file = value;
    } else if (a == "--tls-cert") {
      if (!take()) return 2;
      tls_cert = value;
    } else if (a == "--tls-key") {
      if (!take()) return 2;
      tls_key = value;
    } else {
      std::fprintf(stderr, "upsertdb serve: unknown option \"%s\"\n\n%s", args[i].c_str(), kServeUsage);
      return 2;
    }
  }
  for (const auto& [name, value] : settings) {
    if (name == "max_connections") {
      if (!parse_int(value, 1, 262143, options.max_connections)) {
        std::fprintf(stderr, "upsertdb serve: invalid value for parameter \"max_connections\": \"%s\"\n", value.c_str());
        return 2;
      }
    } else if (name == "port") {
      if (!parse_port(value, port)) {
        std::fprintf(stderr, "upsertdb serve: invalid port \"%s\"\n", value.c_str());
        return 2;
      }
    } else if (name == "listen_addresses") {
      listen_address = value;
    } else if (is_engine_setting(name)) {
      if (!apply_engine_setting(name, value, engine_options)) {
        std::fprintf(stderr, "FATAL:  invalid value for parameter \"%s\": \"%s\"\n", name.c_str(), value.c_str());
        return 2;
      }
    } else if (name == "ssl") {
      if (value == "on" || value == "true" || value == "1" || value == "yes") {
        ssl_on = true;
      } else if (value == "off" || value == "false" || value == "0" || value == "no") {
        ssl_on = false;
      } else {
        std::fprintf(stderr, "FATAL:  invalid value for parameter \"ssl\": \"%s\"\n", value.c_str());
        return 2;
      }
    } else if (name == "ssl_cert_file") {
      tls_cert = value;
    } else if (name == "ssl_key_file") {
      tls_key = value;
    } else if (name == "hba_file") {
      hba_file = value;
    } else if (name == "log_min_messages" || name == "shared_buffers") {
      // Accepted for compatibility with PostgreSQL command lines; no effect yet.
    } else {
      options.session_defaults.emplace_back(name, value);
    }
  }
  if (data_dir.empty()) {
    std::fprintf(stderr, "upsertdb serve: --data needs a directory\n");
    return 2;
  }

  // ssl = on without files: PostgreSQL's defaults, server.crt / server.key in the data directory.
  if (ssl_on && tls_cert.empty()) tls_cert = data_dir + "/server.crt";
  if (ssl_on && tls_key.empty()) tls_key = data_dir + "/server.key";
  if (tls_cert.empty() != tls_key.empty()) {
    std::fprintf(stderr, "upsertdb serve: --tls-cert and --tls-key go together\n");
    return 2;
  }
  if (!hba_file.empty()) {
    try {
      options.hba = server::HbaRules::load(hba_file);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "FATAL:  %s\n", e.what());
      return 2;
    }
  }
  if (!tls_cert.empty()) {
    try {
      options.tls = std::make_shared<server::TlsContext>(tls_cert, tls_key);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "FATAL:  %s\n", e.what());
      return 2;
    }
  }

  // A client that disappears must cost us a failed write, not the process.
  std::signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<Engine> engine;
  try {
    engine = std::make_unique<Engine>(data_dir, engine_options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FATAL:  could not open data directory \"%s\": %s\n", data_dir.c_str(), e.what());
    return 1;
  }
  // Session settings are checked once here so a typo fails now, not per client.
  try {
    Session probe(*engine);
    for (const auto& [name, value] : options.session_defaults) probe.set_setting(name, value);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FATAL:  %s\n", e.what());
    return 2;
  }
  {
    server::Server srv(*engine, options);
    try {
      srv.listen(listen_address, port);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "FATAL:  %s\n", e.what());
      return 1;
    }
    g_server = &srv;
    struct sigaction sa {};
    sa.sa_handler = on_shutdown_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    std::fprintf(stderr, "LOG:  listening on address \"%s\", port %d\n", listen_address.c_str(), srv.port());
    if (options.tls) std::fprintf(stderr, "LOG:  TLS enabled (certificate \"%s\")\n", tls_cert.c_str());
    if (hba_file.empty())
      std::fprintf(stderr, "LOG:  access rules: trust from loopback, scram-sha-256 from other addresses\n");
    else
      std::fprintf(stderr, "LOG:  access rules: \"%s\" (%zu rules)\n", hba_file.c_str(), options.hba.rules().size());
    std::fprintf(stderr, "LOG:  database system is ready to accept connections\n");
    std::fflush(stderr);
    srv.run();
    g_server = nullptr;
    std::fprintf(stderr, "LOG:  received fast shutdown request\n");
  }
  engine.reset();   // the shutdown checkpoint
  std::fprintf(stderr, "LOG:  database system is shut down\n");
  return 0;
}

}  // namespace upsertdb::cli
