// DROP TABLE / INDEX / SEQUENCE [IF EXISTS] [CASCADE] with PostgreSQL's
// dependency errors: foreign keys referencing a table, constraints owning an
// index, column defaults using a sequence.
#include <algorithm>

#include "engine/ddl_internal.h"

namespace upsertdb::ddl {

namespace {

const char* kCascadeHint = "Use DROP ... CASCADE to drop the dependent objects too.";

// PostgreSQL reports one dependent object in the notice, several as a count.
void cascade_notice(QueryResult& r, const std::vector<std::string>& what) {
  if (what.empty()) return;
  if (what.size() == 1) r.notices.push_back("drop cascades to " + what[0]);
  else r.notices.push_back("drop cascades to " + std::to_string(what.size()) + " other objects");
}

// Removes FK constraints of other tables that reference `oid` (CASCADE).
void drop_referencing_fks(ExecContext& ctx, const std::vector<FkRef>& refs) {
  for (const auto& ref : refs) {
    auto old_t = ctx.catalog->table("", ref.table->name);
    auto t = clone_table(*old_t);
    auto& cs = t->constraints;
    cs.erase(std::remove_if(cs.begin(), cs.end(), [&](const ConstraintInfo& c) { return c.name == ref.constraint; }),
             cs.end());
    install_table(ctx, old_t, t);
  }
}

// DROP INDEX / SEQUENCE naming a relation of another kind: 42809 with PostgreSQL's hint.
void wrong_kind(ExecContext& ctx, const std::string& name, const std::string& expected) {
  auto kind = ctx.catalog->relation_kind("", name);
  if (!kind) return;
  std::string hint = *kind == RelKind::kTable ? "Use DROP TABLE to remove a table."
                     : *kind == RelKind::kIndex ? "Use DROP INDEX to remove an index."
                                                : "Use DROP SEQUENCE to remove a sequence.";
  throw DbError("42809", "\"" + name + "\" is not " + expected).hint(hint);
}

void drop_one_table(ExecContext& ctx, const std::string& name) {
  auto t = ctx.catalog->table("", name);
  install_table(ctx, t, nullptr);
  for (const auto& col : t->columns) {
    if (col.owned_sequence.empty()) continue;
    auto seq = ctx.catalog->sequence("", col.owned_sequence);
    if (seq && seq->owner_table != t->oid) install_sequence(ctx, seq, nullptr);
  }
  // Sequences OWNED BY a column of this table go with it.
  std::vector<std::shared_ptr<SequenceInfo>> owned;
  for (const auto& [_, s] : ctx.catalog->sequences())
    if (s->owner_table == t->oid) owned.push_back(s);
  for (auto& s : owned) install_sequence(ctx, s, nullptr);
}

void drop_tables(const ast::DropStmt& s, ExecContext& ctx, QueryResult& result) {
  std::vector<std::shared_ptr<TableInfo>> targets;
  for (const auto& parts : s.objects) {
    const std::string& name = parts.back();
    bool other_schema = parts.size() > 1 && parts[parts.size() - 2] != "public";
    auto t = other_schema ? nullptr : ctx.catalog->table("", name);
    if (!t) {
      auto kind = other_schema ? std::nullopt : ctx.catalog->relation_kind("", name);
      if (kind == RelKind::kIndex) {
        throw DbError("42809", "\"" + name + "\" is not a table").hint("Use DROP INDEX to remove an index.");
      }
      if (kind == RelKind::kSequence) {
        throw DbError("42809", "\"" + name + "\" is not a table").hint("Use DROP SEQUENCE to remove a sequence.");
      }
      if (s.missing_ok) {
        result.notices.push_back("table \"" + name + "\" does not exist, skipping");
        continue;
      }
      throw DbError(sqlstate::kUndefinedTable, "table \"" + name + "\" does not exist");
    }
    targets.push_back(t);
  }
  auto dropped = [&](uint32_t oid) {
    return std::any_of(targets.begin(), targets.end(), [&](const auto& t) { return t->oid == oid; });
  };
  std::vector<FkRef> refs;
  std::vector<std::string> described;
  for (const auto& t : targets) {
    for (const auto& ref : foreign_keys_referencing(ctx, t->oid)) {
      if (dropped(ref.table->oid)) continue;
      if (!s.cascade) {
        throw DbError("2BP01", "cannot drop table " + t->name + " because other objects depend on it")
            .detail("constraint " + ref.constraint + " on table " + ref.table->name + " depends on table " + t->name)
            .hint(kCascadeHint);
      }
      refs.push_back(ref);
      described.push_back("constraint " + ref.constraint + " on table " + ref.table->name);
    }
  }
  cascade_notice(result, described);
  drop_referencing_fks(ctx, refs);
  for (const auto& t : targets) drop_one_table(ctx, t->name);
}

void drop_indexes(const ast::DropStmt& s, ExecContext& ctx, QueryResult& result) {
  for (const auto& parts : s.objects) {
    const std::string& name = parts.back();
    auto [old_t, index] = ctx.catalog->index("", name);
    if (!index) wrong_kind(ctx, name, "an index");
    if (!index) {
      if (s.missing_ok) {
        result.notices.push_back("index \"" + name + "\" does not exist, skipping");
        continue;
      }
      throw DbError(sqlstate::kUndefinedObject, "index \"" + name + "\" does not exist");
    }
    if (!index->constraint_name.empty()) {
      throw DbError("2BP01", "cannot drop index " + name + " because constraint " + index->constraint_name +
                                 " on table " + old_t->name + " requires it")
          .hint("You can drop constraint " + index->constraint_name + " on table " + old_t->name + " instead.");
    }
    auto t = clone_table(*old_t);
    auto& ix = t->indexes;
    ix.erase(std::remove_if(ix.begin(), ix.end(), [&](const auto& i) { return i->name == name; }), ix.end());
    install_table(ctx, old_t, t);
  }
}

void drop_sequences(const ast::DropStmt& s, ExecContext& ctx, QueryResult& result) {
  for (const auto& parts : s.objects) {
    const std::string& name = parts.back();
    auto seq = ctx.catalog->sequence("", name);
    if (!seq) wrong_kind(ctx, name, "a sequence");
    if (!seq) {
      if (s.missing_ok) {
        result.notices.push_back("sequence \"" + name + "\" does not exist, skipping");
        continue;
      }
      throw DbError(sqlstate::kUndefinedTable, "sequence \"" + name + "\" does not exist");
    }
    // Column defaults calling nextval on it depend on it; identity columns require it.
    const std::string call = "nextval('" + quote_ident(name) + "'::regclass)";
    std::vector<std::string> described;
    for (const auto& [_, t] : ctx.catalog->tables()) {
      for (size_t i = 0; i < t->columns.size(); ++i) {
        const ColumnInfo& c = t->columns[i];
        if (c.dropped) continue;
        if (c.identity && c.owned_sequence == name) {
          throw DbError("2BP01", "cannot drop sequence " + name + " because column " + c.name + " of table " +
                                     t->name + " requires it")
              .hint("You can drop column " + c.name + " of table " + t->name + " instead.");
        }
        if (c.default_text.find(call) == std::string::npos) continue;
        std::string what = "default value for column " + c.name + " of table " + t->name;
        if (!s.cascade) {
          throw DbError("2BP01", "cannot drop sequence " + name + " because other objects depend on it")
              .detail(what + " depends on sequence " + name)
              .hint(kCascadeHint);
        }
        described.push_back(what);
      }
    }
    cascade_notice(result, described);
    if (!described.empty()) {
      std::vector<std::shared_ptr<TableInfo>> users;
      for (const auto& [_, t] : ctx.catalog->tables()) users.push_back(t);
      for (const auto& old_t : users) {
        bool changed = false;
        auto t = clone_table(*old_t);
        for (auto& c : t->columns) {
          if (c.default_text.find(call) != std::string::npos) {
            c.default_text.clear();
            changed = true;
          }
          if (c.owned_sequence == name) { c.owned_sequence.clear(); changed = true; }
        }
        if (changed) install_table(ctx, old_t, t);
      }
    }
    install_sequence(ctx, seq, nullptr);
  }
}

}  // namespace

QueryResult drop(const ast::DropStmt& s, ExecContext& ctx) {
  QueryResult result;
  switch (s.object_type) {
    case ast::ObjectType::kTable:
      result.command_tag = "DROP TABLE";
      drop_tables(s, ctx, result);
      break;
    case ast::ObjectType::kIndex:
      result.command_tag = "DROP INDEX";
      drop_indexes(s, ctx, result);
      break;
    case ast::ObjectType::kSequence:
      result.command_tag = "DROP SEQUENCE";
      drop_sequences(s, ctx, result);
      break;
    case ast::ObjectType::kView: not_supported("DROP VIEW is not supported");
    case ast::ObjectType::kSchema: not_supported("DROP SCHEMA is not supported");
    case ast::ObjectType::kType: not_supported("DROP TYPE is not supported");
    case ast::ObjectType::kFunction: not_supported("DROP FUNCTION is not supported");
    default: not_supported("this DROP statement is not supported");
  }
  return result;
}

}  // namespace upsertdb::ddl
