// Translator: CREATE TABLE / INDEX / SEQUENCE / SCHEMA, DROP, ALTER TABLE,
// RENAME, ALTER SEQUENCE, TRUNCATE.
#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "sql/text_scan.h"
#include "sql/translate.h"

namespace upsertdb::sql_internal {

using ast::ConstraintType;

namespace {

[[noreturn]] void syntax_error(std::string message, int location) {
  fail(sqlstate::kSyntaxError, std::move(message), location);
}

bool deferrable_kind(ConstraintType t) {
  return t == ConstraintType::kPrimaryKey || t == ConstraintType::kUnique || t == ConstraintType::kForeignKey ||
         t == ConstraintType::kExclusion;
}

// Column constraints arrive as a flat list in which DEFERRABLE / INITIALLY ...
// are separate entries following the constraint they modify; fold them in, with
// PostgreSQL's checks and messages (transformConstraintAttrs).
std::vector<ast::Constraint> fold_constraint_attributes(std::vector<ast::Constraint> in) {
  std::vector<ast::Constraint> out;
  ast::Constraint* last = nullptr;
  bool saw_deferrability = false, saw_initially = false;
  for (ast::Constraint& c : in) {
    bool target_ok = last && deferrable_kind(last->type);
    switch (c.type) {
      case ConstraintType::kAttrDeferrable:
        if (!target_ok) syntax_error("misplaced DEFERRABLE clause", c.location);
        if (saw_deferrability) syntax_error("multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed", c.location);
        saw_deferrability = true;
        last->deferrable = true;
        break;
      case ConstraintType::kAttrNotDeferrable:
        if (!target_ok) syntax_error("misplaced NOT DEFERRABLE clause", c.location);
        if (saw_deferrability) syntax_error("multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed", c.location);
        saw_deferrability = true;
        last->deferrable = false;
        if (saw_initially && last->initially_deferred) {
          syntax_error("constraint declared INITIALLY DEFERRED must be DEFERRABLE", c.location);
        }
        break;
      case ConstraintType::kAttrDeferred:
        if (!target_ok) syntax_error("misplaced INITIALLY DEFERRED clause", c.location);
        if (saw_initially) syntax_error("multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed", c.location);
        saw_initially = true;
        last->initially_deferred = true;
        // INITIALLY DEFERRED implies DEFERRABLE unless NOT DEFERRABLE was said.
        if (!saw_deferrability) {
          last->deferrable = true;
        } else if (!last->deferrable) {
          syntax_error("constraint declared INITIALLY DEFERRED must be DEFERRABLE", c.location);
        }
        break;
      case ConstraintType::kAttrImmediate:
        if (!target_ok) syntax_error("misplaced INITIALLY IMMEDIATE clause", c.location);
        if (saw_initially) syntax_error("multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed", c.location);
        saw_initially = true;
        last->initially_deferred = false;
        break;
      default:
        out.push_back(std::move(c));
        last = &out.back();
        saw_deferrability = saw_initially = false;
        break;
    }
  }
  return out;
}

ast::FkAction fk_action(std::string_view a) {
  if (a.empty()) return ast::FkAction::kNoAction;
  switch (a[0]) {
    case 'r': return ast::FkAction::kRestrict;
    case 'c': return ast::FkAction::kCascade;
    case 'n': return ast::FkAction::kSetNull;
    case 'd': return ast::FkAction::kSetDefault;
    default: return ast::FkAction::kNoAction;
  }
}

// Smallest "location" in a JSON subtree (where an expression's text begins,
// give or take an opening parenthesis), -1 if none.
int min_location(const Json& j) {
  int best = -1;
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "location" && it->is_number()) {
        int v = it->get<int>();
        if (v >= 0 && (best < 0 || v < best)) best = v;
      } else if (it->is_structured()) {
        int v = min_location(*it);
        if (v >= 0 && (best < 0 || v < best)) best = v;
      }
    }
  } else if (j.is_array()) {
    for (const Json& e : j) {
      int v = min_location(e);
      if (v >= 0 && (best < 0 || v < best)) best = v;
    }
  }
  return best;
}

