// CREATE SEQUENCE / ALTER SEQUENCE and the option rules shared with serial and
// identity columns (PostgreSQL's init_params checks and texts).
#include "engine/ddl_internal.h"
#include "types/coerce.h"
#include "types/type.h"

namespace upsertdb::ddl {

namespace {

[[noreturn]] void invalid(const std::string& msg) { throw DbError("22023", msg); }

std::string num(int64_t v) { return std::to_string(v); }

}  // namespace

std::pair<uint32_t, int> resolve_owned_by(ExecContext& ctx, const std::vector<std::string>& owned_by) {
  if (owned_by.size() == 1 && owned_by[0] == "none") return {0, -1};
  if (owned_by.size() < 2) {
    throw DbError(sqlstate::kSyntaxError, "invalid OWNED BY option")
        .hint("Specify OWNED BY table.column or OWNED BY NONE.");
  }
  ast::RangeVar rv;
  rv.name = owned_by[owned_by.size() - 2];
  if (owned_by.size() > 2) rv.schema = owned_by[owned_by.size() - 3];
  auto t = require_table(ctx, rv);
  int col = t->find_column(owned_by.back());
  if (col < 0) {
    throw DbError(sqlstate::kUndefinedColumn,
                  "column \"" + owned_by.back() + "\" of relation \"" + t->name + "\" does not exist");
  }
  return {t->oid, col};
}

void apply_sequence_options(ExecContext& ctx, SequenceInfo& s, const ast::SeqOptions& o, bool creating) {
  Type old_type = s.type;
  if (o.as_type) {
    Type t = resolve_type_name(o.as_type->names, o.as_type->typmods, o.as_type->is_array);
    if (!is_integer_type(t.id)) invalid("sequence type must be smallint, integer, or bigint");
    s.type = Type(t.id);
  }
  int64_t type_min, type_max, old_min, old_max;
  integer_range(s.type.id, &type_min, &type_max);
  integer_range(old_type.id, &old_min, &old_max);
  if (o.increment) {
    if (*o.increment == 0) invalid("INCREMENT must not be zero");
    s.increment = *o.increment;
  }
  const bool ascending = s.increment > 0;
  if (o.cycle) s.cycle = *o.cycle;
  // MAXVALUE / MINVALUE: explicit, NO ..., the default on CREATE, or follow a type change.
  if (o.maxvalue) s.max_value = *o.maxvalue;
  else if (creating || o.no_maxvalue) s.max_value = ascending ? type_max : -1;
  else if (o.as_type && (s.max_value == old_max)) s.max_value = type_max;
  if (o.minvalue) s.min_value = *o.minvalue;
  else if (creating || o.no_minvalue) s.min_value = ascending ? 1 : type_min;
  else if (o.as_type && (s.min_value == old_min)) s.min_value = type_min;
  const char* word = integer_word(s.type.id);
  if (s.max_value < type_min || s.max_value > type_max) {
    invalid("MAXVALUE (" + num(s.max_value) + ") is out of range for sequence data type " + word);
  }
  if (s.min_value < type_min || s.min_value > type_max) {
    invalid("MINVALUE (" + num(s.min_value) + ") is out of range for sequence data type " + word);
  }
  if (s.min_value >= s.max_value) {
    invalid("MINVALUE (" + num(s.min_value) + ") must be less than MAXVALUE (" + num(s.max_value) + ")");
  }
  if (o.start) s.start = *o.start;
  else if (creating) s.start = ascending ? s.min_value : s.max_value;
  if (s.start < s.min_value) {
    invalid("START value (" + num(s.start) + ") cannot be less than MINVALUE (" + num(s.min_value) + ")");
  }
  if (s.start > s.max_value) {
    invalid("START value (" + num(s.start) + ") cannot be greater than MAXVALUE (" + num(s.max_value) + ")");
  }
  if (creating) {
    s.last_value = s.start;
    s.is_called = false;
  }
  if (o.restart || o.restart_default) {
    int64_t v = o.restart ? *o.restart : s.start;
    if (v < s.min_value) {
      invalid("RESTART value (" + num(v) + ") cannot be less than MINVALUE (" + num(s.min_value) + ")");
    }
    if (v > s.max_value) {
      invalid("RESTART value (" + num(v) + ") cannot be greater than MAXVALUE (" + num(s.max_value) + ")");
    }
    s.last_value = v;
    s.is_called = false;
  }
  if (o.cache) {
    if (*o.cache < 1) invalid("CACHE (" + num(*o.cache) + ") must be greater than zero");
    s.cache = *o.cache;
  }
  if (!o.owned_by.empty()) {
    auto [table, column] = resolve_owned_by(ctx, o.owned_by);
    s.owner_table = table;
    s.owner_column = column;
  }
}

QueryResult create_sequence(const ast::CreateSequenceStmt& st, ExecContext& ctx) {
  QueryResult result;
  result.command_tag = "CREATE SEQUENCE";
  if (!st.name.schema.empty() && st.name.schema != "public") {
    throw DbError("3F000", "schema \"" + st.name.schema + "\" does not exist");
  }
  if (ctx.catalog->relation_exists(st.name.name)) {
    if (st.if_not_exists) {
      result.notices.push_back("relation \"" + st.name.name + "\" already exists, skipping");
      return result;
    }
    throw DbError(sqlstate::kDuplicateTable, "relation \"" + st.name.name + "\" already exists");
  }
  auto s = std::make_shared<SequenceInfo>();
  s->name = st.name.name;
  apply_sequence_options(ctx, *s, st.options, true);
  s->oid = ctx.catalog->next_oid();
  install_sequence(ctx, nullptr, s);
  return result;
}

QueryResult alter_sequence(const ast::AlterSequenceStmt& st, ExecContext& ctx) {
  QueryResult result;
  result.command_tag = "ALTER SEQUENCE";
  auto s = ctx.catalog->sequence(st.name.schema, st.name.name);
  if (!s && ctx.catalog->relation_kind(st.name.schema, st.name.name)) {
    throw DbError("42809", "\"" + st.name.name + "\" is not a sequence");
  }
  if (!s) {
    if (st.missing_ok) {
      result.notices.push_back("relation \"" + st.name.name + "\" does not exist, skipping");
      return result;
    }
    throw DbError(sqlstate::kUndefinedTable, "relation \"" + st.name.name + "\" does not exist");
  }
  // Edited in place (nextval holders keep working); rollback restores the whole
  // definition and state, as PostgreSQL's ALTER SEQUENCE is transactional.
  SequenceInfo edited = *s;
  apply_sequence_options(ctx, edited, st.options, false);
  SequenceInfo before = *s;
  *s = edited;
  ctx.catalog->bump();
  Catalog* cat = ctx.catalog;
  ctx.txn->on_rollback([s, before, cat] {
    *s = before;
    cat->bump();
  });
  return result;
}

}  // namespace upsertdb::ddl
