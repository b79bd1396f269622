// Schema records: encoding at a DDL commit, replay at recovery (format in
// schema_redo.h).
#include "engine/schema_redo.h"

#include <algorithm>
#include <iterator>

#include "common/error.h"
#include "engine/snapshot_file.h"
#include "wal/log_format.h"

namespace upsertdb {

namespace {

// True when a version of row chain `head` is current once transaction `me`
// commits: the newest version committed or written by `me`, not deleted by a
// committed transaction or by `me`. Other transactions' uncommitted versions
// are passed over (their own commit records bring them).
bool exists_after_commit(const Version* head, uint64_t me) {
  for (const Version* v = head; v; v = v->older) {
    uint64_t begin = v->begin;
    if (is_txn_marker(begin) && begin != me) continue;
    uint64_t end = v->end;
    return end == kInfinity || (is_txn_marker(end) && end != me);
  }
  return false;
}

[[noreturn]] void malformed(uint64_t lsn, const std::string& why) {
  throw DbError("XX001", "write-ahead log record at position " + wal::format_lsn(lsn) + " is malformed: " + why);
}

}  // namespace

void LoggedSchema::remember(const Catalog& catalog) {
  stores_.clear();
  indexes_.clear();
  for (const auto& [_, t] : catalog.tables()) {
    stores_[t->oid] = t->store;
    for (const auto& index : t->indexes) indexes_[index->oid] = index->data;
  }
}

bool LoggedSchema::store_kept(const TableInfo& t) const {
  auto it = stores_.find(t.oid);
  return it != stores_.end() && it->second == t.store;
}

bool LoggedSchema::entries_kept(const IndexInfo& index) const {
  auto it = indexes_.find(index.oid);
  return it != indexes_.end() && it->second == index.data;
}

bool LoggedSchema::covers(const Transaction& txn) const {
  const TableStore* last_store = nullptr;
  for (const WriteRecord& w : txn.writes()) {
    if (w.store.get() == last_store) continue;
    auto it = stores_.find(w.table_oid);
    if (it == stores_.end() || it->second != w.store) return false;
    last_store = w.store.get();
  }
  const OrderedIndex* recent[4] = {};
  size_t next = 0;
  for (const IndexWrite& w : txn.index_writes()) {
    if (std::find(std::begin(recent), std::end(recent), w.index.get()) != std::end(recent)) continue;
    auto it = indexes_.find(w.index_oid);
    if (it == indexes_.end() || it->second != w.index) return false;
    recent[next++ % 4] = w.index.get();
  }
  return true;
}

wal::RedoFilter LoggedSchema::known_only() const {
  wal::RedoFilter f;
  f.keep_write = [this](const WriteRecord& w) {
    auto it = stores_.find(w.table_oid);
    return it != stores_.end() && it->second == w.store;
  };
  f.keep_index_write = [this](const IndexWrite& w) {
    auto it = indexes_.find(w.index_oid);
    return it != indexes_.end() && it->second == w.index;
  };
  return f;
}

void encode_schema_redo(const Transaction& txn, const Catalog& catalog, const LoggedSchema& logged,
                        std::string& out) {
  std::string definitions;
  serialize_definitions(catalog, definitions);
  wal::put_u32(out, static_cast<uint32_t>(definitions.size()));
  out.append(definitions);

  std::unordered_map<uint32_t, const TableInfo*> tables;
  std::unordered_map<uint32_t, const IndexInfo*> kept_indexes;
  for (const auto& [_, t] : catalog.tables()) {
    tables[t->oid] = t.get();
    bool store_kept = logged.store_kept(*t);
    out.push_back(store_kept ? 1 : 0);
    for (const auto& index : t->indexes) {
      // A new store's indexes were all built for it; a kept store's index is
      // kept when its entries are the ones the log built up.
      bool kept = store_kept && logged.entries_kept(*index);
      out.push_back(kept ? 1 : 0);
      if (kept) kept_indexes[index->oid] = index.get();
    }
  }

  wal::RedoFilter filter;
  filter.keep_write = [&](const WriteRecord& w) {
    auto it = tables.find(w.table_oid);
    return it != tables.end() && it->second->store == w.store;
  };
  filter.keep_index_write = [&](const IndexWrite& w) {
    auto it = kept_indexes.find(w.index_oid);
    return it != kept_indexes.end() && it->second->data == w.index;
  };
  wal::encode_commit_redo(txn, catalog, out, &filter);

  // Rebuilt expression and partial indexes: their keys as built (recovery
  // never evaluates an expression). The index holds entries for every
  // version; those of rows that exist after the commit are logged. An entry
  // may name an older key of its row: readers recheck keys anyway.
  for (const auto& [_, t] : catalog.tables()) {
    for (const auto& index : t->indexes) {
      if (kept_indexes.count(index->oid) || is_plain_index(*index)) continue;
      const TableStore& store = *t->store;
      for (const auto& entry : *index->data) {
        RowId row = OrderedIndex::entry_row(entry.view());
        if (row >= store.slot_count() || !exists_after_commit(store.head(row), txn.marker())) continue;
        wal::encode_index_entry(index->oid, row, OrderedIndex::entry_key(entry.view()), out);
      }
    }
  }
}

void apply_schema_redo(std::string_view payload, uint64_t lsn, Catalog& catalog, wal::RedoApplier& redo) {
  if (payload.size() < 4) malformed(lsn, "truncated definitions");
  uint32_t length = wal::get_u32(payload.data());
  if (payload.size() - 4 < length) malformed(lsn, "truncated definitions");
  Definitions defs = deserialize_definitions(payload.substr(4, length),
                                             "write-ahead log record at position " + wal::format_lsn(lsn));
  size_t pos = 4 + size_t{length};
  auto flag = [&]() -> bool {
    if (pos >= payload.size()) malformed(lsn, "truncated table flags");
    uint8_t b = static_cast<uint8_t>(payload[pos++]);
    if (b > 1) malformed(lsn, "invalid table flag");
    return b == 1;
  };

  std::unordered_map<uint32_t, std::shared_ptr<TableInfo>> before;
  for (const auto& [_, t] : catalog.tables()) before[t->oid] = t;
  Catalog fresh;
  for (auto& s : defs.sequences) fresh.add_sequence(std::move(s));
  std::vector<std::pair<const TableInfo*, std::vector<IndexInfo*>>> rebuilds;
  for (auto& t : defs.tables) {
    std::shared_ptr<TableInfo> old;
    if (flag()) {
      auto it = before.find(t->oid);
      if (it == before.end()) malformed(lsn, "kept rows of unknown table oid " + std::to_string(t->oid));
      old = it->second;
      t->store = old->store;
    }
    std::vector<IndexInfo*> plain;
    for (auto& index : t->indexes) {
      if (flag()) {
        const IndexInfo* kept = nullptr;
        if (old)
          for (const auto& o : old->indexes)
            if (o->oid == index->oid) kept = o.get();
        if (!kept) malformed(lsn, "kept entries of unknown index oid " + std::to_string(index->oid));
        index->data = kept->data;
      } else if (is_plain_index(*index)) {
        plain.push_back(index.get());
      }
    }
    if (!plain.empty()) rebuilds.emplace_back(t.get(), std::move(plain));
    fresh.add_table(t);
    for (const auto& index : t->indexes) fresh.add_index_name(index->name);
  }
  fresh.set_next_oid(defs.next_oid);
  catalog = std::move(fresh);
  redo.catalog_replaced();
  redo.apply(payload.substr(pos), lsn);
  for (const auto& [t, plain] : rebuilds) fill_plain_indexes(*t, plain);
}

}  // namespace upsertdb