std::string alter_subcommand_name(std::string_view subtype) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"AT_ChangeOwner", "OWNER TO"},
      {"AT_SetStatistics", "ALTER COLUMN SET STATISTICS"},
      {"AT_SetOptions", "ALTER COLUMN SET (...)"},
      {"AT_ResetOptions", "ALTER COLUMN RESET (...)"},
      {"AT_SetStorage", "ALTER COLUMN SET STORAGE"},
      {"AT_SetCompression", "ALTER COLUMN SET COMPRESSION"},
      {"AT_AddIdentity", "ALTER COLUMN ADD GENERATED AS IDENTITY"},
      {"AT_SetIdentity", "ALTER COLUMN SET identity option"},
      {"AT_DropIdentity", "ALTER COLUMN DROP IDENTITY"},
      {"AT_DropExpression", "ALTER COLUMN DROP EXPRESSION"},
      {"AT_AlterConstraint", "ALTER CONSTRAINT"},
      {"AT_ValidateConstraint", "VALIDATE CONSTRAINT"},
      {"AT_ClusterOn", "CLUSTER ON"},
      {"AT_DropCluster", "SET WITHOUT CLUSTER"},
      {"AT_SetLogged", "SET LOGGED"},
      {"AT_SetUnLogged", "SET UNLOGGED"},
      {"AT_DropOids", "SET WITHOUT OIDS"},
      {"AT_SetAccessMethod", "SET ACCESS METHOD"},
      {"AT_SetTableSpace", "SET TABLESPACE"},
      {"AT_SetRelOptions", "SET (...)"},
      {"AT_ResetRelOptions", "RESET (...)"},
      {"AT_ReplaceRelOptions", "SET (...)"},
      {"AT_EnableTrig", "ENABLE TRIGGER"},
      {"AT_EnableAlwaysTrig", "ENABLE ALWAYS TRIGGER"},
      {"AT_EnableReplicaTrig", "ENABLE REPLICA TRIGGER"},
      {"AT_DisableTrig", "DISABLE TRIGGER"},
      {"AT_EnableTrigAll", "ENABLE TRIGGER ALL"},
      {"AT_DisableTrigAll", "DISABLE TRIGGER ALL"},
      {"AT_EnableTrigUser", "ENABLE TRIGGER USER"},
      {"AT_DisableTrigUser", "DISABLE TRIGGER USER"},
      {"AT_EnableRule", "ENABLE RULE"},
      {"AT_DisableRule", "DISABLE RULE"},
      {"AT_AddInherit", "INHERIT"},
      {"AT_DropInherit", "NO INHERIT"},
      {"AT_AddOf", "OF"},
      {"AT_DropOf", "NOT OF"},
      {"AT_ReplicaIdentity", "REPLICA IDENTITY"},
      {"AT_EnableRowSecurity", "ENABLE ROW LEVEL SECURITY"},
      {"AT_DisableRowSecurity", "DISABLE ROW LEVEL SECURITY"},
      {"AT_ForceRowSecurity", "FORCE ROW LEVEL SECURITY"},
      {"AT_NoForceRowSecurity", "NO FORCE ROW LEVEL SECURITY"},
      {"AT_GenericOptions", "OPTIONS (...)"},
      {"AT_AttachPartition", "ATTACH PARTITION"},
      {"AT_DetachPartition", "DETACH PARTITION"},
      {"AT_DetachPartitionFinalize", "DETACH PARTITION FINALIZE"},
  };
  for (const auto& [k, v] : kNames) {
    if (k == subtype) return std::string(v);
  }
  std::string s(subtype);
  if (s.rfind("AT_", 0) == 0) s.erase(0, 3);
  return s;
}

ast::ObjectType object_type(std::string_view t) {
  if (t == "OBJECT_TABLE") return ast::ObjectType::kTable;
  if (t == "OBJECT_INDEX") return ast::ObjectType::kIndex;
  if (t == "OBJECT_SEQUENCE") return ast::ObjectType::kSequence;
  if (t == "OBJECT_VIEW") return ast::ObjectType::kView;
  if (t == "OBJECT_SCHEMA") return ast::ObjectType::kSchema;
  if (t == "OBJECT_TYPE") return ast::ObjectType::kType;
  if (t == "OBJECT_FUNCTION") return ast::ObjectType::kFunction;
  return ast::ObjectType::kOther;
}

