// JSON and JSONB. json keeps the input text verbatim once it validates;
// jsonb is stored in its normalised text form: ", " and ": " separators, object
// keys de-duplicated (last wins) and sorted by length then bytewise, numbers as
// numeric prints them, strings with escapes resolved. Input errors are
// PostgreSQL's: 22P02 "invalid input syntax for type json" with a DETAIL such
// as `Token "x" is invalid.` or `Expected ":", but found "1".`.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace upsertdb::json {

struct Node {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;                                   // number text or decoded string
  std::vector<Node> items;                            // array elements
  std::vector<std::pair<std::string, Node>> members;  // object members (jsonb: sorted, unique)
};

// Parses and validates; `for_jsonb` also canonicalises (sorted unique keys,
// numeric-normalised numbers) and rejects \u0000 as PostgreSQL's jsonb does.
// Without `decode_strings` (json only) \u escapes are checked for syntax but not
// decoded, so a lone surrogate passes and string nodes keep no usable text:
// for callers that only need the structure (json_typeof).
Node parse(std::string_view text, bool for_jsonb, bool decode_strings = true);
// json input: syntax only. Like PostgreSQL, '"\ud800"'::json is accepted;
// decoding it (->, ->>, ::jsonb) raises the surrogate error.
void validate_json(std::string_view text);
std::string normalize_jsonb(std::string_view text);

// jsonb text form of a node.
std::string serialize(const Node& n);
// Appends `s` as a JSON string literal with PostgreSQL's escaping.
void append_quoted(std::string& out, std::string_view s);
// Sorts/dedupes object keys recursively (jsonb order: length, then bytes).
void canonicalize(Node& n);

// Accessors used by the -> / ->> operators: nullptr when absent.
const Node* object_field(const Node& n, std::string_view key);
const Node* array_element(const Node& n, long long index);   // negative counts from the end
// ->> text: strings unquoted, everything else in jsonb form.
std::string as_text(const Node& n);

}  // namespace upsertdb::json
