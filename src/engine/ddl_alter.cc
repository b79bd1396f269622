// ALTER TABLE: ADD/DROP COLUMN, ADD/DROP CONSTRAINT, SET/DROP NOT NULL,
// SET/DROP DEFAULT, ALTER COLUMN TYPE. The subcommands edit one clone of the
// table, installed at the end; existing rows are validated (NOT NULL, CHECK,
// UNIQUE, FOREIGN KEY) or rewritten (type change, volatile default).
#include <algorithm>

#include "engine/ddl_internal.h"
#include "engine/sequences.h"
#include "exec/row_access.h"
#include "plan/catalog_exprs.h"
#include "types/type.h"

namespace upsertdb::ddl {

namespace {

const char* kCascadeHint = "Use DROP ... CASCADE to drop the dependent objects too.";

struct Alter {
  ExecContext& ctx;
  std::shared_ptr<TableInfo> t;
  QueryResult& result;

  int column(const std::string& name) const {
    int col = t->find_column(name);
    if (col < 0) {
      throw DbError(sqlstate::kUndefinedColumn,
                    "column \"" + name + "\" of relation \"" + t->name + "\" does not exist");
    }
    return col;
  }

  // Re-stores every live row through `fn` in a new store (new physical shape);
  // `before` is the table as the rows were written. Indexes are rebuilt.
  void rewrite(const TableInfo& before, const std::function<void(Row&)>& fn) {
    auto store = std::make_shared<TableStore>();
    auto types = t->physical_types();
    for_each_live_row(ctx, before, [&](RowId, const Version&, const Row& row) {
      Row r = row;
      r.resize(t->columns.size());
      fn(r);
      std::string enc;
      encode_row(r, types, enc);
      Version* v = Version::make(enc, ctx.txn->marker(), ctx.snapshot.cid);
      RowId id = store->append(v);
      ctx.txn->record_write(WriteRecord{store, t->oid, id, v, nullptr});
    });
    t->store = store;
    for (auto& ix : t->indexes) build_index(ctx, *t, *ix);
  }

  // FKs of other tables resting on `index_columns` of this table.
  std::vector<FkRef> dependent_fks(const std::vector<int>& index_columns) const {
    std::vector<FkRef> out;
    auto refs = foreign_keys_referencing(ctx, t->oid);
    for (const auto& c : t->constraints)   // self-references, as edited so far
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table == t->oid) refs.push_back({t, c.name});
    for (const auto& ref : refs) {
      const ConstraintInfo* c = ref.table->find_constraint(ref.constraint);
      std::vector<int> a = c->ref_columns, b = index_columns;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (a == b) out.push_back(ref);
    }
    return out;
  }

  void drop_fks(const std::vector<FkRef>& refs) {
    for (const auto& ref : refs) {
      if (ref.table == t) {
        auto& own = t->constraints;
        own.erase(std::remove_if(own.begin(), own.end(), [&](const auto& c) { return c.name == ref.constraint; }),
                  own.end());
        continue;
      }
      auto old_o = ctx.catalog->table("", ref.table->name);
      auto o = clone_table(*old_o);
      auto& cs = o->constraints;
      cs.erase(std::remove_if(cs.begin(), cs.end(), [&](const auto& c) { return c.name == ref.constraint; }),
               cs.end());
      install_table(ctx, old_o, o);
    }
  }

  // Removes a PK/UNIQUE constraint's dependants check; `what` names the object dropped.
  // `depends_on` is the object PostgreSQL names in the detail line.
  void check_index_dependants(const IndexInfo& ix, const std::string& what, const std::string& depends_on,
                              bool cascade) {
    auto refs = dependent_fks(ix.columns);
    if (refs.empty()) return;
    if (!cascade) {
      throw DbError("2BP01", "cannot drop " + what + " because other objects depend on it")
          .detail("constraint " + refs[0].constraint + " on table " + refs[0].table->name + " depends on " +
                  depends_on)
          .hint(kCascadeHint);
    }
    for (const auto& r : refs)
      result.notices.push_back("drop cascades to constraint " + r.constraint + " on table " + r.table->name);
    drop_fks(refs);
  }

  void remove_index(const std::string& name) {
    auto& ix = t->indexes;
    ix.erase(std::remove_if(ix.begin(), ix.end(), [&](const auto& i) { return i->name == name; }), ix.end());
  }

