#include "server/error_message.h"

namespace upsertdb::server {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void write_fields(MessageWriter& w, char type, const ErrorFields& f) {
  w.begin(type);
  auto field = [&](char code, const std::string& v) {
    if (v.empty()) return;
    w.int8(static_cast<uint8_t>(code));
    w.cstring(v);
  };
  std::string severity = f.severity.empty() ? "ERROR" : f.severity;
  field('S', severity);
  field('V', severity);
  field('C', f.sqlstate.empty() ? std::string(sqlstate::kInternalError) : f.sqlstate);
  field('M', f.message);
  field('D', f.detail);
  field('H', f.hint);
  if (f.position > 0) field('P', std::to_string(f.position));
  field('W', f.context);
  field('s', f.schema);
  field('t', f.table);
  field('c', f.column);
  field('d', f.datatype);
  field('n', f.constraint);
  w.int8(0);
  w.end();
}

}  // namespace

void write_error_response(MessageWriter& w, const ErrorFields& f) { write_fields(w, 'E', f); }
void write_notice_response(MessageWriter& w, const ErrorFields& f) { write_fields(w, 'N', f); }

ErrorFields classify_notice(const std::string& text) {
  ErrorFields f;
  f.severity = "NOTICE";
  f.sqlstate = "00000";
  f.message = text;
  if (text == "there is already a transaction in progress") {
    f.severity = "WARNING";
    f.sqlstate = sqlstate::kActiveSqlTransaction;
  } else if (text == "there is no transaction in progress" || ends_with(text, "can only be used in transaction blocks")) {
    f.severity = "WARNING";
    f.sqlstate = sqlstate::kNoActiveSqlTransaction;
  } else if (ends_with(text, "already exists, skipping")) {
    f.sqlstate = text.rfind("column ", 0) == 0 ? sqlstate::kDuplicateColumn
                 : text.rfind("schema ", 0) == 0 ? sqlstate::kDuplicateSchema
                 : text.rfind("relation ", 0) == 0 ? sqlstate::kDuplicateTable
                                                     : sqlstate::kDuplicateObject;
  }
  return f;
}

}  // namespace upsertdb::server
