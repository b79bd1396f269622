// Arrays: encoding, PostgreSQL's array text I/O (array_in / array_out and the
// int2vector / oidvector forms), ordering, subscripts and element-wise casts.
#include "types/array.h"

#include <cctype>
#include <cstring>

#include "common/error.h"

namespace upsertdb {

namespace {

struct ArrayInfo {
  TypeId array;
  TypeId element;
};
constexpr ArrayInfo kArrays[] = {
    {TypeId::kInt2Array, TypeId::kInt2}, {TypeId::kInt4Array, TypeId::kInt4}, {TypeId::kInt8Array, TypeId::kInt8},
    {TypeId::kTextArray, TypeId::kText}, {TypeId::kOidArray, TypeId::kOid},   {TypeId::kNameArray, TypeId::kName},
    {TypeId::kInt2Vector, TypeId::kInt2}, {TypeId::kOidVector, TypeId::kOid}, {TypeId::kBoolArray, TypeId::kBool},
};

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint32_t get_u32(const std::string& s, size_t& pos) {
  if (pos + 4 > s.size()) throw DbError(sqlstate::kInternalError, "corrupt array value");
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(s[pos + i])) << (8 * i);
  pos += 4;
  return v;
}

[[noreturn]] void malformed(std::string_view text, const std::string& detail) {
  throw DbError(sqlstate::kInvalidTextRepresentation, "malformed array literal: \"" + std::string(text) + "\"")
      .detail(detail);
}

bool is_array_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// An element must be quoted on output when it is empty, spells NULL, or holds
// a delimiter, brace, quote, backslash or white space (array_out's rule).
bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() == 4 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'u' && (s[2] | 0x20) == 'l' && (s[3] | 0x20) == 'l')
    return true;
  for (char c : s) {
    if (c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || is_array_space(c)) return true;
  }
  return false;
}

Value parse_vector(std::string_view text, TypeId vector_type) {
  const TypeId element = array_element_type(vector_type);
  std::vector<Value> items;
  size_t i = 0;
  while (true) {
    while (i < text.size() && is_array_space(text[i])) ++i;
    if (i >= text.size()) break;
    size_t start = i;
    while (i < text.size() && !is_array_space(text[i])) ++i;
    items.push_back(value_from_text(text.substr(start, i - start), Type(element)));
  }
  return make_array(vector_type, items, 0);
}

}  // namespace

bool is_array_type(TypeId t) { return array_element_type(t) != TypeId::kUnknown; }

bool is_vector_type(TypeId t) { return t == TypeId::kInt2Vector || t == TypeId::kOidVector; }

TypeId array_element_type(TypeId array) {
  for (const auto& a : kArrays)
    if (a.array == array) return a.element;
  return TypeId::kUnknown;
}

TypeId array_type_for_element(TypeId element) {
  switch (element) {
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kUnknown: return TypeId::kTextArray;
    case TypeId::kRegclass: return TypeId::kOidArray;
    default: break;
  }
  for (const auto& a : kArrays)
    if (a.element == element && !is_vector_type(a.array)) return a.array;
  return TypeId::kUnknown;
}

Value make_array(TypeId array_type, const std::vector<Value>& elements, int32_t lower) {
  const TypeId element = array_element_type(array_type);
  std::string enc;
  put_u32(enc, static_cast<uint32_t>(lower));
  for (const Value& e : elements) {
    if (e.is_null()) {
      if (is_vector_type(array_type)) throw DbError("22004", "array must not contain nulls");
      enc.push_back('N');
      continue;
    }
    // Canonical text of the element as the element type prints it.
    std::string s = e.type() == element ? value_to_text(e) : value_to_text(cast_value(e, Type(element), CastContext::kExplicit));
    enc.push_back('V');
    put_u32(enc, static_cast<uint32_t>(s.size()));
    enc += s;
  }
  Value v = Value::text(std::move(enc), array_type);
  return v;
}