  void add_column(const ast::AlterTableCmd& cmd) {
    const ast::ColumnDef& def = *cmd.column;
    if (t->find_column(def.name) >= 0) {
      std::string msg = "column \"" + def.name + "\" of relation \"" + t->name + "\" already exists";
      if (cmd.missing_ok) {
        result.notices.push_back(msg + ", skipping");
        return;
      }
      throw DbError(sqlstate::kDuplicateColumn, msg);
    }
    std::vector<const ast::Constraint*> constraints;
    std::vector<std::shared_ptr<SequenceInfo>> sequences;
    ColumnInfo col = make_column(ctx, t->name, def, constraints, sequences);
    const int pos = static_cast<int>(t->columns.size());
    for (auto& seq : sequences) {
      seq->owner_table = t->oid;
      seq->owner_column = pos;
      install_sequence(ctx, nullptr, seq);
    }
    TableInfo before = *t;
    t->columns.push_back(col);
    ColumnInfo& added = t->columns.back();
    if (!added.default_text.empty()) {
      const ast::Expr* written = nullptr;
      for (const auto& c : def.constraints)
        if (c.type == ast::ConstraintType::kDefault) written = c.expr.get();
      BExpr d = check_default_expression(ctx, *t, added, written);
      if (d->is_constant()) {
        Row none(t->columns.size());
        added.missing = cast_value(d->eval(none, ctx), added.type, CastContext::kAssignment);
      } else if (has_live_rows(ctx, before)) {
        Type type = added.type;
        rewrite(before, [&](Row& r) {
          r[static_cast<size_t>(pos)] = cast_value(d->eval(r, ctx), type, CastContext::kAssignment);
        });
      }
    } else if (added.identity && has_live_rows(ctx, before)) {
      auto seq = sequences.front();
      Type type = added.type;
      rewrite(before, [&](Row& r) {
        r[static_cast<size_t>(pos)] = Value::integer(type.id, sequence_nextval(*seq));
      });
    }
    if (added.missing.is_null()) added.missing = Value::null(added.type.id);
    if (added.not_null) validate_not_null(ctx, *t, pos);
    ConstraintAdder adder{ctx, *t, true, {}};
    for (const auto* c : constraints) adder.add(*c, def.name);
  }

  void drop_column(const ast::AlterTableCmd& cmd) {
    int col = t->find_column(cmd.name);
    if (col < 0) {
      std::string msg = "column \"" + cmd.name + "\" of relation \"" + t->name + "\" does not exist";
      if (cmd.missing_ok) {
        result.notices.push_back(msg + ", skipping");
        return;
      }
      throw DbError(sqlstate::kUndefinedColumn, msg);
    }
    auto uses = [&](const std::vector<int>& cols) { return std::find(cols.begin(), cols.end(), col) != cols.end(); };
    auto index_uses = [&](const IndexInfo& ix) {
      if (uses(ix.columns) || text_mentions_column(ix.predicate_text, cmd.name)) return true;
      for (const auto& e : ix.expr_texts)
        if (text_mentions_column(e, cmd.name)) return true;
      return false;
    };
    std::vector<std::string> doomed_indexes;
    for (const auto& ix : t->indexes) {
      if (!index_uses(*ix)) continue;
      const std::string column_desc = "column " + cmd.name + " of table " + t->name;
      check_index_dependants(*ix, column_desc, column_desc, cmd.cascade);
      doomed_indexes.push_back(ix->name);
    }
    for (const auto& n : doomed_indexes) remove_index(n);
    auto& cs = t->constraints;
    cs.erase(std::remove_if(cs.begin(), cs.end(),
                            [&](const ConstraintInfo& c) {
                              return uses(c.columns) || (c.ref_table == t->oid && uses(c.ref_columns)) ||
                                     text_mentions_column(c.check_text, cmd.name);
                            }),
             cs.end());
    ColumnInfo& c = t->columns[static_cast<size_t>(col)];
    if (!c.owned_sequence.empty()) {
      if (auto seq = ctx.catalog->sequence("", c.owned_sequence)) install_sequence(ctx, seq, nullptr);
    }
    c.dropped = true;
    c.name = "........pg.dropped." + std::to_string(col + 1) + "........";
    c.not_null = false;
    c.default_text.clear();
    c.identity = 0;
    c.owned_sequence.clear();
  }

  void drop_constraint(const ast::AlterTableCmd& cmd) {
    const ConstraintInfo* c = t->find_constraint(cmd.name);
    if (!c) {
      std::string msg = "constraint \"" + cmd.name + "\" of relation \"" + t->name + "\" does not exist";
      if (cmd.missing_ok) {
        result.notices.push_back(msg + ", skipping");
        return;
      }
      throw DbError(sqlstate::kUndefinedObject, msg);
    }
    std::string index_name = c->index_name;
    if (!index_name.empty()) {
      for (const auto& ix : t->indexes)
        if (ix->name == index_name)
          check_index_dependants(*ix, "constraint " + cmd.name + " on table " + t->name, "index " + ix->name,
                                 cmd.cascade);
      remove_index(index_name);
    }
    auto& cs = t->constraints;
    cs.erase(std::remove_if(cs.begin(), cs.end(), [&](const auto& x) { return x.name == cmd.name; }), cs.end());
  }

