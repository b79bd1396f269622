// Constraint construction shared by CREATE TABLE and ALTER TABLE: PRIMARY KEY,
// UNIQUE (with their backing index), CHECK and FOREIGN KEY, with PostgreSQL's
// generated names and errors.
#include <set>
#include <algorithm>

#include "engine/ddl_internal.h"
#include "types/type.h"
#include "types/value.h"

namespace upsertdb::ddl {

namespace {

std::string join(const std::vector<std::string>& parts) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? "_" : "") + parts[i];
  return s;
}

// The first column the expression references, in tree order (PostgreSQL names
// an unnamed CHECK after it), or "" when none.
void collect_columns(const ast::Expr* e, const TableInfo& t, std::set<std::string>& out) {
  if (!e) return;
  if (e->kind == ast::ExprKind::kColumnRef && !e->names.empty() && t.find_column(e->names.back()) >= 0) {
    out.insert(e->names.back());
    return;
  }
  if (e->kind == ast::ExprKind::kSubLink) return;
  collect_columns(e->case_arg.get(), t, out);
  for (const auto& a : e->args) collect_columns(a.get(), t, out);
  collect_columns(e->case_default.get(), t, out);
}

// PostgreSQL names a CHECK after its column only when the expression
// references exactly one distinct column ("t_a_check"), else "t_check".
std::string first_column(const ast::Expr* e, const TableInfo& t) {
  std::set<std::string> columns;
  collect_columns(e, t, columns);
  return columns.size() == 1 ? *columns.begin() : "";
}

// Whether an FK column can reference a key column: PostgreSQL needs an
// equality operator between them; ours exist within these families.
bool comparable_key_types(TypeId a, TypeId b) {
  if (a == b) return true;
  if (is_numeric_family(a) && is_numeric_family(b)) return true;
  if (is_string_type(a) && is_string_type(b)) return true;
  auto datetime = [](TypeId x) {
    return x == TypeId::kDate || x == TypeId::kTimestamp || x == TypeId::kTimestampTz;
  };
  if (datetime(a) && datetime(b)) return true;
  return can_cast(a, b, CastContext::kImplicit);
}

}  // namespace

bool ConstraintAdder::relation_taken(const std::string& name) const {
  if (name == t.name) return true;
  if (ctx.catalog->relation_exists(name)) {
    // An index of the table being altered that this statement dropped is free again.
    auto original = ctx.catalog->table_by_oid(t.oid);
    bool dropped_here = false;
    if (original) {
      for (const auto& ix : original->indexes) {
        if (ix->name != name) continue;
        dropped_here = true;
        for (const auto& kept : t.indexes) dropped_here &= kept->name != name;
      }
    }
    if (!dropped_here) return true;
  }
  return std::find(new_relation_names.begin(), new_relation_names.end(), name) != new_relation_names.end();
}

std::vector<std::string> ConstraintAdder::taken_constraint_names() const {
  std::vector<std::string> names;
  for (const auto& [_, other] : ctx.catalog->tables()) {
    if (other->oid == t.oid) continue;   // the working copy `t` speaks for this table
    for (const auto& c : other->constraints) names.push_back(c.name);
  }
  for (const auto& c : t.constraints) names.push_back(c.name);
  for (const auto& n : new_relation_names) names.push_back(n);
  if (!ctx.catalog->relation_exists(t.name)) names.push_back(t.name);
  return names;
}

void ConstraintAdder::add(const ast::Constraint& c, const std::string& column) {
  std::vector<std::string> keys = c.keys;
  if (!column.empty() && keys.empty()) keys.push_back(column);
  switch (c.type) {
    case ast::ConstraintType::kPrimaryKey:
    case ast::ConstraintType::kUnique: add_index_constraint(c, keys); break;
    case ast::ConstraintType::kCheck: add_check(c, column); break;
    case ast::ConstraintType::kForeignKey: add_foreign_key(c, keys); break;
    case ast::ConstraintType::kExclusion: not_supported("EXCLUDE constraints are not supported");
    case ast::ConstraintType::kGenerated: not_supported("generated columns are not supported");
    default: not_supported("this constraint is not supported here");
  }
}