std::string object_words(std::string_view t) {
  if (t.rfind("OBJECT_", 0) == 0) t.remove_prefix(7);
  if (t == "MATVIEW") return "MATERIALIZED VIEW";
  std::string s(t);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

}  // namespace

// ---- CREATE TABLE --------------------------------------------------------------

ast::StmtPtr Translator::create_table(const Json& body) {
  auto s = std::make_unique<ast::CreateTableStmt>();
  const Json& rel = required(body, "relation");
  s->table = range_var(rel);
  // relpersistence: 'p' permanent, 't' temporary, 'u' unlogged (treated as permanent:
  // it only weakens durability, which we may keep).
  s->temporary = str_member(rel, "relpersistence") == "t";
  s->if_not_exists = bool_member(body, "if_not_exists");
  int loc = s->table.location;
  if (!list_member(body, "inhRelations").empty()) not_supported("INHERITS is not supported", loc);
  if (member(body, "partspec")) not_supported("PARTITION BY is not supported", loc);
  if (member(body, "partbound")) not_supported("PARTITION OF is not supported", loc);
  if (member(body, "ofTypename")) not_supported("CREATE TABLE OF is not supported", loc);
  if (!list_member(body, "options").empty()) not_supported("storage parameters (WITH ...) are not supported", loc);
  if (member(body, "tablespacename")) not_supported("TABLESPACE is not supported", loc);
  if (member(body, "accessMethod")) not_supported("table access methods (USING) are not supported", loc);
  std::string_view on_commit = str_member(body, "oncommit");
  if (on_commit == "ONCOMMIT_DELETE_ROWS") not_supported("ON COMMIT DELETE ROWS is not supported", loc);
  if (on_commit == "ONCOMMIT_DROP") not_supported("ON COMMIT DROP is not supported", loc);
  for (const Json& elt : list_member(body, "tableElts")) {
    std::string_view t = node_type(elt);
    if (t == "ColumnDef") {
      s->columns.push_back(column_def(node_body(elt)));
    } else if (t == "Constraint") {
      s->constraints.push_back(constraint(node_body(elt)));
    } else if (t == "TableLikeClause") {
      not_supported("CREATE TABLE ... LIKE is not supported", location_of(required(node_body(elt), "relation")));
    } else {
      not_supported(std::string(t) + " in CREATE TABLE is not supported", loc);
    }
  }
  return s;
}

ast::StmtPtr Translator::create_table_as(const Json& body) {
  // Either CreateTableAsStmt {query, into, objtype, if_not_exists} or a
  // SelectStmt carrying an intoClause (SELECT ... INTO t).
  auto s = std::make_unique<ast::CreateTableStmt>();
  const Json* into = nullptr;
  if (member(body, "intoClause")) {
    into = member(body, "intoClause");
    std::vector<Json> members;   // rare statement: a copy to drop the INTO is fine
    s->as_select = select(body.without("intoClause", members));
  } else {
    std::string_view objtype = str_member(body, "objtype");
    if (objtype == "OBJECT_MATVIEW") not_supported("CREATE MATERIALIZED VIEW is not supported");
    into = &required(body, "into");
    const Json& q = required(body, "query");
    if (node_type(q) != "SelectStmt") {
      not_supported("CREATE TABLE AS " + statement_name(node_type(q), node_body(q)) + " is not supported");
    }
    s->as_select = select_node(q);
    s->if_not_exists = bool_member(body, "if_not_exists");
  }
  const Json& rel = required(*into, "rel");
  s->table = range_var(rel);
  s->temporary = str_member(rel, "relpersistence") == "t";
  int loc = s->table.location;
  if (bool_member(*into, "skipData")) not_supported("CREATE TABLE AS ... WITH NO DATA is not supported", loc);
  if (!list_member(*into, "options").empty()) not_supported("storage parameters (WITH ...) are not supported", loc);
  if (member(*into, "tableSpaceName")) not_supported("TABLESPACE is not supported", loc);
  if (member(*into, "accessMethod")) not_supported("table access methods (USING) are not supported", loc);
  std::string_view on_commit = str_member(*into, "onCommit");
  if (on_commit == "ONCOMMIT_DELETE_ROWS" || on_commit == "ONCOMMIT_DROP") {
    not_supported("ON COMMIT DELETE ROWS / DROP is not supported", loc);
  }
  // Column names given as CREATE TABLE t (a, b) AS ...: names only, no types.
  for (std::string& name : string_list(list_member(*into, "colNames"))) {
    ast::ColumnDef c;
    c.name = std::move(name);
    s->columns.push_back(std::move(c));
  }
  return s;
}

