#include "storage/row_codec.h"

#include <cstring>

#include "common/error.h"

namespace upsertdb {

namespace {

template <typename T>
void put(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

template <typename T>
T get(const char*& p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  p += sizeof(T);
  return v;
}

size_t fixed_width(TypeId t) {
  switch (t) {
    case TypeId::kBool: return 1;
    case TypeId::kInt2: return 2;
    case TypeId::kInt4: case TypeId::kDate: case TypeId::kOid: case TypeId::kRegclass: return 4;
    case TypeId::kFloat4: return 4;
    case TypeId::kInt8: case TypeId::kFloat8: case TypeId::kTime:
    case TypeId::kTimestamp: case TypeId::kTimestampTz: return 8;
    case TypeId::kInterval: case TypeId::kUuid: return 16;
    default: return 0;   // variable width
  }
}

void encode_value(const Value& v, TypeId t, std::string& out) {
  switch (t) {
    case TypeId::kBool: out.push_back(v.as_bool() ? 1 : 0); return;
    case TypeId::kInt2: put<int16_t>(out, static_cast<int16_t>(v.as_int())); return;
    case TypeId::kInt4: case TypeId::kDate: put<int32_t>(out, static_cast<int32_t>(v.as_int())); return;
    case TypeId::kOid: case TypeId::kRegclass: put<uint32_t>(out, static_cast<uint32_t>(v.as_int())); return;
    case TypeId::kFloat4: put<float>(out, static_cast<float>(v.as_float())); return;
    case TypeId::kFloat8: put<double>(out, v.as_float()); return;
    case TypeId::kInt8: case TypeId::kTime: case TypeId::kTimestamp: case TypeId::kTimestampTz:
      put<int64_t>(out, v.as_int()); return;
    case TypeId::kInterval: {
      const Interval& iv = v.as_interval();
      put<int64_t>(out, iv.micros); put<int32_t>(out, iv.days); put<int32_t>(out, iv.months);
      return;
    }
    case TypeId::kUuid: out.append(reinterpret_cast<const char*>(v.uuid_bytes()), 16); return;
    default: {
      const std::string& s = v.as_str();
      put<uint32_t>(out, static_cast<uint32_t>(s.size()));
      out.append(s);
      return;
    }
  }
}

Value decode_value(const char*& p, TypeId t) {
  switch (t) {
    case TypeId::kBool: return Value::boolean(*p++ != 0);
    case TypeId::kInt2: return Value::int2(get<int16_t>(p));
    case TypeId::kInt4: return Value::int4(get<int32_t>(p));
    case TypeId::kDate: return Value::date(get<int32_t>(p));
    case TypeId::kOid: case TypeId::kRegclass: return Value::oid(get<uint32_t>(p), t);
    case TypeId::kFloat4: return Value::float4(get<float>(p));
    case TypeId::kFloat8: return Value::float8(get<double>(p));
    case TypeId::kInt8: return Value::int8(get<int64_t>(p));
    case TypeId::kTime: return Value::time(get<int64_t>(p));
    case TypeId::kTimestamp: return Value::timestamp(get<int64_t>(p));
    case TypeId::kTimestampTz: return Value::timestamptz(get<int64_t>(p));
    case TypeId::kInterval: {
      Interval iv;
      iv.micros = get<int64_t>(p); iv.days = get<int32_t>(p); iv.months = get<int32_t>(p);
      return Value::interval(iv);
    }
    case TypeId::kUuid: {
      Value v = Value::uuid(reinterpret_cast<const uint8_t*>(p));
      p += 16;
      return v;
    }
    default: {
      uint32_t len = get<uint32_t>(p);
      std::string s(p, len);
      p += len;
      Value v = Value::text(std::move(s), t);
      return v;
    }
  }
}

void skip_value(const char*& p, TypeId t) {
  size_t w = fixed_width(t);
  if (w) { p += w; return; }
  uint32_t len = get<uint32_t>(p);
  p += len;
}

}  // namespace

void encode_row(const Row& row, const std::vector<TypeId>& types, std::string& out) {
  const size_t n = row.size();
  put<uint16_t>(out, static_cast<uint16_t>(n));
  size_t bitmap_at = out.size();
  out.append((n + 7) / 8, '\0');
  for (size_t i = 0; i < n; ++i) {
    if (row[i].is_null()) {
      out[bitmap_at + i / 8] |= static_cast<char>(1 << (i % 8));
      continue;
    }
    encode_value(row[i], types[i], out);
  }
}

size_t decode_row(std::string_view data, const std::vector<TypeId>& types, Row& out) {
  const char* p = data.data();
  size_t n = get<uint16_t>(p);
  const char* bitmap = p;
  p += (n + 7) / 8;
  out.resize(types.size());
  size_t count = std::min(n, types.size());
  for (size_t i = 0; i < count; ++i) {
    if (bitmap[i / 8] & (1 << (i % 8))) {
      out[i] = Value::null(types[i]);
    } else {
      out[i] = decode_value(p, types[i]);
    }
  }
  return count;
}

Value decode_column(std::string_view data, const std::vector<TypeId>& types, size_t col) {
  const char* p = data.data();
  size_t n = get<uint16_t>(p);
  if (col >= n) return Value::null(types[col]);
  const char* bitmap = p;
  p += (n + 7) / 8;
  for (size_t i = 0; i < col; ++i) {
    if (!(bitmap[i / 8] & (1 << (i % 8)))) skip_value(p, types[i]);
  }
  if (bitmap[col / 8] & (1 << (col % 8))) return Value::null(types[col]);
  return decode_value(p, types[col]);
}

}  // namespace upsertdb
