// The dump pieces built from a catalog, and their JSON wire form.
#include "engine/dump_script.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "engine/engine.h"
#include "engine/session.h"

namespace upsertdb {
namespace {

TEST(DumpScript, PiecesInPgDumpOrder) {
  Engine engine("");
  Session s(engine);
  s.execute("create table \"Odd\nName\" (id serial primary key, v text check (v <> ''))");
  s.execute("create table child (id int references \"Odd\nName\"(id))");
  s.execute("create index on child (id) where id > 3");
  DumpScript d = build_dump_script(engine.catalog());
  EXPECT_NE(d.pre_data.find("CREATE SEQUENCE \"Odd\nName_id_seq\""), std::string::npos) << d.pre_data;
  EXPECT_NE(d.pre_data.find("ALTER SEQUENCE \"Odd\nName_id_seq\" OWNED BY \"Odd\nName\".id;"), std::string::npos);
  ASSERT_EQ(d.copy_targets.size(), 2u);
  EXPECT_EQ(d.table_names, (std::vector<std::string>{"Odd\nName", "child"}));
  EXPECT_EQ(d.copy_targets[0], "\"Odd\nName\" (id, v)");
  EXPECT_NE(d.sequence_state.find("setval('\"Odd\nName_id_seq\"', 1, false)"), std::string::npos) << d.sequence_state;
  // Keys and CHECKs, then plain indexes, then foreign keys.
  size_t pkey = d.post_data.find("PRIMARY KEY (id)");
  size_t index = d.post_data.find("CREATE INDEX child_id_idx ON child USING btree (id) WHERE (id > 3);");
  size_t fkey = d.post_data.find("FOREIGN KEY (id) REFERENCES \"Odd\nName\"(id)");
  ASSERT_NE(pkey, std::string::npos) << d.post_data;
  ASSERT_NE(index, std::string::npos) << d.post_data;
  ASSERT_NE(fkey, std::string::npos) << d.post_data;
  EXPECT_LT(pkey, index);
  EXPECT_LT(index, fkey);
}

TEST(DumpScript, JsonRoundTripThroughTheSqlFunction) {
  Engine engine("");
  Session s(engine);
  s.execute("create table t (a int, b text)");
  auto r = s.execute("select upsertdb_dump_script()");
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].rows.size(), 1u);
  DumpScript via_sql = dump_script_from_json(r[0].rows[0][0].as_str());
  DumpScript direct = build_dump_script(engine.catalog());
  EXPECT_EQ(via_sql.pre_data, direct.pre_data);
  EXPECT_EQ(via_sql.copy_targets, direct.copy_targets);
  EXPECT_EQ(via_sql.post_data, direct.post_data);
  EXPECT_EQ(via_sql.header + via_sql.footer, direct.header + direct.footer);
}

TEST(DumpScript, RefusesWhatIsNotADumpDescription) {
  EXPECT_THROW(dump_script_from_json(""), std::runtime_error);
  EXPECT_THROW(dump_script_from_json("[1,2]"), std::runtime_error);
  EXPECT_THROW(dump_script_from_json("{\"version\": 2}"), std::runtime_error);
  EXPECT_THROW(dump_script_from_json("{\"version\": 1, \"header\": 3}"), std::runtime_error);
  DumpScript d;
  d.table_names = {"a"};
  std::string mismatched = dump_script_to_json(d);   // one name, no COPY target
  EXPECT_THROW(dump_script_from_json(mismatched), std::runtime_error);
}

}  // namespace
}  // namespace upsertdb
