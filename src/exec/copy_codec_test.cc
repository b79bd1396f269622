// COPY text/csv codec: expectations recorded from PostgreSQL 15.
#include "exec/copy_codec.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace upsertdb {
namespace {

CopyOptions text_opts() { return CopyOptions{}; }
CopyOptions csv_opts() {
  CopyOptions o;
  o.format = CopyFormat::kCsv;
  o.delimiter = ',';
  o.null_string = "";
  return o;
}

// All rows of `input`, fed in pieces of `chunk` bytes.
std::vector<std::string> rows_of(const std::string& input, const CopyOptions& o, size_t chunk = 1 << 20) {
  CopyLineReader r(o);
  std::vector<std::string> out;
  size_t pos = 0;
  std::string row;
  for (;;) {
    auto s = r.next(row);
    if (s == CopyLineReader::Status::kRow) {
      out.push_back(row);
    } else if (s == CopyLineReader::Status::kEnd) {
      return out;
    } else if (pos < input.size()) {
      r.feed(std::string_view(input).substr(pos, chunk));
      pos += chunk;
    } else {
      r.finish();
    }
  }
}

std::vector<CopyField> text_fields(const std::string& row, const CopyOptions& o = text_opts()) {
  std::vector<CopyField> f;
  split_text_row(row, o, f);
  return f;
}
std::vector<CopyField> csv_fields(const std::string& row, const CopyOptions& o = csv_opts()) {
  std::vector<CopyField> f;
  split_csv_row(row, o, f);
  return f;
}

DbError error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DbError& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return DbError("00000", "");
}

TEST(CopyLineReader, LineEndingsAndLastRowWithoutNewline) {
  using V = std::vector<std::string>;
  EXPECT_EQ(rows_of("1\ta\n2\tb\n", text_opts()), (V{"1\ta", "2\tb"}));
  EXPECT_EQ(rows_of("1\ta\r\n2\tb\r\n", text_opts()), (V{"1\ta", "2\tb"}));
  EXPECT_EQ(rows_of("1\tx\r2\ty\r", text_opts()), (V{"1\tx", "2\ty"}));
  EXPECT_EQ(rows_of("1\tlast", text_opts()), (V{"1\tlast"}));
  EXPECT_EQ(rows_of("", text_opts()), V{});
  EXPECT_EQ(rows_of("\n", text_opts()), V{""});
}

TEST(CopyLineReader, MixedLineEndingsAre22P04) {
  auto e = error_of([] { rows_of("1\tx\r\n2\ty\n", text_opts()); });
  EXPECT_EQ(e.sqlstate(), "22P04");
  EXPECT_EQ(e.fields().message, "literal newline found in data");
  EXPECT_EQ(e.fields().hint, "Use \"\\n\" to represent newline.");
  e = error_of([] { rows_of("1\tx\n2\ty\r\n", text_opts()); });
  EXPECT_EQ(e.fields().message, "literal carriage return found in data");
  EXPECT_EQ(e.fields().hint, "Use \"\\r\" to represent carriage return.");
  e = error_of([] { rows_of("1,x\n2,y\r\n", csv_opts()); });
  EXPECT_EQ(e.fields().message, "unquoted carriage return found in data");
  EXPECT_EQ(e.fields().hint, "Use quoted CSV field to represent carriage return.");
}

TEST(CopyLineReader, EndMarker) {
  using V = std::vector<std::string>;
  EXPECT_EQ(rows_of("1\ta\n\\.\n2\tb\n", text_opts()), V{"1\ta"});
  // Text format: \. anywhere ends the data; what precedes it is a last row.
  EXPECT_EQ(rows_of("1\ta\\.\n2\tb\n", text_opts()), V{"1\ta"});
  // An escaped backslash before the dot is data.
  EXPECT_EQ(rows_of("1\ta\\\\.b\n", text_opts()), V{"1\ta\\\\.b"});
  EXPECT_EQ(error_of([] { rows_of("1\ta\n\\.x\n", text_opts()); }).fields().message, "end-of-copy marker corrupt");
  EXPECT_EQ(error_of([] { rows_of("1\ta\r\n\\.\n", text_opts()); }).fields().message,
            "end-of-copy marker does not match previous newline style");
  // Csv: only alone on a line; elsewhere it is data.
  EXPECT_EQ(rows_of("1,\\.\n\\.\n2,x\n", csv_opts()), V{"1,\\."});
  EXPECT_EQ(rows_of("\\.x,1\n", csv_opts()), V{"\\.x,1"});
}

