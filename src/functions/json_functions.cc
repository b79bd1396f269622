// JSON functions: to_json/to_jsonb, json(b)_typeof, json(b)_build_object /
// _build_array, json(b)_array_length, jsonb_pretty. Values become JSON the way
// PostgreSQL's datum_to_json does: numbers bare (NaN/Infinity quoted), booleans
// bare, json embedded verbatim, date/time values in ISO 8601 ("T" separator),
// everything else as a quoted string of its text form.
#include "functions/fn_util.h"
#include "types/datetime.h"
#include "types/json.h"

namespace upsertdb::fn {

namespace {

using T = TypeId;

std::string iso_timestamp(int64_t ts, bool with_tz) {
  if (!datetime::is_finite_timestamp(ts)) return ts > 0 ? "infinity" : "-infinity";
  std::string s = datetime::format_timestamp(ts, with_tz);
  size_t space = s.find(' ');
  if (space != std::string::npos) s[space] = 'T';
  if (with_tz && s.size() > 3 && (s[s.size() - 3] == '+' || s[s.size() - 3] == '-')) s += ":00";
  return s;
}

void append_json(std::string& out, const Value& v) {
  if (v.is_null()) {
    out += "null";
    return;
  }
  switch (v.type()) {
    case T::kBool: out += v.as_bool() ? "true" : "false"; return;
    case T::kInt2: case T::kInt4: case T::kInt8: case T::kFloat4: case T::kFloat8: case T::kNumeric: {
      std::string s = value_to_text(v);
      bool is_number = !s.empty() && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) && s != "-Infinity";
      if (is_number) out += s;
      else json::append_quoted(out, s);
      return;
    }
    case T::kJson: case T::kJsonb: out += v.as_str(); return;
    case T::kDate: {
      int32_t d = static_cast<int32_t>(v.as_int());
      json::append_quoted(out, datetime::is_finite_date(d) ? datetime::format_date(d) : value_to_text(v));
      return;
    }
    case T::kTimestamp: json::append_quoted(out, iso_timestamp(v.as_int(), false)); return;
    case T::kTimestampTz: json::append_quoted(out, iso_timestamp(v.as_int(), true)); return;
    default: json::append_quoted(out, value_to_text(v)); return;
  }
}

Value to_json(FunctionContext&, const Value* a, size_t) {
  std::string out;
  append_json(out, a[0]);
  return Value::json(std::move(out));
}
Value to_jsonb(FunctionContext&, const Value* a, size_t) {
  std::string out;
  append_json(out, a[0]);
  return Value::jsonb(json::normalize_jsonb(out));
}

const char* kind_name(const json::Node& n) {
  switch (n.kind) {
    case json::Node::Kind::kNull: return "null";
    case json::Node::Kind::kBool: return "boolean";
    case json::Node::Kind::kNumber: return "number";
    case json::Node::Kind::kString: return "string";
    case json::Node::Kind::kArray: return "array";
    case json::Node::Kind::kObject: return "object";
  }
  return "null";
}
Value json_typeof(FunctionContext&, const Value* a, size_t) {
  // Only the kind is needed: json strings are not decoded, so a lone surrogate is fine (PostgreSQL).
  return text(kind_name(json::parse(str(a[0]), a[0].type() == T::kJsonb, /*decode_strings=*/false)));
}

Value array_length(FunctionContext&, const Value* a, size_t) {
  json::Node n = json::parse(str(a[0]), a[0].type() == T::kJsonb);
  if (n.kind == json::Node::Kind::kArray) return Value::int4(static_cast<int32_t>(n.items.size()));
  if (n.kind == json::Node::Kind::kObject) {
    throw_error(sqlstate::kInvalidParameterValue, "cannot get array length of a non-array");
  }
  throw_error(sqlstate::kInvalidParameterValue, "cannot get array length of a scalar");
}

std::string build_object(const Value* a, size_t n, const char* fn_name) {
  if (n % 2 != 0) {
    throw DbError(sqlstate::kInvalidParameterValue, "argument list must have even number of elements")
        .hint(std::string("The arguments of ") + fn_name + "() must consist of alternating keys and values.");
  }
  std::string out = "{";
  for (size_t i = 0; i < n; i += 2) {
    if (a[i].is_null()) {
      throw DbError(sqlstate::kInvalidParameterValue, "argument " + std::to_string(i + 1) + " cannot be null")
          .hint("Object keys should be text.");
    }
    if (i) out += ", ";
    json::append_quoted(out, value_to_text(a[i]));
    out += " : ";
    append_json(out, a[i + 1]);
  }
  return out + "}";
}
std::string build_array(const Value* a, size_t n) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    append_json(out, a[i]);
  }
  return out + "]";
}
Value json_build_object(FunctionContext&, const Value* a, size_t n) { return Value::json(build_object(a, n, "json_build_object")); }
Value jsonb_build_object(FunctionContext&, const Value* a, size_t n) {
  return Value::jsonb(json::normalize_jsonb(build_object(a, n, "jsonb_build_object")));
}
Value json_build_array(FunctionContext&, const Value* a, size_t n) { return Value::json(build_array(a, n)); }
Value jsonb_build_array(FunctionContext&, const Value* a, size_t n) {
  return Value::jsonb(json::normalize_jsonb(build_array(a, n)));
}

