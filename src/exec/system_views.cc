// upsertdb_stat_conflicts: one row per table and unique constraint or unique
// index, with the conflict counters kept by the engine (engine/conflict_stats.h).
// upsertdb_stat_versions: one row per table, what its store holds (row
// versions and their bytes; docs/concurrency.md "Garbage collection"),
// counted by walking every chain when the statement runs.
#include "engine/engine.h"
#include "exec/system_view_op.h"

namespace upsertdb {

namespace {

std::vector<Row> conflict_rows(ExecContext& ctx) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  for (const auto& [name, table] : ctx.catalog->tables()) {
    for (const auto& index : table->indexes) {
      if (!index->unique) continue;
      const ConflictCounters* c = ctx.engine ? ctx.engine->conflict_stats().find(table->oid, index->name) : nullptr;
      ConflictCounters zero;
      if (!c) c = &zero;
      Row r;
      r.push_back(Value::text(table->name, TypeId::kName));
      r.push_back(Value::text(index->constraint_name.empty() ? index->name : index->constraint_name, TypeId::kName));
      r.push_back(Value::int8(c->do_nothing));
      r.push_back(Value::int8(c->do_update));
      r.push_back(Value::int8(c->do_update_skipped));
      r.push_back(Value::int8(c->do_select));
      r.push_back(Value::int8(c->violations));
      r.push_back(c->last_violation_at ? Value::timestamptz(*c->last_violation_at) : Value::null(TypeId::kTimestampTz));
      r.push_back(c->last_violation_at ? Value::text(c->last_violation_detail) : Value::null(TypeId::kText));
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

std::vector<Row> version_rows(ExecContext& ctx) {
  std::vector<Row> rows;
  if (!ctx.catalog) return rows;
  for (const auto& [name, table] : ctx.catalog->tables()) {
    TableStore::VersionStats s = table->store->version_stats();
    Row r;
    r.push_back(Value::text(table->name, TypeId::kName));
    r.push_back(Value::int8(static_cast<int64_t>(s.rows)));
    r.push_back(Value::int8(static_cast<int64_t>(s.versions)));
    r.push_back(Value::int8(static_cast<int64_t>(s.bytes)));
    r.push_back(Value::int8(static_cast<int64_t>(table->store->slot_count() - s.rows)));
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

std::shared_ptr<SystemViewOp> make_sequence_view(std::shared_ptr<SequenceInfo> seq) {
  auto op = std::make_shared<SystemViewOp>();
  op->generate = [seq](ExecContext&) {
    // log_cnt counts values PostgreSQL pre-logged to its WAL; we log none.
    return std::vector<Row>{{Value::int8(seq->last_value), Value::int8(0), Value::boolean(seq->is_called)}};
  };
  op->columns = {ColumnDesc{"last_value", Type(TypeId::kInt8)}, ColumnDesc{"log_cnt", Type(TypeId::kInt8)},
                 ColumnDesc{"is_called", Type(TypeId::kBool)}};
  return op;
}

std::shared_ptr<SystemViewOp> make_system_view(const std::string& name) {
  if (name == "upsertdb_stat_versions") {
    auto op = std::make_shared<SystemViewOp>();
    op->generate = version_rows;
    op->columns = {
        ColumnDesc{"relname", Type(TypeId::kName)},
        ColumnDesc{"n_rows", Type(TypeId::kInt8)},          // row slots with a version chain
        ColumnDesc{"n_versions", Type(TypeId::kInt8)},      // versions in those chains
        ColumnDesc{"version_bytes", Type(TypeId::kInt8)},   // their allocations
        ColumnDesc{"n_empty_slots", Type(TypeId::kInt8)},   // freed or rolled-back rows (ids not reused)
    };
    return op;
  }
  if (name != "upsertdb_stat_conflicts") return nullptr;
  auto op = std::make_shared<SystemViewOp>();
  op->generate = conflict_rows;
  op->columns = {
      ColumnDesc{"relname", Type(TypeId::kName)},
      ColumnDesc{"constraint_name", Type(TypeId::kName)},
      ColumnDesc{"conflicts_do_nothing", Type(TypeId::kInt8)},
      ColumnDesc{"conflicts_do_update", Type(TypeId::kInt8)},
      ColumnDesc{"conflicts_do_update_skipped", Type(TypeId::kInt8)},
      ColumnDesc{"conflicts_do_select", Type(TypeId::kInt8)},
      ColumnDesc{"violations", Type(TypeId::kInt8)},
      ColumnDesc{"last_violation_at", Type(TypeId::kTimestampTz)},
      ColumnDesc{"last_violation_detail", Type(TypeId::kText)},
  };
  return op;
}

}  // namespace upsertdb