ast::ColumnDef Translator::column_def(const Json& body) {
  ast::ColumnDef c;
  c.location = location_of(body);
  c.name = std::string(str_member(body, "colname"));
  if (const Json* tn = member(body, "typeName")) c.type = type_name(*tn);
  if (const Json* coll = member(body, "collClause")) c.collation = string_list(list_member(*coll, "collname"));
  if (member(body, "compression")) not_supported("COMPRESSION is not supported", c.location);
  if (member(body, "storage") && !str_member(body, "storage").empty()) {
    not_supported("STORAGE is not supported", c.location);
  }
  if (!list_member(body, "fdwoptions").empty()) not_supported("column OPTIONS are not supported", c.location);
  if (const Json* d = member(body, "raw_default")) {
    // The grammar never sets this in CREATE TABLE; be complete anyway.
    ast::Constraint def(ConstraintType::kDefault);
    def.expr = expr(*d);
    def.location = def.expr->location;
    c.constraints.push_back(std::move(def));
  }
  std::vector<ast::Constraint> raw;
  for (const Json& n : list_member(body, "constraints")) raw.push_back(constraint(node_body(n)));
  for (ast::Constraint& k : fold_constraint_attributes(std::move(raw))) c.constraints.push_back(std::move(k));
  return c;
}

ast::Constraint Translator::constraint(const Json& body) {
  std::string_view t = str_member(body, "contype");
  int loc = location_of(body);
  ConstraintType type;
  if (t == "CONSTR_NULL") type = ConstraintType::kNull;
  else if (t == "CONSTR_NOTNULL") type = ConstraintType::kNotNull;
  else if (t == "CONSTR_DEFAULT") type = ConstraintType::kDefault;
  else if (t == "CONSTR_IDENTITY") type = ConstraintType::kIdentity;
  else if (t == "CONSTR_GENERATED") type = ConstraintType::kGenerated;
  else if (t == "CONSTR_CHECK") type = ConstraintType::kCheck;
  else if (t == "CONSTR_PRIMARY") type = ConstraintType::kPrimaryKey;
  else if (t == "CONSTR_UNIQUE") type = ConstraintType::kUnique;
  else if (t == "CONSTR_FOREIGN") type = ConstraintType::kForeignKey;
  else if (t == "CONSTR_ATTR_DEFERRABLE") type = ConstraintType::kAttrDeferrable;
  else if (t == "CONSTR_ATTR_NOT_DEFERRABLE") type = ConstraintType::kAttrNotDeferrable;
  else if (t == "CONSTR_ATTR_DEFERRED") type = ConstraintType::kAttrDeferred;
  else if (t == "CONSTR_ATTR_IMMEDIATE") type = ConstraintType::kAttrImmediate;
  else if (t == "CONSTR_EXCLUSION") not_supported("EXCLUDE constraints are not supported", loc);
  else not_supported(std::string(t) + " constraints are not supported", loc);

  ast::Constraint c(type);
  c.location = loc;
  c.name = std::string(str_member(body, "conname"));
  c.deferrable = bool_member(body, "deferrable");
  c.initially_deferred = bool_member(body, "initdeferred");
  c.no_inherit = bool_member(body, "is_no_inherit");
  c.skip_validation = bool_member(body, "skip_validation");
  c.nulls_not_distinct = bool_member(body, "nulls_not_distinct");
  c.including = string_list(list_member(body, "including"));
  c.index_name = std::string(str_member(body, "indexname"));
  if (member(body, "indexspace")) not_supported("USING INDEX TABLESPACE is not supported", loc);
  if (type != ConstraintType::kIdentity && !list_member(body, "options").empty()) {
    not_supported("index storage parameters (WITH ...) are not supported", loc);
  }
  if (const Json* raw = member(body, "raw_expr")) {
    c.expr = expr(*raw);
    std::string_view text;
    if (type == ConstraintType::kDefault) {
      text = column_default_text(sql_, static_cast<size_t>(std::max(loc, 0)));
    } else {
      text = parenthesized_text_after(sql_, static_cast<size_t>(std::max(loc, 0)));
    }
    c.expr_text = std::string(text);
  }
  switch (type) {
    case ConstraintType::kPrimaryKey:
    case ConstraintType::kUnique:
      c.keys = string_list(list_member(body, "keys"));
      break;
    case ConstraintType::kForeignKey: {
      c.keys = string_list(list_member(body, "fk_attrs"));
      c.pk_table = range_var(required(body, "pktable"));
      c.pk_columns = string_list(list_member(body, "pk_attrs"));
      c.on_delete = fk_action(str_member(body, "fk_del_action"));
      c.on_update = fk_action(str_member(body, "fk_upd_action"));
      std::string_view m = str_member(body, "fk_matchtype");
      c.match_type = m.empty() ? 's' : m[0];
      if (!list_member(body, "fk_del_set_cols").empty()) {
        not_supported("ON DELETE SET NULL/SET DEFAULT with a column list is not supported", loc);
      }
      // A table FK is valid unless NOT VALID; column FKs never carry it.
      break;
    }
    case ConstraintType::kIdentity: {
      std::string_view when = str_member(body, "generated_when");
      c.identity_kind = when.empty() ? 'a' : when[0];
      c.identity_options = seq_options(list_member(body, "options"));
      break;
    }
    case ConstraintType::kGenerated: {
      std::string_view when = str_member(body, "generated_when");
      c.identity_kind = when.empty() ? 'a' : when[0];
      break;
    }
    default:
      break;
  }
  return c;
}

