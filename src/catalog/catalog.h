// Catalog: tables, columns, constraints, indexes and sequences of the one
// database, looked up by name. Relations (tables, indexes, sequences) share one
// namespace per schema, as in pg_class. Only the `public` schema holds user
// objects. Every change goes through the Catalog's methods, which bump
// `version()` (plans cached against an older version are rebuilt); making a
// change transactional (undo on rollback) is the caller's job (see txn/).
// Expressions (defaults, CHECKs, index expressions and predicates) are kept as
// source text plus a lazily bound form owned by the binder.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/ordered_index.h"
#include "storage/table_store.h"
#include "types/value.h"

namespace upsertdb {

struct BoundExpr;   // plan/bound_expr.h
using BoundExprCache = std::shared_ptr<const BoundExpr>;

struct ColumnInfo {
  std::string name;
  Type type;
  bool not_null = false;
  std::string default_text;        // empty = no default
  mutable BoundExprCache default_bound;
  Value missing;                   // value of rows stored before the column was added
  bool dropped = false;
  char identity = 0;               // 'a' ALWAYS, 'd' BY DEFAULT, 0 none
  std::string owned_sequence;      // serial / identity sequence, for DROP and \d

  // The expression that fills the column when an INSERT gives no value: the
  // DEFAULT, or for an identity column nextval of its sequence ("" = NULL).
  std::string fill_expression_text() const;
};

enum class ConstraintKind : char { kPrimaryKey = 'p', kUnique = 'u', kForeignKey = 'f', kCheck = 'c' };

struct ConstraintInfo {
  uint32_t oid = 0;
  std::string name;
  ConstraintKind kind = ConstraintKind::kCheck;
  std::vector<int> columns;        // physical column positions (PK/UNIQUE keys, FK referencing, CHECK: empty)
  std::string index_name;          // PK / UNIQUE: the backing index
  bool deferrable = false;
  bool initially_deferred = false;
  // CHECK
  std::string check_text;
  mutable BoundExprCache check_bound;
  // FOREIGN KEY
  uint32_t ref_table = 0;
  std::vector<int> ref_columns;
  char on_delete = 'a';
  char on_update = 'a';
  char match_type = 's';
};

struct IndexInfo {
  uint32_t oid = 0;
  std::string name;
  uint32_t table_oid = 0;
  bool unique = false;
  bool primary = false;
  bool nulls_not_distinct = false;
  std::vector<int> columns;          // per key part: physical column, or -1 for an expression
  std::vector<std::string> expr_texts;   // per key part: expression source ("" for plain columns)
  mutable std::vector<BoundExprCache> exprs_bound;
  std::vector<bool> descending;
  std::string predicate_text;        // partial index WHERE, empty = none
  mutable BoundExprCache predicate_bound;
  std::string constraint_name;       // the PK/UNIQUE constraint it backs, if any
  bool deferrable = false;
  bool initially_deferred = false;
  std::shared_ptr<OrderedIndex> data = std::make_shared<OrderedIndex>();

  bool has_expressions() const {
    for (int c : columns) if (c < 0) return true;
    return false;
  }
};

struct TableInfo {
  uint32_t oid = 0;
  std::string schema = "public";
  std::string name;
  std::vector<ColumnInfo> columns;   // physical order; dropped columns stay as placeholders
  std::vector<ConstraintInfo> constraints;
  std::vector<std::shared_ptr<IndexInfo>> indexes;
  std::shared_ptr<TableStore> store = std::make_shared<TableStore>();

