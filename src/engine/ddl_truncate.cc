// TRUNCATE: each table gets a fresh store and fresh index data; the old ones
// come back on rollback (memory: see ddl_internal.h). Foreign keys from tables not
// truncated with it are refused (0A000) unless CASCADE adds those tables.
#include <algorithm>

#include "engine/ddl_internal.h"

namespace upsertdb::ddl {

QueryResult truncate(const ast::TruncateStmt& s, ExecContext& ctx) {
  QueryResult result;
  result.command_tag = "TRUNCATE TABLE";
  std::vector<std::shared_ptr<TableInfo>> targets;
  auto listed = [&](uint32_t oid) {
    return std::any_of(targets.begin(), targets.end(), [&](const auto& t) { return t->oid == oid; });
  };
  for (const auto& rv : s.tables) {
    if (!ctx.catalog->table(rv.schema, rv.name) && ctx.catalog->relation_kind(rv.schema, rv.name)) {
      throw DbError("42809", "\"" + rv.name + "\" is not a table");
    }
    auto t = require_table(ctx, rv);
    if (!listed(t->oid)) targets.push_back(t);
  }
  // Tables referencing a truncated one: refused, or truncated too with CASCADE.
  for (size_t i = 0; i < targets.size(); ++i) {
    for (const auto& ref : foreign_keys_referencing(ctx, targets[i]->oid)) {
      if (listed(ref.table->oid)) continue;
      if (!s.cascade) {
        throw DbError(sqlstate::kFeatureNotSupported, "cannot truncate a table referenced in a foreign key constraint")
            .detail("Table \"" + ref.table->name + "\" references \"" + targets[i]->name + "\".")
            .hint("Truncate table \"" + ref.table->name + "\" at the same time, or use TRUNCATE ... CASCADE.");
      }
      result.notices.push_back("truncate cascades to table \"" + ref.table->name + "\"");
      targets.push_back(ref.table);
    }
  }
  for (bool waited = true; waited;) {   // until one pass finds every table free
    waited = false;
    for (const auto& old_t : targets) waited |= wait_for_writers(ctx, *old_t);
  }
  for (const auto& old_t : targets) {
    auto t = clone_table(*old_t);
    t->store = std::make_shared<TableStore>();
    for (auto& ix : t->indexes) ix->data = std::make_shared<OrderedIndex>();
    install_table(ctx, old_t, t);
    if (!s.restart_identity) continue;
    for (const auto& [_, seq] : ctx.catalog->sequences()) {
      if (seq->owner_table != t->oid) continue;
      SequenceInfo before = *seq;
      seq->last_value = seq->start;
      seq->is_called = false;
      auto held = seq;
      ctx.txn->on_rollback([held, before] { *held = before; });
    }
  }
  return result;
}

}  // namespace upsertdb::ddl
