// Translator: JSON access helpers and the statement dispatch.
#include "sql/translate.h"

#include <cctype>

namespace upsertdb::sql_internal {

const Json* member(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string_view str_member(const Json& obj, const char* key) {
  const Json* v = member(obj, key);
  if (!v || !v->is_string()) return {};
  return v->str();
}

bool bool_member(const Json& obj, const char* key) {
  const Json* v = member(obj, key);
  return v && v->is_boolean() && v->get<bool>();
}

int64_t int_member(const Json& obj, const char* key, int64_t absent) {
  const Json* v = member(obj, key);
  if (!v || !v->is_number()) return absent;
  return v->get<int64_t>();
}

const Json& required(const Json& obj, const char* key) {
  const Json* v = member(obj, key);
  if (!v) throw DbError(sqlstate::kInternalError, std::string("parse tree node lacks field \"") + key + "\"");
  return *v;
}

int location_of(const Json& body) { return static_cast<int>(int_member(body, "location", -1)); }

const Json& list_member(const Json& obj, const char* key) {
  static const Json kEmpty = Json::array();
  const Json* v = member(obj, key);
  return v && v->is_array() ? *v : kEmpty;
}

std::string_view node_type(const Json& node) {
  if (!node.is_object() || node.empty()) return {};
  return node.begin().key();
}

const Json& node_body(const Json& node) {
  static const Json kEmpty = Json::object();
  if (!node.is_object() || node.empty()) return kEmpty;
  return node.begin().value();
}

std::string string_node(const Json& node) {
  if (node_type(node) != "String") {
    throw DbError(sqlstate::kInternalError, "unexpected node in name list: " + std::string(node_type(node)));
  }
  return std::string(str_member(node_body(node), "sval"));
}

std::vector<std::string> string_list(const Json& list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const Json& n : list) {
    if (node_type(n) == "A_Star") {
      out.emplace_back("*");
    } else {
      out.push_back(string_node(n));
    }
  }
  return out;
}

void fail(const char* state, std::string message, int location) {
  DbError e(state, std::move(message));
  if (location >= 0) e.position(location + 1);   // parse_sql turns bytes into characters
  throw e;
}

void not_supported(std::string what, int location) { fail(sqlstate::kFeatureNotSupported, std::move(what), location); }

// The translator may use this much stack (bytes) for nesting: PostgreSQL's
// default max_stack_depth, good for about 3800 levels of expression nesting
// (PostgreSQL itself takes a 3000-term sum but not a 5000-term one). Threads
// running the parser need a stack comfortably larger (the default 8MB is).
constexpr std::ptrdiff_t kStackBudget = 2048 * 1024;

Translator::Translator(std::string_view sql) : sql_(sql) {
  char here;
  stack_base_ = &here;
}

DepthGuard::DepthGuard(Translator& t) {
  char here;
  std::ptrdiff_t used = t.stack_base_ - &here;   // the stack grows down on every platform we build for
  if (used < 0) used = -used;
  if (used > kStackBudget) {
    throw DbError("54001", "stack depth limit exceeded")
        .hint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), "
              "after ensuring the platform's stack depth limit is adequate.");
  }
}

