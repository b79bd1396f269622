#include "engine/snapshot_file.h"

#include <array>
#include <cstring>
#include <unordered_map>

#include "common/error.h"
#include "exec/row_access.h"
#include "storage/row_codec.h"
#include "wal/crc32c.h"
#include "wal/log_format.h"

namespace upsertdb {

namespace {

constexpr char kMagic[8] = {'U', 'P', 'S', 'D', 'B', 'S', 'N', 'P'};
constexpr size_t kHeaderSize = sizeof(kMagic) + 4 + 8;
constexpr size_t kTrailerSize = 4;

constexpr size_t kLengthOffset = sizeof(kMagic) + 4;
// Expression-index entries are copied under the latch this many at a time.
constexpr size_t kEntriesPerBatch = 16384;

// ---- Writing ----------------------------------------------------------------

// Little-endian fields into a buffer. With a sink, the buffer is handed over
// whenever it passes kChunk (flush_if_full), keeping the CRC-32C and length of
// everything handed over; without one, take() returns the bytes.
class Writer {
 public:
  static constexpr size_t kChunk = size_t{1} << 20;

  explicit Writer(SnapshotSink* sink = nullptr) : sink_(sink) {
    if (sink_) out_.reserve(kChunk + (kChunk >> 2));
  }
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
  void raw(std::string_view s) {
    out_.append(s);
    flush_if_full();
  }
  void ints(const std::vector<int>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (int x : v) i32(x);
  }

  void flush_if_full() {
    if (sink_ && out_.size() >= kChunk) flush();
  }
  void flush() {
    crc_ = wal::crc32c(out_, crc_);
    length_ += out_.size();
    sink_->append(out_);
    out_.clear();
  }
  uint32_t crc() const { return crc_; }
  uint64_t length() const { return length_; }
  std::string take() { return std::move(out_); }

 private:
  SnapshotSink* sink_;
  std::string out_;
  uint32_t crc_ = 0;
  uint64_t length_ = 0;
};

class StringSink : public SnapshotSink {
 public:
  void append(std::string_view bytes) override { out.append(bytes); }
  void patch(uint64_t offset, std::string_view bytes) override { out.replace(offset, bytes.size(), bytes); }
  std::string out;
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

// The version of a row that a snapshot reading at `read_ts` sees: the newest
// one committed at or before it, unless deleted at or before it. Versions of
// transactions still in progress (their stamps are markers) are passed over.
// Runs without the latch while writers stamp commits: every stamp that changes
// meanwhile goes from a marker or infinity to a marker, infinity or a
// timestamp after `read_ts`, which all decide alike (docs/wal.md).
const Version* version_at(const Version* head, uint64_t read_ts) {
  for (const Version* v = head; v; v = v->older) {
    uint64_t begin = load_stamp(v->begin);
    if (is_txn_marker(begin) || begin > read_ts) continue;
    uint64_t end = load_stamp(v->end);
    bool deleted = end != kInfinity && !is_txn_marker(end) && end <= read_ts;
    return deleted ? nullptr : v;
  }
  return nullptr;
}

// A plain-column index's key for a row: what an insert computes for it
// (exec/table_writer.cc index_key_for_row without expressions or predicate).
std::string plain_index_key(const IndexInfo& index, const Row& row) {
  std::string key;
  for (int col : index.columns) encode_key(row[static_cast<size_t>(col)], key);
  return key;
}

bool is_plain(const IndexInfo& index) { return !index.has_expressions() && index.predicate_text.empty(); }

// A table's fields before its rows.
void write_table_definition(Writer& w, const TableInfo& t) {
  w.u32(t.oid);
  w.bytes(t.schema);
  w.bytes(t.name);
  w.u32(static_cast<uint32_t>(t.columns.size()));
  for (const auto& c : t.columns) write_column(w, c);
  w.u32(static_cast<uint32_t>(t.constraints.size()));
  for (const auto& c : t.constraints) write_constraint(w, c);
}

// The entries of a live index that point at a saved row, copied in batches
// under the latch (writers change the B-tree meanwhile, and an iterator does
// not survive a change: each batch seeks past the last entry copied). An
// entry a writer adds between batches may come along: the key of a row in
// the image or of a newer version of it, and readers recheck an entry's key
// against the row's version anyway; an entry that a saved version needs
// cannot go away (rolled-back writes remove only theirs; the garbage collector
// only keys that no version at or above the horizon has, and the capture's
// read timestamp is at or after the horizon: exec/version_gc.h).
std::vector<std::string> copy_entries(const OrderedIndex& index, const std::vector<const Version*>& saved,
                                      const WithLatch& with_latch) {
  std::vector<std::string> entries, batch;
  batch.reserve(kEntriesPerBatch);   // allocated once, outside the latch
  std::string last;
  bool started = false, done = false;
  while (!done) {
    batch.clear();
    with_latch([&] {
      auto it = started ? index.lower_bound(last) : index.begin();
      if (started && it != index.end() && it->view() == last) ++it;
      const IndexEntry* seen = nullptr;
      for (size_t n = 0; n < kEntriesPerBatch && it != index.end(); ++n, ++it) {
        RowId r = OrderedIndex::entry_row(*it);
        if (r < saved.size() && saved[r]) batch.emplace_back(it->view());
        seen = &*it;
      }
      if (seen) last = seen->view();
      started = true;
      done = it == index.end();
    });
    for (std::string& e : batch) entries.push_back(std::move(e));
  }
  return entries;
}

// ---- Reading ----------------------------------------------------------------

class Reader {
 public:
  // `subject` names the bytes in errors: `snapshot file "x"`, or a log record.
  Reader(std::string_view data, std::string subject) : data_(data), subject_(std::move(subject)) {}

