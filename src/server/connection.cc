// Connection lifecycle, startup and simple query. The extended query protocol
// is in extended_query.cc.
#include "server/connection.h"

#include "server/cancel_registry.h"
#include "server/role_connections.h"

#include <algorithm>
#include <cstdio>

#include "engine/engine.h"
#include "engine/setting_units.h"
#include "server/error_message.h"
#include "server/startup_packet.h"
#include "server/tls_context.h"
#include "server/wire_values.h"

namespace upsertdb::server {

namespace {

// Thrown when a write fails: the client is gone, nothing more to say to it.
struct ClientGone {};

constexpr size_t kFlushThreshold = 64 * 1024;

// What PostgreSQL 15 reports with ParameterStatus (GUC_REPORT parameters),
// under the names clients expect.
constexpr const char* kReportedParameters[] = {
    "application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
    "integer_datetimes", "IntervalStyle", "is_superuser", "server_encoding", "server_version",
    "session_authorization", "standard_conforming_strings", "TimeZone",
};

ErrorFields fatal_fields(const char* state, std::string message) {
  ErrorFields f;
  f.severity = "FATAL";
  f.sqlstate = state;
  f.message = std::move(message);
  return f;
}

}  // namespace

Connection::Connection(Engine& engine, int fd, int stop_fd, ConnectionInfo info)
    : engine_(engine), channel_(fd, stop_fd), info_(info) {}

Connection::~Connection() {
  if (registered_for_cancel_) info_.cancels->remove(info_.backend_pid);
  if (!counted_role_.empty()) info_.role_connections->release(counted_role_);
}

void Connection::run() {
  try {
    try {
      if (!startup()) {
        flush();
        return;
      }
      Frame f;
      while (read_frame(f, false)) {
        if (!dispatch(f)) break;
      }
      if (stopping_) {
        send_error(fatal_fields("57P01", "terminating connection due to administrator command"));
        flush();
      }
    } catch (const DbError& e) {
      // Only FATALs escape dispatch: the stream is unusable, say why and end.
      ErrorFields f = e.fields();
      f.severity = "FATAL";
      // The server log gets it too, as PostgreSQL logs every FATAL.
      std::fprintf(stderr, "FATAL:  %s\n", f.message.c_str());
      send_error(f);
      flush();
    }
  } catch (const ClientGone&) {
  }
}

void Connection::flush() {
  if (out_.size() == 0) return;
  bool ok = channel_.write_all(out_.data());
  out_.clear();
  if (!ok) throw ClientGone{};
}

void Connection::maybe_flush() {
  if (out_.size() >= kFlushThreshold) flush();
}

bool Connection::read_frame(Frame& f, bool startup) {
  for (;;) {
    if (startup ? decoder_.next_startup(f) : decoder_.next(f)) return true;
    std::string chunk;
    // Whatever is queued goes out before we block waiting for the client.
    flush();
    int timeout_ms = startup ? -1 : idle_in_transaction_timeout_ms();
    auto status = channel_.read_some(chunk, timeout_ms);
    if (status == SocketChannel::ReadStatus::kTimeout)
      throw DbError("25P03", "terminating connection due to idle-in-transaction timeout");
    if (status == SocketChannel::ReadStatus::kStopping) {
      stopping_ = true;
      return false;
    }
    if (status == SocketChannel::ReadStatus::kClosed) return false;
    decoder_.feed(chunk);
  }
}

int Connection::idle_in_transaction_timeout_ms() {
  // PostgreSQL's timer runs only while the session sits in a transaction block
  // after ReadyForQuery, not between the messages of one extended-protocol batch.
  if (!idle_after_ready_ || !session_) return -1;
  char status = static_cast<char>(session_->transaction_status());
  if (status != 'T' && status != 'E') return -1;
  int64_t micros = parse_timeout_micros(session_->get_setting("idle_in_transaction_session_timeout")).value_or(0);
  if (micros <= 0) return -1;
  return static_cast<int>(std::max<int64_t>(1, micros / 1000));
}

// ---- startup ------------------------------------------------------------------

bool Connection::startup() {
  StartupPacket p;
  for (;;) {
    Frame f;
    if (!read_frame(f, true)) return false;
    try {
      p = parse_startup_packet(f.body);
    } catch (const DbError& e) {
      // A protocol 1.x/2.x client reads errors in the old format: 'E' and text.
      if (e.sqlstate() == sqlstate::kFeatureNotSupported && static_cast<uint8_t>(f.body[0]) < 3) {
        out_.raw('E');
        out_.bytes("FATAL:  " + e.fields().message + "\n");
        out_.raw('\0');
        return false;
      }
      throw;
    }
    if (p.kind == StartupKind::kSslRequest && channel_.tls())
      throw DbError(fatal_fields(sqlstate::kProtocolViolation,
                                 "unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0"));
    if (p.kind == StartupKind::kSslRequest && info_.tls) {
      out_.raw('S');
      flush();
      // Bytes sent after the SSLRequest but before the handshake would be
      // trusted as if encrypted (CVE-2021-23214): refuse them, as PostgreSQL does.
      if (decoder_.buffered() > 0)
        throw DbError(fatal_fields(sqlstate::kProtocolViolation, "received unencrypted data after SSL request"));
      std::string error;
      if (!channel_.start_tls(info_.tls->ctx(), error)) {
        std::fprintf(stderr, "LOG:  %s\n", error.c_str());
        return false;
      }
      continue;
    }
    if (p.kind == StartupKind::kSslRequest || p.kind == StartupKind::kGssEncRequest) {
      // No TLS configured, no GSSAPI encryption: the client goes on in plain text.
      out_.raw('N');
      flush();
      continue;
    }
    // CancelRequest: the named session's running statement fails with 57014;
    // the requesting connection is closed without a reply, as PostgreSQL does.
    if (p.kind == StartupKind::kCancelRequest) {
      if (info_.cancels) info_.cancels->cancel(p.cancel_pid, p.cancel_key);
      return false;
    }
    break;
  }

  // Protocol 3.x with x > 0, or _pq_ options: say what we speak.
  std::vector<std::string> unknown_options;
  for (const auto& [name, value] : p.params)
    if (name.rfind("_pq_.", 0) == 0) unknown_options.push_back(name);
  if (p.minor > 0 || !unknown_options.empty()) {
    out_.begin('v');
    out_.int32(0);
    out_.int32(static_cast<int32_t>(unknown_options.size()));
    for (const auto& n : unknown_options) out_.cstring(n);
    out_.end();
  }

  if (info_.over_limit) throw DbError(fatal_fields("53300", "sorry, too many clients already"));
  const std::string* user = p.param("user");
  if (!user || user->empty())
    throw DbError(fatal_fields("28000", "no PostgreSQL user name specified in startup packet"));

  const std::string* database = p.param("database");
  std::string db = database && !database->empty() ? *database : *user;
  if (!authenticate(*user, db)) return false;
  // As in PostgreSQL, the role and the database are looked up after
  // AuthenticationOk has been sent (trust lets unknown roles get this far).
  std::optional<RoleInfo> role = engine_.roles().find(*user);
  if (!role) throw DbError(fatal_fields("28000", "role \"" + *user + "\" does not exist"));
  if (!role->login) throw DbError(fatal_fields("28000", "role \"" + *user + "\" is not permitted to log in"));
  if (info_.role_connections) {
    if (!info_.role_connections->acquire(role->name, role->connection_limit, role->superuser))
      throw DbError(fatal_fields("53300", "too many connections for role \"" + *user + "\""));
    counted_role_ = role->name;
  }
  if (db != "postgres") throw DbError(fatal_fields("3D000", "database \"" + db + "\" does not exist"));

  session_ = std::make_unique<Session>(engine_);
  session_->set_authenticated_role(role->name, role->superuser);
  session_->set_backend_pid(info_.backend_pid);
  copy_ = std::make_unique<CopyProtocol>(
      out_, [this](Frame& f) { return read_frame(f, false); }, [this] { return stopping_; });
  session_->set_copy_channel(copy_.get());
  session_->set_prepared_statements(&sql_deallocate_);
  if (info_.cancels) {
    info_.cancels->add(info_.backend_pid, info_.secret_key, session_.get());
    registered_for_cancel_ = true;
  }
  if (!apply_startup_parameters(p)) return false;
  send_parameter_statuses(false);
  out_.begin('K');
  out_.int32(info_.backend_pid);
  out_.int32(info_.secret_key);
  out_.end();
  send_ready_for_query();
  return true;
}

bool Connection::apply_startup_parameters(const StartupPacket& p) {
  std::vector<std::pair<std::string, std::string>> settings;
  if (info_.session_defaults) settings = *info_.session_defaults;
  for (const auto& [name, value] : p.params) {
    if (name == "user" || name == "database" || name == "replication" || name.rfind("_pq_.", 0) == 0) continue;
    if (name == "options") {
      for (auto& nv : parse_startup_options(value)) settings.push_back(std::move(nv));
      continue;
    }
    settings.emplace_back(name, value);
  }
  for (const auto& [name, value] : settings) {
    try {
      session_->set_setting(name, value);
    } catch (const DbError& e) {
      // libpq sends client_encoding from the client's locale ("SQL_ASCII" under
      // LANG=C). We always speak UTF8 and say so in ParameterStatus; a client
      // that asked otherwise learns it there instead of being refused.
      if (name == "client_encoding") continue;
      ErrorFields f = e.fields();
      f.severity = "FATAL";
      throw DbError(f);
    }
  }
  return true;
}

void Connection::send_parameter_statuses(bool only_changed) {
  // Most statements change no setting: then there is nothing to compare.
  uint64_t version = session_->settings_version();
  if (only_changed && reported_version_ == version) return;
  reported_version_ = version;
  auto report = [&](const std::string& name, const std::string& value) {
    auto it = reported_.find(name);
    if (only_changed && it != reported_.end() && it->second == value) return;
    reported_[name] = value;
    out_.begin('S');
    out_.cstring(name);
    out_.cstring(value);
    out_.end();
  };
  for (const char* name : kReportedParameters) {
    std::string value;
    try {
      value = session_->get_setting(name);
    } catch (const DbError&) {
      continue;
    }
    report(name, value);
  }
  report("in_hot_standby", "off");
}

// ---- main loop ----------------------------------------------------------------

bool Connection::dispatch(const Frame& f) {
  idle_after_ready_ = false;
  if (f.type == 'X') return false;
  if (skip_until_sync_ && f.type != 'S') return true;
  try {
    MessageReader r(f.body);
    switch (f.type) {
      case 'Q': {
        std::string sql = r.cstring();
        r.expect_end();
        simple_query(sql);
        break;
      }
      case 'P': parse_message(r); break;
      case 'B': bind_message(r); break;
      case 'D': describe_message(r); break;
      case 'E': execute_message(r); break;
      case 'C': close_message(r); break;
      case 'S': sync_message(); break;
      case 'H': flush(); break;
      case 'd': case 'c': case 'f':
        break;   // copy messages outside COPY are ignored, as PostgreSQL does
      case 'F':
        throw DbError(sqlstate::kFeatureNotSupported, "the function call protocol message is not supported");
      default:
        throw DbError(fatal_fields(sqlstate::kProtocolViolation,
                                   "invalid frontend message type " +
                                       std::to_string(static_cast<int>(static_cast<uint8_t>(f.type)))));
    }
  } catch (const DbError& e) {
    if (e.fields().severity == "FATAL") throw;
    send_error(e.fields());
    if (f.type == 'Q') send_ready_for_query();
    else skip_until_sync_ = true;
  } catch (const ClientGone&) {
    throw;
  } catch (const std::exception& e) {
    send_error(DbError(sqlstate::kInternalError, e.what()).fields());
    if (f.type == 'Q') send_ready_for_query();
    else skip_until_sync_ = true;
  }
  return true;
}

void Connection::simple_query(const std::string& sql) {
  // A simple query closes the unnamed statement and portal, as in PostgreSQL.
  statements_.erase("");
  portals_.erase("");
  size_t statements = 0;
  try {
    bool described = false;   // RowDescription already sent for the running statement
    auto on_describe = [&](const std::vector<ColumnDesc>& cols) {
      send_row_description(cols, std::vector<int16_t>(cols.size(), 0));
      described = true;
    };
    session_->execute_each(sql, on_describe, [&](QueryResult& r) {
      ++statements;
      send_notices(r);
      if (r.returns_rows) {
        std::vector<int16_t> text(r.columns.size(), 0);
        if (!described) send_row_description(r.columns, text);
        for (const Row& row : r.rows) send_data_row(row, text);
      }
      described = false;
      send_command_complete(r.command_tag);
      maybe_flush();
    });
    if (statements == 0) {
      out_.begin('I');   // EmptyQueryResponse
      out_.end();
    }
  } catch (const DbError& e) {
    if (e.fields().severity == "FATAL") throw;   // e.g. the client broke the COPY sub-protocol
    send_error(e.fields());
  } catch (const ClientGone&) {
    throw;
  } catch (const std::exception& e) {
    send_error(DbError(sqlstate::kInternalError, e.what()).fields());
  }
  send_ready_for_query();
}

// ---- output helpers -------------------------------------------------------------

void Connection::send_row_description(const std::vector<ColumnDesc>& cols, const std::vector<int16_t>& formats) {
  out_.begin('T');
  out_.int16(static_cast<int16_t>(cols.size()));
  for (size_t i = 0; i < cols.size(); ++i) {
    const ColumnDesc& c = cols[i];
    out_.cstring(c.name);
    out_.int32(static_cast<int32_t>(c.table_oid));
    out_.int16(c.column_number);
    out_.int32(static_cast<int32_t>(type_oid(c.type.id)));
    out_.int16(wire_type_length(c.type.id));
    out_.int32(wire_typmod(c.type));
    out_.int16(i < formats.size() ? formats[i] : 0);
  }
  out_.end();
}

void Connection::send_data_row(const Row& row, const std::vector<int16_t>& formats) {
  // Encode first: an encoding error must not leave half a message in out_.
  std::vector<std::string> cells(row.size());
  for (size_t i = 0; i < row.size(); ++i)
    if (!row[i].is_null()) cells[i] = encode_value(row[i], i < formats.size() ? formats[i] : 0);
  out_.begin('D');
  out_.int16(static_cast<int16_t>(row.size()));
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i].is_null()) {
      out_.int32(-1);
      continue;
    }
    out_.int32(static_cast<int32_t>(cells[i].size()));
    out_.bytes(cells[i]);
  }
  out_.end();
  maybe_flush();
}

void Connection::send_notices(const QueryResult& r) {
  if (r.notices.empty()) return;
  // client_min_messages: "warning" hides NOTICEs, "error" hides WARNINGs too.
  std::string min_level;
  try {
    min_level = session_->get_setting("client_min_messages");
  } catch (const DbError&) {
  }
  for (const std::string& n : r.notices) {
    ErrorFields f = classify_notice(n);
    if (min_level == "error" || (min_level == "warning" && f.severity == "NOTICE")) continue;
    write_notice_response(out_, f);
  }
}

void Connection::send_command_complete(const std::string& tag) {
  out_.begin('C');
  out_.cstring(tag);
  out_.end();
}

void Connection::send_error(const ErrorFields& f) { write_error_response(out_, f); }

void Connection::send_ready_for_query() {
  send_parameter_statuses(true);
  out_.begin('Z');
  out_.int8(static_cast<uint8_t>(session_->transaction_status()));
  out_.end();
  flush();
  idle_after_ready_ = true;
}

}  // namespace upsertdb::server