  void alter_type(const ast::AlterTableCmd& cmd) {
    int col = column(cmd.name);
    Type to;
    try {
      to = resolve_type_name(cmd.new_type.names, cmd.new_type.typmods, cmd.new_type.is_array);
    } catch (DbError& e) {
      if (cmd.new_type.location >= 0) e.position(cmd.new_type.location + 1);   // as PostgreSQL's typenameType
      throw;
    }
    ColumnInfo& c = t->columns[static_cast<size_t>(col)];
    const size_t pos = static_cast<size_t>(col);
    TableInfo before = *t;
    // USING: an expression over the old row; otherwise the column itself.
    BExpr using_expr;
    if (cmd.using_expr) {
      std::string text = expr_to_sql(*cmd.using_expr);
      using_expr = without_position([&] { return bind_table_expression(before, text, &ctx); });
      TypeId from = using_expr->type.id;
      if (from != to.id && from != TypeId::kUnknown && !can_cast(from, to.id, CastContext::kAssignment)) {
        throw DbError(sqlstate::kDatatypeMismatch, "result of USING clause for column \"" + c.name +
                                                       "\" cannot be cast automatically to type " +
                                                       type_display_name(to))
            .hint("You might need to add an explicit cast.");
      }
    } else {
      if (c.type == to) return;
      if (c.type.id != to.id && !can_cast(c.type.id, to.id, CastContext::kAssignment)) {
        throw DbError(sqlstate::kDatatypeMismatch,
                      "column \"" + c.name + "\" cannot be cast automatically to type " + type_display_name(to))
            .hint("You might need to specify \"USING " + quote_ident(c.name) + "::" + type_display_name(to) +
                  "\".");
      }
    }
    c.type = to;
    if (!c.missing.is_null() && !using_expr) c.missing = cast_value(c.missing, to, CastContext::kAssignment);
    else c.missing = Value::null(to.id);
    rewrite(before, [&](Row& r) {
      Value v = using_expr ? using_expr->eval(r, ctx) : r[pos];
      r[pos] = cast_value(v, to, CastContext::kAssignment);
    });
  }

  void apply(const ast::AlterTableCmd& cmd) {
    switch (cmd.kind) {
      case ast::AlterKind::kAddColumn: add_column(cmd); break;
      case ast::AlterKind::kDropColumn: drop_column(cmd); break;
      case ast::AlterKind::kAddConstraint: {
        ConstraintAdder adder{ctx, *t, true, {}};
        adder.add(*cmd.constraint);
        break;
      }
      case ast::AlterKind::kDropConstraint: drop_constraint(cmd); break;
      case ast::AlterKind::kSetNotNull: {
        int col = column(cmd.name);
        if (!t->columns[static_cast<size_t>(col)].not_null) validate_not_null(ctx, *t, col);
        t->columns[static_cast<size_t>(col)].not_null = true;
        break;
      }
      case ast::AlterKind::kDropNotNull: {
        int col = column(cmd.name);
        if (const IndexInfo* pk = t->primary_key()) {
          if (std::find(pk->columns.begin(), pk->columns.end(), col) != pk->columns.end())
            throw DbError("42P16", "column \"" + cmd.name + "\" is in a primary key");
        }
        if (t->columns[static_cast<size_t>(col)].identity) {
          throw DbError("42P16",
                        "column \"" + cmd.name + "\" of relation \"" + t->name + "\" is an identity column");
        }
        t->columns[static_cast<size_t>(col)].not_null = false;
        break;
      }
      case ast::AlterKind::kSetDefault: {
        int col = column(cmd.name);
        if (t->columns[static_cast<size_t>(col)].identity) {
          throw DbError(sqlstate::kSyntaxError,
                        "column \"" + cmd.name + "\" of relation \"" + t->name + "\" is an identity column")
              .hint("Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.");
        }
        t->columns[static_cast<size_t>(col)].default_text = cmd.default_text;
        check_default_expression(ctx, *t, t->columns[static_cast<size_t>(col)], cmd.default_expr.get());
        break;
      }
      case ast::AlterKind::kDropDefault: t->columns[static_cast<size_t>(column(cmd.name))].default_text.clear(); break;
      case ast::AlterKind::kAlterColumnType: alter_type(cmd); break;
      default:
        not_supported("ALTER TABLE " + (cmd.unsupported.empty() ? std::string("subcommand") : cmd.unsupported) +
                      " is not supported");
    }
  }
};

}  // namespace

QueryResult alter_table(const ast::AlterTableStmt& s, ExecContext& ctx) {
  QueryResult result;
  result.command_tag = "ALTER TABLE";
  if (s.object_type != ast::ObjectType::kTable) not_supported("this ALTER statement is not supported");
  auto old_t = ctx.catalog->table(s.table.schema, s.table.name);
  if (!old_t) {
    if (s.missing_ok) {
      result.notices.push_back("relation \"" + s.table.name + "\" does not exist, skipping");
      return result;
    }
    require_table(ctx, s.table);
  }
  wait_for_writers(ctx, *old_t);
  old_t = ctx.catalog->table(s.table.schema, s.table.name);   // the wait let others run
  if (!old_t) require_table(ctx, s.table);
  Alter alter{ctx, clone_table(*old_t), result};
  for (const auto& cmd : s.cmds) alter.apply(cmd);
  // Cascaded changes may have replaced our own entry (self-referencing FKs): take the current one.
  install_table(ctx, ctx.catalog->table("", old_t->name), alter.t);
  return result;
}

}  // namespace upsertdb::ddl