// ---- CREATE INDEX ----------------------------------------------------------------

ast::StmtPtr Translator::create_index(const Json& body) {
  auto s = std::make_unique<ast::CreateIndexStmt>();
  s->name = std::string(str_member(body, "idxname"));
  s->table = range_var(required(body, "relation"));
  int loc = s->table.location;
  s->unique = bool_member(body, "unique");
  s->if_not_exists = bool_member(body, "if_not_exists");
  s->concurrently = bool_member(body, "concurrent");
  s->nulls_not_distinct = bool_member(body, "nulls_not_distinct");
  s->access_method = std::string(str_member(body, "accessMethod"));
  if (s->access_method.empty()) s->access_method = "btree";
  for (const Json& e : list_member(body, "indexParams")) s->elems.push_back(index_elem(node_body(e)));
  for (const Json& e : list_member(body, "indexIncludingParams")) {
    const Json& b = node_body(e);
    if (member(b, "expr")) not_supported("expressions in INCLUDE are not supported", loc);
    s->including.emplace_back(str_member(b, "name"));
  }
  s->where = opt_expr(member(body, "whereClause"));
  if (!list_member(body, "options").empty()) not_supported("index storage parameters (WITH ...) are not supported", loc);
  if (member(body, "tableSpace")) not_supported("TABLESPACE is not supported", loc);
  return s;
}

// ---- DROP ----------------------------------------------------------------------------

ast::StmtPtr Translator::drop(const Json& body) {
  auto s = std::make_unique<ast::DropStmt>();
  std::string_view rt = str_member(body, "removeType");
  s->object_type = object_type(rt);
  if (s->object_type == ast::ObjectType::kOther || s->object_type == ast::ObjectType::kFunction) {
    not_supported("DROP " + object_words(rt) + " is not supported");
  }
  s->missing_ok = bool_member(body, "missing_ok");
  s->cascade = str_member(body, "behavior") == "DROP_CASCADE";
  s->concurrently = bool_member(body, "concurrent");
  for (const Json& obj : list_member(body, "objects")) {
    std::string_view t = node_type(obj);
    if (t == "List") {
      s->objects.push_back(string_list(list_member(node_body(obj), "items")));
    } else if (t == "String") {
      s->objects.push_back({string_node(obj)});
    } else if (t == "TypeName") {
      s->objects.push_back(type_name(node_body(obj)).names);
    } else {
      not_supported("DROP " + object_words(rt) + " is not supported");
    }
  }
  return s;
}

// ---- ALTER TABLE ----------------------------------------------------------------

