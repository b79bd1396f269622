// A recursive-descent JSON parser that reports errors the way PostgreSQL's
// json lexer does (same token boundaries, same DETAIL sentences).
#include "types/json.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "common/error.h"
#include "types/numeric.h"
#include "types/text_format.h"

namespace upsertdb::json {

namespace {

bool alnum_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}
bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }


enum class Tok { kEnd, kString, kNumber, kTrue, kFalse, kNull, kLBrace, kRBrace, kLBracket, kRBracket, kComma, kColon };

class Parser {
 public:
  Parser(std::string_view s, bool jsonb, bool decode = true) : s_(s), jsonb_(jsonb), decode_(decode) {}

  Node parse_document() {
    next();
    Node n = parse_value();
    if (tok_ != Tok::kEnd) fail("Expected end of input, but found \"" + token_text() + "\".");
    return n;
  }

 private:
  // `term` is where the offending token ends (PostgreSQL's token_terminator): the
  // CONTEXT line shows the input line up to there.
  [[noreturn]] void fail(const std::string& detail, size_t term) {
    throw DbError(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type json")
        .detail(detail)
        .add_context(context_line(term));
  }
  [[noreturn]] void fail(const std::string& detail) { fail(detail, pos_); }
  std::string token_text() const { return std::string(s_.substr(tok_start_, pos_ - tok_start_)); }
  [[noreturn]] void invalid_token(size_t end) {
    fail("Token \"" + std::string(s_.substr(tok_start_, end - tok_start_)) + "\" is invalid.", end);
  }

  // PostgreSQL's report_json_context: "JSON data, line N: " and the current line up
  // to `term`, cut to under 50 bytes from the left (whole characters), with "..."
  // where the excerpt does not reach the line's start or end. Newlines only occur
  // between tokens, so the line is found by counting them before the token.
  std::string context_line(size_t term) const {
    term = std::min(term, s_.size());
    size_t tok = std::min(tok_start_, term);
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < tok; ++i)
      if (s_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    size_t start = line_start;
    while (term - start >= 50) {
      unsigned char c = static_cast<unsigned char>(s_[start]);
      size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      start += len;
    }
    if (start - line_start <= 3) start = line_start;
    std::string out = "JSON data, line " + std::to_string(line) + ": ";
    if (start > line_start) out += "...";
    out.append(s_.substr(start, term - start));
    if (term < s_.size() && s_[term] != '\n' && s_[term] != '\r') out += "...";
    return out;
  }

  // Lexes the next token into tok_ (and str_ for strings/numbers).
  void next() {
    while (pos_ < s_.size() && is_ws(s_[pos_])) ++pos_;
    tok_start_ = pos_;
    if (pos_ >= s_.size()) {
      tok_ = Tok::kEnd;
      return;
    }
    char c = s_[pos_];
    switch (c) {
      case '{': ++pos_; tok_ = Tok::kLBrace; return;
      case '}': ++pos_; tok_ = Tok::kRBrace; return;
      case '[': ++pos_; tok_ = Tok::kLBracket; return;
      case ']': ++pos_; tok_ = Tok::kRBracket; return;
      case ',': ++pos_; tok_ = Tok::kComma; return;
      case ':': ++pos_; tok_ = Tok::kColon; return;
      case '"': lex_string(); return;
      default: break;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      lex_number();
      return;
    }
    size_t p = pos_;
    while (p < s_.size() && alnum_char(static_cast<unsigned char>(s_[p]))) ++p;
    if (p == pos_) invalid_token(pos_ + 1);
    std::string_view word = s_.substr(pos_, p - pos_);
    if (word == "true") tok_ = Tok::kTrue;
    else if (word == "false") tok_ = Tok::kFalse;
    else if (word == "null") tok_ = Tok::kNull;
    else invalid_token(p);
    pos_ = p;
  }

  void lex_number() {
    size_t p = pos_;
    bool ok = true;
    if (s_[p] == '-') ++p;
    if (p < s_.size() && s_[p] == '0') {
      ++p;
    } else if (p < s_.size() && s_[p] >= '1' && s_[p] <= '9') {
      while (p < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p]))) ++p;
    } else {
      ok = false;
    }
    if (ok && p < s_.size() && s_[p] == '.') {
      ++p;
      if (p >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[p]))) ok = false;
      while (p < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p]))) ++p;
    }
    if (ok && p < s_.size() && (s_[p] == 'e' || s_[p] == 'E')) {
      ++p;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
      if (p >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[p]))) ok = false;
      while (p < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p]))) ++p;
    }
    // Trailing identifier characters make the whole run one bad token ("01", "1e").
    size_t end = p;
    while (end < s_.size() && alnum_char(static_cast<unsigned char>(s_[end]))) ++end;
    if (!ok || end != p) invalid_token(end);
    str_ = std::string(s_.substr(pos_, p - pos_));
    pos_ = p;
    tok_ = Tok::kNumber;
  }

  void lex_string() {
    size_t p = pos_ + 1;
    str_.clear();
    auto read_hex4 = [&](size_t at, uint32_t* out) {
      if (at + 4 > s_.size()) return false;
      uint32_t v = 0;
      for (size_t k = at; k < at + 4; ++k) {
        char h = s_[k];
        v <<= 4;
        if (h >= '0' && h <= '9') v |= h - '0';
        else if (h >= 'a' && h <= 'f') v |= h - 'a' + 10;
        else if (h >= 'A' && h <= 'F') v |= h - 'A' + 10;
        else return false;
      }
      *out = v;
      return true;
    };
    while (true) {
      if (p >= s_.size()) invalid_token(s_.size());
      unsigned char c = static_cast<unsigned char>(s_[p]);
      if (c == '"') break;
      if (c < 0x20) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "Character with value 0x%02x must be escaped.", c);
        fail(buf, p + 1);
      }
      if (c != '\\') {
        str_.push_back(static_cast<char>(c));
        ++p;
        continue;
      }
      ++p;
      if (p >= s_.size()) invalid_token(s_.size());
      char e = s_[p];
      switch (e) {
        case '"': str_.push_back('"'); ++p; continue;
        case '\\': str_.push_back('\\'); ++p; continue;
        case '/': str_.push_back('/'); ++p; continue;
        case 'b': str_.push_back('\b'); ++p; continue;
        case 'f': str_.push_back('\f'); ++p; continue;
        case 'n': str_.push_back('\n'); ++p; continue;
        case 'r': str_.push_back('\r'); ++p; continue;
        case 't': str_.push_back('\t'); ++p; continue;
        case 'u': break;
        default:
          fail("Escape sequence \"\\" + std::string(s_.substr(p, 1)) + "\" is invalid.", p + 1);
      }
      uint32_t cp;
      if (!read_hex4(p + 1, &cp)) {
        // PostgreSQL reads the digits one by one: the end of input first is a bad token.
        size_t k = p + 1;
        while (k < s_.size() && k < p + 5 && std::isxdigit(static_cast<unsigned char>(s_[k]))) ++k;
        if (k >= s_.size()) invalid_token(s_.size());
        fail("\"\\u\" must be followed by four hexadecimal digits.", k + 1);
      }
      p += 5;
      if (!decode_) continue;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t low;
        if (p + 1 < s_.size() && s_[p] == '\\' && s_[p + 1] == 'u' && read_hex4(p + 2, &low) && low >= 0xDC00 &&
            low <= 0xDFFF) {
          p += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (p + 1 < s_.size() && s_[p] == '\\' && s_[p + 1] == 'u' && read_hex4(p + 2, &low)) {
          if (low >= 0xD800 && low <= 0xDBFF)
            fail("Unicode high surrogate must not follow a high surrogate.", p + 6);
          fail("Unicode low surrogate must follow a high surrogate.", p + 6);
        } else {
          // The next character (an escape's letter) is where PostgreSQL notices.
          size_t at = p < s_.size() && s_[p] == '\\' ? p + 1 : p;
          fail("Unicode low surrogate must follow a high surrogate.", at + 1);
        }
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        fail("Unicode low surrogate must follow a high surrogate.", p);
      }
      if (cp == 0) {
        if (jsonb_) {
          throw DbError("22P05", "unsupported Unicode escape sequence")
              .detail("\\u0000 cannot be converted to text.")
              .add_context(context_line(p));
        }
        str_ += "\\u0000";   // json keeps text verbatim; the node text is unused there
        continue;
      }
      append_utf8(str_, cp);
    }
    pos_ = p + 1;
    tok_ = Tok::kString;
  }

  [[noreturn]] void unexpected(const char* expected) {
    if (tok_ == Tok::kEnd) fail("The input string ended unexpectedly.");
    fail(std::string("Expected ") + expected + ", but found \"" + token_text() + "\".");
  }

  Node parse_value() {
    if (++depth_ > 6000) {
      throw DbError("54001", "stack depth limit exceeded");
    }
    Node n;
    switch (tok_) {
      case Tok::kString: n.kind = Node::Kind::kString; n.text = std::move(str_); next(); break;
      case Tok::kNumber: n.kind = Node::Kind::kNumber; n.text = std::move(str_); next(); break;
      case Tok::kTrue: n.kind = Node::Kind::kBool; n.boolean = true; next(); break;
      case Tok::kFalse: n.kind = Node::Kind::kBool; next(); break;
      case Tok::kNull: next(); break;
      case Tok::kLBracket: {
        n.kind = Node::Kind::kArray;
        next();
        if (tok_ == Tok::kRBracket) {
          next();
          break;
        }
        while (true) {
          n.items.push_back(parse_value());
          if (tok_ == Tok::kComma) {
            next();
            continue;
          }
          if (tok_ == Tok::kRBracket) {
            next();
            break;
          }
          unexpected("\",\" or \"]\"");
        }
        break;
      }
      case Tok::kLBrace: {
        n.kind = Node::Kind::kObject;
        next();
        if (tok_ == Tok::kRBrace) {
          next();
          break;
        }
        bool first = true;
        while (true) {
          if (tok_ != Tok::kString) unexpected(first ? "string or \"}\"" : "string");
          std::string key = std::move(str_);
          next();
          if (tok_ != Tok::kColon) unexpected("\":\"");
          next();
          n.members.emplace_back(std::move(key), parse_value());
          first = false;
          if (tok_ == Tok::kComma) {
            next();
            continue;
          }
          if (tok_ == Tok::kRBrace) {
            next();
            break;
          }
          unexpected("\",\" or \"}\"");
        }
        break;
      }
      default:
        unexpected("JSON value");
    }
    --depth_;
    return n;
  }

  std::string_view s_;
  bool jsonb_;
  // false: only check the syntax of \u escapes, as PostgreSQL's json input does
  // (surrogate pairing and \u0000 are checked where string values are decoded).
  bool decode_;
  size_t pos_ = 0, tok_start_ = 0;
  Tok tok_ = Tok::kEnd;
  std::string str_;
  int depth_ = 0;
};

