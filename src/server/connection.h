// Connection: one client from startup packet to Terminate, over its own
// Session on the shared Engine. It speaks protocol 3.0: startup (SSL and
// GSSAPI encryption refused with 'N', trust authentication), simple query and
// the extended query protocol. It holds no SQL semantics; every statement goes
// to the Session. One thread runs one Connection.
//
// Startup: SSLRequest is answered 'S' and TLS negotiated when the server has a
// certificate ('N' otherwise); the access rules pick the authentication method
// (trust, password, md5, SCRAM-SHA-256: auth.cc); no Session exists and no
// query is read before authentication succeeds.
//
// Errors: a DbError from the session becomes an ErrorResponse; a broken
// stream (bad framing, unknown message type) ends the connection with a FATAL
// 08P01; a client that disappears just ends it. Nothing here may take the
// server down.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "engine/query_result.h"
#include "engine/roles.h"
#include "engine/session.h"
#include "server/copy_protocol.h"
#include "server/message_decoder.h"
#include "server/message_reader.h"
#include "server/message_writer.h"
#include "server/socket_channel.h"

namespace upsertdb {
class Engine;
}

namespace upsertdb::server {

class CancelRegistry;
class HbaRules;
class RoleConnections;
class TlsContext;

struct ConnectionInfo {
  int32_t backend_pid = 0;     // sent in BackendKeyData
  int32_t secret_key = 0;
  // More clients than max_connections: refused with FATAL 53300 once the
  // startup packet has been read, as PostgreSQL does.
  bool over_limit = false;
  // Server-wide settings (serve -c name=value), applied before the client's own.
  const std::vector<std::pair<std::string, std::string>>* session_defaults = nullptr;
  // Where CancelRequests find sessions (null: cancelling is off).
  CancelRegistry* cancels = nullptr;
  // Access rules; null = trust everyone (unit tests over socketpairs).
  const HbaRules* hba = nullptr;
  // TLS configuration; null = SSLRequest answered 'N'.
  const TlsContext* tls = nullptr;
  // Sessions per role, for CONNECTION LIMIT (null: not enforced).
  RoleConnections* role_connections = nullptr;
};

class Connection {
 public:
  Connection(Engine& engine, int fd, int stop_fd, ConnectionInfo info);
  ~Connection();
  // Serves the client until it leaves, the stream breaks or the server stops.
  void run();

 private:
  struct PreparedStatement {
    std::shared_ptr<PreparedPlan> plan;
    std::vector<Type> param_types;
    std::vector<ColumnDesc> columns;
  };
  struct Portal {
    std::shared_ptr<PreparedPlan> plan;
    std::vector<ColumnDesc> columns;
    std::vector<int16_t> requested_formats;  // as Bind sent them (0, 1 or one per column)
    std::vector<int16_t> result_formats;   // one per column
    std::vector<Value> params;
    bool executed = false;                 // result materialised below
    QueryResult result;
    size_t next_row = 0;
  };

  // Startup phase; false when the connection must end.
  bool startup();
  bool apply_startup_parameters(const struct StartupPacket& p);
  // Authentication (auth.cc): runs the method the access rules choose for
  // this client; returns normally only when the client is authenticated.
  // Failures throw FATAL DbErrors (28000, 28P01, 08P01); false = the client
  // left (or sent an empty password), end without a word.
  bool authenticate(const std::string& user, const std::string& database);
  bool password_exchange(const std::string& user, const std::optional<RoleInfo>& role);
  bool md5_exchange(const std::string& user, const std::optional<RoleInfo>& role);
  bool scram_exchange(const std::string& user, const std::optional<RoleInfo>& role);
  // Reads the client's next authentication message ('p'); false when it left.
  bool read_auth_message(Frame& f, const char* expected);
  void send_parameter_statuses(bool only_changed);

  // Main loop: one frame; false when the connection must end.
  bool dispatch(const Frame& f);
  void simple_query(const std::string& sql);
  void parse_message(MessageReader& r);
  void bind_message(MessageReader& r);
  void describe_message(MessageReader& r);
  void execute_message(MessageReader& r);
  void close_message(MessageReader& r);
  void sync_message();
  // Runs a portal's statement once and keeps its result for Execute.
  // `sync_follows`: the next message is Sync (the session may commit right after).
  void run_portal(Portal& p, bool sync_follows = false);
  static std::vector<int16_t> formats_per_column(const std::vector<int16_t>& requested, size_t ncols);

  void send_row_description(const std::vector<ColumnDesc>& cols, const std::vector<int16_t>& formats);
  void send_data_row(const Row& row, const std::vector<int16_t>& formats);
  void send_notices(const QueryResult& r);
  void send_command_complete(const std::string& tag);
  void send_error(const ErrorFields& f);
  void send_ready_for_query();

  // Output: buffered in out_, written by flush(); a dead peer throws ClientGone.
  void flush();
  void maybe_flush();
  // Reads until the decoder holds a frame; false on EOF or server stop.
  bool read_frame(Frame& f, bool startup);
  // How long the next read may wait: idle_in_transaction_session_timeout while
  // idle in a transaction block, else -1 (forever).
  int idle_in_transaction_timeout_ms();

  Engine& engine_;
  SocketChannel channel_;
  ConnectionInfo info_;
  std::unique_ptr<Session> session_;
  std::unique_ptr<CopyProtocol> copy_;      // the session's COPY channel (copy_protocol.h)
  MessageDecoder decoder_;
  MessageWriter out_;
  bool stopping_ = false;                    // server shutdown seen while reading
  bool skip_until_sync_ = false;            // extended-protocol error recovery
  bool idle_after_ready_ = false;           // ReadyForQuery sent, no message since
  bool registered_for_cancel_ = false;
  std::string counted_role_;                // counted in info_.role_connections
  std::map<std::string, PreparedStatement> statements_;
  // DEALLOCATE / DISCARD ALL from SQL drop named statements (one namespace, as PostgreSQL).
  struct SqlDeallocate : Session::PreparedStatements {
    explicit SqlDeallocate(std::map<std::string, PreparedStatement>* s) : statements(s) {}
    std::map<std::string, PreparedStatement>* statements;
    bool deallocate(const std::string& name) override { return !name.empty() && statements->erase(name) > 0; }
    void deallocate_all() override {
      for (auto it = statements->begin(); it != statements->end();)
        it = it->first.empty() ? std::next(it) : statements->erase(it);
    }
  } sql_deallocate_{&statements_};
  std::map<std::string, Portal> portals_;
  std::map<std::string, std::string> reported_;   // ParameterStatus values last sent
  uint64_t reported_version_ = 0;                  // the settings version they were read at
};

}  // namespace upsertdb::server
