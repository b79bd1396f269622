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
  EXPECT_EQ(detail_of("\"\\ud800\""), "Unicode low surrogate must follow a high surrogate.");
  EXPECT_EQ(detail_of("\"a\nb\""), "Character with value 0x0a must be escaped.");
}

TEST(JsonTest, JsonKeepsText) {
  Value v = value_from_text("{\"b\":1,  \"a\":2}", Type(TypeId::kJson));
  EXPECT_EQ(value_to_text(v), "{\"b\":1,  \"a\":2}");
}

}  // namespace
}  // namespace upsertdb
