#include "server/error_message.h"

#include <gtest/gtest.h>

#include "server/message_decoder.h"
#include "server/message_reader.h"

namespace upsertdb::server {
namespace {

// Decodes an ErrorResponse/NoticeResponse body into "code=value" pairs in order.
std::vector<std::string> fields_of(const std::string& wire) {
  MessageDecoder d;
  d.feed("S" + wire.substr(1));   // any type with the large limit frames the same
  std::vector<std::string> out;
  Frame f;
  EXPECT_TRUE(d.next(f));
  MessageReader r(f.body);
  for (uint8_t code = r.byte(); code != 0; code = r.byte()) out.push_back(std::string(1, code) + "=" + r.cstring());
  r.expect_end();
  return out;
}

TEST(ErrorMessage, SendsFilledFieldsInPostgresOrder) {
  ErrorFields f;
  f.sqlstate = "23505";
  f.message = "duplicate key value violates unique constraint \"t_pkey\"";
  f.detail = "Key (id)=(1) already exists.";
  f.schema = "public";
  f.table = "t";
  f.constraint = "t_pkey";
  MessageWriter w;
  write_error_response(w, f);
  EXPECT_EQ(w.data()[0], 'E');
  EXPECT_EQ(fields_of(w.data()),
            (std::vector<std::string>{"S=ERROR", "V=ERROR", "C=23505", "M=" + f.message, "D=" + f.detail,
                                      "s=public", "t=t", "n=t_pkey"}));
}

TEST(ErrorMessage, PositionHintColumnAndDatatype) {
  ErrorFields f;
  f.severity = "FATAL";
  f.sqlstate = "42703";
  f.message = "m";
  f.hint = "h";
  f.position = 8;
  f.column = "c";
  f.datatype = "integer";
  MessageWriter w;
  write_notice_response(w, f);
  EXPECT_EQ(w.data()[0], 'N');
  EXPECT_EQ(fields_of(w.data()),
            (std::vector<std::string>{"S=FATAL", "V=FATAL", "C=42703", "M=m", "H=h", "P=8", "c=c", "d=integer"}));
}

TEST(ErrorMessage, ContextFieldAfterPosition) {
  // PostgreSQL sends W (context) after P, before the schema/table fields.
  ErrorFields f;
  f.sqlstate = "22P02";
  f.message = "invalid input syntax for type integer: \"x\"";
  f.position = 3;
  f.context = "COPY t, line 3, column b: \"x\"";
  f.table = "t";
  MessageWriter w;
  write_error_response(w, f);
  EXPECT_EQ(fields_of(w.data()), (std::vector<std::string>{"S=ERROR", "V=ERROR", "C=22P02", "M=" + f.message, "P=3",
                                                           "W=" + f.context, "t=t"}));
}

TEST(ErrorMessage, NoticeClassification) {
  auto c = classify_notice("there is already a transaction in progress");
  EXPECT_EQ(c.severity, "WARNING");
  EXPECT_EQ(c.sqlstate, "25001");
  c = classify_notice("there is no transaction in progress");
  EXPECT_EQ(c.severity, "WARNING");
  EXPECT_EQ(c.sqlstate, "25P01");
  c = classify_notice("relation \"t\" already exists, skipping");
  EXPECT_EQ(c.severity, "NOTICE");
  EXPECT_EQ(c.sqlstate, "42P07");
  c = classify_notice("column \"c\" of relation \"t\" already exists, skipping");
  EXPECT_EQ(c.sqlstate, "42701");
  c = classify_notice("table \"t\" does not exist, skipping");
  EXPECT_EQ(c.severity, "NOTICE");
  EXPECT_EQ(c.sqlstate, "00000");
  EXPECT_EQ(c.message, "table \"t\" does not exist, skipping");
}

}  // namespace
}  // namespace upsertdb::server
