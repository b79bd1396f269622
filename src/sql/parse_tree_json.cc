// One-pass JSON decoding into a flat node array (contract in parse_tree_json.h).
#include "sql/parse_tree_json.h"

#include <cstring>

namespace upsertdb::sql_internal {

const Json& Json::back() const {
  if (!is_structured() || count_ == 0) throw JsonError("back() of an empty or scalar JSON value");
  return children_[count_ - 1];
}

const Json& Json::at(size_t i) const {
  if (!is_structured() || i >= count_) throw JsonError("JSON index " + std::to_string(i) + " out of range");
  return children_[i];
}

Json::const_iterator Json::find(std::string_view key) const {
  if (is_object()) {
    for (uint32_t i = 0; i < count_; ++i) {
      const Json& c = children_[i];
      if (c.key_len_ == key.size() && std::memcmp(c.key_, key.data(), key.size()) == 0) return const_iterator(&c);
    }
  }
  return end();
}

Json Json::without(std::string_view key, std::vector<Json>& storage) const {
  if (!is_object()) throw JsonError("JSON value is not an object");
  storage.clear();
  for (uint32_t i = 0; i < count_; ++i) {
    if (std::string_view(children_[i].key_, children_[i].key_len_) != key) storage.push_back(children_[i]);
  }
  Json copy = *this;
  copy.count_ = static_cast<uint32_t>(storage.size());
  copy.children_ = storage.data();
  return copy;
}

std::string_view Json::str() const {
  if (!is_string()) throw JsonError("JSON value is not a string");
  return std::string_view(str_, count_);
}

template <>
bool Json::get<bool>() const {
  if (!is_boolean()) throw JsonError("JSON value is not a boolean");
  return bool_;
}

template <>
int64_t Json::get<int64_t>() const {
  if (!is_number()) throw JsonError("JSON value is not a number");
  return int_;
}

template <>
int Json::get<int>() const {
  return static_cast<int>(get<int64_t>());
}

// The decoder: an explicit stack of open containers rather than recursion, so
// a deeply nested expression (thousands of levels: the translator's own
// depth limit decides) cannot overflow the thread's stack here.
struct JsonOpen {
  size_t first_pending;      // where its children begin in `pending`
  Json::Kind kind;
  std::string_view key;      // its own name in the enclosing object
};

// One thread's arrays, kept between documents so that decoding a statement
// allocates nothing once they have grown to the statements' size.
struct JsonDocument::Scratch {
  std::vector<Json> nodes;
  std::vector<Json> pending;
  std::vector<JsonOpen> open;
  bool in_use = false;
  static Scratch& of_this_thread() {
    thread_local Scratch scratch;
    return scratch;
  }
};

struct JsonDocument::Parser {
  char* p;
  char* end;
  std::vector<Json>& nodes;
  std::vector<Json>& pending;   // children of the open containers, innermost last
  using Open = JsonOpen;
  std::vector<Open>& open;

  [[noreturn]] void fail(const char* what) const { throw JsonError(std::string("invalid JSON: ") + what); }

  void skip_space() {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  }

  void expect(char c) {
    skip_space();
    if (p >= end || *p != c) fail("unexpected character");
    ++p;
  }

