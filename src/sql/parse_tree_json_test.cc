// The parse tree's JSON decoder: shapes, escapes, numbers, lookups, a deep
// nest without recursion, and malformed text refused with JsonError.
#include "sql/parse_tree_json.h"

#include <gtest/gtest.h>

#include <string>

namespace upsertdb::sql_internal {
namespace {

TEST(ParseTreeJson, ObjectsArraysAndScalars) {
  JsonDocument d = JsonDocument::parse(
      R"({"stmts": [{"stmt": {"SelectStmt": {"limitOption": "LIMIT_OPTION_DEFAULT", "op": "SETOP_NONE"}},)"
      R"( "stmt_len": 12}], "version": 150001, "neg": -42, "t": true, "f": false, "n": null, "e": {}, "a": []})");
  const Json& root = d.root();
  ASSERT_TRUE(root.is_object());
  EXPECT_EQ(root.size(), 8u);
  const Json& stmts = root.find("stmts").value();
  ASSERT_TRUE(stmts.is_array());
  ASSERT_EQ(stmts.size(), 1u);
  const Json& stmt = stmts[0].find("stmt").value();
  EXPECT_EQ(stmt.begin().key(), "SelectStmt");
  EXPECT_EQ(stmt.begin().value().find("op")->str(), "SETOP_NONE");
  EXPECT_EQ(stmts[0].find("stmt_len")->get<int>(), 12);
  EXPECT_EQ(root.find("version")->get<int64_t>(), 150001);
  EXPECT_EQ(root.find("neg")->get<int64_t>(), -42);
  EXPECT_TRUE(root.find("t")->get<bool>());
  EXPECT_FALSE(root.find("f")->get<bool>());
  EXPECT_TRUE(root.find("n")->is_null());
  EXPECT_EQ(root.find("n")->size(), 0u);
  EXPECT_TRUE(root.find("e")->is_object());
  EXPECT_TRUE(root.find("e")->empty());
  EXPECT_TRUE(root.find("a")->is_array());
  EXPECT_TRUE(root.find("a")->empty());
  EXPECT_EQ(root.find("missing"), root.end());
  EXPECT_EQ(root.find("version")->size(), 1u);   // a scalar counts one, as in nlohmann::json
  // Members in text order, with their keys.
  std::string keys;
  for (auto it = root.begin(); it != root.end(); ++it) keys += std::string(it.key()) + ",";
  EXPECT_EQ(keys, "stmts,version,neg,t,f,n,e,a,");
}

TEST(ParseTreeJson, StringEscapesDecodeInPlace) {
  JsonDocument d = JsonDocument::parse(
      R"(["plain", "q\"b\\s\/", "\b\f\n\r\t", "\u0001\u00e9\u20ac", "\ud83d\ude00", "caf\u00e9 ok", "ünï"])");
  const Json& a = d.root();
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(a[0].str(), "plain");
  EXPECT_EQ(a[1].str(), "q\"b\\s/");
  EXPECT_EQ(a[2].str(), "\b\f\n\r\t");
  EXPECT_EQ(a[3].str(), "\x01\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(a[4].str(), "\xf0\x9f\x98\x80");
  EXPECT_EQ(a[5].str(), "caf\xc3\xa9 ok");
  EXPECT_EQ(a[6].str(), "ünï");
}

TEST(ParseTreeJson, WrongKindsAndIndexesThrow) {
  JsonDocument d = JsonDocument::parse(R"({"s": "x", "i": 1, "l": [1]})");
  const Json& root = d.root();
  EXPECT_THROW(root.find("s")->get<int64_t>(), JsonError);
  EXPECT_THROW(root.find("i")->str(), JsonError);
  EXPECT_THROW(root.find("i")->get<bool>(), JsonError);
  EXPECT_THROW(root.find("l")->at(1), JsonError);
  EXPECT_EQ(root.find("l")->back().get<int>(), 1);
  EXPECT_THROW(root.find("s")->back(), JsonError);
}

TEST(ParseTreeJson, WithoutDropsOneMember) {
  JsonDocument d = JsonDocument::parse(R"({"a": 1, "intoClause": {"x": 2}, "b": [3]})");
  std::vector<Json> storage;
  Json copy = d.root().without("intoClause", storage);
  EXPECT_EQ(copy.size(), 2u);
  EXPECT_EQ(copy.find("intoClause"), copy.end());
  EXPECT_EQ(copy.find("b")->at(0).get<int>(), 3);
  EXPECT_EQ(d.root().size(), 3u);   // the document itself is unchanged
}

TEST(ParseTreeJson, DeepNestingNeedsNoStack) {
  // Far deeper than any expression the translator accepts (its depth guard
  // stops at a few thousand levels): the decoder keeps its own stack.
  const int depth = 200000;
  std::string text;
  for (int i = 0; i < depth; ++i) text += "{\"k\":[";
  text += "7";
  for (int i = 0; i < depth; ++i) text += "]}";
  JsonDocument d = JsonDocument::parse(text);
  const Json* j = &d.root();
  for (int i = 0; i < depth; ++i) j = &j->find("k")->at(0);
  EXPECT_EQ(j->get<int>(), 7);
}

TEST(ParseTreeJson, MalformedTextIsRefused) {
  for (const char* bad : {"", "{", "[1,", "{\"a\" 1}", "{\"a\":1,}", "[1]]", "[1}", "{\"a\":1]", "\"abc",
                          "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "tru", "-", "99999999999999999999",
                          "[1] x", "{1:2}"}) {
    EXPECT_THROW(JsonDocument::parse(bad), JsonError) << bad;
  }
}

}  // namespace
}  // namespace upsertdb::sql_internal