ast::StmtPtr Translator::alter_table(const Json& body) {
  auto s = std::make_unique<ast::AlterTableStmt>();
  s->table = range_var(required(body, "relation"));
  s->object_type = object_type(str_member(body, "objtype"));
  s->missing_ok = bool_member(body, "missing_ok");
  for (const Json& n : list_member(body, "cmds")) {
    const Json& b = node_body(n);
    ast::AlterTableCmd cmd;
    std::string_view sub = str_member(b, "subtype");
    cmd.name = std::string(str_member(b, "name"));
    cmd.missing_ok = bool_member(b, "missing_ok");
    cmd.cascade = str_member(b, "behavior") == "DROP_CASCADE";
    const Json* def = member(b, "def");
    if (sub == "AT_AddColumn" && def && node_type(*def) == "ColumnDef") {
      cmd.kind = ast::AlterKind::kAddColumn;
      cmd.column = std::make_unique<ast::ColumnDef>(column_def(node_body(*def)));
      cmd.name = cmd.column->name;
    } else if (sub == "AT_DropColumn") {
      cmd.kind = ast::AlterKind::kDropColumn;
    } else if (sub == "AT_AddConstraint" && def && node_type(*def) == "Constraint") {
      cmd.kind = ast::AlterKind::kAddConstraint;
      cmd.constraint = std::make_unique<ast::Constraint>(constraint(node_body(*def)));
      cmd.name = cmd.constraint->name;
    } else if (sub == "AT_DropConstraint") {
      cmd.kind = ast::AlterKind::kDropConstraint;
    } else if (sub == "AT_ColumnDefault") {
      if (def) {
        cmd.kind = ast::AlterKind::kSetDefault;
        cmd.default_expr = expr(*def);
        int start = min_location(*def);
        if (start >= 0) cmd.default_text = std::string(alter_default_text(sql_, static_cast<size_t>(start)));
      } else {
        cmd.kind = ast::AlterKind::kDropDefault;
      }
    } else if (sub == "AT_SetNotNull") {
      cmd.kind = ast::AlterKind::kSetNotNull;
    } else if (sub == "AT_DropNotNull") {
      cmd.kind = ast::AlterKind::kDropNotNull;
    } else if (sub == "AT_AlterColumnType" && def && node_type(*def) == "ColumnDef") {
      cmd.kind = ast::AlterKind::kAlterColumnType;
      const Json& cd = node_body(*def);
      cmd.new_type = type_name(required(cd, "typeName"));
      if (member(cd, "collClause")) {
        not_supported("ALTER COLUMN TYPE ... COLLATE is not supported", location_of(cd));
      }
      cmd.using_expr = opt_expr(member(cd, "raw_default"));
    } else {
      cmd.kind = ast::AlterKind::kOther;
      cmd.unsupported = alter_subcommand_name(sub);
    }
    s->cmds.push_back(std::move(cmd));
  }
  return s;
}

ast::StmtPtr Translator::rename(const Json& body) {
  auto s = std::make_unique<ast::RenameStmt>();
  std::string_view rt = str_member(body, "renameType");
  const Json* rel = member(body, "relation");
  if (!rel) not_supported("ALTER " + object_words(rt) + " RENAME is not supported");
  s->table = range_var(*rel);
  s->new_name = std::string(str_member(body, "newname"));
  s->subname = std::string(str_member(body, "subname"));
  s->missing_ok = bool_member(body, "missing_ok");
  if (rt == "OBJECT_COLUMN") {
    s->is_column = true;
    s->object_type = object_type(str_member(body, "relationType"));
  } else if (rt == "OBJECT_TABCONSTRAINT") {
    s->is_constraint = true;
    s->object_type = ast::ObjectType::kTable;
  } else {
    s->object_type = object_type(rt);
    if (s->object_type != ast::ObjectType::kTable && s->object_type != ast::ObjectType::kIndex &&
        s->object_type != ast::ObjectType::kSequence && s->object_type != ast::ObjectType::kView) {
      not_supported("ALTER " + object_words(rt) + " RENAME is not supported", s->table.location);
    }
  }
  return s;
}

// ---- sequences ---------------------------------------------------------------------

