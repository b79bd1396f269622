// StatementCache: one session's parsed statements, keyed on their text with the
// literals stripped, so the simple-query protocol parses a statement shape once
// (DESIGN.md: parsing is off the hot path for repeated statements).
//
// The key is the statement text with every number and plain '...' string
// replaced by a marker of its kind (int4-sized integer, other number, string);
// everything else (words, operators, spacing, comments) stays verbatim. A hit
// reuses the first parse's tree with the new literal values written into its
// constants, which is exactly what parsing the new text would produce because:
//  - a shape is cached only when each literal token of its text is, in the
//    tree, one or more constants at that token's position holding that token's
//    value (checked at insertion): a literal the grammar folds (-5), glues ('a'
//    'b'), or turns into something else (varchar(10)) keeps its shape uncached;
//  - literal forms whose value this lexer does not decode (E'', U&'', B'', X'',
//    $$..$$, numbers glued to letters) make a text uncacheable;
//  - only one-statement texts of DML, SELECT and transaction control qualify.
// Binding and planning still run on every execution, so names, types and the
// catalog are resolved fresh each time. Error positions, which the tree knows
// in the first text's coordinates, are moved to the current text by
// map_position(). Not thread-safe: one cache per session.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sql/ast.h"

namespace upsertdb {

class StatementCache {
 public:
  static constexpr size_t kCapacity = 128;   // shapes per session; full = start over

  // The statement `sql` parses to, from the cache or by parsing it (and then
  // remembered when it qualifies); null when `sql` is not a cacheable single
  // statement, in which case `parsed` holds parse_sql's result. Throws what
  // parse_sql throws. The returned statement stays valid until the next call.
  const ast::ParsedStatement* get(std::string_view sql, std::vector<ast::ParsedStatement>& parsed);

  // A 1-based byte position in the tree's coordinates (an error's cursor)
  // moved to the same place in the text of the last get() that returned a
  // statement.
  int map_position(int position) const;

  size_t size() const { return entries_.size(); }
  uint64_t hits() const { return hits_; }

 private:
  struct Literal {
    size_t begin, end;   // byte range of the token in the text
    char kind;           // 'i' integer (int4), 'f' other number, 's' string
  };
  struct Slot {
    char kind;
    std::vector<ast::Expr*> consts;   // every constant the token became
  };
  struct Entry {
    ast::ParsedStatement statement;
    std::vector<Slot> slots;          // one per literal, in text order
    std::vector<Literal> literals;    // where the literals are in the first text
  };

  // Builds key_ and literals_ for `sql`; false when a literal form is not decoded here.
  bool shape_of(std::string_view sql);
  std::unique_ptr<Entry> remember(std::string_view sql, std::vector<ast::ParsedStatement>& parsed);
  bool write_literals(std::string_view sql, Entry& e);

  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;   // null: the shape does not qualify
  std::string key_;                   // scratch, reused
  std::vector<Literal> literals_;     // scratch: literals of the text being looked up
  const Entry* current_ = nullptr;    // the entry get() last returned
  std::vector<Literal> current_literals_;
  uint64_t hits_ = 0;
};

}  // namespace upsertdb