namespace {

// "CreateFunctionStmt" -> "CREATE FUNCTION": the command named by a node type.
std::string words_of(std::string_view type) {
  if (type.size() > 4 && type.substr(type.size() - 4) == "Stmt") type.remove_suffix(4);
  std::string out;
  for (size_t i = 0; i < type.size(); ++i) {
    char c = type[i];
    bool upper = std::isupper(static_cast<unsigned char>(c));
    if (i > 0 && upper && !std::isupper(static_cast<unsigned char>(type[i - 1]))) out += ' ';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string object_words(std::string_view objtype) {
  // "OBJECT_MATVIEW" -> "MATERIALIZED VIEW", "OBJECT_FOREIGN_TABLE" -> "FOREIGN TABLE"
  if (objtype.rfind("OBJECT_", 0) == 0) objtype.remove_prefix(7);
  if (objtype == "MATVIEW") return "MATERIALIZED VIEW";
  if (objtype == "TABCONSTRAINT") return "CONSTRAINT";
  if (objtype == "FDW") return "FOREIGN DATA WRAPPER";
  if (objtype == "TSCONFIGURATION") return "TEXT SEARCH CONFIGURATION";
  if (objtype == "TSDICTIONARY") return "TEXT SEARCH DICTIONARY";
  if (objtype == "TSPARSER") return "TEXT SEARCH PARSER";
  if (objtype == "TSTEMPLATE") return "TEXT SEARCH TEMPLATE";
  if (objtype == "ACCESS_METHOD") return "ACCESS METHOD";
  std::string out(objtype);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

}  // namespace

std::string statement_name(std::string_view type, const Json& body) {
  static const std::pair<std::string_view, std::string_view> kFixed[] = {
      {"CreateOpClassStmt", "CREATE OPERATOR CLASS"},
      {"CreateOpFamilyStmt", "CREATE OPERATOR FAMILY"},
      {"AlterOpFamilyStmt", "ALTER OPERATOR FAMILY"},
      {"AlterTSConfigurationStmt", "ALTER TEXT SEARCH CONFIGURATION"},
      {"AlterTSDictionaryStmt", "ALTER TEXT SEARCH DICTIONARY"},
      {"CreateFdwStmt", "CREATE FOREIGN DATA WRAPPER"},
      {"AlterFdwStmt", "ALTER FOREIGN DATA WRAPPER"},
      {"CreateForeignServerStmt", "CREATE SERVER"},
      {"AlterForeignServerStmt", "ALTER SERVER"},
      {"CreateForeignTableStmt", "CREATE FOREIGN TABLE"},
      {"CreateAmStmt", "CREATE ACCESS METHOD"},
      {"CreatePLangStmt", "CREATE LANGUAGE"},
      {"AlterExtensionContentsStmt", "ALTER EXTENSION"},
      {"CreateStatsStmt", "CREATE STATISTICS"},
      {"AlterStatsStmt", "ALTER STATISTICS"},
      {"CreateEventTrigStmt", "CREATE EVENT TRIGGER"},
      {"AlterEventTrigStmt", "ALTER EVENT TRIGGER"},
      {"AlterDefaultPrivilegesStmt", "ALTER DEFAULT PRIVILEGES"},
      {"ReassignOwnedStmt", "REASSIGN OWNED"},
      {"DropOwnedStmt", "DROP OWNED"},
      {"AlterDatabaseSetStmt", "ALTER DATABASE"},
      {"AlterDatabaseRefreshCollStmt", "ALTER DATABASE"},
      {"AlterRoleSetStmt", "ALTER ROLE"},
      {"AlterEnumStmt", "ALTER TYPE"},
      {"CreateTableSpaceStmt", "CREATE TABLESPACE"},
      {"DropTableSpaceStmt", "DROP TABLESPACE"},
      {"AlterTableSpaceOptionsStmt", "ALTER TABLESPACE"},
      {"AlterTableMoveAllStmt", "ALTER TABLE ... SET TABLESPACE"},
      {"AlterObjectDependsStmt", "ALTER ... DEPENDS ON EXTENSION"},
      {"CreateConversionStmt", "CREATE CONVERSION"},
      {"CreateTransformStmt", "CREATE TRANSFORM"},
      {"CreateUserMappingStmt", "CREATE USER MAPPING"},
      {"AlterUserMappingStmt", "ALTER USER MAPPING"},
      {"DropUserMappingStmt", "DROP USER MAPPING"},
      {"ImportForeignSchemaStmt", "IMPORT FOREIGN SCHEMA"},
      {"CreateCastStmt", "CREATE CAST"},
      {"ClusterStmt", "CLUSTER"},
      {"ReindexStmt", "REINDEX"},
      {"NotifyStmt", "NOTIFY"},
      {"UnlistenStmt", "UNLISTEN"},
      {"ListenStmt", "LISTEN"},
      {"PrepareStmt", "PREPARE"},
      {"ExecuteStmt", "EXECUTE"},
      {"LoadStmt", "LOAD"},
  };
  for (const auto& [k, v] : kFixed) {
    if (k == type) return std::string(v);
  }
  if (type == "AlterFunctionStmt") {
    std::string_view o = str_member(body, "objtype");
    return o == "OBJECT_PROCEDURE" ? "ALTER PROCEDURE" : o == "OBJECT_ROUTINE" ? "ALTER ROUTINE" : "ALTER FUNCTION";
  }
  if (type == "CopyStmt") return "COPY";
  if (type == "GrantStmt" || type == "GrantRoleStmt") return bool_member(body, "is_grant") ? "GRANT" : "REVOKE";
  if (type == "ViewStmt") return "CREATE VIEW";
  if (type == "CreateFunctionStmt") return bool_member(body, "is_procedure") ? "CREATE PROCEDURE" : "CREATE FUNCTION";
  if (type == "CreateRoleStmt") {
    std::string_view kind = str_member(body, "stmt_type");
    return kind == "ROLESTMT_USER" ? "CREATE USER" : kind == "ROLESTMT_GROUP" ? "CREATE GROUP" : "CREATE ROLE";
  }
  if (type == "DropRoleStmt") return "DROP ROLE";
  if (type == "AlterRoleStmt") return "ALTER ROLE";
  if (type == "DoStmt") return "DO";
  if (type == "DeclareCursorStmt") return "DECLARE CURSOR";
  if (type == "FetchStmt") return bool_member(body, "ismove") ? "MOVE" : "FETCH";
  if (type == "ClosePortalStmt") return "CLOSE CURSOR";
  if (type == "LockStmt") return "LOCK TABLE";
  if (type == "VacuumStmt") return bool_member(body, "is_vacuumcmd") ? "VACUUM" : "ANALYZE";
  if (type == "CreatedbStmt") return "CREATE DATABASE";
  if (type == "DropdbStmt") return "DROP DATABASE";
  if (type == "CreateTrigStmt") return "CREATE TRIGGER";
  if (type == "RuleStmt") return "CREATE RULE";
  if (type == "CreateEnumStmt" || type == "CompositeTypeStmt" || type == "CreateRangeStmt") return "CREATE TYPE";
  if (type == "CreateExtensionStmt") return "CREATE EXTENSION";
  if (type == "CreateDomainStmt") return "CREATE DOMAIN";
  if (type == "RefreshMatViewStmt") return "REFRESH MATERIALIZED VIEW";
  if (type == "SecLabelStmt") return "SECURITY LABEL";
  if (type == "CallStmt") return "CALL";
  if (type == "DeallocateStmt") return "DEALLOCATE";
  if (type == "DefineStmt") return "CREATE " + object_words(str_member(body, "kind"));
  if (type == "CommentStmt") return "COMMENT";
  if (type == "AlterOwnerStmt") return "ALTER " + object_words(str_member(body, "objectType")) + " OWNER";
  if (type == "AlterObjectSchemaStmt") return "ALTER " + object_words(str_member(body, "objectType")) + " SET SCHEMA";
  if (type == "CreateTableAsStmt") return "CREATE " + object_words(str_member(body, "objtype"));
  return words_of(type);
}

ast::StmtPtr Translator::statement(const Json& node) {
  std::string_view type = node_type(node);
  const Json& body = node_body(node);
  if (type == "SelectStmt") {
    if (member(body, "intoClause")) return create_table_as(body);
    return select(body);
  }
  if (type == "InsertStmt") return insert(body);
  if (type == "UpdateStmt") return update(body);
  if (type == "DeleteStmt") return delete_(body);
  if (type == "MergeStmt") return merge(body);
  if (type == "TransactionStmt") return transaction(body);
  if (type == "VariableSetStmt") return variable_set(body);
  if (type == "VariableShowStmt") return show(body);
  if (type == "CreateStmt") return create_table(body);
  if (type == "CreateTableAsStmt") return create_table_as(body);
  if (type == "IndexStmt") return create_index(body);
  if (type == "DropStmt") return drop(body);
  if (type == "AlterTableStmt") return alter_table(body);
  if (type == "RenameStmt" && str_member(body, "renameType") == "OBJECT_ROLE") return role(type, body);
  if (type == "RenameStmt") return rename(body);
  if (type == "CreateSeqStmt") return create_sequence(body);
  if (type == "AlterSeqStmt") return alter_sequence(body);
  if (type == "TruncateStmt") return truncate(body);
  if (type == "ConstraintsSetStmt") return constraints_set(body);
  if (type == "ExplainStmt") return explain(body);
  if (type == "CheckPointStmt") return std::make_unique<ast::CheckpointStmt>();
  if (type == "DiscardStmt") return discard(body);
  if (type == "DeallocateStmt") return deallocate(body);
  if (type == "CreateSchemaStmt") return create_schema(body);
  if (type == "CopyStmt") return copy(body);
  if (type == "CreateRoleStmt" || type == "AlterRoleStmt" || type == "DropRoleStmt") return role(type, body);   // translate_role.cc
  not_supported(statement_name(type, body) + " is not supported");
}

}  // namespace upsertdb::sql_internal