ast::SeqOptions Translator::seq_options(const Json& list) {
  ast::SeqOptions o;
  std::vector<std::string_view> seen;
  for (const Json& n : list) {
    const Json& d = node_body(n);
    std::string_view name = str_member(d, "defname");
    int loc = location_of(d);
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      syntax_error("conflicting or redundant options", loc);
    }
    seen.push_back(name);
    const Json* arg = member(d, "arg");
    // Integer-valued options: Integer node (value possibly lost when negative,
    // see text_scan.h) or Float node for numbers beyond int4.
    auto int_arg = [&]() -> int64_t {
      std::string_view t = node_type(*arg);
      const Json& v = node_body(*arg);
      if (t == "Integer") {
        if (const Json* iv = member(v, "ival")) return iv->get<int64_t>();
        // Skip the option's keywords (INCREMENT BY, START WITH, ...) to its number.
        Token tok = next_token(sql_, static_cast<size_t>(std::max(loc, 0)));
        while (tok.kind == TokenKind::kWord) tok = next_token(sql_, tok.end);
        return signed_integer_at(sql_, tok.begin).value_or(0);
      }
      if (t == "Float") {
        std::string text(str_member(v, "fval"));
        errno = 0;
        char* end = nullptr;
        long long value = std::strtoll(text.c_str(), &end, 10);
        if (end == text.c_str() || *end != '\0') {
          throw DbError(sqlstate::kInvalidTextRepresentation,
                        "invalid input syntax for type bigint: \"" + text + "\"");
        }
        if (errno == ERANGE) {
          throw DbError(sqlstate::kNumericValueOutOfRange, "value \"" + text + "\" is out of range for type bigint");
        }
        return value;
      }
      throw DbError(sqlstate::kSyntaxError, std::string(name) + " requires a numeric value");
    };
    if (name == "as") {
      o.as_type = type_name(node_body(*arg));
    } else if (name == "increment") {
      o.increment = int_arg();
    } else if (name == "start") {
      o.start = int_arg();
    } else if (name == "restart") {
      if (arg) {
        o.restart = int_arg();
      } else {
        o.restart_default = true;
      }
    } else if (name == "minvalue") {
      if (arg) {
        o.minvalue = int_arg();
      } else {
        o.no_minvalue = true;
      }
    } else if (name == "maxvalue") {
      if (arg) {
        o.maxvalue = int_arg();
      } else {
        o.no_maxvalue = true;
      }
    } else if (name == "cache") {
      o.cache = int_arg();
    } else if (name == "cycle") {
      o.cycle = bool_member(node_body(*arg), "boolval");
    } else if (name == "owned_by") {
      o.owned_by = string_list(list_member(node_body(*arg), "items"));
    } else if (name == "sequence_name") {
      not_supported("SEQUENCE NAME is not supported", loc);
    } else {
      not_supported("sequence option \"" + std::string(name) + "\" is not supported", loc);
    }
  }
  return o;
}

ast::StmtPtr Translator::create_sequence(const Json& body) {
  auto s = std::make_unique<ast::CreateSequenceStmt>();
  const Json& rel = required(body, "sequence");
  s->name = range_var(rel);
  if (str_member(rel, "relpersistence") == "t") not_supported("temporary sequences are not supported", s->name.location);
  s->if_not_exists = bool_member(body, "if_not_exists");
  s->options = seq_options(list_member(body, "options"));
  return s;
}

ast::StmtPtr Translator::alter_sequence(const Json& body) {
  auto s = std::make_unique<ast::AlterSequenceStmt>();
  s->name = range_var(required(body, "sequence"));
  s->missing_ok = bool_member(body, "missing_ok");
  s->options = seq_options(list_member(body, "options"));
  return s;
}

ast::StmtPtr Translator::truncate(const Json& body) {
  auto s = std::make_unique<ast::TruncateStmt>();
  for (const Json& r : list_member(body, "relations")) s->tables.push_back(range_var(node_body(r)));
  s->restart_identity = bool_member(body, "restart_seqs");
  s->cascade = str_member(body, "behavior") == "DROP_CASCADE";
  return s;
}

ast::StmtPtr Translator::create_schema(const Json& body) {
  auto s = std::make_unique<ast::CreateSchemaStmt>();
  if (member(body, "authrole")) not_supported("CREATE SCHEMA ... AUTHORIZATION is not supported");
  if (!list_member(body, "schemaElts").empty()) not_supported("CREATE SCHEMA with schema elements is not supported");
  s->name = std::string(str_member(body, "schemaname"));
  s->if_not_exists = bool_member(body, "if_not_exists");
  return s;
}

}  // namespace upsertdb::sql_internal
