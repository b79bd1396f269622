// The role store: its file round trip, refusal of damaged files, commit of
// changes (conflicts checked against what is committed), persistence.
#include "engine/roles.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "wal/file_util.h"

namespace upsertdb {
namespace {

class RolesDir {
 public:
  RolesDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "roles_test_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~RolesDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

RoleChange create(const std::string& name, const std::string& password = "") {
  RoleChange c;
  c.kind = RoleChange::Kind::kCreate;
  c.role.name = name;
  c.role.login = true;
  c.role.password = password;
  return c;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DbError& e) {
    return e.sqlstate() + ": " + e.fields().message;
  }
  return "ok";
}

TEST(RoleStore, FreshStoreHasTheBootstrapSuperuser) {
  RoleStore s;
  auto pg = s.find("postgres");
  ASSERT_TRUE(pg);
  EXPECT_EQ(pg->oid, 10u);
  EXPECT_TRUE(pg->superuser && pg->login);
  EXPECT_EQ(s.list().size(), 1u);
}

TEST(RoleStore, SerializeParseRoundTripKeepsEveryField) {
  std::map<std::string, RoleInfo> roles;
  RoleInfo r;
  r.oid = 16390;
  r.name = "we\tird%\nname \"x\"";
  r.createdb = true;
  r.inherit = false;
  r.bypassrls = true;
  r.connection_limit = 7;
  r.password = "SCRAM-SHA-256$4096:c2FsdA==$AAAA:BBBB";
  r.valid_until = "2030-01-01 00:00:00+00";
  roles[r.name] = r;
  RoleInfo p;
  p.oid = 10;
  p.name = "postgres";
  p.superuser = true;
  roles[p.name] = p;
  std::string text = RoleStore::serialize(roles, 16391);
  std::map<std::string, RoleInfo> back;
  uint32_t next = 0;
  RoleStore::parse(text, "f", back, next);
  EXPECT_EQ(next, 16391u);
  ASSERT_EQ(back.size(), 2u);
  const RoleInfo& b = back.at(r.name);
  EXPECT_EQ(b.oid, r.oid);
  EXPECT_EQ(b.createdb, true);
  EXPECT_EQ(b.inherit, false);
  EXPECT_EQ(b.bypassrls, true);
  EXPECT_EQ(b.superuser, false);
  EXPECT_EQ(b.connection_limit, 7);
  EXPECT_EQ(b.password, r.password);
  EXPECT_EQ(b.valid_until, r.valid_until);
  EXPECT_EQ(RoleStore::serialize(back, next), text);
}

TEST(RoleStore, DamagedFilesAreRefused) {
  std::map<std::string, RoleInfo> roles;
  RoleInfo p;
  p.oid = 10;
  p.name = "postgres";
  roles[p.name] = p;
  std::string text = RoleStore::serialize(roles, 16384);
  std::map<std::string, RoleInfo> out;
  uint32_t next;
  // Every single-byte change and every truncation is caught.
  for (size_t i = 0; i < text.size(); ++i) {
    std::string bad = text;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_EQ(error_of([&] { RoleStore::parse(bad, "f", out, next); }).substr(0, 5), "XX001") << i;
    EXPECT_EQ(error_of([&] { RoleStore::parse(text.substr(0, i), "f", out, next); }).substr(0, 5), "XX001") << i;
  }
  EXPECT_EQ(error_of([&] { RoleStore::parse(text, "f", out, next); }), "ok");
}

TEST(RoleStore, CommitPersistsAndReopens) {
  RolesDir dir;
  {
    RoleStore s;
    s.open(dir.path(), false);
    s.commit({create("alice", "md51e9244426166da9499e0dbab0806a0c3"), create("bob")});
    RoleChange drop;
    drop.kind = RoleChange::Kind::kDrop;
    drop.name = "bob";
    s.commit({drop});
  }
  RoleStore again;
  again.open(dir.path(), false);
  auto alice = again.find("alice");
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->oid, 16384u);
  EXPECT_EQ(alice->password, "md51e9244426166da9499e0dbab0806a0c3");
  EXPECT_FALSE(again.find("bob"));
  // Oids are not reused after a drop.
  again.commit({create("carol")});
  EXPECT_EQ(again.find("carol")->oid, 16386u);
}

TEST(RoleStore, ConflictingCommitChangesNothing) {
  RolesDir dir;
  RoleStore s;
  s.open(dir.path(), false);
  s.commit({create("alice")});
  EXPECT_EQ(error_of([&] { s.commit({create("zed"), create("alice")}); }), "42710: role \"alice\" already exists");
  EXPECT_FALSE(s.find("zed"));
  RoleStore reopened;
  reopened.open(dir.path(), false);
  EXPECT_FALSE(reopened.find("zed"));
}

TEST(RoleStore, CorruptFileStopsOpen) {
  RolesDir dir;
  {
    RoleStore s;
    s.open(dir.path(), false);
    s.commit({create("alice")});
  }
  std::string file = wal::join_path(dir.path(), RoleStore::kFileName);
  std::string text;
  ASSERT_TRUE(wal::read_whole_file(file, text));
  text[text.find("alice")] = 'A';
  std::ofstream(file, std::ios::trunc) << text;
  RoleStore s;
  EXPECT_EQ(error_of([&] { s.open(dir.path(), false); }),
            "XX001: invalid roles file \"" + file + "\": checksum mismatch");
}

}  // namespace
}  // namespace upsertdb
