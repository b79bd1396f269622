// String functions; expected results were taken from PostgreSQL 15 (UTF8, C collation).
#include <gtest/gtest.h>

#include "functions/test_support.h"

namespace upsertdb {
namespace {

using fn_test::error_of;
using fn_test::eval;
using fn_test::lit;

class StringFunctions : public ::testing::Test {
 protected:
  fn_test::FakeContext ctx;
  std::string e(const std::string& name, std::vector<Value> args) { return eval(ctx, name, std::move(args)); }
  std::string err(const std::string& name, std::vector<Value> args) { return error_of(ctx, name, std::move(args)); }
};

TEST_F(StringFunctions, Lengths) {
  EXPECT_EQ(e("length", {lit("héllo")}), "5");
  EXPECT_EQ(e("octet_length", {lit("héllo")}), "6");
  EXPECT_EQ(e("length", {Value::text("ab  ", TypeId::kBpchar)}), "2");
  EXPECT_EQ(e("char_length", {Value::text("ab  ", TypeId::kVarchar)}), "4");
  EXPECT_EQ(e("octet_length", {Value::text("a  ", TypeId::kBpchar)}), "3");
  EXPECT_EQ(e("length", {Value::null(TypeId::kText)}), "NULL");
}

TEST_F(StringFunctions, CaseMappingIsAscii) {
  EXPECT_EQ(e("lower", {lit("ABC Ä")}), "abc Ä");
  EXPECT_EQ(e("upper", {lit("äbc")}), "äBC");
  EXPECT_EQ(e("initcap", {lit("hELLO wORLD-foo_bar 3abc")}), "Hello World-Foo_Bar 3abc");
}

TEST_F(StringFunctions, Substrings) {
  EXPECT_EQ(e("substr", {lit("hello"), Value::int4(2)}), "ello");
  EXPECT_EQ(e("substr", {lit("hello"), Value::int4(2), Value::int4(2)}), "el");
  EXPECT_EQ(e("substring", {lit("hello"), Value::int4(-2), Value::int4(5)}), "he");
  EXPECT_EQ(e("substr", {lit("hello"), Value::int4(-1), Value::int4(3)}), "h");
  EXPECT_EQ(e("substr", {lit("hello"), Value::int4(0)}), "hello");
  EXPECT_EQ(err("substr", {lit("hello"), Value::int4(2), Value::int4(-1)}), "22011: negative substring length not allowed");
  EXPECT_EQ(e("left", {lit("héllo"), Value::int4(2)}), "hé");
  EXPECT_EQ(e("right", {lit("héllo"), Value::int4(2)}), "lo");
  EXPECT_EQ(e("left", {lit("hello"), Value::int4(-2)}), "hel");
  EXPECT_EQ(e("right", {lit("hello"), Value::int4(-2)}), "llo");
  EXPECT_EQ(e("substring", {lit("hello"), lit("l+")}), "ll");
  EXPECT_EQ(e("substring", {lit("hello"), lit("e(l+)")}), "ll");
  EXPECT_EQ(e("substring", {lit("hello"), lit("z")}), "NULL");
}

TEST_F(StringFunctions, Positions) {
  EXPECT_EQ(e("strpos", {lit("héllo"), lit("l")}), "3");
  EXPECT_EQ(e("position", {lit("hello"), lit("lo")}), "4");   // position('lo' in 'hello')
  EXPECT_EQ(e("strpos", {lit("abc"), lit("z")}), "0");
  EXPECT_EQ(e("strpos", {lit("hello"), lit("")}), "1");
  EXPECT_EQ(e("starts_with", {lit("hello"), lit("he")}), "t");
  EXPECT_EQ(e("starts_with", {lit("he"), lit("hello")}), "f");
}

TEST_F(StringFunctions, ReplaceTrimPad) {
  EXPECT_EQ(e("replace", {lit("abcabc"), lit("b"), lit("XY")}), "aXYcaXYc");
  EXPECT_EQ(e("replace", {lit("abc"), lit(""), lit("x")}), "abc");
  EXPECT_EQ(e("btrim", {lit("xyaxbyx"), lit("xy")}), "axb");
  EXPECT_EQ(e("btrim", {lit("  a  ")}), "a");
  EXPECT_EQ(e("rtrim", {lit("abc  ")}), "abc");
  EXPECT_EQ(e("ltrim", {lit("abcabc"), lit("ab")}), "cabc");
  EXPECT_EQ(e("lpad", {lit("abc"), Value::int4(6), lit("xy")}), "xyxabc");
  EXPECT_EQ(e("rpad", {lit("abc"), Value::int4(6), lit("xy")}), "abcxyx");
  EXPECT_EQ(e("rpad", {lit("abc"), Value::int4(2)}), "ab");
  EXPECT_EQ(e("lpad", {lit("hello"), Value::int4(3)}), "hel");
  EXPECT_EQ(e("lpad", {lit("hi"), Value::int4(5), lit("")}), "hi");
  EXPECT_EQ(e("lpad", {lit("hi"), Value::int4(-1), lit("x")}), "");
  EXPECT_EQ(e("repeat", {lit("ab"), Value::int4(3)}), "ababab");
  EXPECT_EQ(e("repeat", {lit("ab"), Value::int4(-1)}), "");
  EXPECT_EQ(e("reverse", {lit("héllo")}), "olléh");
  EXPECT_EQ(e("translate", {lit("12345"), lit("143"), lit("ax")}), "a2x5");
  EXPECT_EQ(e("translate", {lit("héllo"), lit("él"), lit("E")}), "hEo");
}

TEST_F(StringFunctions, SplitPart) {
  EXPECT_EQ(e("split_part", {lit("a,b,c"), lit(","), Value::int4(2)}), "b");
  EXPECT_EQ(e("split_part", {lit("a,b,c"), lit(","), Value::int4(4)}), "");
  EXPECT_EQ(e("split_part", {lit("a,b,c"), lit(","), Value::int4(-1)}), "c");
  EXPECT_EQ(e("split_part", {lit("a,b,c"), lit(","), Value::int4(-3)}), "a");
  EXPECT_EQ(e("split_part", {lit("a,b,c"), lit(""), Value::int4(1)}), "a,b,c");
  EXPECT_EQ(e("split_part", {lit(""), lit(","), Value::int4(1)}), "");
  EXPECT_EQ(err("split_part", {lit("a,b,c"), lit(","), Value::int4(0)}), "22023: field position must not be zero");
}

TEST_F(StringFunctions, CharactersAndCodes) {
  EXPECT_EQ(e("ascii", {lit("é")}), "233");
  EXPECT_EQ(e("ascii", {lit("")}), "0");
  EXPECT_EQ(e("chr", {Value::int4(233)}), "é");
  EXPECT_EQ(err("chr", {Value::int4(0)}), "54000: null character not permitted");
  EXPECT_EQ(err("chr", {Value::int4(-1)}), "22023: character number must be positive");
  EXPECT_EQ(err("chr", {Value::int4(1114112)}), "54000: requested character too large for encoding: 1114112");
  EXPECT_EQ(err("chr", {Value::int4(55296)}), "54000: requested character not valid for encoding: 55296");
  EXPECT_EQ(e("to_hex", {Value::int4(255)}), "ff");
  EXPECT_EQ(e("to_hex", {Value::int4(-1)}), "ffffffff");
  EXPECT_EQ(e("to_hex", {Value::int8(-255)}), "ffffffffffffff01");
}

TEST_F(StringFunctions, Quoting) {
  EXPECT_EQ(e("quote_ident", {lit("Foo")}), "\"Foo\"");
  EXPECT_EQ(e("quote_ident", {lit("foo")}), "foo");
  EXPECT_EQ(e("quote_ident", {lit("select")}), "\"select\"");
  EXPECT_EQ(e("quote_ident", {lit("a\"b")}), "\"a\"\"b\"");
  EXPECT_EQ(e("quote_literal", {lit("it's")}), "'it''s'");
  EXPECT_EQ(e("quote_literal", {lit("a\\b")}), "E'a\\\\b'");
  EXPECT_EQ(e("quote_literal", {Value::int4(42)}), "'42'");
}

TEST_F(StringFunctions, ConcatIgnoresNulls) {
  EXPECT_EQ(e("concat", {lit("a"), Value::null(TypeId::kUnknown), Value::int4(1), Value::boolean(true)}), "a1t");
  EXPECT_EQ(e("concat_ws", {lit(","), lit("a"), Value::null(TypeId::kUnknown), Value::int4(2)}), "a,2");
  EXPECT_EQ(e("concat_ws", {Value::null(TypeId::kUnknown), lit("a")}), "NULL");
}

TEST_F(StringFunctions, Format) {
  EXPECT_EQ(e("format", {lit("%s %I %L %%"), lit("x"), lit("Y z"), Value::null(TypeId::kUnknown)}), "x \"Y z\" NULL %");
  EXPECT_EQ(e("format", {lit("%s"), Value::numeric("1.50")}), "1.50");
  EXPECT_EQ(e("format", {lit("%5s|%-5s|"), lit("a"), lit("b")}), "    a|b    |");
  EXPECT_EQ(e("format", {lit("%1$s %1$s"), lit("a")}), "a a");
  EXPECT_EQ(e("format", {lit("%*s|"), Value::int4(4), lit("a")}), "   a|");
  EXPECT_EQ(e("format", {lit("%-*s|"), Value::int4(4), lit("a")}), "a   |");
  EXPECT_EQ(e("format", {lit("%L"), Value::int4(12)}), "'12'");
  EXPECT_EQ(e("format", {Value::null(TypeId::kUnknown), Value::int4(1)}), "NULL");
  EXPECT_EQ(err("format", {lit("%x"), Value::int4(1)}), "22023: unrecognized format() type specifier \"x\"");
  EXPECT_EQ(err("format", {lit("%s")}), "22023: too few arguments for format()");
  EXPECT_EQ(err("format", {lit("%2$s"), Value::int4(1)}), "22023: too few arguments for format()");
  EXPECT_EQ(err("format", {lit("%0$s"), Value::int4(1)}), "22023: format specifies argument 0, but arguments are numbered from 1");
  EXPECT_EQ(err("format", {lit("%"), Value::int4(1)}), "22023: unterminated format() type specifier");
  EXPECT_EQ(err("format", {lit("%I"), Value::null(TypeId::kUnknown)}), "22004: null values cannot be formatted as an SQL identifier");
}

TEST_F(StringFunctions, RegexpReplace) {
  EXPECT_EQ(e("regexp_replace", {lit("abcabc"), lit("b"), lit("X")}), "aXcabc");
  EXPECT_EQ(e("regexp_replace", {lit("abcabc"), lit("B"), lit("X"), lit("gi")}), "aXcaXc");
  EXPECT_EQ(e("regexp_replace", {lit("abc"), lit("(b)"), lit("[\\1\\&\\\\]"), lit("g")}), "a[bb\\]c");
  EXPECT_EQ(e("regexp_replace", {lit("abc"), lit(""), lit("-"), lit("g")}), "-a-b-c-");
  EXPECT_EQ(e("regexp_replace", {lit("a1b22"), lit("\\d+"), lit("#"), lit("g")}), "a#b#");
  EXPECT_EQ(err("regexp_replace", {lit("abc"), lit("b"), lit("X"), lit("z")}), "22023: invalid regular expression option: \"z\"");
  EXPECT_EQ(err("regexp_replace", {lit("abc"), lit("("), lit("x")}), "2201B: invalid regular expression: parentheses () not balanced");
}

TEST_F(StringFunctions, QuoteNullable) {
  EXPECT_EQ(e("quote_nullable", {Value::null(TypeId::kUnknown)}), "NULL");
  EXPECT_EQ(e("quote_nullable", {lit("a'b")}), "'a''b'");
  EXPECT_EQ(e("quote_nullable", {Value::text("a\\b")}), "E'a\\\\b'");
  EXPECT_EQ(e("quote_nullable", {Value::int4(42)}), "'42'");
  EXPECT_EQ(e("quote_nullable", {Value::numeric("1.5")}), "'1.5'");
  EXPECT_EQ(e("quote_nullable", {Value::null(TypeId::kInt4)}), "NULL");
  EXPECT_EQ(e("quote_nullable", {Value::boolean(true)}), "'true'");
  EXPECT_EQ(e("quote_literal", {Value::boolean(false)}), "'false'");
}

TEST_F(StringFunctions, Overlay) {
  EXPECT_EQ(e("overlay", {lit("Txxxxas"), lit("hom"), Value::int4(2), Value::int4(4)}), "Thomas");
  EXPECT_EQ(e("overlay", {lit("Txxxxas"), lit("hom"), Value::int4(2)}), "Thomxas");
  EXPECT_EQ(e("overlay", {lit("abc"), lit("x"), Value::int4(2), Value::int4(-1)}), "axabc");
  EXPECT_EQ(e("overlay", {lit("abc"), lit("x"), Value::int4(10)}), "abcx");
  EXPECT_EQ(e("overlay", {lit("abc"), lit("x"), Value::int4(1), Value::int4(0)}), "xabc");
  EXPECT_EQ(e("overlay", {lit("héllo"), lit("É"), Value::int4(2)}), "hÉllo");
  EXPECT_EQ(err("overlay", {lit("abc"), lit("x"), Value::int4(0)}), "22011: negative substring length not allowed");
  EXPECT_EQ(err("overlay", {lit("abc"), lit("x"), Value::int4(2147483647), Value::int4(1)}), "22003: integer out of range");
  EXPECT_EQ(e("overlay", {Value::bytea("\x12\x34"), Value::bytea("\x56"), Value::int4(2)}), "\\x1256");
}

TEST_F(StringFunctions, Hashes) {
  EXPECT_EQ(e("md5", {lit("abc")}), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(e("md5", {lit("")}), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(e("md5", {Value::bytea("abc")}), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(e("md5", {Value::null(TypeId::kUnknown)}), "NULL");
  EXPECT_EQ(e("sha256", {lit("abc")}), "\\xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(e("sha224", {Value::bytea("abc")}), "\\x23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
  EXPECT_EQ(e("sha512", {Value::bytea("")}).size(), 2u + 128u);
}

TEST_F(StringFunctions, SimilarToEscape) {
  EXPECT_EQ(e("similar_to_escape", {lit("(a|b)%")}), "^(?:(?:a|b).*)$");
  EXPECT_EQ(e("similar_to_escape", {lit("a_b.c^$\\d")}), "^(?:a.b\\.c\\^\\$\\d)$");
  EXPECT_EQ(e("similar_to_escape", {lit("[%_]x")}), "^(?:[%_]x)$");
  EXPECT_EQ(e("similar_to_escape", {lit("a#\"b#\"c"), lit("#")}), "^(?:a){1,1}?(b){1,1}(?:c)$");
  EXPECT_EQ(e("similar_to_escape", {lit("a\\\"b\\\"c")}), "^(?:a){1,1}?(b){1,1}(?:c)$");
  EXPECT_EQ(e("similar_to_escape", {lit("a%"), lit("")}), "^(?:a.*)$");
  EXPECT_EQ(e("similar_to_escape", {lit("[]a]")}), "^(?:[]a])$");
  EXPECT_EQ(e("similar_to_escape", {lit("[^]a\\]")}), "^(?:[^]a\\])$");
  EXPECT_EQ(e("similar_to_escape", {lit("a%"), Value::null(TypeId::kText)}), "NULL");
  EXPECT_EQ(err("similar_to_escape", {lit("a"), lit("xy")}), "22025: invalid escape string");
  EXPECT_EQ(err("similar_to_escape", {lit("a\\\"b\\\"c\\\"d\\\"")}),
            "2200C: SQL regular expression may not contain more than two escape-double-quote separators");
}

TEST_F(StringFunctions, SubstringSimilar) {
  EXPECT_EQ(e("substring", {lit("foobar"), lit("%#\"o_b#\"%"), lit("#")}), "oob");
  EXPECT_EQ(e("substring", {lit("foobar"), lit("f%"), lit("#")}), "foobar");
  EXPECT_EQ(e("substring", {lit("foobar"), lit("x%"), lit("#")}), "NULL");
  EXPECT_EQ(e("substring", {lit("aXbXc"), lit("a#\"%#\"X%"), lit("#")}), "Xb");
}

// Non-capturing groups do not count for \n or substring()'s first group.
TEST_F(StringFunctions, NonCapturingGroups) {
  EXPECT_EQ(e("regexp_replace", {lit("abc"), lit("(?:a)(b)"), lit("[\\1]")}), "[b]c");
  EXPECT_EQ(e("substring", {lit("abc"), lit("(?:a)(b)")}), "b");
  EXPECT_EQ(e("substring", {lit("abc"), lit("(?:a)b")}), "ab");
  EXPECT_EQ(e("substring", {lit("xaab"), lit("a+?b")}), "aab");
}

TEST_F(StringFunctions, RegexSeesUtf8Characters) {
  EXPECT_EQ(e("substring", {lit("héllo"), lit("h(.)l")}), "é");
  EXPECT_EQ(e("regexp_replace", {lit("héllo"), lit("h.l"), lit("X")}), "Xlo");
  EXPECT_EQ(e("regexp_replace", {lit("héé"), lit("é"), lit("e"), lit("g")}), "hee");
  EXPECT_EQ(e("substring", {lit("é1"), lit("[[:alpha:]]")}), "NULL");
  EXPECT_EQ(e("regexp_replace", {lit("ÉXx"), lit("é|x"), lit("-"), lit("gi")}), "É--");
  EXPECT_EQ(e("regexp_replace", {lit("aBc"), lit("B"), lit("[\\&]"), lit("i")}), "a[B]c");
}

}  // namespace
}  // namespace upsertdb
