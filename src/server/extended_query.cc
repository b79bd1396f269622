// The extended query protocol: Parse, Bind, Describe, Execute, Close, Sync.
// Statements are planned once by Session::prepare; a portal holds the bound
// parameters and, once executed, the materialised result, which Execute hands
// out max_rows at a time (PortalSuspended in between). After an error every
// message up to the next Sync is skipped (see Connection::dispatch).
#include <algorithm>
#include <optional>

#include "common/error.h"
#include "server/connection.h"
#include "server/wire_values.h"

namespace upsertdb::server {

namespace {

std::string statement_label(const std::string& name) {
  return name.empty() ? "unnamed prepared statement" : "prepared statement \"" + name + "\"";
}

[[noreturn]] void protocol_error(std::string message) {
  throw DbError(sqlstate::kProtocolViolation, std::move(message));
}

}  // namespace

void Connection::parse_message(MessageReader& r) {
  std::string name = r.cstring();
  std::string query = r.cstring();
  int16_t n = r.int16();
  if (n < 0) protocol_error("invalid message format");
  std::vector<Type> types;
  for (int i = 0; i < n; ++i) {
    uint32_t oid = static_cast<uint32_t>(r.int32());
    TypeId id = oid == 0 ? TypeId::kUnknown : type_from_oid(oid);
    if (oid != 0 && id == TypeId::kUnknown && oid != type_oid(TypeId::kUnknown))
      throw DbError(sqlstate::kUndefinedObject, "type with OID " + std::to_string(oid) + " does not exist");
    types.emplace_back(id);
  }
  r.expect_end();
  if (!name.empty() && statements_.count(name))
    throw DbError("42P05", "prepared statement \"" + name + "\" already exists");
  PreparedStatement ps;
  ps.plan = session_->prepare(query, types);
  ps.param_types = session_->parameter_types(*ps.plan);
  ps.columns = session_->result_columns(*ps.plan);
  statements_[name] = std::move(ps);
  out_.begin('1');   // ParseComplete
  out_.end();
}

void Connection::bind_message(MessageReader& r) {
  std::string portal_name = r.cstring();
  std::string statement_name = r.cstring();
  int16_t nformats = r.int16();
  std::vector<int16_t> param_formats;
  for (int i = 0; i < nformats; ++i) param_formats.push_back(r.int16());
  int16_t nparams = r.int16();
  std::vector<std::optional<std::string_view>> raw;
  for (int i = 0; i < nparams; ++i) {
    int32_t len = r.int32();
    if (len == -1) raw.emplace_back(std::nullopt);
    else if (len < 0) protocol_error("invalid message format");
    else raw.emplace_back(r.bytes(static_cast<size_t>(len)));
  }
  int16_t nresult = r.int16();
  std::vector<int16_t> result_formats;
  for (int i = 0; i < nresult; ++i) result_formats.push_back(r.int16());
  r.expect_end();

  auto it = statements_.find(statement_name);
  if (it == statements_.end())
    throw DbError("26000", statement_label(statement_name) + " does not exist");
  const PreparedStatement& ps = it->second;
  if (nformats > 1 && nformats != nparams)
    protocol_error("bind message has " + std::to_string(nformats) + " parameter formats but " +
                   std::to_string(nparams) + " parameters");
  if (static_cast<size_t>(nparams) != ps.param_types.size())
    protocol_error("bind message supplies " + std::to_string(nparams) + " parameters, but prepared statement \"" +
                   statement_name + "\" requires " + std::to_string(ps.param_types.size()));
  if (!portal_name.empty() && portals_.count(portal_name))
    throw DbError("42P03", "cursor \"" + portal_name + "\" already exists");

  Portal portal;
  portal.plan = ps.plan;
  portal.columns = ps.columns;
  for (int i = 0; i < nparams; ++i) {
    const Type& t = ps.param_types[i];
    int16_t format = nformats == 0 ? 0 : nformats == 1 ? param_formats[0] : param_formats[i];
    if (!raw[i]) portal.params.push_back(Value::null(t.id));
    else portal.params.push_back(decode_param(*raw[i], t, format, i + 1));
  }
  size_t ncols = ps.columns.size();
  if (nresult > 1 && static_cast<size_t>(nresult) != ncols)
    protocol_error("bind message has " + std::to_string(nresult) + " result formats but query has " +
                   std::to_string(ncols) + " columns");
  // Format codes are checked when rows are sent (Execute), as PostgreSQL does.
  portal.requested_formats = result_formats;
  portal.result_formats = formats_per_column(result_formats, ncols);
  portals_[portal_name] = std::move(portal);
  out_.begin('2');   // BindComplete
  out_.end();
}

void Connection::describe_message(MessageReader& r) {
  uint8_t kind = r.byte();
  std::string name = r.cstring();
  r.expect_end();
  if (kind == 'S') {
    auto it = statements_.find(name);
    if (it == statements_.end()) throw DbError("26000", statement_label(name) + " does not exist");
    out_.begin('t');   // ParameterDescription
    out_.int16(static_cast<int16_t>(it->second.param_types.size()));
    for (const Type& t : it->second.param_types) out_.int32(static_cast<int32_t>(type_oid(t.id)));
    out_.end();
    if (it->second.columns.empty()) {
      out_.begin('n');   // NoData
      out_.end();
    } else {
      send_row_description(it->second.columns, {});
    }
  } else if (kind == 'P') {
    auto it = portals_.find(name);
    if (it == portals_.end()) throw DbError("34000", "portal \"" + name + "\" does not exist");
    // Utility statements (SHOW ...) have no planned columns: the statement is
    // run now so RowDescription can describe what Execute will send.
    // COPY is never run early: it answers NoData, as in PostgreSQL.
    if (it->second.columns.empty() && !it->second.executed && !session_->is_copy(*it->second.plan))
      run_portal(it->second);
    if (it->second.columns.empty()) {
      out_.begin('n');
      out_.end();
    } else {
      send_row_description(it->second.columns, it->second.result_formats);
    }
  } else {
    protocol_error("invalid DESCRIBE message subtype " + std::to_string(kind));
  }
}

void Connection::execute_message(MessageReader& r) {
  std::string name = r.cstring();
  int32_t max_rows = r.int32();
  r.expect_end();
  auto it = portals_.find(name);
  if (it == portals_.end()) throw DbError("34000", "portal \"" + name + "\" does not exist");
  Portal& p = it->second;
  for (size_t i = 0; i < p.columns.size(); ++i) check_format(p.result_formats[i], p.columns[i].type);
  if (!p.executed) run_portal(p, decoder_.next_is_sync());
  if (p.result.command_tag.empty()) {
    out_.begin('I');   // EmptyQueryResponse
    out_.end();
    return;
  }
  size_t sent = 0;
  if (p.result.returns_rows) {
    size_t total = p.result.rows.size();
    size_t end = max_rows > 0 ? std::min(total, p.next_row + static_cast<size_t>(max_rows)) : total;
    for (; p.next_row < end; ++p.next_row, ++sent) send_data_row(p.result.rows[p.next_row], p.result_formats);
    if (p.next_row < total) {
      out_.begin('s');   // PortalSuspended
      out_.end();
      return;
    }
  }
  std::string tag = p.result.command_tag;
  // A SELECT fetched in pieces reports the rows of the last piece, as PostgreSQL does.
  if (tag.rfind("SELECT ", 0) == 0 && max_rows > 0) tag = "SELECT " + std::to_string(sent);
  send_command_complete(tag);
}

std::vector<int16_t> Connection::formats_per_column(const std::vector<int16_t>& requested, size_t ncols) {
  std::vector<int16_t> out;
  for (size_t i = 0; i < ncols; ++i)
    out.push_back(requested.empty() ? 0 : requested.size() == 1 ? requested[0] : i < requested.size() ? requested[i] : 0);
  return out;
}

void Connection::run_portal(Portal& p, bool sync_follows) {
  p.executed = true;
  // Statements up to the next Sync share one implicit transaction (PostgreSQL).
  session_->begin_implicit_transaction();
  p.result = session_->execute_prepared(*p.plan, p.params, sync_follows);
  send_notices(p.result);
  if (p.columns.empty() && p.result.returns_rows) {
    p.columns = p.result.columns;
    p.result_formats = formats_per_column(p.requested_formats, p.columns.size());
    for (size_t i = 0; i < p.columns.size(); ++i) check_format(p.result_formats[i], p.columns[i].type);
  }
}

void Connection::close_message(MessageReader& r) {
  uint8_t kind = r.byte();
  std::string name = r.cstring();
  r.expect_end();
  if (kind == 'S') statements_.erase(name);
  else if (kind == 'P') portals_.erase(name);
  else protocol_error("invalid CLOSE message subtype " + std::to_string(kind));
  out_.begin('3');   // CloseComplete
  out_.end();
}

void Connection::sync_message() {
  skip_until_sync_ = false;
  try {
    session_->end_implicit_transaction();
  } catch (const DbError& e) {
    send_error(e.fields());   // a deferred constraint failing at the implicit commit
  }
  // Portals live until their transaction ends.
  if (session_->transaction_status() == 'I') portals_.clear();
  send_ready_for_query();
}

}  // namespace upsertdb::server