bool jsonb_key_less(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

void serialize_into(std::string& out, const Node& n) {
  switch (n.kind) {
    case Node::Kind::kNull: out += "null"; break;
    case Node::Kind::kBool: out += n.boolean ? "true" : "false"; break;
    case Node::Kind::kNumber: out += n.text; break;
    case Node::Kind::kString: append_quoted(out, n.text); break;
    case Node::Kind::kArray:
      out.push_back('[');
      for (size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += ", ";
        serialize_into(out, n.items[i]);
      }
      out.push_back(']');
      break;
    case Node::Kind::kObject:
      out.push_back('{');
      for (size_t i = 0; i < n.members.size(); ++i) {
        if (i) out += ", ";
        append_quoted(out, n.members[i].first);
        out += ": ";
        serialize_into(out, n.members[i].second);
      }
      out.push_back('}');
      break;
  }
}

}  // namespace

Node parse(std::string_view text, bool for_jsonb, bool decode_strings) {
  Node n = Parser(text, for_jsonb, decode_strings || for_jsonb).parse_document();
  if (for_jsonb) canonicalize(n);
  return n;
}

void validate_json(std::string_view text) { Parser(text, false, /*decode=*/false).parse_document(); }

std::string normalize_jsonb(std::string_view text) { return serialize(parse(text, true)); }