  static void put_utf8(char*& w, uint32_t cp) {
    if (cp < 0x80) {
      *w++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
      *w++ = static_cast<char>(0xC0 | (cp >> 6));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *w++ = static_cast<char>(0xE0 | (cp >> 12));
      *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *w++ = static_cast<char>(0xF0 | (cp >> 18));
      *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  uint32_t hex4() {
    if (end - p < 4) fail("short \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i, ++p) {
      char c = *p;
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else fail("bad \\u escape");
    }
    return v;
  }

  // A string starting at the opening quote; decoded in place (the decoded
  // form is never longer, so writing never overtakes reading).
  std::string_view string() {
    skip_space();
    if (p >= end || *p != '"') fail("expected a string");
    ++p;
    char* start = p;
    char* w = p;
    while (true) {
      if (p >= end) fail("unterminated string");
      char c = *p++;
      if (c == '"') break;
      if (c != '\\') {
        *w++ = c;
        continue;
      }
      if (p >= end) fail("unterminated escape");
      switch (char e = *p++) {
        case '"': case '\\': case '/': *w++ = e; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u') fail("lone surrogate");
            p += 2;
            uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("lone surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("lone surrogate");
          }
          put_utf8(w, cp);
          break;
        }
        default: fail("bad escape");
      }
    }
    return std::string_view(start, static_cast<size_t>(w - start));
  }

  Json scalar() {
    Json v;
    char c = *p;
    if (c == '"') {
      v.kind_ = Json::Kind::kString;
      std::string_view text = string();
      v.str_ = text.data();
      v.count_ = static_cast<uint32_t>(text.size());
    } else if (c == 't' && end - p >= 4 && std::memcmp(p, "true", 4) == 0) {
      v.kind_ = Json::Kind::kBool;
      v.bool_ = true;
      p += 4;
    } else if (c == 'f' && end - p >= 5 && std::memcmp(p, "false", 5) == 0) {
      v.kind_ = Json::Kind::kBool;
      p += 5;
    } else if (c == 'n' && end - p >= 4 && std::memcmp(p, "null", 4) == 0) {
      p += 4;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind_ = Json::Kind::kNumber;
      bool negative = c == '-';
      if (negative) ++p;
      if (p >= end || *p < '0' || *p > '9') fail("bad number");
      uint64_t n = 0;
      while (p < end && *p >= '0' && *p <= '9') {
        uint64_t next = n * 10 + static_cast<uint64_t>(*p - '0');
        if (next / 10 != n) fail("number out of range");
        n = next;
        ++p;
      }
      // A fraction or exponent is read over; the parse tree writes only integers.
      if (p < end && (*p == '.' || *p == 'e' || *p == 'E')) {
        ++p;
        while (p < end && ((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == 'e' || *p == 'E')) ++p;
      }
      v.int_ = negative ? -static_cast<int64_t>(n) : static_cast<int64_t>(n);
    } else {
      fail("unexpected character");
    }
    return v;
  }

  // Moves the innermost open container's children into `nodes` and returns it.
  Json close() {
    Open o = open.back();
    open.pop_back();
    Json c(o.kind);
    c.key_ = o.key.data();
    c.key_len_ = static_cast<uint32_t>(o.key.size());
    c.count_ = static_cast<uint32_t>(pending.size() - o.first_pending);
    c.int_ = static_cast<int64_t>(nodes.size());   // first child's index, turned into a pointer at the end
    for (size_t i = o.first_pending; i < pending.size(); ++i) nodes.push_back(pending[i]);
    pending.resize(o.first_pending);
    return c;
  }

  Json document() {
    std::string_view key;
    while (true) {
      // A value (its key, if inside an object, already read).
      skip_space();
      if (p >= end) fail("unexpected end");
      Json value;
      bool have_value = false;
      if (*p == '{' || *p == '[') {
        Json::Kind kind = *p == '{' ? Json::Kind::kObject : Json::Kind::kArray;
        ++p;
        open.push_back(Open{pending.size(), kind, key});
        skip_space();
        if (p < end && (*p == '}' || *p == ']')) {
          if ((*p == '}') != (kind == Json::Kind::kObject)) fail("mismatched bracket");
          ++p;
          value = close();
          have_value = true;
        } else if (kind == Json::Kind::kObject) {
          key = string();
          expect(':');
          continue;
        } else {
          key = {};
          continue;
        }
      } else {
        value = scalar();
        value.key_ = key.data();
        value.key_len_ = static_cast<uint32_t>(key.size());
        have_value = true;
      }
      // After a value: the document ends, or its container goes on or closes.
      while (have_value) {
        if (open.empty()) return value;
        pending.push_back(value);
        skip_space();
        if (p >= end) fail("unexpected end");
        char c = *p++;
        bool in_object = open.back().kind == Json::Kind::kObject;
        if (c == ',') {
          if (in_object) {
            key = string();
            expect(':');
          } else {
            key = {};
          }
          have_value = false;
        } else if ((c == '}' && in_object) || (c == ']' && !in_object)) {
          value = close();
        } else {
          fail("expected ',' or a closing bracket");
        }
      }
    }
  }
};

JsonDocument JsonDocument::parse(std::string_view text) {
  auto copy = std::make_unique<std::string>(text);
  JsonDocument doc = parse_in_place(copy->data(), copy->size());
  doc.text_ = std::move(copy);
  return doc;
}

JsonDocument JsonDocument::parse_in_place(char* text, size_t size) {
  JsonDocument doc;
  Scratch& scratch = Scratch::of_this_thread();
  std::vector<Json> own_pending;
  std::vector<JsonOpen> own_open;
  if (!scratch.in_use) {
    scratch.in_use = true;
    doc.borrowed_ = true;
    doc.nodes_ = &scratch.nodes;
  } else {
    doc.nodes_ = new std::vector<Json>();
  }
  std::vector<Json>& nodes = *doc.nodes_;
  nodes.clear();
  nodes.reserve(size / 8 + 1);   // about one node per 8-10 bytes of parse tree
  Parser parser{text, text + size, nodes, doc.borrowed_ ? scratch.pending : own_pending,
                doc.borrowed_ ? scratch.open : own_open};
  parser.pending.clear();
  parser.open.clear();
  Json root = parser.document();
  parser.skip_space();
  if (parser.p != parser.end) parser.fail("text after the value");
  nodes.push_back(root);
  // Children were placed by index while the array grew; now it is final.
  for (Json& n : nodes) {
    if (n.is_structured()) n.children_ = nodes.data() + n.int_;
  }
  return doc;
}

JsonDocument::JsonDocument(JsonDocument&& other) noexcept
    : text_(std::move(other.text_)), nodes_(other.nodes_), borrowed_(other.borrowed_) {
  other.nodes_ = nullptr;
  other.borrowed_ = false;
}

JsonDocument& JsonDocument::operator=(JsonDocument&& other) noexcept {
  if (this != &other) {
    release();
    text_ = std::move(other.text_);
    nodes_ = other.nodes_;
    borrowed_ = other.borrowed_;
    other.nodes_ = nullptr;
    other.borrowed_ = false;
  }
  return *this;
}

JsonDocument::~JsonDocument() { release(); }

void JsonDocument::release() {
  if (!nodes_) return;
  if (borrowed_) {
    Scratch& scratch = Scratch::of_this_thread();
    // A statement far larger than usual should not pin its memory for the
    // thread's life.
    constexpr size_t kKeep = size_t{1} << 20;   // nodes (32 MiB)
    if (scratch.nodes.capacity() > kKeep) std::vector<Json>().swap(scratch.nodes);
    if (scratch.pending.capacity() > kKeep) std::vector<Json>().swap(scratch.pending);
    scratch.in_use = false;
  } else {
    delete nodes_;
  }
  nodes_ = nullptr;
  borrowed_ = false;
}

}  // namespace upsertdb::sql_internal
