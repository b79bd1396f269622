// Record layouts and PostgreSQL's record text form (types/record.h): output
// quotes a field when it is empty or holds '"', '\\', '(', ')', ',' or white
// space, doubling quotes and backslashes inside; input reverses exactly that.
#include "types/record.h"

#include <cctype>
#include <memory>
#include <mutex>

#include "common/error.h"

namespace upsertdb {

namespace {

struct Registry {
  std::mutex mu;
  std::vector<std::unique_ptr<std::vector<RecordField>>> layouts;   // stable addresses
};

Registry& registry() {
  static Registry r;
  return r;
}

bool same_layout(const std::vector<RecordField>& a, const std::vector<RecordField>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].type != b[i].type) return false;
  return true;
}

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  for (char c : s)
    if (c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || std::isspace(static_cast<unsigned char>(c)))
      return true;
  return false;
}

// The text of each field (nullopt-free: `nulls[i]` marks NULL fields).
void split_record(const std::string& text, std::vector<std::string>& fields, std::vector<bool>& nulls) {
  size_t i = 1;   // past '('
  while (i < text.size()) {
    std::string field;
    bool quoted_any = false;
    while (i < text.size() && text[i] != ',' && text[i] != ')') {
      char c = text[i++];
      if (c == '\\' && i < text.size()) {
        field += text[i++];
      } else if (c == '"') {
        quoted_any = true;
        while (i < text.size()) {
          char q = text[i++];
          if (q == '\\' && i < text.size()) {
            field += text[i++];
          } else if (q == '"') {
            if (i < text.size() && text[i] == '"') field += text[i++];
            else break;
          } else {
            field += q;
          }
        }
      } else {
        field += c;
      }
    }
    nulls.push_back(field.empty() && !quoted_any);
    fields.push_back(std::move(field));
    if (i >= text.size() || text[i] == ')') break;
    ++i;   // ','
  }
}

}  // namespace

int32_t record_layout_id(const std::vector<RecordField>& fields) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  for (size_t i = 0; i < r.layouts.size(); ++i)
    if (same_layout(*r.layouts[i], fields)) return static_cast<int32_t>(i);
  r.layouts.push_back(std::make_unique<std::vector<RecordField>>(fields));
  return static_cast<int32_t>(r.layouts.size() - 1);
}

const std::vector<RecordField>* record_layout(int32_t typmod) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  if (typmod < 0 || static_cast<size_t>(typmod) >= r.layouts.size()) return nullptr;
  return r.layouts[static_cast<size_t>(typmod)].get();
}

Value make_record(const std::vector<Value>& fields) {
  std::string out = "(";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    if (fields[i].is_null()) continue;
    std::string s = value_to_text(fields[i]);
    if (!needs_quotes(s)) {
      out += s;
      continue;
    }
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') out += c;
      out += c;
    }
    out += '"';
  }
  out += ')';
  return Value::text(std::move(out), TypeId::kRecord);
}

Value record_field(const Value& record, int32_t layout_id, size_t index) {
  const std::vector<RecordField>* layout = record_layout(layout_id);
  if (!layout || index >= layout->size())
    throw DbError(sqlstate::kInternalError, "record field of an unknown layout");
  Type t = (*layout)[index].type;
  std::vector<std::string> fields;
  std::vector<bool> nulls;
  split_record(record.as_str(), fields, nulls);
  if (index >= fields.size() || nulls[index]) return Value::null(t.id);
  return value_from_text(fields[index], t);
}

}  // namespace upsertdb
