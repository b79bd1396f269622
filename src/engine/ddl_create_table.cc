// CREATE TABLE: columns (serial and identity columns get their sequence),
// column and table constraints, PostgreSQL's names and errors.
#include <algorithm>

#include "engine/ddl_internal.h"
#include "types/type.h"

namespace upsertdb::ddl {

namespace {

// serial types: the integer type they stand for, or kUnknown.
TypeId serial_type(const ast::TypeName& tn) {
  if (tn.names.empty() || tn.is_array) return TypeId::kUnknown;
  if (tn.names.size() == 2 && tn.names[0] != "pg_catalog") return TypeId::kUnknown;
  const std::string& n = tn.names.back();
  if (n == "serial" || n == "serial4") return TypeId::kInt4;
  if (n == "bigserial" || n == "serial8") return TypeId::kInt8;
  if (n == "smallserial" || n == "serial2") return TypeId::kInt2;
  return TypeId::kUnknown;
}

std::shared_ptr<SequenceInfo> column_sequence(ExecContext& ctx, const std::string& table_name,
                                              const std::string& column, Type type,
                                              const std::vector<std::shared_ptr<SequenceInfo>>& pending) {
  std::vector<std::string> taken;
  for (const auto& s : pending) taken.push_back(s->name);
  taken.push_back(table_name);
  auto seq = std::make_shared<SequenceInfo>();
  seq->oid = ctx.catalog->next_oid();
  seq->name = ctx.catalog->choose_name(table_name, column, "seq", true, taken);
  seq->type = type;
  return seq;
}

}  // namespace

ColumnInfo make_column(ExecContext& ctx, const std::string& table_name, const ast::ColumnDef& def,
                       std::vector<const ast::Constraint*>& deferred_constraints,
                       std::vector<std::shared_ptr<SequenceInfo>>& new_sequences) {
  ColumnInfo col;
  col.name = def.name;
  TypeId serial = serial_type(def.type);
  if (serial != TypeId::kUnknown) {
    col.type = Type(serial);
  } else {
    if (def.type.pct_type) not_supported("%TYPE is not supported");
    try {
      col.type = resolve_type_name(def.type.names, def.type.typmods, def.type.is_array);
    } catch (DbError& e) {
      if (def.type.location >= 0) e.position(def.type.location + 1);   // as PostgreSQL's typenameType
      throw;
    }
  }
  bool saw_null = false, saw_not_null = false, saw_default = false;
  auto conflicting = [&](const ast::Constraint& at) {
    throw DbError(sqlstate::kSyntaxError, "conflicting NULL/NOT NULL declarations for column \"" + def.name +
                                              "\" of table \"" + table_name + "\"")
        .position(at.location + 1);
  };
  for (const auto& c : def.constraints) {
    switch (c.type) {
      case ast::ConstraintType::kNull:
        if (saw_not_null) conflicting(c);
        saw_null = true;
        col.not_null = false;
        break;
      case ast::ConstraintType::kNotNull:
        if (saw_null) conflicting(c);
        saw_not_null = true;
        col.not_null = true;
        break;
      case ast::ConstraintType::kDefault:
        if (saw_default) {
          throw DbError(sqlstate::kSyntaxError, "multiple default values specified for column \"" + def.name +
                                                    "\" of table \"" + table_name + "\"")
              .position(c.location + 1);
        }
        saw_default = true;
        col.default_text = c.expr_text;
        break;
      case ast::ConstraintType::kIdentity: {
        if (!is_integer_type(col.type.id)) {
          throw DbError("22023", "identity column type must be smallint, integer, or bigint");
        }
        if (col.identity) {
          throw DbError(sqlstate::kSyntaxError, "multiple identity specifications for column \"" + def.name +
                                                    "\" of table \"" + table_name + "\"");
        }
        col.identity = c.identity_kind ? c.identity_kind : 'a';
        col.not_null = true;
        auto seq = column_sequence(ctx, table_name, def.name, col.type, new_sequences);
        apply_sequence_options(ctx, *seq, c.identity_options, true);
        new_sequences.push_back(seq);
        col.owned_sequence = seq->name;
        break;
      }
      case ast::ConstraintType::kGenerated: not_supported("generated columns are not supported");
      case ast::ConstraintType::kExclusion: not_supported("EXCLUDE constraints are not supported");
      case ast::ConstraintType::kAttrDeferrable:
      case ast::ConstraintType::kAttrNotDeferrable:
      case ast::ConstraintType::kAttrDeferred:
      case ast::ConstraintType::kAttrImmediate: break;   // folded into the constraint by the translator
      default: deferred_constraints.push_back(&c); break;
    }
  }
  if (col.identity && saw_default) {
    throw DbError(sqlstate::kSyntaxError, "both default and identity specified for column \"" + def.name +
                                              "\" of table \"" + table_name + "\"");
  }
  if (serial != TypeId::kUnknown) {
    if (saw_default) {
      throw DbError(sqlstate::kSyntaxError, "multiple default values specified for column \"" + def.name +
                                                "\" of table \"" + table_name + "\"");
    }
    auto seq = column_sequence(ctx, table_name, def.name, col.type, new_sequences);
    ast::SeqOptions none;
    apply_sequence_options(ctx, *seq, none, true);
    new_sequences.push_back(seq);
    col.owned_sequence = seq->name;
    col.default_text = "nextval('" + quote_ident(seq->name) + "'::regclass)";
    col.not_null = true;
  }
  return col;
}

QueryResult create_table(const ast::CreateTableStmt& s, ExecContext& ctx) {
  QueryResult result;
  result.command_tag = "CREATE TABLE";
  if (s.temporary) not_supported("temporary tables are not supported");
  if (s.as_select) not_supported("CREATE TABLE AS is not supported");
  if (!s.table.schema.empty() && s.table.schema != "public") {
    throw DbError("3F000", "schema \"" + s.table.schema + "\" does not exist");
  }
  if (ctx.catalog->relation_exists(s.table.name)) {
    if (s.if_not_exists) {
      result.notices.push_back("relation \"" + s.table.name + "\" already exists, skipping");
      return result;
    }
    throw DbError(sqlstate::kDuplicateTable, "relation \"" + s.table.name + "\" already exists");
  }
  auto t = std::make_shared<TableInfo>();
  t->oid = ctx.catalog->next_oid();
  t->name = s.table.name;

  std::vector<std::pair<const ast::Constraint*, std::string>> constraints;   // with their column
  std::vector<std::shared_ptr<SequenceInfo>> sequences;
  for (const auto& def : s.columns) {
    if (t->find_column(def.name) >= 0) {
      throw DbError(sqlstate::kDuplicateColumn, "column \"" + def.name + "\" specified more than once");
    }
    std::vector<const ast::Constraint*> column_constraints;
    t->columns.push_back(make_column(ctx, t->name, def, column_constraints, sequences));
    for (const auto* c : column_constraints) constraints.push_back({c, def.name});
  }
  for (const auto& c : s.constraints) constraints.push_back({&c, ""});

  ConstraintAdder adder{ctx, *t, false, {}, true};
  for (const auto& seq : sequences) adder.new_relation_names.push_back(seq->name);
  // PostgreSQL creates PRIMARY KEY / UNIQUE indexes first, then CHECKs, then FKs.
  for (auto kind : {ast::ConstraintType::kPrimaryKey, ast::ConstraintType::kUnique}) {
    for (const auto& [c, column] : constraints)
      if (c->type == kind) adder.add(*c, column);
  }
  for (const auto& [c, column] : constraints) {
    if (c->type != ast::ConstraintType::kPrimaryKey && c->type != ast::ConstraintType::kUnique &&
        c->type != ast::ConstraintType::kForeignKey)
      adder.add(*c, column);
  }
  for (const auto& [c, column] : constraints)
    if (c->type == ast::ConstraintType::kForeignKey) adder.add(*c, column);

  // Defaults and CHECKs must bind now (serial defaults name a sequence not yet installed).
  for (size_t i = 0; i < s.columns.size(); ++i) {
    for (const auto& c : s.columns[i].constraints)
      if (c.type == ast::ConstraintType::kDefault) check_default_expression(ctx, *t, t->columns[i], c.expr.get());
  }
  for (const auto& c : t->constraints)
    if (c.kind == ConstraintKind::kCheck) bind_check_expression(ctx, *t, c.check_text);

  install_table(ctx, nullptr, t);
  for (auto& seq : sequences) {
    seq->owner_table = t->oid;
    for (size_t i = 0; i < t->columns.size(); ++i)
      if (t->columns[i].owned_sequence == seq->name) seq->owner_column = static_cast<int>(i);
    install_sequence(ctx, nullptr, seq);
  }
  return result;
}

}  // namespace upsertdb::ddl