ArrayContents array_contents(const Value& array) {
  ArrayContents out;
  const TypeId element = array_element_type(array.type());
  const std::string& s = array.as_str();
  size_t pos = 0;
  out.lower = static_cast<int32_t>(get_u32(s, pos));
  while (pos < s.size()) {
    char flag = s[pos++];
    if (flag == 'N') {
      out.elements.push_back(Value::null(element));
      continue;
    }
    uint32_t n = get_u32(s, pos);
    if (pos + n > s.size()) throw DbError(sqlstate::kInternalError, "corrupt array value");
    out.elements.push_back(value_from_text(std::string_view(s).substr(pos, n), Type(element)));
    pos += n;
  }
  return out;
}

std::string array_to_text(const Value& array) {
  ArrayContents a = array_contents(array);
  if (is_vector_type(array.type())) {
    std::string out;
    for (size_t i = 0; i < a.elements.size(); ++i) out += (i ? " " : "") + value_to_text(a.elements[i]);
    return out;
  }
  std::string out;
  if (a.lower != 1 && !a.elements.empty()) {
    out = "[" + std::to_string(a.lower) + ":" +
          std::to_string(static_cast<int64_t>(a.lower) + static_cast<int64_t>(a.elements.size()) - 1) + "]=";
  }
  out += "{";
  for (size_t i = 0; i < a.elements.size(); ++i) {
    if (i) out += ",";
    const Value& e = a.elements[i];
    if (e.is_null()) {
      out += "NULL";
      continue;
    }
    std::string s = value_to_text(e);
    if (!needs_quotes(s)) {
      out += s;
      continue;
    }
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Value array_from_text(std::string_view text, TypeId array_type) {
  if (is_vector_type(array_type)) return parse_vector(text, array_type);
  const TypeId element = array_element_type(array_type);
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && is_array_space(text[i])) ++i;
  };
  skip_space();
  // Optional dimension decoration: [lower:upper]=
  bool has_dims = false;
  int64_t dim_lower = 1, dim_upper = 0;
  if (i < text.size() && text[i] == '[') {
    has_dims = true;
    auto number = [&](int64_t* out) {
      size_t start = i;
      if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i == start || (i == start + 1 && !std::isdigit(static_cast<unsigned char>(text[start])))) return false;
      *out = std::stoll(std::string(text.substr(start, i - start)));
      return true;
    };
    ++i;
    int64_t first = 0;
    if (!number(&first)) malformed(text, "\"[\" must introduce explicitly-specified array dimensions.");
    if (i < text.size() && text[i] == ':') {
      ++i;
      dim_lower = first;
      if (!number(&dim_upper)) malformed(text, "Missing array dimension value.");
    } else {
      dim_upper = first;
    }
    if (i >= text.size() || text[i] != ']') malformed(text, "Missing \"]\" after array dimensions.");
    ++i;
    if (i < text.size() && text[i] == '[') throw_not_supported("multidimensional arrays are not supported");
    if (i >= text.size() || text[i] != '=') malformed(text, "Missing \"=\" after array dimensions.");
    ++i;
    if (dim_upper < dim_lower)
      throw DbError(sqlstate::kInvalidParameterValue, "upper bound cannot be less than lower bound");
    skip_space();
  }
  if (i >= text.size() || text[i] != '{')
    malformed(text, "Array value must start with \"{\" or dimension information.");
  ++i;
  std::vector<Value> items;
  skip_space();
  bool closed = false;
  if (i < text.size() && text[i] == '}') {
    ++i;
    closed = true;
  }
  while (!closed) {
    skip_space();
    if (i >= text.size()) malformed(text, "Unexpected end of input.");
    char c = text[i];
    if (c == '{') throw_not_supported("multidimensional arrays are not supported");
    if (c == ',' || c == '}') malformed(text, std::string("Unexpected \"") + c + "\" character.");
    std::string item;
    bool quoted = false, escaped_any = false;
    if (c == '"') {
      quoted = true;
      ++i;
      while (true) {
        if (i >= text.size()) malformed(text, "Unexpected end of input.");
        char d = text[i++];
        if (d == '"') break;
        if (d == '\\') {
          if (i >= text.size()) malformed(text, "Unexpected end of input.");
          d = text[i++];
        }
        item += d;
      }
      skip_space();
      if (i >= text.size()) malformed(text, "Unexpected end of input.");
      if (text[i] != ',' && text[i] != '}') malformed(text, "Unexpected array element.");
    } else {
      // Unquoted: runs to the next delimiter; inner white space is kept, the
      // trailing run is dropped; backslash escapes the next character.
      size_t keep = 0;   // length of `item` up to its last non-space or escaped character
      while (true) {
        if (i >= text.size()) malformed(text, "Unexpected end of input.");
        char d = text[i];
        if (d == ',' || d == '}') break;
        if (d == '{' || d == '"') malformed(text, std::string("Unexpected \"") + d + "\" character.");
        ++i;
        if (d == '\\') {
          if (i >= text.size()) malformed(text, "Unexpected end of input.");
          item += text[i++];
          escaped_any = true;
          keep = item.size();
          continue;
        }
        item += d;
        if (!is_array_space(d)) keep = item.size();
      }
      item.resize(keep);
    }
    bool is_null = !quoted && !escaped_any && item.size() == 4 && (item[0] | 0x20) == 'n' &&
                   (item[1] | 0x20) == 'u' && (item[2] | 0x20) == 'l' && (item[3] | 0x20) == 'l';
    items.push_back(is_null ? Value::null(element) : value_from_text(item, Type(element)));
    if (text[i] == '}') closed = true;
    ++i;
  }
  skip_space();
  if (i < text.size()) malformed(text, "Junk after closing right brace.");
  if (has_dims && static_cast<int64_t>(items.size()) != dim_upper - dim_lower + 1)
    malformed(text, "Specified array dimensions do not match array contents.");
  return make_array(array_type, items, items.empty() ? 1 : static_cast<int32_t>(dim_lower));
}

