// Role DDL through a Session: PostgreSQL 15's errors, notices and privilege
// rules, transactional behaviour (applied at commit, undone by rollback) and
// current_user / session_user / is_superuser for a logged-in role.
#include "engine/roles_ddl.h"

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/roles_secret.h"
#include "engine/session.h"

namespace upsertdb {
namespace {

std::string run(Session& s, const std::string& sql) {
  try {
    std::string out;
    for (auto& r : s.execute(sql)) {
      for (auto& n : r.notices) out += "NOTICE: " + n + "\n";
      out += r.command_tag;
      for (auto& row : r.rows)
        for (auto& v : row) out += " " + (v.is_null() ? std::string("NULL") : value_to_text(v));
    }
    return out;
  } catch (const DbError& e) {
    return e.sqlstate() + ": " + e.fields().message;
  }
}

TEST(RoleDdl, CreateAlterDropWithPostgresErrors) {
  Engine engine("");
  Session s(engine);
  EXPECT_EQ(run(s, "CREATE ROLE alice LOGIN PASSWORD 'secret'"), "CREATE ROLE");
  EXPECT_EQ(run(s, "CREATE ROLE alice"), "42710: role \"alice\" already exists");
  EXPECT_EQ(run(s, "CREATE USER bob"), "CREATE ROLE");
  EXPECT_TRUE(engine.roles().find("bob")->login);
  EXPECT_FALSE(engine.roles().find("bob")->superuser);
  auto alice = engine.roles().find("alice");
  ASSERT_TRUE(alice);
  EXPECT_TRUE(roles::check_plain_password(alice->password, "alice", "secret"));
  EXPECT_EQ(run(s, "DROP ROLE nosuch"), "42704: role \"nosuch\" does not exist");
  EXPECT_EQ(run(s, "DROP ROLE IF EXISTS nosuch, bob"), "NOTICE: role \"nosuch\" does not exist, skipping\nDROP ROLE");
  EXPECT_FALSE(engine.roles().find("bob"));
  EXPECT_EQ(run(s, "DROP ROLE postgres"), "55006: current user cannot be dropped");
  EXPECT_EQ(run(s, "ALTER ROLE nosuch PASSWORD 'x'"), "42704: role \"nosuch\" does not exist");
  EXPECT_EQ(run(s, "ALTER ROLE alice PASSWORD NULL"), "ALTER ROLE");
  EXPECT_EQ(engine.roles().find("alice")->password, "");
  EXPECT_EQ(run(s, "ALTER ROLE alice PASSWORD ''"),
            "NOTICE: empty string is not a valid password, clearing password\nALTER ROLE");
  EXPECT_EQ(run(s, "CREATE ROLE pg_x"), "42939: role name \"pg_x\" is reserved");
  EXPECT_EQ(run(s, "CREATE ROLE r6 CONNECTION LIMIT -5"), "22023: invalid connection limit: -5");
  EXPECT_EQ(run(s, "CREATE ROLE r7 CONNECTION LIMIT -1 SYSID 5"), "NOTICE: SYSID can no longer be specified\nCREATE ROLE");
  EXPECT_EQ(engine.roles().find("r7")->connection_limit, -1);
  EXPECT_EQ(run(s, "ALTER ROLE alice WITH LOGIN NOLOGIN"), "42601: conflicting or redundant options");
  EXPECT_EQ(run(s, "DROP ROLE current_user"), "22023: cannot use special role specifier in DROP ROLE");
  EXPECT_EQ(run(s, "ALTER ROLE current_user PASSWORD 'pw'"), "ALTER ROLE");
  EXPECT_TRUE(roles::check_plain_password(engine.roles().find("postgres")->password, "postgres", "pw"));
  EXPECT_EQ(run(s, "CREATE ROLE y VALID UNTIL 'garbage'"),
            "22007: invalid input syntax for type timestamp with time zone: \"garbage\"");
  EXPECT_EQ(run(s, "ALTER ROLE alice VALID UNTIL '2030-01-02'"), "ALTER ROLE");
  EXPECT_EQ(engine.roles().find("alice")->valid_until, "2030-01-02 00:00:00+00");
  // A verifier or md5 hash given as the password is stored as is.
  EXPECT_EQ(run(s, "ALTER ROLE alice PASSWORD 'md51e9244426166da9499e0dbab0806a0c3'"), "ALTER ROLE");
  EXPECT_EQ(engine.roles().find("alice")->password, "md51e9244426166da9499e0dbab0806a0c3");
}

TEST(RoleDdl, Rename) {
  Engine engine("");
  Session s(engine);
  ASSERT_EQ(run(s, "CREATE ROLE a LOGIN PASSWORD 'md51e9244426166da9499e0dbab0806a0c3'; CREATE ROLE b PASSWORD 'x'"),
            "CREATE ROLECREATE ROLE");
  uint32_t oid = engine.roles().find("a")->oid;
  EXPECT_EQ(run(s, "ALTER ROLE a RENAME TO b"), "42710: role \"b\" already exists");
  EXPECT_EQ(run(s, "ALTER ROLE nosuch RENAME TO c"), "42704: role \"nosuch\" does not exist");
  EXPECT_EQ(run(s, "ALTER ROLE postgres RENAME TO c"), "0A000: session user cannot be renamed");
  EXPECT_EQ(run(s, "ALTER ROLE a RENAME TO pg_c"), "42939: role name \"pg_c\" is reserved");
  EXPECT_EQ(run(s, "ALTER USER a RENAME TO c"), "NOTICE: MD5 password cleared because of role rename\nALTER ROLE");
  EXPECT_FALSE(engine.roles().find("a"));
  EXPECT_EQ(engine.roles().find("c")->oid, oid);
  EXPECT_EQ(engine.roles().find("c")->password, "");
  // SCRAM verifiers do not depend on the name: kept. Renames inside a block see each other.
  EXPECT_EQ(run(s, "BEGIN; ALTER ROLE b RENAME TO d; ALTER ROLE d RENAME TO e; CREATE ROLE b; COMMIT"),
            "BEGINALTER ROLEALTER ROLECREATE ROLECOMMIT");
  EXPECT_TRUE(roles::check_plain_password(engine.roles().find("e")->password, "e", "x"));
  EXPECT_TRUE(engine.roles().find("b"));
  EXPECT_FALSE(engine.roles().find("d"));
  Session plain(engine);
  plain.set_authenticated_role("c", false);
  EXPECT_EQ(run(plain, "ALTER ROLE e RENAME TO f"), "42501: permission denied to rename role");
  EXPECT_EQ(run(plain, "ALTER ROLE postgres RENAME TO f"), "42501: must be superuser to rename superusers");
}

TEST(RoleDdl, PasswordEncryptionSetting) {
  Engine engine("");
  Session s(engine);
  EXPECT_EQ(run(s, "SHOW password_encryption"), "SHOW scram-sha-256");
  EXPECT_EQ(run(s, "SET password_encryption = 'sha1'"),
            "22023: invalid value for parameter \"password_encryption\": \"sha1\"");
  EXPECT_EQ(run(s, "BEGIN; SET password_encryption = 'md5'; CREATE ROLE m PASSWORD 'x'; ROLLBACK"),
            "BEGINSETCREATE ROLEROLLBACK");
  EXPECT_EQ(run(s, "SHOW password_encryption"), "SHOW scram-sha-256");
  EXPECT_FALSE(engine.roles().find("m"));
  EXPECT_EQ(run(s, "SET password_encryption TO md5; CREATE ROLE m PASSWORD 'x'"), "SETCREATE ROLE");
  EXPECT_EQ(engine.roles().find("m")->password, roles::md5_password_hash("x", "m"));
  EXPECT_EQ(run(s, "RESET password_encryption; ALTER ROLE m PASSWORD 'x'"), "RESETALTER ROLE");
  EXPECT_EQ(roles::password_kind(engine.roles().find("m")->password), roles::PasswordKind::kScram);
}

TEST(RoleDdl, TransactionalLikePostgres) {
  Engine engine("");
  Session s(engine);
  Session other(engine);
  EXPECT_EQ(run(s, "BEGIN"), "BEGIN");
  EXPECT_EQ(run(s, "CREATE ROLE r1"), "CREATE ROLE");
  EXPECT_EQ(run(s, "CREATE ROLE r1"), "42710: role \"r1\" already exists");   // sees its own
  EXPECT_EQ(run(s, "ROLLBACK"), "ROLLBACK");
  EXPECT_FALSE(engine.roles().find("r1"));
  EXPECT_EQ(run(s, "BEGIN; CREATE ROLE r2; DROP ROLE r2; CREATE ROLE r2 LOGIN"), "BEGINCREATE ROLEDROP ROLECREATE ROLE");
  EXPECT_FALSE(engine.roles().find("r2"));   // not before commit
  EXPECT_EQ(run(other, "CREATE ROLE r2"), "CREATE ROLE");
  // The other session committed r2 first: this commit fails and changes nothing.
  EXPECT_EQ(run(s, "COMMIT"), "42710: role \"r2\" already exists");
  EXPECT_FALSE(engine.roles().find("r2")->login);
  EXPECT_EQ(s.transaction_status(), 'I');
  // Savepoints: ROLLBACK TO undoes the role DDL after the savepoint only.
  EXPECT_EQ(run(s, "BEGIN; CREATE ROLE k1; SAVEPOINT a; CREATE ROLE k2; SAVEPOINT b; CREATE ROLE k3; "
                   "ROLLBACK TO a; CREATE ROLE k4; SAVEPOINT c; RELEASE c; COMMIT"),
            "BEGINCREATE ROLESAVEPOINTCREATE ROLESAVEPOINTCREATE ROLEROLLBACKCREATE ROLESAVEPOINTRELEASECOMMIT");
  EXPECT_TRUE(engine.roles().find("k1"));
  EXPECT_FALSE(engine.roles().find("k2"));
  EXPECT_FALSE(engine.roles().find("k3"));
  EXPECT_TRUE(engine.roles().find("k4"));
  // A failed statement in a block, then ROLLBACK TO: the earlier role DDL stays.
  EXPECT_EQ(run(s, "BEGIN; CREATE ROLE k5; SAVEPOINT a"), "BEGINCREATE ROLESAVEPOINT");
  EXPECT_EQ(run(s, "DROP ROLE k5, nosuch"), "42704: role \"nosuch\" does not exist");
  EXPECT_EQ(run(s, "ROLLBACK TO a; COMMIT"), "ROLLBACKCOMMIT");
  EXPECT_TRUE(engine.roles().find("k5"));
  EXPECT_EQ(run(s, "SET default_transaction_read_only = on"), "SET");
  EXPECT_EQ(run(s, "CREATE ROLE r3"), "25006: cannot execute CREATE ROLE in a read-only transaction");
  EXPECT_EQ(run(s, "DROP ROLE r2"), "25006: cannot execute DROP ROLE in a read-only transaction");
}

TEST(RoleDdl, PrivilegesOfALoggedInRole) {
  Engine engine("");
  Session admin(engine);
  ASSERT_EQ(run(admin, "CREATE ROLE carol LOGIN PASSWORD 'c'; CREATE ROLE cr LOGIN CREATEROLE; CREATE ROLE boss SUPERUSER; CREATE ROLE plain"),
            "CREATE ROLECREATE ROLECREATE ROLECREATE ROLE");
  Session carol(engine);
  carol.set_authenticated_role("carol", false);
  EXPECT_EQ(run(carol, "SELECT current_user, session_user"), "SELECT 1 carol carol");
  EXPECT_EQ(run(carol, "SHOW is_superuser"), "SHOW off");
  EXPECT_EQ(run(carol, "SHOW session_authorization"), "SHOW carol");
  EXPECT_EQ(run(carol, "SET session_authorization = 'postgres'").substr(0, 5), "55P02");
  EXPECT_EQ(run(carol, "CREATE ROLE dd"), "42501: permission denied to create role");
  EXPECT_EQ(run(carol, "DROP ROLE plain"), "42501: permission denied to drop role");
  EXPECT_EQ(run(carol, "ALTER ROLE plain PASSWORD 'x'"), "42501: permission denied");
  EXPECT_EQ(run(carol, "ALTER ROLE carol LOGIN PASSWORD 'x'"), "42501: permission denied");
  EXPECT_EQ(run(carol, "ALTER ROLE carol PASSWORD 'c2'"), "ALTER ROLE");
  EXPECT_TRUE(roles::check_plain_password(engine.roles().find("carol")->password, "carol", "c2"));

  Session cr(engine);
  cr.set_authenticated_role("cr", false);
  EXPECT_EQ(run(cr, "CREATE ROLE s1 SUPERUSER"), "42501: must be superuser to create superusers");
  EXPECT_EQ(run(cr, "DROP ROLE boss"), "42501: must be superuser to drop superusers");
  EXPECT_EQ(run(cr, "ALTER ROLE boss PASSWORD 'x'"),
            "42501: must be superuser to alter superuser roles or change superuser attribute");
  EXPECT_EQ(run(cr, "CREATE ROLE ok1; ALTER ROLE ok1 LOGIN; DROP ROLE ok1"), "CREATE ROLEALTER ROLEDROP ROLE");
  EXPECT_EQ(run(cr, "DROP ROLE cr"), "55006: current user cannot be dropped");

  Session boss(engine);
  boss.set_authenticated_role("boss", true);
  EXPECT_EQ(run(boss, "SHOW is_superuser"), "SHOW on");
  EXPECT_EQ(run(boss, "DROP ROLE postgres"),
            "2BP01: cannot drop role postgres because it is required by the database system");
}

}  // namespace
}  // namespace upsertdb
