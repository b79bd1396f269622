// Translator: transaction control, SET / RESET / SHOW, SET CONSTRAINTS,
// EXPLAIN, DISCARD.
#include <cctype>

#include "sql/translate.h"

namespace upsertdb::sql_internal {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Transaction modes (BEGIN ..., SET TRANSACTION ...): DefElems named
// transaction_isolation / transaction_read_only / transaction_deferrable whose
// argument is an A_Const (string for the level, integer 0/1 for the flags).
struct TxnModes {
  std::string isolation;
  std::optional<bool> read_only;
  std::optional<bool> deferrable;
};

TxnModes transaction_modes(const Json& list) {
  TxnModes m;
  for (const Json& n : list) {
    const Json& d = node_body(n);
    std::string_view name = str_member(d, "defname");
    const Json* arg = member(d, "arg");
    static const Json kEmpty = Json::object();
    const Json& value = arg ? node_body(*arg) : kEmpty;
    if (name == "transaction_isolation") {
      if (const Json* sv = member(value, "sval")) m.isolation = std::string(str_member(*sv, "sval"));
    } else {
      // Integer 1 / 0; 0 comes back as an empty "ival" object.
      bool on = false;
      if (const Json* iv = member(value, "ival")) on = int_member(*iv, "ival") != 0;
      if (name == "transaction_read_only") {
        m.read_only = on;
      } else if (name == "transaction_deferrable") {
        m.deferrable = on;
      } else {
        not_supported("transaction option \"" + std::string(name) + "\" is not supported", location_of(d));
      }
    }
  }
  return m;
}

}  // namespace

ast::StmtPtr Translator::transaction(const Json& body) {
  auto s = std::make_unique<ast::TransactionStmt>();
  std::string_view kind = str_member(body, "kind");
  if (kind == "TRANS_STMT_BEGIN") s->txn_kind = ast::TxnKind::kBegin;
  else if (kind == "TRANS_STMT_START") s->txn_kind = ast::TxnKind::kStart;
  else if (kind == "TRANS_STMT_COMMIT") s->txn_kind = ast::TxnKind::kCommit;
  else if (kind == "TRANS_STMT_ROLLBACK") s->txn_kind = ast::TxnKind::kRollback;
  else if (kind == "TRANS_STMT_SAVEPOINT") s->txn_kind = ast::TxnKind::kSavepoint;
  else if (kind == "TRANS_STMT_RELEASE") s->txn_kind = ast::TxnKind::kRelease;
  else if (kind == "TRANS_STMT_ROLLBACK_TO") s->txn_kind = ast::TxnKind::kRollbackTo;
  else if (kind == "TRANS_STMT_PREPARE") s->txn_kind = ast::TxnKind::kPrepare;
  else if (kind == "TRANS_STMT_COMMIT_PREPARED") s->txn_kind = ast::TxnKind::kCommitPrepared;
  else if (kind == "TRANS_STMT_ROLLBACK_PREPARED") s->txn_kind = ast::TxnKind::kRollbackPrepared;
  else not_supported(std::string(kind) + " is not supported");
  s->savepoint = std::string(str_member(body, "savepoint_name"));
  if (s->savepoint.empty()) s->savepoint = std::string(str_member(body, "gid"));   // PREPARE TRANSACTION 'gid'
  s->chain = bool_member(body, "chain");
  TxnModes m = transaction_modes(list_member(body, "options"));
  s->isolation = std::move(m.isolation);
  s->read_only = m.read_only;
  s->deferrable = m.deferrable;
  return s;
}

ast::StmtPtr Translator::variable_set(const Json& body) {
  auto s = std::make_unique<ast::SetStmt>();
  std::string_view kind = str_member(body, "kind");
  s->is_local = bool_member(body, "is_local");
  s->name = lower(str_member(body, "name"));
  if (kind == "VAR_SET_VALUE") {
    s->set_kind = ast::SetStmt::Kind::kValue;
    for (const Json& a : list_member(body, "args")) {
      const Json& b = node_body(a);
      if (node_type(a) != "A_Const") {
        // e.g. SET TIME ZONE INTERVAL '+1' HOUR TO MINUTE
        not_supported("SET " + s->name + " with this kind of value is not supported", location_of(b));
      }
      if (const Json* iv = member(b, "ival")) {
        s->values.push_back(std::to_string(integer_value(*iv, location_of(b))));
      } else if (const Json* fv = member(b, "fval")) {
        s->values.emplace_back(str_member(*fv, "fval"));
      } else if (const Json* sv = member(b, "sval")) {
        s->values.emplace_back(str_member(*sv, "sval"));
      } else if (const Json* bv = member(b, "boolval")) {
        s->values.emplace_back(bool_member(*bv, "boolval") ? "on" : "off");
      } else {
        s->values.push_back(std::to_string(integer_value(Json::object(), location_of(b))));
      }
    }
  } else if (kind == "VAR_SET_DEFAULT") {
    s->set_kind = ast::SetStmt::Kind::kDefault;
  } else if (kind == "VAR_SET_CURRENT") {
    s->set_kind = ast::SetStmt::Kind::kCurrent;
  } else if (kind == "VAR_RESET") {
    s->set_kind = ast::SetStmt::Kind::kReset;
  } else if (kind == "VAR_RESET_ALL") {
    s->set_kind = ast::SetStmt::Kind::kResetAll;
    s->name = "all";
  } else if (kind == "VAR_SET_MULTI") {
    // SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...
    if (s->name == "transaction snapshot") not_supported("SET TRANSACTION SNAPSHOT is not supported");
    s->set_kind = ast::SetStmt::Kind::kMulti;
    TxnModes m = transaction_modes(list_member(body, "args"));
    s->isolation = std::move(m.isolation);
    s->read_only = m.read_only;
    s->deferrable = m.deferrable;
  } else {
    not_supported(std::string(kind) + " is not supported");
  }
  return s;
}