int compare_arrays(const Value& a, const Value& b) {
  ArrayContents x = array_contents(a), y = array_contents(b);
  size_t n = std::min(x.elements.size(), y.elements.size());
  for (size_t i = 0; i < n; ++i) {
    const Value& p = x.elements[i];
    const Value& q = y.elements[i];
    if (p.is_null() || q.is_null()) {
      if (p.is_null() && q.is_null()) continue;
      return p.is_null() ? 1 : -1;
    }
    int c = compare_values(p, q);
    if (c) return c;
  }
  if (x.elements.size() != y.elements.size()) return x.elements.size() < y.elements.size() ? -1 : 1;
  if (x.lower != y.lower) return x.lower < y.lower ? -1 : 1;
  return 0;
}

Value array_subscript(const Value& array, int64_t index) {
  ArrayContents a = array_contents(array);
  const TypeId element = array_element_type(array.type());
  int64_t offset = index - a.lower;
  if (offset < 0 || offset >= static_cast<int64_t>(a.elements.size())) return Value::null(element);
  return a.elements[static_cast<size_t>(offset)];
}

bool array_dimension_bounds(const Value& array, int64_t dim, int32_t* lower, int32_t* upper) {
  ArrayContents a = array_contents(array);
  if (dim != 1 || a.elements.empty()) return false;
  *lower = a.lower;
  *upper = static_cast<int32_t>(a.lower + static_cast<int64_t>(a.elements.size()) - 1);
  return true;
}

Value cast_array(const Value& v, TypeId to, CastContext ctx) {
  ArrayContents a = array_contents(v);
  const TypeId element = array_element_type(to);
  for (Value& e : a.elements) e = cast_value(e, Type(element), ctx);
  return make_array(to, a.elements, a.elements.empty() ? 1 : a.lower);
}

}  // namespace upsertdb