TEST(CopyLineReader, BackslashQuotesALineEndingInText) {
  using V = std::vector<std::string>;
  EXPECT_EQ(rows_of("1\ta\\\nb\n", text_opts()), V{"1\ta\\\nb"});
}

TEST(CopyLineReader, CsvQuotedNewlinesStayInTheRow) {
  using V = std::vector<std::string>;
  EXPECT_EQ(rows_of("1,\"a\nb\"\n2,\"x\"\"y\"\n", csv_opts()), (V{"1,\"a\nb\"", "2,\"x\"\"y\""}));
  EXPECT_EQ(rows_of("1,\"a\r\nb\"\r\n", csv_opts()), (V{"1,\"a\r\nb\""}));
}

TEST(CopyLineReader, AnyChunkingGivesTheSameRows) {
  std::string input = "1\ta\\tb\r\n22\t\\N\r\n333\tx\\\\\r\n\\.\r\n";
  std::string csv = "1,\"a\r\n\"\"b\"\"\"\r\n2,\r\n3,\"\\.\"\r\n";
  auto text_expected = rows_of(input, text_opts());
  auto csv_expected = rows_of(csv, csv_opts());
  ASSERT_EQ(text_expected.size(), 3u);
  ASSERT_EQ(csv_expected.size(), 3u);
  for (size_t chunk = 1; chunk < 8; ++chunk) {
    EXPECT_EQ(rows_of(input, text_opts(), chunk), text_expected) << chunk;
    EXPECT_EQ(rows_of(csv, csv_opts(), chunk), csv_expected) << chunk;
  }
}

TEST(CopyLineReader, LargeInputIsLinear) {
  // 200k rows in 1 KiB pieces: quadratic rescanning would take minutes.
  std::string input;
  for (int i = 0; i < 200000; ++i) input += std::to_string(i) + "\tsome text value\n";
  auto rows = rows_of(input, text_opts(), 1024);
  ASSERT_EQ(rows.size(), 200000u);
  EXPECT_EQ(rows[199999], "199999\tsome text value");
  // One huge row arriving in small pieces.
  std::string big(4 << 20, 'x');
  rows = rows_of("1\t" + big + "\n", text_opts(), 512);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].size(), big.size() + 2);
}

TEST(CopyTextFields, EscapesAndNull) {
  auto f = text_fields("1\ta\\x41\\101\\n\\\\\\N");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(*f[0], "1");
  EXPECT_EQ(*f[1], "aAA\n\\N");
  f = text_fields("\\N\t\\\\N\t\tab\\\tc\t\\b\\f\\r\\t\\v\\q");
  ASSERT_EQ(f.size(), 5u);
  EXPECT_FALSE(f[0]);
  EXPECT_EQ(*f[1], "\\N");
  EXPECT_EQ(*f[2], "");
  EXPECT_EQ(*f[3], "ab\tc");
  EXPECT_EQ(*f[4], "\b\f\r\t\vq");
  // \x without hex digits is a plain x; a trailing backslash is dropped.
  f = text_fields("a\\xq\tb\\");
  EXPECT_EQ(*f[0], "axq");
  EXPECT_EQ(*f[1], "b");
  EXPECT_EQ(text_fields("").size(), 1u);
}

TEST(CopyTextFields, NullStringIsMatchedAsWritten) {
  CopyOptions o = text_opts();
  o.null_string = "";
  auto f = text_fields("\t\\N\tx", o);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_FALSE(f[0]);
  EXPECT_EQ(*f[1], "N");
  o.delimiter = '|';
  o.null_string = "NULL";
  f = text_fields("NULL|\\NULL|x", o);
  EXPECT_FALSE(f[0]);
  EXPECT_EQ(*f[1], "NULL");
}