ast::StmtPtr Translator::constraints_set(const Json& body) {
  auto s = std::make_unique<ast::SetStmt>();
  s->set_kind = ast::SetStmt::Kind::kValue;
  s->name = "constraints";
  s->is_constraints = true;
  s->deferred = bool_member(body, "deferred");
  for (const Json& r : list_member(body, "constraints")) {
    ast::RangeVar rv = range_var(node_body(r));
    if (rv.schema.empty()) {
      s->constraint_names.push_back({rv.name});
    } else {
      s->constraint_names.push_back({rv.schema, rv.name});
    }
  }
  return s;
}

ast::StmtPtr Translator::show(const Json& body) {
  auto s = std::make_unique<ast::ShowStmt>();
  s->name = lower(str_member(body, "name"));
  return s;
}

ast::StmtPtr Translator::explain(const Json& body) {
  auto s = std::make_unique<ast::ExplainStmt>();
  for (const Json& n : list_member(body, "options")) {
    const Json& d = node_body(n);
    std::string name(str_member(d, "defname"));
    std::string value;
    if (const Json* arg = member(d, "arg")) {
      const Json& a = node_body(*arg);
      std::string_view t = node_type(*arg);
      if (t == "String") {
        value = std::string(str_member(a, "sval"));
      } else if (t == "Integer") {
        value = std::to_string(int_member(a, "ival"));
      } else if (t == "Boolean") {
        value = bool_member(a, "boolval") ? "true" : "false";
      } else if (t == "Float") {
        value = std::string(str_member(a, "fval"));
      }
    }
    if (name == "analyze" || name == "verbose") {
      // No argument, or a boolean spelling (on/off/true/false/1/0).
      std::string v = lower(value);
      bool on = v.empty() || v == "true" || v == "on" || v == "1" || v == "yes";
      if (!on && v != "false" && v != "off" && v != "0" && v != "no") {
        fail(sqlstate::kSyntaxError, name + " requires a Boolean value", location_of(d));
      }
      (name == "analyze" ? s->analyze : s->verbose) = on;
    } else {
      s->other_options.emplace_back(std::move(name), std::move(value));
    }
  }
  const Json& q = required(body, "query");
  std::string_view qt = node_type(q);
  if (qt != "SelectStmt" && qt != "InsertStmt" && qt != "UpdateStmt" && qt != "DeleteStmt" && qt != "MergeStmt" &&
      qt != "CreateTableAsStmt") {
    not_supported("EXPLAIN " + statement_name(qt, node_body(q)) + " is not supported");
  }
  s->query = statement(q);
  return s;
}

ast::StmtPtr Translator::discard(const Json& body) {
  auto s = std::make_unique<ast::DiscardStmt>();
  std::string_view t = str_member(body, "target");
  if (t.rfind("DISCARD_", 0) == 0) t.remove_prefix(8);
  s->target = lower(t);
  return s;
}

ast::StmtPtr Translator::deallocate(const Json& body) {
  auto s = std::make_unique<ast::DeallocateStmt>();
  s->name = std::string(str_member(body, "name"));
  return s;
}

}  // namespace upsertdb::sql_internal

// ---- COPY ---------------------------------------------------------------------

namespace upsertdb::sql_internal {

namespace {

// One DefElem of COPY's option list, its argument kept as written.
ast::CopyOption copy_option(const Json& body) {
  ast::CopyOption o;
  o.name = std::string(str_member(body, "defname"));
  o.location = location_of(body);
  const Json* arg = member(body, "arg");
  if (!arg) return o;
  std::string_view t = node_type(*arg);
  const Json& a = node_body(*arg);
  using Arg = ast::CopyOption::Arg;
  if (t == "String") {
    o.arg = Arg::kString;
    o.value = std::string(str_member(a, "sval"));
  } else if (t == "Integer") {
    o.arg = Arg::kInteger;
    o.value = std::to_string(int_member(a, "ival", 0));   // 0 comes back as an empty object
  } else if (t == "Float") {
    o.arg = Arg::kFloat;
    o.value = std::string(str_member(a, "fval"));
  } else if (t == "Boolean") {
    o.arg = Arg::kBoolean;
    o.value = bool_member(a, "boolval") ? "true" : "false";
  } else if (t == "A_Star") {
    o.arg = Arg::kStar;
    o.value = "*";
  } else if (t == "List") {
    o.arg = Arg::kList;
    o.list = string_list(list_member(a, "items"));
  } else {
    not_supported("COPY option \"" + o.name + "\" with this kind of value is not supported", o.location);
  }
  return o;
}

}  // namespace

ast::StmtPtr Translator::copy(const Json& body) {
  auto s = std::make_unique<ast::CopyStmt>();
  if (const Json* rel = member(body, "relation")) {
    s->table = range_var(*rel);
    s->location = location_of(*rel);
  }
  if (const Json* q = member(body, "query")) {
    std::string_view qt = node_type(*q);
    if (qt != "SelectStmt") not_supported("COPY (" + statement_name(qt, node_body(*q)) + ") is not supported");
    s->query = statement(*q);
  }
  for (const Json& c : list_member(body, "attlist")) s->columns.push_back(string_node(c));
  s->is_from = bool_member(body, "is_from");
  s->is_program = bool_member(body, "is_program");
  s->filename = std::string(str_member(body, "filename"));
  s->has_where = member(body, "whereClause") != nullptr;
  for (const Json& n : list_member(body, "options")) s->options.push_back(copy_option(node_body(n)));
  return s;
}

}  // namespace upsertdb::sql_internal
