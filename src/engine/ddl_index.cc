// CREATE [UNIQUE] INDEX: btree indexes over columns and expressions, partial
// indexes, built over the existing rows (a unique index checks them).
#include <algorithm>

#include "engine/ddl_internal.h"

namespace upsertdb::ddl {

QueryResult create_index(const ast::CreateIndexStmt& s, ExecContext& ctx) {
  QueryResult result;
  result.command_tag = "CREATE INDEX";
  if (!s.access_method.empty() && s.access_method != "btree") {
    not_supported("access method \"" + s.access_method + "\" is not supported");
  }
  if (!s.including.empty()) not_supported("INCLUDE columns are not supported");
  auto old_t = ctx.catalog->table(s.table.schema, s.table.name);
  if (!old_t) {
    if (auto kind = ctx.catalog->relation_kind(s.table.schema, s.table.name)) {
      throw DbError("42809", "cannot create index on relation \"" + s.table.name + "\"")
          .detail(std::string("This operation is not supported for ") +
                  (*kind == RelKind::kSequence ? "sequences." : "indexes."));
    }
    require_table(ctx, s.table);
  }
  auto index = std::make_shared<IndexInfo>();
  std::vector<std::string> part_names;
  for (const auto& elem : s.elems) {
    if (elem.expr) {
      index->columns.push_back(-1);
      index->expr_texts.push_back(expr_to_sql(*elem.expr));
      part_names.push_back(index_expr_name(*elem.expr));
    } else {
      int col = old_t->find_column(elem.column);
      if (col < 0) {
        throw DbError(sqlstate::kUndefinedColumn, "column \"" + elem.column + "\" does not exist")
            .position(elem.location + 1);
      }
      index->columns.push_back(col);
      index->expr_texts.push_back("");
      part_names.push_back(elem.column);
    }
    index->descending.push_back(elem.ordering == 2);
  }
  // PostgreSQL makes the key parts' names distinct (a, a1, a2 ...) before joining them.
  for (size_t i = 0; i < part_names.size(); ++i) {
    std::string base = part_names[i];
    for (int n = 1; std::find(part_names.begin(), part_names.begin() + static_cast<long>(i), part_names[i]) !=
                    part_names.begin() + static_cast<long>(i);
         ++n)
      part_names[i] = base + std::to_string(n);
  }
  std::string name = s.name;
  if (name.empty()) {
    std::string joined;
    for (size_t i = 0; i < part_names.size(); ++i) joined += (i ? "_" : "") + part_names[i];
    name = ctx.catalog->choose_name(old_t->name, joined, "idx", true);
  } else if (ctx.catalog->relation_exists(name)) {
    if (s.if_not_exists) {
      result.notices.push_back("relation \"" + name + "\" already exists, skipping");
      return result;
    }
    throw DbError(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists");
  }
  index->oid = ctx.catalog->next_oid();
  index->name = name;
  index->table_oid = old_t->oid;
  index->unique = s.unique;
  index->nulls_not_distinct = s.nulls_not_distinct;
  if (s.where) index->predicate_text = expr_to_sql(*s.where);

  wait_for_writers(ctx, *old_t);
  auto t = clone_table(*old_t);
  build_index(ctx, *t, *index);
  t->indexes.push_back(index);
  install_table(ctx, old_t, t);
  return result;
}

}  // namespace upsertdb::ddl
