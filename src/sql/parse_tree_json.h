// Json / JsonDocument: the read-only JSON document libpg_query's parse tree
// arrives as, decoded in one pass into one flat array of nodes.
//
// Why not a general JSON library: the translator reads each parse tree once,
// front to back, and a DOM of maps and strings cost more than the parse and
// the translation together (a 1000-row VALUES list: 3000 constants, each a
// few nested objects; docs/performance.md). Here a container's children sit
// side by side in the document's node array, strings are views into the
// document's own copy of the text (escapes decoded in place: never longer
// than their source), and a member lookup is a scan of a handful of keys.
//
// The interface is the subset of nlohmann::json's the translator uses, with
// its meanings (size() of a scalar is 1, of null 0; iterating an object
// visits its values, key() names them). A value asked for as the wrong kind
// throws JsonError, as a tree shape the translator did not expect.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace upsertdb::sql_internal {

struct JsonError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Json {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

  class const_iterator {
   public:
    explicit const_iterator(const Json* at) : at_(at) {}
    const Json& operator*() const { return *at_; }
    const Json* operator->() const { return at_; }
    const_iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return at_ == o.at_; }
    bool operator!=(const const_iterator& o) const { return at_ != o.at_; }
    std::string_view key() const { return std::string_view(at_->key_, at_->key_len_); }
    const Json& value() const { return *at_; }

   private:
    const Json* at_;
  };

  Json() = default;
  static Json array() { return Json(Kind::kArray); }
  static Json object() { return Json(Kind::kObject); }

  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_boolean() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_structured() const { return is_array() || is_object(); }

  size_t size() const { return is_structured() ? count_ : is_null() ? 0 : 1; }
  bool empty() const { return size() == 0; }
  const_iterator begin() const { return const_iterator(is_structured() ? children_ : nullptr); }
  const_iterator end() const { return const_iterator(is_structured() ? children_ + count_ : nullptr); }
  const Json& back() const;
  const Json& at(size_t i) const;
  const Json& operator[](size_t i) const { return at(i); }
  // An object's member, or end().
  const_iterator find(std::string_view key) const;

  // This object without member `key`; the kept members are copied (shallow:
  // their own children stay in the document) into `storage`, which must
  // outlive the result.
  Json without(std::string_view key, std::vector<Json>& storage) const;

  std::string_view str() const;   // a string's (decoded) text
  template <typename T>
  T get() const;                  // bool, int, int64_t

 private:
  friend class JsonDocument;
  explicit Json(Kind k) : kind_(k) {}

  // 32 bytes: what a container's children, a string's text or a number's
  // value need share one word.
  const char* key_ = nullptr;     // a member's name within its object
  union {
    int64_t int_ = 0;             // numbers (a fraction is cut off: the tree's numbers are integers)
    const char* str_;             // strings
    const Json* children_;        // containers
  };
  uint32_t key_len_ = 0;
  uint32_t count_ = 0;            // containers: children; strings: bytes
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
};

template <>
bool Json::get<bool>() const;
template <>
int64_t Json::get<int64_t>() const;
template <>
int Json::get<int>() const;

class JsonDocument {
 public:
  // Decodes `text` in place (its strings' escapes are rewritten where they
  // stand); the document views it, so it must outlive the document. Throws
  // JsonError for text that is not one JSON value.
  static JsonDocument parse_in_place(char* text, size_t size);
  // The same over a copy the document keeps.
  static JsonDocument parse(std::string_view text);

  JsonDocument() = default;
  JsonDocument(JsonDocument&& other) noexcept;
  JsonDocument& operator=(JsonDocument&& other) noexcept;
  ~JsonDocument();

  const Json& root() const { return nodes_->back(); }

 private:
  struct Parser;
  struct Scratch;
  void release();

  std::unique_ptr<std::string> text_;   // parse(): the copy the strings view
  // Every node, the root last: the thread's reusable array while this is the
  // only document of its thread (no allocation, no fresh pages for each
  // statement), an array of its own otherwise.
  std::vector<Json>* nodes_ = nullptr;
  bool borrowed_ = false;
};

}  // namespace upsertdb::sql_internal
