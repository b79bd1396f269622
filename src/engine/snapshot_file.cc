#include "engine/snapshot_file.h"

#include <array>
#include <cstring>
#include <unordered_map>

#include "common/error.h"
#include "exec/row_access.h"
#include "storage/row_codec.h"
#include "wal/crc32c.h"

namespace upsertdb {

namespace {

constexpr char kMagic[8] = {'U', 'P', 'S', 'D', 'B', 'S', 'N', 'P'};
constexpr size_t kHeaderSize = sizeof(kMagic) + 4 + 8;
constexpr size_t kTrailerSize = 4;

// CRC-32C (hardware-accelerated, the same checksum as the log's records).
uint32_t payload_checksum(std::string_view data) { return wal::crc32c(data); }

// ---- Writing ----------------------------------------------------------------

class Writer {
 public:
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void u32(uint32_t v) {
    char b[4];
    for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
    out_.append(b, 4);
  }
  void u64(uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
    out_.append(b, 8);
  }
  void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void bytes(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void ints(const std::vector<int>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (int x : v) i32(x);
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

void write_type(Writer& w, const Type& t) {
  w.u8(static_cast<uint8_t>(t.id));
  w.i32(t.typmod);
}

// A Value keeps its own type id, so a NULL of unknown type round-trips as such.
void write_value(Writer& w, const Value& v) {
  w.u8(static_cast<uint8_t>(v.type()));
  std::string enc;
  encode_row(Row{v}, {v.type()}, enc);
  w.bytes(enc);
}

void write_column(Writer& w, const ColumnInfo& c) {
  w.bytes(c.name);
  write_type(w, c.type);
  w.boolean(c.not_null);
  w.bytes(c.default_text);
  write_value(w, c.missing);
  w.boolean(c.dropped);
  w.u8(static_cast<uint8_t>(c.identity));
  w.bytes(c.owned_sequence);
}

void write_constraint(Writer& w, const ConstraintInfo& c) {
  w.u32(c.oid);
  w.bytes(c.name);
  w.u8(static_cast<uint8_t>(c.kind));
  w.ints(c.columns);
  w.bytes(c.index_name);
  w.boolean(c.deferrable);
  w.boolean(c.initially_deferred);
  w.bytes(c.check_text);
  w.u32(c.ref_table);
  w.ints(c.ref_columns);
  w.u8(static_cast<uint8_t>(c.on_delete));
  w.u8(static_cast<uint8_t>(c.on_update));
  w.u8(static_cast<uint8_t>(c.match_type));
}

void write_index_definition(Writer& w, const IndexInfo& i) {
  w.u32(i.oid);
  w.bytes(i.name);
  w.u32(i.table_oid);
  w.boolean(i.unique);
  w.boolean(i.primary);
  w.boolean(i.nulls_not_distinct);
  w.ints(i.columns);
  w.u32(static_cast<uint32_t>(i.expr_texts.size()));
  for (const auto& e : i.expr_texts) w.bytes(e);
  w.u32(static_cast<uint32_t>(i.descending.size()));
  for (bool d : i.descending) w.boolean(d);
  w.bytes(i.predicate_text);
  w.bytes(i.constraint_name);
  w.boolean(i.deferrable);
  w.boolean(i.initially_deferred);
}

void write_sequence(Writer& w, const SequenceInfo& s) {
  w.u32(s.oid);
  w.bytes(s.schema);
  w.bytes(s.name);
  write_type(w, s.type);
  w.i64(s.start);
  w.i64(s.increment);
  w.i64(s.min_value);
  w.i64(s.max_value);
  w.i64(s.cache);
  w.boolean(s.cycle);
  w.i64(s.last_value);
  w.boolean(s.is_called);
  w.u32(s.owner_table);
  w.i32(s.owner_column);
}

// The version of a row that survives a clean shutdown: the newest committed
// one, unless a committed transaction deleted it. Uncommitted writes are
// skipped (their transactions cannot outlive the process).
const Version* saved_version(const Version* head) {
  for (const Version* v = head; v; v = v->older) {
    if (is_txn_marker(v->begin)) continue;
    bool deleted = v->end != kInfinity && !is_txn_marker(v->end);
    return deleted ? nullptr : v;
  }
  return nullptr;
}

// A plain-column index's key for a row, recomputed so that stale entries (left
// by updates that changed the key) are not carried into the snapshot.
std::string plain_index_key(const IndexInfo& index, const Row& row) {
  std::string key;
  for (int col : index.columns) encode_key(row[static_cast<size_t>(col)], key);
  return key;
}

bool is_plain(const IndexInfo& index) { return !index.has_expressions() && index.predicate_text.empty(); }

void write_table(Writer& w, const TableInfo& t) {
  w.u32(t.oid);
  w.bytes(t.schema);
  w.bytes(t.name);
  w.u32(static_cast<uint32_t>(t.columns.size()));
  for (const auto& c : t.columns) write_column(w, c);
  w.u32(static_cast<uint32_t>(t.constraints.size()));
  for (const auto& c : t.constraints) write_constraint(w, c);

  // Rows keep their ids: index entries and write-ahead log records after this
  // image name rows by id. Slots of deleted or uncommitted rows stay empty.
  std::vector<const Version*> saved(t.store->slot_count(), nullptr);
  uint64_t nsaved = 0;
  for (RowId r = 0; r < t.store->slot_count(); ++r) {
    saved[r] = saved_version(t.store->head(r));
    if (saved[r]) ++nsaved;
  }
  w.u64(t.store->slot_count());
  w.u64(nsaved);
  for (RowId r = 0; r < saved.size(); ++r) {
    if (!saved[r]) continue;
    w.u64(r);
    w.bytes(saved[r]->row());
  }

  // Indexes: definition, then the entries that point at a saved row.
  w.u32(static_cast<uint32_t>(t.indexes.size()));
  for (const auto& index : t.indexes) {
    write_index_definition(w, *index);
    std::vector<std::pair<std::string_view, RowId>> entries;
    Row row;
    for (const std::string& entry : *index->data) {
      RowId r = OrderedIndex::entry_row(entry);
      if (r >= saved.size() || !saved[r]) continue;
      std::string_view key = OrderedIndex::entry_key(entry);
      if (is_plain(*index)) {
        decode_version(t, *saved[r], row);
        if (plain_index_key(*index, row) != key) continue;
      }
      entries.emplace_back(key, r);
    }
    w.u64(entries.size());
    for (const auto& [key, row_id] : entries) {
      w.bytes(key);
      w.u64(row_id);
    }
  }
}

// ---- Reading ----------------------------------------------------------------

class Reader {
 public:
  Reader(std::string_view data, const std::string& file_name) : data_(data), file_(file_name) {}

  [[noreturn]] void corrupt(const std::string& why) const {
    throw DbError("XX001", "snapshot file \"" + file_ + "\" is corrupt: " + why);
  }
  uint8_t u8() {
    need(1);
    return static_cast<uint8_t>(data_[pos_++]);
  }
  bool boolean() {
    uint8_t b = u8();
    if (b > 1) corrupt("invalid boolean");
    return b == 1;
  }
  uint32_t u32() {
    need(4);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(data_[pos_++])} << (8 * i);
    return v;
  }
  uint64_t u64() {
    need(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(data_[pos_++])} << (8 * i);
    return v;
  }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  int64_t i64() { return static_cast<int64_t>(u64()); }
  std::string_view bytes() {
    uint32_t n = u32();
    need(n);
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string str() { return std::string(bytes()); }
  // A count of items that each take at least `min_item_size` bytes: bounded
  // by what is left, so a corrupt count cannot trigger a huge allocation.
  uint64_t count(size_t min_item_size) {
    uint64_t n = u64();
    if (n > (data_.size() - pos_) / min_item_size) corrupt("count exceeds file size");
    return n;
  }
  uint32_t count32(size_t min_item_size) {
    uint32_t n = u32();
    if (n > (data_.size() - pos_) / min_item_size) corrupt("count exceeds file size");
    return n;
  }
  std::vector<int> ints() {
    uint32_t n = count32(4);
    std::vector<int> v(n);
    for (auto& x : v) x = i32();
    return v;
  }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  void need(size_t n) const {
    if (data_.size() - pos_ < n) corrupt("unexpected end of data");
  }
  std::string_view data_;
  size_t pos_ = 0;
  const std::string& file_;
};

TypeId read_type_id(Reader& r) {
  uint8_t id = r.u8();
  if (id > static_cast<uint8_t>(TypeId::kRecord)) r.corrupt("unknown type id " + std::to_string(id));
  return static_cast<TypeId>(id);
}

Type read_type(Reader& r) {
  TypeId id = read_type_id(r);
  return Type(id, r.i32());
}

// Checks a row_codec encoding's shape (column count, null bitmap, widths and
// lengths) against `types` before row_codec, which trusts its input, decodes it.
void check_encoding(Reader& r, std::string_view enc, const std::vector<TypeId>& types) {
  auto bad = [&] { r.corrupt("malformed row encoding"); };
  if (enc.size() < 2) bad();
  size_t n = static_cast<uint8_t>(enc[0]) | (static_cast<size_t>(static_cast<uint8_t>(enc[1])) << 8);
  if (n > types.size()) bad();
  size_t pos = 2 + (n + 7) / 8;
  if (pos > enc.size()) bad();
  for (size_t i = 0; i < n; ++i) {
    if (enc[2 + i / 8] & (1 << (i % 8))) continue;
    size_t width;
    switch (types[i]) {
      case TypeId::kBool: width = 1; break;
      case TypeId::kInt2: width = 2; break;
      case TypeId::kInt4: case TypeId::kDate: case TypeId::kOid: case TypeId::kRegclass:
      case TypeId::kFloat4: width = 4; break;
      case TypeId::kInt8: case TypeId::kFloat8: case TypeId::kTime:
      case TypeId::kTimestamp: case TypeId::kTimestampTz: width = 8; break;
      case TypeId::kInterval: case TypeId::kUuid: width = 16; break;
      default: {
        if (enc.size() - pos < 4) bad();
        uint32_t len;
        std::memcpy(&len, enc.data() + pos, 4);
        width = 4 + size_t{len};
      }
    }
    if (enc.size() - pos < width) bad();
    pos += width;
  }
  if (pos != enc.size()) bad();
}

Value read_value(Reader& r) {
  TypeId t = read_type_id(r);
  std::string_view enc = r.bytes();
  check_encoding(r, enc, {t});
  Row row;
  if (decode_row(enc, {t}, row) != 1) r.corrupt("malformed value");
  return row[0];
}

ColumnInfo read_column(Reader& r) {
  ColumnInfo c;
  c.name = r.str();
  c.type = read_type(r);
  c.not_null = r.boolean();
  c.default_text = r.str();
  c.missing = read_value(r);
  c.dropped = r.boolean();
  c.identity = static_cast<char>(r.u8());
  c.owned_sequence = r.str();
  return c;
}

void check_columns(Reader& r, const std::vector<int>& cols, size_t ncols, bool allow_expression) {
  for (int c : cols) {
    if (c == -1 && allow_expression) continue;
    if (c < 0 || static_cast<size_t>(c) >= ncols) r.corrupt("column position out of range");
  }
}

ConstraintInfo read_constraint(Reader& r, size_t ncols) {
  ConstraintInfo c;
  c.oid = r.u32();
  c.name = r.str();
  char kind = static_cast<char>(r.u8());
  if (kind != 'p' && kind != 'u' && kind != 'f' && kind != 'c') r.corrupt("unknown constraint kind");
  c.kind = static_cast<ConstraintKind>(kind);
  c.columns = r.ints();
  check_columns(r, c.columns, ncols, false);
  c.index_name = r.str();
  c.deferrable = r.boolean();
  c.initially_deferred = r.boolean();
  c.check_text = r.str();
  c.ref_table = r.u32();
  c.ref_columns = r.ints();
  c.on_delete = static_cast<char>(r.u8());
  c.on_update = static_cast<char>(r.u8());
  c.match_type = static_cast<char>(r.u8());
  return c;
}

std::shared_ptr<IndexInfo> read_index_definition(Reader& r, size_t ncols) {
  auto i = std::make_shared<IndexInfo>();
  i->oid = r.u32();
  i->name = r.str();
  i->table_oid = r.u32();
  i->unique = r.boolean();
  i->primary = r.boolean();
  i->nulls_not_distinct = r.boolean();
  i->columns = r.ints();
  check_columns(r, i->columns, ncols, true);
  uint32_t nexpr = r.count32(4);
  for (uint32_t k = 0; k < nexpr; ++k) i->expr_texts.push_back(r.str());
  uint32_t ndesc = r.count32(1);
  for (uint32_t k = 0; k < ndesc; ++k) i->descending.push_back(r.boolean());
  i->predicate_text = r.str();
  i->constraint_name = r.str();
  i->deferrable = r.boolean();
  i->initially_deferred = r.boolean();
  return i;
}

std::shared_ptr<SequenceInfo> read_sequence(Reader& r) {
  auto s = std::make_shared<SequenceInfo>();
  s->oid = r.u32();
  s->schema = r.str();
  s->name = r.str();
  s->type = read_type(r);
  s->start = r.i64();
  s->increment = r.i64();
  s->min_value = r.i64();
  s->max_value = r.i64();
  s->cache = r.i64();
  s->cycle = r.boolean();
  s->last_value = r.i64();
  s->is_called = r.boolean();
  s->owner_table = r.u32();
  s->owner_column = r.i32();
  return s;
}

std::shared_ptr<TableInfo> read_table(Reader& r, Catalog& catalog) {
  auto t = std::make_shared<TableInfo>();
  t->oid = r.u32();
  t->schema = r.str();
  t->name = r.str();
  uint32_t ncols = r.count32(1);
  for (uint32_t k = 0; k < ncols; ++k) t->columns.push_back(read_column(r));
  uint32_t ncons = r.count32(1);
  for (uint32_t k = 0; k < ncons; ++k) t->constraints.push_back(read_constraint(r, ncols));

  const auto types = t->physical_types();
  uint64_t slots = r.u64();
  if (slots > OrderedIndex::kMaxRowId) r.corrupt("row count out of range");
  uint64_t nrows = r.count(12);
  if (nrows > slots) r.corrupt("more rows than row slots");
  t->store->ensure_slots(slots);
  for (uint64_t k = 0; k < nrows; ++k) {
    RowId id = r.u64();
    std::string_view enc = r.bytes();
    if (id >= slots || t->store->head(id)) r.corrupt("row id out of range or repeated");
    check_encoding(r, enc, types);
    t->store->set_head(id, Version::make(enc, /*begin=*/1, /*cid=*/0));
  }

  uint32_t nindexes = r.count32(1);
  for (uint32_t k = 0; k < nindexes; ++k) {
    auto index = read_index_definition(r, ncols);
    uint64_t nentries = r.count(12);
    for (uint64_t e = 0; e < nentries; ++e) {
      std::string_view key = r.bytes();
      RowId row = r.u64();
      if (row >= slots || !t->store->head(row)) r.corrupt("index entry points at a row that does not exist");
      index->data->insert(key, row);
    }
    t->indexes.push_back(std::move(index));
  }
  return t;
}

}  // namespace

uint32_t snapshot_checksum(std::string_view payload) { return payload_checksum(payload); }

std::string serialize_snapshot(const Catalog& catalog) {
  // The header goes first with a placeholder length, so the payload is
  // written once in place instead of being copied into a second buffer.
  Writer w;
  size_t estimate = 1 << 12;
  for (const auto& [_, t] : catalog.tables()) estimate += t->store->slot_count() * (48 + 24 * t->indexes.size());
  w.out().reserve(estimate);
  w.out().append(kMagic, sizeof(kMagic));
  w.u32(kSnapshotFormatVersion);
  w.u64(0);
  w.u32(catalog.peek_next_oid());
  w.u32(static_cast<uint32_t>(catalog.sequences().size()));
  for (const auto& [_, s] : catalog.sequences()) write_sequence(w, *s);
  w.u32(static_cast<uint32_t>(catalog.tables().size()));
  for (const auto& [_, t] : catalog.tables()) write_table(w, *t);
  std::string& out = w.out();
  uint64_t length = out.size() - kHeaderSize;
  for (int i = 0; i < 8; ++i) out[sizeof(kMagic) + 4 + static_cast<size_t>(i)] = static_cast<char>(length >> (8 * i));
  w.u32(payload_checksum(std::string_view(out).substr(kHeaderSize, length)));
  return std::move(out);
}

void deserialize_snapshot(std::string_view bytes, Catalog& catalog, const std::string& file_name) {
  Reader header(bytes, file_name);
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    header.corrupt("not an UpsertDB snapshot file");
  }
  Reader head(bytes.substr(sizeof(kMagic)), file_name);
  uint32_t version = head.u32();
  if (version != kSnapshotFormatVersion) {
    throw DbError("XX001", "snapshot file \"" + file_name + "\" has format version " + std::to_string(version) +
                               ", but this build of UpsertDB reads version " +
                               std::to_string(kSnapshotFormatVersion));
  }
  uint64_t length = head.u64();
  if (bytes.size() - kHeaderSize < kTrailerSize || length != bytes.size() - kHeaderSize - kTrailerSize) {
    header.corrupt("file length does not match its header (truncated?)");
  }
  std::string_view payload = bytes.substr(kHeaderSize, length);
  Reader trailer(bytes.substr(kHeaderSize + length), file_name);
  if (trailer.u32() != payload_checksum(payload)) header.corrupt("checksum mismatch");

  Reader r(payload, file_name);
  uint32_t next_oid = r.u32();
  uint32_t nseq = r.count32(1);
  for (uint32_t k = 0; k < nseq; ++k) catalog.add_sequence(read_sequence(r));
  uint32_t ntables = r.count32(1);
  for (uint32_t k = 0; k < ntables; ++k) {
    auto t = read_table(r, catalog);
    std::vector<std::string> index_names;
    for (const auto& i : t->indexes) index_names.push_back(i->name);
    catalog.add_table(std::move(t));
    for (const auto& n : index_names) catalog.add_index_name(n);
  }
  if (!r.at_end()) r.corrupt("trailing data after the last table");
  catalog.set_next_oid(next_oid);
}

}  // namespace upsertdb