void canonicalize(Node& n) {
  if (n.kind == Node::Kind::kNumber) {
    n.text = Numeric::parse(n.text).to_string();
  } else if (n.kind == Node::Kind::kArray) {
    for (auto& item : n.items) canonicalize(item);
  } else if (n.kind == Node::Kind::kObject) {
    for (auto& m : n.members) canonicalize(m.second);
    // Stable sort keeps input order among equal keys, so the last one wins.
    std::stable_sort(n.members.begin(), n.members.end(),
                     [](const auto& a, const auto& b) { return jsonb_key_less(a.first, b.first); });
    std::vector<std::pair<std::string, Node>> unique;
    for (auto& m : n.members) {
      if (!unique.empty() && unique.back().first == m.first) {
        unique.back().second = std::move(m.second);
      } else {
        unique.push_back(std::move(m));
      }
    }
    n.members = std::move(unique);
  }
}

std::string serialize(const Node& n) {
  std::string out;
  serialize_into(out, n);
  return out;
}

void append_quoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

const Node* object_field(const Node& n, std::string_view key) {
  if (n.kind != Node::Kind::kObject) return nullptr;
  // Last occurrence wins for plain json objects with duplicate keys? PostgreSQL's
  // json -> returns the last; jsonb has unique keys anyway.
  const Node* found = nullptr;
  for (const auto& m : n.members) {
    if (m.first == key) found = &m.second;
  }
  return found;
}

const Node* array_element(const Node& n, long long index) {
  if (n.kind != Node::Kind::kArray) return nullptr;
  long long size = static_cast<long long>(n.items.size());
  if (index < 0) index += size;
  if (index < 0 || index >= size) return nullptr;
  return &n.items[static_cast<size_t>(index)];
}

std::string as_text(const Node& n) {
  if (n.kind == Node::Kind::kString) return n.text;
  return serialize(n);
}

}  // namespace upsertdb::json
