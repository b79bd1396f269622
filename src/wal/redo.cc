// Redo records: encoding at commit, replay at recovery (format in redo.h).
#include "wal/redo.h"

#include "common/error.h"

namespace upsertdb::wal {

namespace {

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_bytes(std::string& out, std::string_view b) {
  put_varint(out, b.size());
  out.append(b);
}

class Cursor {
 public:
  Cursor(std::string_view data, uint64_t lsn) : data_(data), lsn_(lsn) {}
  bool done() const { return pos_ >= data_.size(); }
  char op() {
    need(1);
    return data_[pos_++];
  }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    bad("overlong integer");
  }
  std::string_view bytes() {
    uint64_t n = varint();
    need(n);
    std::string_view b = data_.substr(pos_, n);
    pos_ += n;
    return b;
  }
  [[noreturn]] void bad(const std::string& why) const {
    throw DbError("XX001", "write-ahead log record at position " + std::to_string(lsn_) + " is malformed: " + why);
  }

 private:
  void need(uint64_t n) const {
    if (data_.size() - pos_ < n) bad("truncated operation");
  }
  std::string_view data_;
  size_t pos_ = 0;
  uint64_t lsn_;
};

}  // namespace

void encode_index_entry(uint32_t index_oid, RowId row, std::string_view key, std::string& out) {
  out.push_back('I');
  put_varint(out, index_oid);
  put_varint(out, row);
  put_bytes(out, key);
}

void encode_commit_redo(const Transaction& txn, const Catalog& catalog, std::string& out, const RedoFilter* filter) {
  // Row writes, then index entries: replay order within one commit does not
  // matter (entries only name row ids), and two tight loops encode fastest.
  // Sized first: a million-row commit then fills one buffer instead of
  // doubling (and copying) it twenty times.
  size_t bound = 16 * txn.touched_sequences().size();
  for (const WriteRecord& w : txn.writes()) bound += 1 + 2 * 10 + (w.created ? 10 + w.created->row().size() : 0);
  for (const IndexWrite& w : txn.index_writes()) bound += 1 + 3 * 10 + w.key.size();
  out.reserve(out.size() + bound);
  for (const WriteRecord& w : txn.writes()) {
    if (filter && !filter->keep_write(w)) continue;
    if (w.created) {
      out.push_back('P');
      put_varint(out, w.table_oid);
      put_varint(out, w.row);
      put_bytes(out, w.created->row());
    } else if (w.deleted) {
      out.push_back('D');
      put_varint(out, w.table_oid);
      put_varint(out, w.row);
    }
  }
  for (const IndexWrite& w : txn.index_writes()) {
    if (filter && !filter->keep_index_write(w)) continue;
    encode_index_entry(w.index_oid, w.row, w.key, out);
  }
  for (uint32_t oid : txn.touched_sequences()) {
    auto seq = catalog.sequence_by_oid(oid);
    if (!seq) continue;   // dropped since
    out.push_back('S');
    put_varint(out, oid);
    uint64_t v = static_cast<uint64_t>(seq->last_value);
    put_varint(out, (v << 1) ^ static_cast<uint64_t>(seq->last_value >> 63));
    out.push_back(seq->is_called ? 1 : 0);
  }
}

RedoApplier::RedoApplier(Catalog& catalog) : catalog_(catalog) { catalog_replaced(); }

void RedoApplier::catalog_replaced() {
  tables_.clear();
  indexes_.clear();
  for (const auto& [_, t] : catalog_.tables()) {
    tables_[t->oid] = t.get();
    for (const auto& ix : t->indexes) indexes_[ix->oid] = {t.get(), ix.get()};
  }
}

void RedoApplier::apply(std::string_view payload, uint64_t lsn) {
  Cursor c(payload, lsn);
  while (!c.done()) {
    char op = c.op();
    switch (op) {
      case 'P':
      case 'D': {
        uint64_t oid = c.varint();
        RowId row = c.varint();
        auto it = tables_.find(static_cast<uint32_t>(oid));
        if (it == tables_.end()) c.bad("unknown table oid " + std::to_string(oid));
        TableStore& store = *it->second->store;
        if (row > OrderedIndex::kMaxRowId) c.bad("row id out of range");
        store.ensure_slots(row + 1);
        if (op == 'P') {
          store.replace_chain(row, Version::make(c.bytes(), /*begin=*/1, /*cid=*/0));
        } else {
          store.replace_chain(row, nullptr);
        }
        break;
      }
      case 'I': {
        uint64_t oid = c.varint();
        RowId row = c.varint();
        std::string_view key = c.bytes();
        auto it = indexes_.find(static_cast<uint32_t>(oid));
        if (it == indexes_.end()) c.bad("unknown index oid " + std::to_string(oid));
        if (row >= it->second.first->store->slot_count()) c.bad("index entry for a row that does not exist");
        it->second.second->data->insert(key, row);
        break;
      }
      case 'S': {
        uint64_t oid = c.varint();
        uint64_t z = c.varint();
        int64_t last_value = static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
        bool is_called = c.op() != 0;
        if (auto seq = catalog_.sequence_by_oid(static_cast<uint32_t>(oid))) {
          seq->last_value = last_value;
          seq->is_called = is_called;
        }
        break;
      }
      default:
        c.bad("unknown operation");
    }
    ++operations_;
  }
}

}  // namespace upsertdb::wal