void pretty(std::string& out, const json::Node& n, int level) {
  auto indent = [&](int l) { out.append(static_cast<size_t>(4 * l), ' '); };
  if (n.kind == json::Node::Kind::kObject) {
    out += "{";
    for (size_t i = 0; i < n.members.size(); ++i) {
      out += i ? ",\n" : "\n";
      indent(level + 1);
      json::append_quoted(out, n.members[i].first);
      out += ": ";
      pretty(out, n.members[i].second, level + 1);
    }
    out += "\n";
    indent(level);
    out += "}";
  } else if (n.kind == json::Node::Kind::kArray) {
    out += "[";
    for (size_t i = 0; i < n.items.size(); ++i) {
      out += i ? ",\n" : "\n";
      indent(level + 1);
      pretty(out, n.items[i], level + 1);
    }
    out += "\n";
    indent(level);
    out += "]";
  } else {
    out += json::serialize(n);
  }
}
Value jsonb_pretty(FunctionContext&, const Value* a, size_t) {
  std::string out;
  pretty(out, json::parse(str(a[0]), true), 0);
  return text(std::move(out));
}

}  // namespace

void register_json_functions(Registry& r) {
  const Volatility S = Volatility::kStable;
  r.add("to_json", {kAnyElement}, T::kJson, to_json, S);
  r.add("to_jsonb", {kAnyElement}, T::kJsonb, to_jsonb, S);
  r.add("json_typeof", {T::kJson}, T::kText, json_typeof);
  r.add("jsonb_typeof", {T::kJsonb}, T::kText, json_typeof);
  r.add("json_array_length", {T::kJson}, T::kInt4, array_length);
  r.add("jsonb_array_length", {T::kJsonb}, T::kInt4, array_length);
  r.add("jsonb_pretty", {T::kJsonb}, T::kText, jsonb_pretty);
  r.add("json_build_object", {}, T::kJson, json_build_object, S, false);
  r.add_variadic("json_build_object", {kAnyParam}, T::kJson, json_build_object);
  r.add("jsonb_build_object", {}, T::kJsonb, jsonb_build_object, S, false);
  r.add_variadic("jsonb_build_object", {kAnyParam}, T::kJsonb, jsonb_build_object);
  r.add("json_build_array", {}, T::kJson, json_build_array, S, false);
  r.add_variadic("json_build_array", {kAnyParam}, T::kJson, json_build_array);
  r.add("jsonb_build_array", {}, T::kJsonb, jsonb_build_array, S, false);
  r.add_variadic("jsonb_build_array", {kAnyParam}, T::kJsonb, jsonb_build_array);
}

}  // namespace upsertdb::fn
