// Expected outputs and error details from PostgreSQL 15 (psql).
#include "types/json.h"

#include <gtest/gtest.h>

#include "types/test_util.h"

namespace upsertdb {
namespace {

using testing::error_of;

std::string jb(const char* s) { return json::normalize_jsonb(s); }
std::string detail_of(const char* s) {
  std::string d;
  std::string e = error_of([&] { json::validate_json(s); }, &d);
  EXPECT_EQ(e, "22P02 invalid input syntax for type json") << s;
  return d;
}

TEST(JsonTest, JsonbNormalisation) {
  EXPECT_EQ(jb("[1.0e+2, -0, 1E3]"), "[100, 0, 1000]");
  EXPECT_EQ(jb("{\"b\":1,\"a\":2,\"aa\":3,\"a\":4}"), "{\"a\": 4, \"b\": 1, \"aa\": 3}");
  EXPECT_EQ(jb("{\"a\": \"\\u0041\\n\\t\\u001f\"}"), "{\"a\": \"A\\n\\t\\u001f\"}");
  EXPECT_EQ(jb("[{}, [], null, true, 1.50]"), "[{}, [], null, true, 1.50]");
  EXPECT_EQ(jb(" {\"a\":1, \"b\" : [1,2]} "), "{\"a\": 1, \"b\": [1, 2]}");
  std::string d;
  EXPECT_EQ(error_of([] { jb("\"\\u0000\""); }, &d), "22P05 unsupported Unicode escape sequence");
  EXPECT_EQ(d, "\\u0000 cannot be converted to text.");
}

TEST(JsonTest, ErrorDetails) {
  EXPECT_EQ(detail_of("x"), "Token \"x\" is invalid.");
  EXPECT_EQ(detail_of("{\"a\":}"), "Expected JSON value, but found \"}\".");
  EXPECT_EQ(detail_of("{\"a\" 1}"), "Expected \":\", but found \"1\".");
  EXPECT_EQ(detail_of("[1,2"), "The input string ended unexpectedly.");
  EXPECT_EQ(detail_of("{\"a\":1,}"), "Expected string, but found \"}\".");
  EXPECT_EQ(detail_of("[1 2]"), "Expected \",\" or \"]\", but found \"2\".");
  EXPECT_EQ(detail_of("{\"a\":1 \"b\"}"), "Expected \",\" or \"}\", but found \"\"b\"\".");
  EXPECT_EQ(detail_of("{1:2}"), "Expected string or \"}\", but found \"1\".");
  EXPECT_EQ(detail_of("1 2"), "Expected end of input, but found \"2\".");
  EXPECT_EQ(detail_of("\"abc"), "Token \"\"abc\" is invalid.");
  EXPECT_EQ(detail_of("\"\\x\""), "Escape sequence \"\\x\" is invalid.");
  EXPECT_EQ(detail_of("\"\\u12\""), "\"\\u\" must be followed by four hexadecimal digits.");
  EXPECT_EQ(detail_of("01"), "Token \"01\" is invalid.");
  EXPECT_EQ(detail_of("1."), "Token \"1.\" is invalid.");
  EXPECT_EQ(detail_of("-"), "Token \"-\" is invalid.");
  EXPECT_EQ(detail_of(".5"), "Token \".\" is invalid.");
  EXPECT_EQ(detail_of("1e"), "Token \"1e\" is invalid.");
  EXPECT_EQ(detail_of("tru"), "Token \"tru\" is invalid.");
  EXPECT_EQ(detail_of("[1,]"), "Expected JSON value, but found \"]\".");
  EXPECT_EQ(detail_of(""), "The input string ended unexpectedly.");
  EXPECT_EQ(detail_of("{\"a\":1}}"), "Expected end of input, but found \"}\".");
  EXPECT_EQ(detail_of("\"a\nb\""), "Character with value 0x0a must be escaped.");
}

// json input checks an escape's syntax only; decoding (jsonb) checks surrogates.
TEST(JsonTest, LoneSurrogatesAreJsonButNotJsonb) {
  for (const char* s : {"\"\\ud800\"", "\"\\udc00\"", "[\"\\udc00\\ud800\"]", "\"\\ud800x\""})
    EXPECT_NO_THROW(json::validate_json(s)) << s;
  std::string d;
  EXPECT_EQ(error_of([] { jb("\"\\ud800\""); }, &d), "22P02 invalid input syntax for type json");
  EXPECT_EQ(d, "Unicode low surrogate must follow a high surrogate.");
  EXPECT_EQ(error_of([] { json::parse("[\"\\ud800\"]", false); }, &d), "22P02 invalid input syntax for type json");
  EXPECT_EQ(json::parse("\"\\ud800\"", false, /*decode_strings=*/false).kind, json::Node::Kind::kString);
  EXPECT_EQ(detail_of("\"\\ud800\\u12\""), "\"\\u\" must be followed by four hexadecimal digits.");
}

// The CONTEXT line PostgreSQL's report_json_context adds to every lexing and parsing error.
std::string context_of(const char* s, bool jsonb = false) {
  try {
    if (jsonb) jb(s); else json::validate_json(s);
  } catch (const DbError& e) {
    return e.fields().context;
  }
  return "no error";
}

TEST(JsonTest, ErrorContext) {
  EXPECT_EQ(context_of("[1, 2"), "JSON data, line 1: [1, 2");
  EXPECT_EQ(context_of("{\"a\": }"), "JSON data, line 1: {\"a\": }");
  EXPECT_EQ(context_of("abc def"), "JSON data, line 1: abc...");
  EXPECT_EQ(context_of("[1] 2 3"), "JSON data, line 1: [1] 2...");
  EXPECT_EQ(context_of("[1,\n2,\n\"a\\q\"]"), "JSON data, line 3: \"a\\q...");
  EXPECT_EQ(context_of("{\"a\":\n 1 x}"), "JSON data, line 2:  1 x...");
  EXPECT_EQ(context_of("\"\\u12\""), "JSON data, line 1: \"\\u12\"");
  EXPECT_EQ(context_of("\"\\u12x4\""), "JSON data, line 1: \"\\u12x...");
  // Long lines keep the last 49 bytes or so, cut at a character boundary.
  EXPECT_EQ(context_of("{\"aaaaaaaaaa\": \"bbbbbbbbbbbbbbbbbbbb\", \"cccccccccccccccccc\": 1, \"dddddd\": x}"),
            "JSON data, line 1: ...bbbbbbbbbb\", \"cccccccccccccccccc\": 1, \"dddddd\": x...");
  EXPECT_EQ(context_of("[1, \"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
                       "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
                       "\u00e9\u00e9\u00e9\u00e9\", 1 2]", true),
            "JSON data, line 1: ...\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
            "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\", 1 2...");
  EXPECT_EQ(context_of("\"\\ud800x\"", true), "JSON data, line 1: \"\\ud800x...");
  EXPECT_EQ(context_of("\"\\ud800\\u0041\"", true), "JSON data, line 1: \"\\ud800\\u0041...");
  EXPECT_EQ(context_of("\"\\ud800\\ud800\"", true), "JSON data, line 1: \"\\ud800\\ud800...");
  EXPECT_EQ(context_of("\"\\udc00\" ", true), "JSON data, line 1: \"\\udc00...");
  EXPECT_EQ(context_of("\"\\ud800\"", true), "JSON data, line 1: \"\\ud800\"");
  EXPECT_EQ(context_of("\"\\ud800\\n\"", true), "JSON data, line 1: \"\\ud800\\n...");
  EXPECT_EQ(context_of("\"\\u0000\"", true), "JSON data, line 1: \"\\u0000...");
}

TEST(JsonTest, JsonKeepsText) {
  Value v = value_from_text("{\"b\":1,  \"a\":2}", Type(TypeId::kJson));
  EXPECT_EQ(value_to_text(v), "{\"b\":1,  \"a\":2}");
}

}  // namespace
}  // namespace upsertdb
