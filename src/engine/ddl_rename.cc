// RENAME of tables, indexes, sequences, columns and constraints (ALTER TABLE /
// INDEX / SEQUENCE ... RENAME). Relations share one namespace: 42P07 on a clash.
#include "engine/ddl_internal.h"

namespace upsertdb::ddl {

namespace {

void require_free_relation_name(ExecContext& ctx, const std::string& name) {
  if (ctx.catalog->relation_exists(name)) {
    throw DbError(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists");
  }
}

// Column defaults name their sequence in text: follow a sequence rename.
void retarget_defaults(ExecContext& ctx, const std::string& from, const std::string& to) {
  const std::string old_call = "nextval('" + quote_ident(from) + "'::regclass)";
  const std::string new_call = "nextval('" + quote_ident(to) + "'::regclass)";
  std::vector<std::shared_ptr<TableInfo>> tables;
  for (const auto& [_, t] : ctx.catalog->tables()) tables.push_back(t);
  for (const auto& old_t : tables) {
    auto t = clone_table(*old_t);
    bool changed = false;
    for (auto& c : t->columns) {
      if (c.owned_sequence == from) { c.owned_sequence = to; changed = true; }
      size_t at = c.default_text.find(old_call);
      if (at != std::string::npos) {
        c.default_text.replace(at, old_call.size(), new_call);
        changed = true;
      }
    }
    if (changed) install_table(ctx, old_t, t);
  }
}

void rename_table(ExecContext& ctx, const std::shared_ptr<TableInfo>& old_t, const std::string& to) {
  require_free_relation_name(ctx, to);
  auto t = clone_table(*old_t);
  t->name = to;
  install_table(ctx, old_t, t);
}

void rename_index(ExecContext& ctx, const std::shared_ptr<TableInfo>& old_t, const std::string& from,
                  const std::string& to) {
  require_free_relation_name(ctx, to);
  auto t = clone_table(*old_t);
  for (auto& ix : t->indexes) {
    if (ix->name != from) continue;
    ix->name = to;
    if (!ix->constraint_name.empty()) {
      for (auto& c : t->constraints)
        if (c.name == ix->constraint_name) { c.name = to; c.index_name = to; }
      ix->constraint_name = to;
    }
  }
  install_table(ctx, old_t, t);
}

void rename_sequence(ExecContext& ctx, const std::shared_ptr<SequenceInfo>& old_s, const std::string& to) {
  require_free_relation_name(ctx, to);
  auto s = std::make_shared<SequenceInfo>(*old_s);
  s->name = to;
  install_sequence(ctx, old_s, s);
  retarget_defaults(ctx, old_s->name, to);
}

void rename_column(ExecContext& ctx, const std::shared_ptr<TableInfo>& old_t, const std::string& from,
                   const std::string& to) {
  int col = old_t->find_column(from);
  if (col < 0) throw DbError(sqlstate::kUndefinedColumn, "column \"" + from + "\" does not exist");
  if (old_t->find_column(to) >= 0) {
    throw DbError(sqlstate::kDuplicateColumn,
                  "column \"" + to + "\" of relation \"" + old_t->name + "\" already exists");
  }
  auto t = clone_table(*old_t);
  t->columns[static_cast<size_t>(col)].name = to;
  // Expressions are stored as text: follow the new name.
  for (auto& c : t->columns) c.default_text = rename_column_in_text(c.default_text, from, to);
  for (auto& c : t->constraints) c.check_text = rename_column_in_text(c.check_text, from, to);
  for (auto& ix : t->indexes) {
    for (auto& e : ix->expr_texts) e = rename_column_in_text(e, from, to);
    ix->predicate_text = rename_column_in_text(ix->predicate_text, from, to);
  }
  install_table(ctx, old_t, t);
}

void rename_constraint(ExecContext& ctx, const std::shared_ptr<TableInfo>& old_t, const std::string& from,
                       const std::string& to) {
  const ConstraintInfo* c = old_t->find_constraint(from);
  if (!c) {
    throw DbError(sqlstate::kUndefinedObject,
                  "constraint \"" + from + "\" for table \"" + old_t->name + "\" does not exist");
  }
  if (old_t->find_constraint(to)) {
    throw DbError(sqlstate::kDuplicateObject,
                  "constraint \"" + to + "\" for relation \"" + old_t->name + "\" already exists");
  }
  if (!c->index_name.empty()) {
    rename_index(ctx, old_t, c->index_name, to);   // renames the constraint with it
    return;
  }
  auto t = clone_table(*old_t);
  for (auto& con : t->constraints)
    if (con.name == from) con.name = to;
  install_table(ctx, old_t, t);
}

}  // namespace

QueryResult rename(const ast::RenameStmt& s, ExecContext& ctx) {
  QueryResult result;
  switch (s.object_type) {
    case ast::ObjectType::kIndex: result.command_tag = "ALTER INDEX"; break;
    case ast::ObjectType::kSequence: result.command_tag = "ALTER SEQUENCE"; break;
    case ast::ObjectType::kTable: result.command_tag = "ALTER TABLE"; break;
    default: not_supported("this RENAME is not supported");
  }
  const std::string& name = s.table.name;
  auto kind = ctx.catalog->relation_kind(s.table.schema, name);
  if (!kind) {
    if (s.missing_ok) {
      result.notices.push_back("relation \"" + name + "\" does not exist, skipping");
      return result;
    }
    throw DbError(sqlstate::kUndefinedTable, "relation \"" + name + "\" does not exist");
  }
  if (s.is_column || s.is_constraint) {
    auto t = ctx.catalog->table(s.table.schema, name);
    if (!t) throw DbError("42809", "\"" + name + "\" is not a table");
    if (s.is_column) rename_column(ctx, t, s.subname, s.new_name);
    else rename_constraint(ctx, t, s.subname, s.new_name);
    return result;
  }
  switch (*kind) {
    case RelKind::kTable: rename_table(ctx, ctx.catalog->table("", name), s.new_name); break;
    case RelKind::kIndex: rename_index(ctx, ctx.catalog->index("", name).first, name, s.new_name); break;
    case RelKind::kSequence: rename_sequence(ctx, ctx.catalog->sequence("", name), s.new_name); break;
    default: not_supported("this RENAME is not supported");
  }
  return result;
}

}  // namespace upsertdb::ddl