  [[noreturn]] void corrupt(const std::string& why) const {
    throw DbError("XX001", subject_ + " is corrupt: " + why);
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
  std::string subject_;
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

// Format 3 leaves plain indexes' entries out: one per saved row, its key
// computed as an insert computes it (rows are checked before they get here).
void rebuild_plain_indexes(TableInfo& t) {
  std::vector<IndexInfo*> plain;
  for (const auto& index : t.indexes)
    if (is_plain(*index)) plain.push_back(index.get());
  fill_plain_indexes(t, plain);
}

std::shared_ptr<TableInfo> read_table_definition(Reader& r) {
  auto t = std::make_shared<TableInfo>();
  t->oid = r.u32();
  t->schema = r.str();
  t->name = r.str();
  uint32_t ncols = r.count32(1);
  for (uint32_t k = 0; k < ncols; ++k) t->columns.push_back(read_column(r));
  uint32_t ncons = r.count32(1);
  for (uint32_t k = 0; k < ncons; ++k) t->constraints.push_back(read_constraint(r, ncols));
  return t;
}

}  // namespace

bool is_plain_index(const IndexInfo& index) { return is_plain(index); }

void fill_plain_indexes(const TableInfo& t, const std::vector<IndexInfo*>& plain) {
  if (plain.empty()) return;
  Row row;
  for (RowId id = 0; id < t.store->slot_count(); ++id) {
    const Version* v = t.store->head(id);
    if (!v) continue;
    decode_version(t, *v, row);
    for (IndexInfo* index : plain) index->data->insert(plain_index_key(*index, row), id);
  }
}

namespace {

std::shared_ptr<TableInfo> read_table(Reader& r, uint32_t format) {
  auto t = read_table_definition(r);
  const uint32_t ncols = static_cast<uint32_t>(t->columns.size());

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
    if (format >= 3 && nentries > 0 && is_plain(*index)) r.corrupt("entries stored for a plain index");
    for (uint64_t e = 0; e < nentries; ++e) {
      std::string_view key = r.bytes();
      RowId row = r.u64();
      if (row >= slots || !t->store->head(row)) r.corrupt("index entry points at a row that does not exist");
      index->data->insert(key, row);
    }
    t->indexes.push_back(std::move(index));
  }
  if (format >= 3) rebuild_plain_indexes(*t);
  return t;
}

}  // namespace

uint32_t snapshot_checksum(std::string_view payload) { return wal::crc32c(payload); }

struct ImageCapture::Table {
  struct Index {
    std::string definition;
    std::shared_ptr<const OrderedIndex> entries;   // null for a plain index (rebuilt at load)
  };
  std::string definition;
  std::shared_ptr<TableStore> store;               // pinned until release()
  std::vector<const Version*> heads;                // then, in place, the saved versions
  std::vector<Index> indexes;
};

ImageCapture::ImageCapture() = default;

void ImageCapture::plan(const Catalog& catalog) {
  for (const auto& [_, info] : catalog.tables()) planned_.emplace_back(info->oid, info->store->slot_count());
}

void ImageCapture::allocate() {
  for (const auto& [oid, slots] : planned_) {
    std::vector<const Version*> heads(slots + slots / 8 + 1024);   // zero-filled: every page touched
    heads.clear();                                          // the capacity stays
    buffers_.emplace_back(oid, std::move(heads));
  }
}

void ImageCapture::capture(const Catalog& catalog, uint64_t read_ts) {
  read_ts_ = read_ts;
  released_ = false;
  Writer w;
  w.u32(catalog.peek_next_oid());
  w.u32(static_cast<uint32_t>(catalog.sequences().size()));
  for (const auto& [_, s] : catalog.sequences()) write_sequence(w, *s);
  w.u32(static_cast<uint32_t>(catalog.tables().size()));
  prefix_ = w.take();
  for (const auto& [_, info] : catalog.tables()) {
    auto t = std::make_unique<Table>();
    Writer d;
    write_table_definition(d, *info);
    t->definition = d.take();
    t->store = info->store;
    t->store->pin();
    for (auto& [oid, buffer] : buffers_) {
      if (oid == info->oid) t->heads.swap(buffer);
    }
    const TableStore& store = *t->store;
    t->heads.resize(store.slot_count());   // within the allocated capacity unless many rows came meanwhile
    for (RowId r = 0; r < t->heads.size(); ++r) t->heads[r] = store.head(r);
    for (const auto& index : info->indexes) {
      Writer x;
      write_index_definition(x, *index);
      t->indexes.push_back(Table::Index{x.take(), is_plain(*index) ? nullptr : index->data});
    }
    tables_.push_back(std::move(t));
  }
}

ImageCapture::~ImageCapture() {
  if (!released_) release();   // only reached when unwinding; the latch is held then too
}

void ImageCapture::release() {
  if (released_) return;
  released_ = true;
  for (auto& t : tables_) t->store->unpin();
  tables_.clear();
}

void ImageCapture::write(SnapshotSink& out, const WithLatch& with_latch) {
  // The header goes first with a placeholder length, patched at the end.
  std::string header(kMagic, sizeof(kMagic));
  wal::put_u32(header, kSnapshotFormatVersion);
  wal::put_u64(header, 0);
  out.append(header);

  Writer w(&out);
  w.raw(prefix_);
  for (auto& tp : tables_) {
    Table& t = *tp;
    w.raw(t.definition);
    // Rows keep their ids: index entries and write-ahead log records after
    // this image name rows by id. Slots of deleted or uncommitted rows stay empty.
    // The heads become the saved versions in place (one array, not two).
    std::vector<const Version*>& saved = t.heads;
    uint64_t nsaved = 0;
    for (RowId r = 0; r < saved.size(); ++r) {
      saved[r] = version_at(saved[r], read_ts_);
      if (saved[r]) ++nsaved;
    }
    w.u64(saved.size());
    w.u64(nsaved);
    for (RowId r = 0; r < saved.size(); ++r) {
      if (!saved[r]) continue;
      w.u64(r);
      w.bytes(saved[r]->row());
      w.flush_if_full();
    }
    rows_written_ += nsaved;

    // Indexes: the definition, then (expression and partial indexes only) the
    // entries that point at a saved row.
    w.u32(static_cast<uint32_t>(t.indexes.size()));
    for (const auto& index : t.indexes) {
      w.raw(index.definition);
      if (!index.entries) {
        w.u64(0);
        continue;
      }
      std::vector<std::string> entries = copy_entries(*index.entries, saved, with_latch);
      w.u64(entries.size());
      for (const std::string& e : entries) {
        w.bytes(OrderedIndex::entry_key(e));
        w.u64(OrderedIndex::entry_row(e));
        w.flush_if_full();
      }
    }
    std::vector<const Version*>().swap(t.heads);
  }
  w.flush();
  std::string length;
  wal::put_u64(length, w.length());
  out.patch(kLengthOffset, length);
  std::string trailer;
  wal::put_u32(trailer, w.crc());
  out.append(trailer);
}

std::string serialize_snapshot(const Catalog& catalog) {
  ImageCapture image;
  image.plan(catalog);
  image.allocate();
  image.capture(catalog, kEveryCommit);
  StringSink sink;
  image.write(sink, [](const std::function<void()>& step) { step(); });
  image.release();
  return std::move(sink.out);
}

void deserialize_snapshot(std::string_view bytes, Catalog& catalog, const std::string& file_name) {
  const std::string subject = "snapshot file \"" + file_name + "\"";
  Reader header(bytes, subject);
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    header.corrupt("not an UpsertDB snapshot file");
  }
  Reader head(bytes.substr(sizeof(kMagic)), subject);
  uint32_t version = head.u32();
  if (version < kOldestReadableSnapshotFormat || version > kSnapshotFormatVersion) {
    throw DbError("XX001", "snapshot file \"" + file_name + "\" has format version " + std::to_string(version) +
                               ", but this build of UpsertDB reads versions " +
                               std::to_string(kOldestReadableSnapshotFormat) + " to " +
                               std::to_string(kSnapshotFormatVersion));
  }
  uint64_t length = head.u64();
  if (bytes.size() - kHeaderSize < kTrailerSize || length != bytes.size() - kHeaderSize - kTrailerSize) {
    header.corrupt("file length does not match its header (truncated?)");
  }
  std::string_view payload = bytes.substr(kHeaderSize, length);
  Reader trailer(bytes.substr(kHeaderSize + length), subject);
  if (trailer.u32() != snapshot_checksum(payload)) header.corrupt("checksum mismatch");