void ConstraintAdder::add_index_constraint(const ast::Constraint& c, const std::vector<std::string>& keys) {
  const bool primary = c.type == ast::ConstraintType::kPrimaryKey;
  if (!c.index_name.empty()) not_supported("USING INDEX is not supported");
  if (!c.including.empty()) not_supported("INCLUDE columns are not supported");
  if (primary && t.primary_key()) {
    DbError e("42P16", "multiple primary keys for table \"" + t.name + "\" are not allowed");
    if (creating) e.position(c.location + 1);   // PostgreSQL's ALTER TABLE gives no position
    throw e;
  }
  auto index = std::make_shared<IndexInfo>();
  for (const auto& k : keys) {
    int col = t.find_column(k);
    if (col < 0) {
      throw DbError(sqlstate::kUndefinedColumn, "column \"" + k + "\" named in key does not exist")
          .position(c.location + 1);
    }
    // PostgreSQL drops a column repeated in the key list.
    if (std::find(index->columns.begin(), index->columns.end(), col) != index->columns.end()) continue;
    index->columns.push_back(col);
    index->expr_texts.push_back("");
    index->descending.push_back(false);
  }
  if (creating && !primary && c.name.empty()) {
    for (const auto& ix : t.indexes) {
      if (ix->columns == index->columns && ix->nulls_not_distinct == c.nulls_not_distinct &&
          ix->deferrable == c.deferrable && ix->initially_deferred == c.initially_deferred)
        return;   // PostgreSQL keeps one index per distinct key definition
    }
  }
  std::string name = c.name;
  if (name.empty()) {
    // Relation names in use, with the working copy `t` standing for its table
    // (an index it dropped earlier in this ALTER frees its name).
    std::vector<std::string> taken = new_relation_names;
    taken.push_back(t.name);
    for (const auto& [tname, other] : ctx.catalog->tables()) {
      taken.push_back(tname);
      if (other->oid == t.oid) continue;
      for (const auto& ix : other->indexes) taken.push_back(ix->name);
    }
    for (const auto& ix : t.indexes) taken.push_back(ix->name);
    for (const auto& [sname, _] : ctx.catalog->sequences()) taken.push_back(sname);
    name = ctx.catalog->choose_name(t.name, primary ? "" : join(keys), primary ? "pkey" : "key", false, taken);
  } else if (relation_taken(name)) {
    throw DbError(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists");
  }
  if (t.find_constraint(name)) {
    throw DbError(sqlstate::kDuplicateObject,
                  "constraint \"" + name + "\" for relation \"" + t.name + "\" already exists");
  }
  index->oid = ctx.catalog->next_oid();
  index->name = name;
  index->table_oid = t.oid;
  index->unique = true;
  index->primary = primary;
  index->nulls_not_distinct = c.nulls_not_distinct;
  index->constraint_name = name;
  index->deferrable = c.deferrable;
  index->initially_deferred = c.initially_deferred;
  if (primary) {
    for (int col : index->columns) {
      ColumnInfo& ci = t.columns[static_cast<size_t>(col)];
      if (!ci.not_null && validate) validate_not_null(ctx, t, col);
      ci.not_null = true;
    }
  }
  if (validate) build_index(ctx, t, *index);

  ConstraintInfo con;
  con.oid = ctx.catalog->next_oid();
  con.name = name;
  con.kind = primary ? ConstraintKind::kPrimaryKey : ConstraintKind::kUnique;
  con.columns = index->columns;
  con.index_name = name;
  con.deferrable = c.deferrable;
  con.initially_deferred = c.initially_deferred;
  t.constraints.push_back(con);
  t.indexes.push_back(index);
  new_relation_names.push_back(name);
}

void ConstraintAdder::add_check(const ast::Constraint& c, const std::string&) {
  std::string name = c.name;
  if (name.empty()) {
    name = ctx.catalog->choose_name(t.name, first_column(c.expr.get(), t), "check", false, taken_constraint_names());
  } else if (t.find_constraint(name)) {
    throw DbError(sqlstate::kDuplicateObject,
                  "constraint \"" + name + "\" for relation \"" + t.name + "\" already exists");
  }
  ConstraintInfo con;
  con.oid = ctx.catalog->next_oid();
  con.name = name;
  con.kind = ConstraintKind::kCheck;
  con.check_text = c.expr_text;
  if (validate && !c.skip_validation) validate_check(ctx, t, con);
  t.constraints.push_back(con);
}

void ConstraintAdder::add_foreign_key(const ast::Constraint& c, const std::vector<std::string>& keys) {
  ConstraintInfo con;
  con.kind = ConstraintKind::kForeignKey;
  for (const auto& k : keys) {
    int col = t.find_column(k);
    if (col < 0) {
      throw DbError(sqlstate::kUndefinedColumn,
                    "column \"" + k + "\" referenced in foreign key constraint does not exist");
    }
    con.columns.push_back(col);
  }
  const bool self = c.pk_table.name == t.name && (c.pk_table.schema.empty() || c.pk_table.schema == "public");
  std::shared_ptr<TableInfo> parent_ptr = self ? nullptr : require_table(ctx, c.pk_table);
  const TableInfo& p = self ? t : *parent_ptr;
  if (c.pk_columns.empty()) {
    const IndexInfo* pk = p.primary_key();
    if (!pk) {
      throw DbError(sqlstate::kUndefinedObject, "there is no primary key for referenced table \"" + p.name + "\"");
    }
    con.ref_columns = pk->columns;
  } else {
    for (const auto& k : c.pk_columns) {
      int col = p.find_column(k);
      if (col < 0) {
        throw DbError(sqlstate::kUndefinedColumn,
                      "column \"" + k + "\" referenced in foreign key constraint does not exist");
      }
      con.ref_columns.push_back(col);
    }
  }
  if (con.ref_columns.size() != con.columns.size()) {
    throw DbError("42830", "number of referencing and referenced columns for foreign key disagree");
  }
  if (!c.pk_columns.empty()) {
    bool matched = false;
    for (const auto& ix : p.indexes) {
      if (!ix->unique || ix->has_expressions() || !ix->predicate_text.empty() || ix->deferrable) continue;
      if (ix->columns.size() != con.ref_columns.size()) continue;
      bool all = std::all_of(ix->columns.begin(), ix->columns.end(), [&](int col) {
        return std::find(con.ref_columns.begin(), con.ref_columns.end(), col) != con.ref_columns.end();
      });
      if (all) { matched = true; break; }
    }
    if (!matched) {
      throw DbError("42830", "there is no unique constraint matching given keys for referenced table \"" + p.name +
                                 "\"");
    }
  }
  std::string name = c.name;
  if (name.empty()) {
    name = ctx.catalog->choose_name(t.name, join(keys), "fkey", false, taken_constraint_names());
  } else if (t.find_constraint(name)) {
    throw DbError(sqlstate::kDuplicateObject,
                  "constraint \"" + name + "\" for relation \"" + t.name + "\" already exists");
  }
  for (size_t k = 0; k < con.columns.size(); ++k) {
    TypeId fk_type = t.columns[static_cast<size_t>(con.columns[k])].type.id;
    TypeId pk_type = p.columns[static_cast<size_t>(con.ref_columns[k])].type.id;
    if (!comparable_key_types(fk_type, pk_type)) {
      throw DbError(sqlstate::kDatatypeMismatch, "foreign key constraint \"" + name + "\" cannot be implemented")
          .detail("Key columns \"" + t.columns[static_cast<size_t>(con.columns[k])].name + "\" and \"" +
                  p.columns[static_cast<size_t>(con.ref_columns[k])].name + "\" are of incompatible types: " +
                  type_display_name(Type(fk_type)) + " and " + type_display_name(Type(pk_type)) + ".");
    }
  }
  con.oid = ctx.catalog->next_oid();
  con.name = name;
  con.ref_table = p.oid;
  con.deferrable = c.deferrable;
  con.initially_deferred = c.initially_deferred;
  con.on_delete = static_cast<char>(c.on_delete);
  con.on_update = static_cast<char>(c.on_update);
  con.match_type = c.match_type;
  if (validate && !c.skip_validation) validate_foreign_key(ctx, t, con);
  t.constraints.push_back(con);
}

}  // namespace upsertdb::ddl
