#include "engine/config_file.h"

#include <gtest/gtest.h>

namespace upsertdb {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(ConfigFile, PostgresqlConfSyntax) {
  Pairs got = parse_config_text(
      "# a comment\n"
      "\n"
      "max_connections = 150        # trailing comment\n"
      "Statement_Timeout '5s'\n"
      "search_path = '\"$user\", public'\n"
      "application_name = 'it''s'\n"
      "checkpoint_timeout=10min\n"
      "  fsync = off\r\n"
      "max_connections = 160\n",
      "f.conf");
  EXPECT_EQ(got, (Pairs{{"max_connections", "150"},
                        {"statement_timeout", "5s"},
                        {"search_path", "\"$user\", public"},
                        {"application_name", "it's"},
                        {"checkpoint_timeout", "10min"},
                        {"fsync", "off"},
                        {"max_connections", "160"}}));
}

TEST(ConfigFile, SyntaxErrorsNameTheLine) {
  auto message = [](const char* text) {
    try {
      parse_config_text(text, "/etc/u.conf");
    } catch (const ConfigFileError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("a = 1\n= 2\n"), "syntax error in file \"/etc/u.conf\" line 2, near token \"=\"");
  EXPECT_EQ(message("a = 'open\n"), "syntax error in file \"/etc/u.conf\" line 1, near end of line");
  EXPECT_EQ(message("a = 1 2\n"), "syntax error in file \"/etc/u.conf\" line 1, near token \"2\"");
  EXPECT_EQ(message("a =\n"), "syntax error in file \"/etc/u.conf\" line 1, near end of line");
}

TEST(ConfigFile, UnreadableFile) {
  EXPECT_THROW(read_config_file("/nonexistent/upsertdb.conf"), ConfigFileError);
}

}  // namespace
}  // namespace upsertdb
