#include "engine/roles_ddl.h"

#include <cctype>

#include "common/error.h"
#include "engine/roles_secret.h"
#include "engine/session_settings.h"
#include "types/type.h"
#include "types/value.h"

namespace upsertdb {

namespace {

DbError privilege_error(std::string message) { return DbError("42501", std::move(message)); }

// PASSWORD 'x' / PASSWORD NULL / PASSWORD '' into what is stored.
std::string stored_password(const ast::RoleOptions& o, const std::string& role_name, const std::string& encryption,
                            QueryResult& r) {
  if (!o.password) return "";
  if (o.password->empty()) {
    r.notices.push_back("empty string is not a valid password, clearing password");
    return "";
  }
  if (encryption == "md5" && roles::password_kind(*o.password) == roles::PasswordKind::kPlain)
    return roles::md5_password_hash(*o.password, role_name);
  return roles::encrypt_password(*o.password);
}

// VALID UNTIL is a timestamptz: checked (22007 for bad input) and kept in its
// output form, which the server parses back at login.
std::string valid_until_text(const std::string& text) {
  return value_to_text(value_from_text(text, Type(TypeId::kTimestampTz)));
}

void check_connection_limit(const ast::RoleOptions& o) {
  if (o.connection_limit && *o.connection_limit < -1)
    throw DbError("22023", "invalid connection limit: " + std::to_string(*o.connection_limit));
}

void apply_options(const ast::RoleOptions& o, RoleInfo& r, const std::string& encryption, QueryResult& result) {
  if (o.superuser) r.superuser = *o.superuser;
  if (o.createdb) r.createdb = *o.createdb;
  if (o.createrole) r.createrole = *o.createrole;
  if (o.inherit) r.inherit = *o.inherit;
  if (o.login) r.login = *o.login;
  if (o.replication) r.replication = *o.replication;
  if (o.bypassrls) r.bypassrls = *o.bypassrls;
  if (o.connection_limit) r.connection_limit = *o.connection_limit;
  if (o.password_given) r.password = stored_password(o, r.name, encryption, result);
  if (o.valid_until) r.valid_until = valid_until_text(*o.valid_until);
}

}  // namespace

std::optional<RoleInfo> visible_role(const RoleStore& store, const std::vector<RoleChange>& pending,
                                     const std::string& name) {
  std::optional<RoleInfo> r = store.find(name);
  for (const RoleChange& c : pending) {
    if (c.kind == RoleChange::Kind::kCreate && c.role.name == name) r = c.role;
    else if (c.kind == RoleChange::Kind::kAlter && c.name == name) r = c.role.name == name ? std::optional(c.role) : std::nullopt;
    else if (c.kind == RoleChange::Kind::kAlter && c.role.name == name) r = c.role;   // renamed to `name`
    else if (c.kind == RoleChange::Kind::kDrop && c.name == name) r.reset();
  }
  return r;
}

QueryResult execute_role_statement(const ast::RoleStmt& s, const RoleStore& store, std::vector<RoleChange>& pending,
                                   const std::string& current_user, const std::string& session_user,
                                   const std::string& password_encryption) {
  QueryResult result;
  result.command_tag = s.tag;
  result.notices = s.notices;
  std::optional<RoleInfo> me = visible_role(store, pending, current_user);
  bool is_super = me && me->superuser;
  bool can_createrole = me && (me->superuser || me->createrole);
  std::vector<RoleChange> changes;   // published into `pending` only if the whole statement succeeds
  auto visible = [&](const std::string& name) {
    std::vector<RoleChange> all = pending;
    all.insert(all.end(), changes.begin(), changes.end());
    return visible_role(store, all, name);
  };
  const ast::RoleOptions& o = s.options;

  switch (s.action) {
    case ast::RoleStmt::Action::kCreate: {
      check_connection_limit(o);
      if (o.superuser.value_or(false)) {
        if (!is_super) throw privilege_error("must be superuser to create superusers");
      } else if (o.replication.value_or(false)) {
        if (!is_super) throw privilege_error("must be superuser to create replication users");
      } else if (o.bypassrls.value_or(false)) {
        if (!is_super) throw privilege_error("must be superuser to create bypassrls users");
      } else if (!can_createrole) {
        throw privilege_error("permission denied to create role");
      }
      if (s.name.rfind("pg_", 0) == 0) {
        DbError e("42939", "role name \"" + s.name + "\" is reserved");
        e.detail("Role names starting with \"pg_\" are reserved.");
        throw e;
      }
      if (visible(s.name)) throw DbError("42710", "role \"" + s.name + "\" already exists");
      RoleChange c;
      c.kind = RoleChange::Kind::kCreate;
      c.role.name = s.name;
      c.role.login = s.is_user;
      apply_options(o, c.role, password_encryption, result);
      changes.push_back(std::move(c));
      break;
    }
    case ast::RoleStmt::Action::kAlter: {
      std::string name = s.target.name;
      switch (s.target.kind) {
        case ast::RoleSpec::Kind::kCurrentUser:
        case ast::RoleSpec::Kind::kCurrentRole: name = current_user; break;
        case ast::RoleSpec::Kind::kSessionUser: name = session_user; break;
        case ast::RoleSpec::Kind::kPublic: name = "public"; break;
        case ast::RoleSpec::Kind::kName: break;
      }
      std::optional<RoleInfo> target = visible(name);
      if (!target) throw DbError("42704", "role \"" + name + "\" does not exist");
      check_connection_limit(o);
      // PostgreSQL 15's AlterRole checks, in its order.
      if (target->superuser || o.superuser) {
        if (!is_super) throw privilege_error("must be superuser to alter superuser roles or change superuser attribute");
      } else if (target->replication || o.replication) {
        if (!is_super)
          throw privilege_error("must be superuser to alter replication roles or change replication attribute");
      } else if (o.bypassrls) {
        if (!is_super) throw privilege_error("must be superuser to change bypassrls attribute");
      } else if (!can_createrole) {
        // Anyone may change their own password, and nothing else.
        bool own_password_only = !o.inherit && !o.createrole && !o.createdb && !o.login && !o.connection_limit &&
                                 !o.valid_until && o.password_given && name == current_user;
        if (!own_password_only) throw privilege_error("permission denied");
      }
      RoleChange c;
      c.kind = RoleChange::Kind::kAlter;
      c.name = name;
      c.role = *target;
      apply_options(o, c.role, password_encryption, result);
      changes.push_back(std::move(c));
      break;
    }
    case ast::RoleStmt::Action::kRename: {
      // PostgreSQL 15's RenameRole checks, in its order.
      std::optional<RoleInfo> target = visible(s.name);
      if (!target) throw DbError("42704", "role \"" + s.name + "\" does not exist");
      if (s.name == session_user) throw DbError("0A000", "session user cannot be renamed");
      if (s.name == current_user) throw DbError("0A000", "current user cannot be renamed");
      for (const std::string* n : {&s.name, &s.new_name}) {
        if (n->rfind("pg_", 0) == 0) {
          DbError e("42939", "role name \"" + *n + "\" is reserved");
          e.detail("Role names starting with \"pg_\" are reserved.");
          throw e;
        }
      }
      if (visible(s.new_name)) throw DbError("42710", "role \"" + s.new_name + "\" already exists");
      if (target->superuser) {
        if (!is_super) throw privilege_error("must be superuser to rename superusers");
      } else if (!can_createrole) {
        throw privilege_error("permission denied to rename role");
      }
      RoleChange c;
      c.kind = RoleChange::Kind::kAlter;
      c.name = s.name;
      c.role = *target;
      c.role.name = s.new_name;
      // md5 hashes are salted with the role name: they cannot survive a rename.
      if (roles::password_kind(c.role.password) == roles::PasswordKind::kMd5) {
        c.role.password.clear();
        result.notices.push_back("MD5 password cleared because of role rename");
      }
      changes.push_back(std::move(c));
      break;
    }
    case ast::RoleStmt::Action::kDrop: {
      if (!can_createrole) throw privilege_error("permission denied to drop role");
      for (const ast::RoleSpec& spec : s.targets) {
        if (spec.kind != ast::RoleSpec::Kind::kName)
          throw DbError("22023", "cannot use special role specifier in DROP ROLE");
        std::optional<RoleInfo> target = visible(spec.name);
        if (!target) {
          if (!s.missing_ok) throw DbError("42704", "role \"" + spec.name + "\" does not exist");
          result.notices.push_back("role \"" + spec.name + "\" does not exist, skipping");
          continue;
        }
        if (spec.name == current_user) throw DbError("55006", "current user cannot be dropped");
        if (spec.name == session_user) throw DbError("55006", "session user cannot be dropped");
        if (target->superuser && !is_super) throw privilege_error("must be superuser to drop superusers");
        if (target->oid == RoleStore::kBootstrapOid)
          throw DbError("2BP01", "cannot drop role " + spec.name + " because it is required by the database system");
        RoleChange c;
        c.kind = RoleChange::Kind::kDrop;
        c.name = spec.name;
        changes.push_back(std::move(c));
      }
      break;
    }
  }
  pending.insert(pending.end(), changes.begin(), changes.end());
  return result;
}

}  // namespace upsertdb
