// Table scans: every slot of the store (SeqScanOp) or the slots an index
// range names (IndexScanOp), each reduced to the version the statement's
// snapshot sees, decoded and filtered.
#include <unordered_set>

#include "exec/operator.h"
#include "exec/row_access.h"

namespace upsertdb {

namespace {

// decode_version with the column types computed once per scan.
void decode_visible(const TableInfo& table, const std::vector<TypeId>& types, const Version& v, Row& out) {
  size_t n = decode_row(v.row(), types, out);
  out.resize(table.columns.size());
  for (size_t i = n; i < table.columns.size(); ++i) out[i] = table.columns[i].missing;
}

const Row& empty_row() {
  static const Row kEmpty;
  return kEmpty;
}

// Whether a value of type `v` encodes into an index key exactly as a stored
// column of type `col` does (encode_key encodes by type family); otherwise the
// key cannot be used and the scan falls back to a wider range plus recheck.
bool key_compatible(TypeId v, TypeId col) {
  if (v == col) return true;
  if (is_integer_type(v) && is_integer_type(col)) return true;
  auto plain_string = [](TypeId t) {
    return t == TypeId::kText || t == TypeId::kVarchar || t == TypeId::kName || t == TypeId::kUnknown;
  };
  return plain_string(v) && plain_string(col);
}

TypeId key_part_type(const TableInfo& table, const IndexInfo& index, size_t part) {
  int col = index.columns[part];
  if (col >= 0) return table.columns[static_cast<size_t>(col)].type.id;
  if (part < index.exprs_bound.size() && index.exprs_bound[part]) return index.exprs_bound[part]->type.id;
  return TypeId::kRecord;   // unknown: never key-compatible
}

}  // namespace

void SeqScanOp::open(ExecContext& ctx) {
  row_ = 0;
  version_ = nullptr;
  types_ = table->physical_types();
  // SERIALIZABLE: a sequential scan reads the whole table, rows inserted
  // later included (PostgreSQL's relation-level SIREAD lock).
  ssi_ = ctx.txn ? ctx.txn->ssi : nullptr;
  if (ssi_) ssi_->tracker->lock_table(*ssi_, table->oid);
}

bool SeqScanOp::next(ExecContext& ctx, Row& out) {
  const TableStore& store = *table->store;
  while (row_ < store.slot_count()) {
    ctx.check_interrupts();
    RowId r = row_++;
    const Version* head = store.head(r);
    const Version* v = ctx.snapshot.find(head);
    if (ssi_ && head) ssi_->tracker->read_chain(*ssi_, ctx.snapshot, head, v);
    if (!v) continue;
    decode_visible(*table, types_, *v, out);
    if (filter && !eval_predicate(*filter, out, ctx)) continue;
    version_ = v;
    if (emit_rowid) out.push_back(Value::int8(static_cast<int64_t>(r)));
    return true;
  }
  return false;
}

void IndexScanOp::open(ExecContext& ctx) {
  rows_.clear();
  keys_.clear();
  pos_ = 0;
  version_ = nullptr;
  types_ = table->physical_types();
  ssi_ = ctx.txn ? ctx.txn->ssi : nullptr;

  // The key prefix fixed by the equalities; a NULL there matches nothing.
  std::string prefix;
  size_t part = 0;
  bool prefix_complete = true;   // every equality made it into the key
  for (; part < eq_values.size(); ++part) {
    Value v = eq_values[part]->eval(empty_row(), ctx);
    if (v.is_null()) return;
    if (part >= index->columns.size() || !key_compatible(v.type(), key_part_type(*table, *index, part))) {
      prefix_complete = false;
      // Still evaluate the rest: a NULL among them means no rows at all.
      for (size_t q = part + 1; q < eq_values.size(); ++q)
        if (eq_values[q]->eval(empty_row(), ctx).is_null()) return;
      break;
    }
    encode_key(v, prefix);
  }

  std::string start = prefix, stop;
  bool have_stop = false;
  bool skip_start = false;   // exclusive lower bound: skip keys equal to it
  if (range_lower || range_upper) {
    Value lo = range_lower ? range_lower->eval(empty_row(), ctx) : Value();
    Value hi = range_upper ? range_upper->eval(empty_row(), ctx) : Value();
    if ((range_lower && lo.is_null()) || (range_upper && hi.is_null())) return;   // x < NULL: nothing
    if (prefix_complete && part < index->columns.size()) {
      TypeId t = key_part_type(*table, *index, part);
      // Key encodings are prefix-free, so "entry starts with start/stop"
      // means "key part equals the bound".
      if (range_lower && key_compatible(lo.type(), t)) {
        encode_key(lo, start);
        skip_start = !lower_inclusive;
      }
      if (range_upper && key_compatible(hi.type(), t)) {
        stop = prefix;
        encode_key(hi, stop);
        have_stop = true;
      }
    }
  }

  // A row whose key changed has an entry per key; with plain-column keys we
  // keep only the entry matching the visible version (so rows come out in
  // key order), otherwise the first entry of each row.
  // SERIALIZABLE: the key range scanned, so that a later insert into it conflicts.
  if (ssi_) ssi_->tracker->lock_key_range(*ssi_, table->oid, index->oid, start, have_stop ? stop : prefix);

  const bool recheck_key = !index->has_expressions();
  std::unordered_set<RowId> seen;
  for (auto it = index->data->lower_bound(start); it != index->data->end(); ++it) {
    std::string_view entry = *it;
    if (!entry_has_prefix(entry, prefix)) break;
    if (have_stop) {
      int c = entry.compare(0, stop.size(), stop);
      if (c > 0 || (c == 0 && !upper_inclusive)) break;
    }
    if (skip_start && entry.compare(0, start.size(), start) == 0) continue;
    RowId r = OrderedIndex::entry_row(entry);
    if (recheck_key) {
      rows_.push_back(r);
      keys_.emplace_back(OrderedIndex::entry_key(entry));
    } else if (seen.insert(r).second) {
      rows_.push_back(r);
    }
  }
}

bool IndexScanOp::next(ExecContext& ctx, Row& out) {
  const TableStore& store = *table->store;
  std::string key;
  while (pos_ < rows_.size()) {
    ctx.check_interrupts();
    size_t i = pos_++;
    RowId r = rows_[i];
    if (r >= store.slot_count()) continue;
    const Version* head = store.head(r);
    const Version* v = ctx.snapshot.find(head);
    if (ssi_ && head) {
      ssi_->tracker->read_chain(*ssi_, ctx.snapshot, head, v);
      if (v) ssi_->tracker->lock_row(*ssi_, table->oid, r);
    }
    if (!v) continue;
    decode_visible(*table, types_, *v, out);
    if (!keys_.empty()) {
      key.clear();
      for (int c : index->columns) encode_key(out[static_cast<size_t>(c)], key);
      if (key != keys_[i]) continue;   // stale entry: the visible version lives under another key
    }
    if (filter && !eval_predicate(*filter, out, ctx)) continue;
    current_ = r;
    version_ = v;
    if (emit_rowid) out.push_back(Value::int8(static_cast<int64_t>(r)));
    return true;
  }
  return false;
}

}  // namespace upsertdb