  Reader r(payload, subject);
  uint32_t next_oid = r.u32();
  uint32_t nseq = r.count32(1);
  for (uint32_t k = 0; k < nseq; ++k) catalog.add_sequence(read_sequence(r));
  uint32_t ntables = r.count32(1);
  for (uint32_t k = 0; k < ntables; ++k) {
    auto t = read_table(r, version);
    std::vector<std::string> index_names;
    for (const auto& i : t->indexes) index_names.push_back(i->name);
    catalog.add_table(std::move(t));
    for (const auto& n : index_names) catalog.add_index_name(n);
  }
  if (!r.at_end()) r.corrupt("trailing data after the last table");
  catalog.set_next_oid(next_oid);
}

}  // namespace upsertdb

namespace upsertdb {

void serialize_definitions(const Catalog& catalog, std::string& out) {
  Writer w;
  w.u32(catalog.peek_next_oid());
  w.u32(static_cast<uint32_t>(catalog.sequences().size()));
  for (const auto& [_, s] : catalog.sequences()) write_sequence(w, *s);
  w.u32(static_cast<uint32_t>(catalog.tables().size()));
  for (const auto& [_, t] : catalog.tables()) {
    write_table_definition(w, *t);
    w.u32(static_cast<uint32_t>(t->indexes.size()));
    for (const auto& index : t->indexes) write_index_definition(w, *index);
  }
  out.append(w.take());
}

Definitions deserialize_definitions(std::string_view bytes, const std::string& subject) {
  Reader r(bytes, subject);
  Definitions d;
  d.next_oid = r.u32();
  uint32_t nseq = r.count32(1);
  for (uint32_t k = 0; k < nseq; ++k) d.sequences.push_back(read_sequence(r));
  uint32_t ntables = r.count32(1);
  for (uint32_t k = 0; k < ntables; ++k) {
    auto t = read_table_definition(r);
    uint32_t nindexes = r.count32(1);
    for (uint32_t i = 0; i < nindexes; ++i) {
      auto index = read_index_definition(r, t->columns.size());
      if (index->table_oid != t->oid) r.corrupt("index of another table");
      t->indexes.push_back(std::move(index));
    }
    d.tables.push_back(std::move(t));
  }
  if (!r.at_end()) r.corrupt("trailing data after the last table");
  return d;
}

}  // namespace upsertdb