TEST(CopyTextFields, EscapedBytesMustBeUtf8) {
  auto e = error_of([] { text_fields("a\\0b"); });
  EXPECT_EQ(e.sqlstate(), "22021");
  EXPECT_EQ(e.fields().message, "invalid byte sequence for encoding \"UTF8\": 0x00");
  EXPECT_EQ(error_of([] { text_fields("a\\xff"); }).fields().message,
            "invalid byte sequence for encoding \"UTF8\": 0xff");
  EXPECT_EQ(*text_fields("\\xc3\\xa9")[0], "\xc3\xa9");
  EXPECT_EQ(error_of([] { check_copy_utf8("ok \xc3\x28"); }).fields().message,
            "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
}

TEST(CopyCsvFields, QuotesNullsAndEscapes) {
  auto f = csv_fields("1,\"a\nb\",\"x\"\"y\",,\"\", \"ab\" ,ab\"c\"");
  ASSERT_EQ(f.size(), 7u);
  EXPECT_EQ(*f[1], "a\nb");
  EXPECT_EQ(*f[2], "x\"y");
  EXPECT_FALSE(f[3]);
  EXPECT_EQ(*f[4], "");
  EXPECT_EQ(*f[5], " ab ");
  EXPECT_EQ(*f[6], "abc");
  CopyOptions o = csv_opts();
  o.escape = '\\';
  f = csv_fields("1,\"a\\\"b\\\\c\"", o);
  EXPECT_EQ(*f[1], "a\"b\\c");
  auto e = error_of([] { csv_fields("1,\"abc"); });
  EXPECT_EQ(e.sqlstate(), "22P04");
  EXPECT_EQ(e.fields().message, "unterminated CSV quoted field");
}

TEST(CopyHeader, MatchMessages) {
  CopyOptions o = csv_opts();
  std::vector<std::string> names{"a", "b"};
  EXPECT_EQ(error_of([&] { check_header_fields(csv_fields("a,c"), names, o); }).fields().message,
            "column name mismatch in header line field 2: got \"c\", expected \"b\"");
  EXPECT_EQ(error_of([&] { check_header_fields(csv_fields("a"), names, o); }).fields().message,
            "wrong number of fields in header line: got 1, expected 2");
  EXPECT_EQ(error_of([&] { check_header_fields(csv_fields("a,"), names, o); }).fields().message,
            "column name mismatch in header line field 2: got null value (\"\"), expected \"b\"");
  check_header_fields(csv_fields("a,b"), names, o);
}

std::string text_out(const std::string& v, char delim = '\t') {
  std::string out;
  append_text_field(out, v, delim);
  return out;
}
std::string csv_out(const std::string& v, bool force = false, bool single = false,
                    const CopyOptions& o = csv_opts()) {
  std::string out;
  append_csv_field(out, v, o, force, single);
  return out;
}

TEST(CopyOutput, TextEscapes) {
  EXPECT_EQ(text_out("plain é"), "plain é");
  EXPECT_EQ(text_out("a\tb\nc\rd\\e\bf\fg\vh"), "a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh");
  EXPECT_EQ(text_out("\x01x"), "\x01x");          // other control bytes pass through
  EXPECT_EQ(text_out("a|b", '|'), "a\\|b");
  EXPECT_EQ(text_out("a\x01" "b", '\x01'), "a\\\x01" "b");
  // What COPY TO writes, COPY FROM reads back.
  std::string tricky = "tab\there\\N \\. new\nline\r";
  auto f = text_fields(text_out(tricky));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(*f[0], tricky);
}

TEST(CopyOutput, CsvQuoting) {
  EXPECT_EQ(csv_out("plain"), "plain");
  EXPECT_EQ(csv_out(""), "\"\"");                  // equals the NULL string
  EXPECT_EQ(csv_out("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_out("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_out("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_out("x", true), "\"x\"");
  EXPECT_EQ(csv_out("\\."), "\\.");
  EXPECT_EQ(csv_out("\\.", false, true), "\"\\.\"");
  CopyOptions o = csv_opts();
  o.escape = '\\';
  EXPECT_EQ(csv_out("a\"b\\c", false, false, o), "\"a\\\"b\\\\c\"");
  o = csv_opts();
  o.null_string = "NULL";
  EXPECT_EQ(csv_out("NULL", false, false, o), "\"NULL\"");
  EXPECT_EQ(csv_out("", false, false, o), "");
}

}  // namespace
}  // namespace upsertdb