  std::vector<TypeId> physical_types() const {
    std::vector<TypeId> t;
    t.reserve(columns.size());
    for (const auto& c : columns) t.push_back(c.type.id);
    return t;
  }
  // Position of a visible column by name, or -1.
  int find_column(const std::string& n) const {
    for (size_t i = 0; i < columns.size(); ++i)
      if (!columns[i].dropped && columns[i].name == n) return static_cast<int>(i);
    return -1;
  }
  const ConstraintInfo* find_constraint(const std::string& n) const {
    for (const auto& c : constraints) if (c.name == n) return &c;
    return nullptr;
  }
  const IndexInfo* primary_key() const {
    for (const auto& i : indexes) if (i->primary) return i.get();
    return nullptr;
  }
};

struct SequenceInfo {
  uint32_t oid = 0;
  std::string schema = "public";
  std::string name;
  Type type = Type(TypeId::kInt8);
  int64_t start = 1;
  int64_t increment = 1;
  int64_t min_value = 1;
  int64_t max_value = INT64_MAX;
  int64_t cache = 1;
  bool cycle = false;
  // State: not transactional, as in PostgreSQL.
  int64_t last_value = 1;
  bool is_called = false;
  uint32_t owner_table = 0;          // OWNED BY table.column
  int owner_column = -1;
};

enum class RelKind : char { kTable = 'r', kIndex = 'i', kSequence = 'S', kView = 'v' };

class Catalog {
 public:
  uint64_t version() const { return version_; }
  void bump() { ++version_; }
  uint32_t next_oid() { return next_oid_++; }
  // The oid next_oid() would hand out, and restoring it (snapshot load).
  uint32_t peek_next_oid() const { return next_oid_; }
  void set_next_oid(uint32_t oid) { next_oid_ = oid; }

  // Lookup; schema "" means the search path (public, then pg_catalog).
  std::shared_ptr<TableInfo> table(const std::string& schema, const std::string& name) const;
  std::shared_ptr<TableInfo> table_by_oid(uint32_t oid) const;
  std::shared_ptr<SequenceInfo> sequence(const std::string& schema, const std::string& name) const;
  std::shared_ptr<SequenceInfo> sequence_by_oid(uint32_t oid) const;
  // The table owning an index of this name, with the index.
  std::pair<std::shared_ptr<TableInfo>, std::shared_ptr<IndexInfo>> index(const std::string& schema,
                                                                          const std::string& name) const;
  std::optional<RelKind> relation_kind(const std::string& schema, const std::string& name) const;
  bool relation_exists(const std::string& name) const { return relations_.count(name) > 0; }
  const std::map<std::string, std::shared_ptr<TableInfo>>& tables() const { return tables_; }
  const std::map<std::string, std::shared_ptr<SequenceInfo>>& sequences() const { return sequences_; }

  // Mutations (no undo; the caller records the inverse).
  void add_table(std::shared_ptr<TableInfo> t);
  void remove_table(const std::string& name);
  // Swaps in a new TableInfo under the same name (copy-on-write DDL).
  void replace_table(std::shared_ptr<TableInfo> t);
  void rename_table(const std::string& from, const std::string& to);
  void add_index_name(const std::string& index_name);
  void remove_index_name(const std::string& index_name);
  void add_sequence(std::shared_ptr<SequenceInfo> s);
  void remove_sequence(const std::string& name);
  void rename_sequence(const std::string& from, const std::string& to);
  // Every constraint name in the schema (ChooseConstraintName's uniqueness scope).
  std::vector<std::string> constraint_names() const;

  // PostgreSQL's generated-name rule (ChooseRelationName / ChooseConstraintName):
  // name1_name2_label truncated to 63 bytes, then a number appended until unique
  // among relations (`relation_namespace`) or among `taken` (constraint names).
  std::string choose_name(const std::string& name1, const std::string& name2, const std::string& label,
                          bool relation_namespace, const std::vector<std::string>& taken = {}) const;

 private:
  std::map<std::string, std::shared_ptr<TableInfo>> tables_;
  std::map<std::string, std::shared_ptr<SequenceInfo>> sequences_;
  std::map<std::string, RelKind> relations_;   // every relation name in public
  uint64_t version_ = 1;
  uint32_t next_oid_ = 16384;                  // PostgreSQL's FirstNormalObjectId
};

}  // namespace upsertdb
