// CREATE ROLE / USER / GROUP, ALTER ROLE / USER [RENAME TO], DROP ROLE / USER / GROUP.
// Options arrive as DefElems named as in PostgreSQL's gram.y (canlogin,
// isreplication, connectionlimit, validUntil, ...). Role membership (IN ROLE,
// ROLE, ADMIN) and ALTER ROLE ... SET are not supported (0A000).
#include <cstdlib>

#include "sql/ast_role.h"
#include "sql/translate.h"

namespace upsertdb::sql_internal {

namespace {

ast::RoleSpec role_spec(const Json& node) {
  const Json& b = node_type(node) == "RoleSpec" ? node_body(node) : node;
  ast::RoleSpec s;
  std::string_view kind = str_member(b, "roletype");
  if (kind == "ROLESPEC_CURRENT_USER") s.kind = ast::RoleSpec::Kind::kCurrentUser;
  else if (kind == "ROLESPEC_SESSION_USER") s.kind = ast::RoleSpec::Kind::kSessionUser;
  else if (kind == "ROLESPEC_CURRENT_ROLE") s.kind = ast::RoleSpec::Kind::kCurrentRole;
  else if (kind == "ROLESPEC_PUBLIC") s.kind = ast::RoleSpec::Kind::kPublic;
  s.name = std::string(str_member(b, "rolename"));
  return s;
}

bool boolean_arg(const Json& def) {
  const Json* arg = member(def, "arg");
  if (!arg) return true;
  if (node_type(*arg) == "Boolean") return bool_member(node_body(*arg), "boolval");
  if (node_type(*arg) == "Integer") return int_member(node_body(*arg), "ival", 0) != 0;
  return true;
}

}  // namespace

ast::StmtPtr Translator::role(std::string_view type, const Json& body) {
  auto s = std::make_unique<ast::RoleStmt>();
  if (type == "DropRoleStmt") {
    s->action = ast::RoleStmt::Action::kDrop;
    s->tag = "DROP ROLE";
    s->missing_ok = bool_member(body, "missing_ok");
    for (const Json& r : list_member(body, "roles")) s->targets.push_back(role_spec(r));
    return s;
  }
  if (type == "RenameStmt") {
    s->action = ast::RoleStmt::Action::kRename;
    s->tag = "ALTER ROLE";
    s->name = std::string(str_member(body, "subname"));
    s->new_name = std::string(str_member(body, "newname"));
    return s;
  }
  if (type == "CreateRoleStmt") {
    s->action = ast::RoleStmt::Action::kCreate;
    s->tag = "CREATE ROLE";
    s->name = std::string(str_member(body, "role"));
    s->is_user = str_member(body, "stmt_type") == "ROLESTMT_USER";
  } else {
    s->action = ast::RoleStmt::Action::kAlter;
    s->tag = "ALTER ROLE";
    s->target = role_spec(required(body, "role"));
    // action -1 is ALTER GROUP ... DROP USER; +1 plain ALTER / ADD USER.
    if (const Json* a = member(body, "action"); a && a->is_number() && a->get<int>() != 1)
      not_supported("ALTER GROUP is not supported");
  }
  ast::RoleOptions& o = s->options;
  std::vector<std::string> seen;
  for (const Json& n : list_member(body, "options")) {
    if (node_type(n) != "DefElem") continue;
    const Json& d = node_body(n);
    std::string name(str_member(d, "defname"));
    int loc = location_of(d);
    for (const auto& prev : seen)
      if (prev == name) fail(sqlstate::kSyntaxError, "conflicting or redundant options", loc);
    seen.push_back(name);
    if (name == "superuser") o.superuser = boolean_arg(d);
    else if (name == "createdb") o.createdb = boolean_arg(d);
    else if (name == "createrole") o.createrole = boolean_arg(d);
    else if (name == "inherit") o.inherit = boolean_arg(d);
    else if (name == "canlogin") o.login = boolean_arg(d);
    else if (name == "isreplication") o.replication = boolean_arg(d);
    else if (name == "bypassrls") o.bypassrls = boolean_arg(d);
    else if (name == "password") {
      o.password_given = true;
      const Json* arg = member(d, "arg");
      if (arg && node_type(*arg) == "String") o.password = string_node(*arg);
    } else if (name == "validUntil") {
      const Json* arg = member(d, "arg");
      if (arg && node_type(*arg) == "String") o.valid_until = string_node(*arg);
    } else if (name == "connectionlimit") {
      const Json* arg = member(d, "arg");
      int64_t v = arg ? int_member(node_body(*arg), "ival", 0) : 0;
      if (v == 0 && loc >= 0) {
        // The JSON writer drops negative integers: read the number from the text.
        std::string_view text = sql().substr(static_cast<size_t>(loc));
        size_t at = text.find_first_of("-0123456789");
        if (at != std::string_view::npos) v = std::strtoll(std::string(text.substr(at, 24)).c_str(), nullptr, 10);
      }
      o.connection_limit = static_cast<int32_t>(v);
    } else if (name == "sysid") {
      s->notices.push_back("SYSID can no longer be specified");
    } else if (name == "addroleto" || name == "rolemembers" || name == "adminmembers") {
      not_supported("role membership (IN ROLE, ROLE, ADMIN) is not supported", loc);
    } else {
      not_supported("role option \"" + name + "\" is not supported", loc);
    }
  }
  return s;
}

}  // namespace upsertdb::sql_internal
