#include "engine/engine.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/error.h"
#include "engine/snapshot_file.h"
#include "exec/row_access.h"
#include "storage/row_codec.h"

namespace upsertdb {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "upsertdb_engine_test_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string data_dir() const { return path_ + "/data/nested"; }

 private:
  std::string path_;
};

std::string key_of(const Row& row, const std::vector<int>& cols) {
  std::string k;
  for (int c : cols) encode_key(row[static_cast<size_t>(c)], k);
  return k;
}

ColumnInfo column(const std::string& name, Type type, bool not_null = false) {
  ColumnInfo c;
  c.name = name;
  c.type = type;
  c.not_null = not_null;
  return c;
}

std::string text_of(const Value& v) { return v.is_null() ? "<null>" : value_to_text(v); }

// The rows of a table in row-id order, as text, for comparison.
std::vector<std::string> table_rows(const TableInfo& t) {
  std::vector<std::string> out;
  for (RowId r = 0; r < t.store->slot_count(); ++r) {
    if (!t.store->head(r)) continue;
    Row row;
    decode_version(t, *t.store->head(r), row);
    std::string s;
    for (size_t i = 0; i < row.size(); ++i) {
      if (t.columns[i].dropped) continue;
      s += text_of(row[i]) + "|";
    }
    out.push_back(s);
  }
  return out;
}

std::set<std::pair<std::string, RowId>> entries_of(const IndexInfo& index) {
  std::set<std::pair<std::string, RowId>> s;
  for (const auto& e : *index.data) s.emplace(std::string(OrderedIndex::entry_key(e)), OrderedIndex::entry_row(e));
  return s;
}

// Builds a table `items` (with a dropped column, PK, UNIQUE, CHECK, an FK to
// itself, a partial expression index) and a sequence, plus rows in every MVCC
// state the snapshot must tell apart.
void populate(Engine& engine) {
  Catalog& cat = engine.catalog();
  auto seq = std::make_shared<SequenceInfo>();
  seq->oid = cat.next_oid();
  seq->name = "items_id_seq";
  seq->type = Type(TypeId::kInt4);
  seq->start = 10;
  seq->increment = 5;
  seq->min_value = 10;
  seq->max_value = 2147483647;
  seq->cache = 3;
  seq->cycle = true;
  seq->last_value = 25;
  seq->is_called = true;

  auto t = std::make_shared<TableInfo>();
  t->oid = cat.next_oid();
  t->name = "items";
  seq->owner_table = t->oid;
  seq->owner_column = 0;
  cat.add_sequence(seq);

  ColumnInfo id = column("id", Type(TypeId::kInt4), true);
  id.default_text = "nextval('items_id_seq'::regclass)";
  id.identity = 'd';
  id.owned_sequence = "items_id_seq";
  ColumnInfo gone = column("........pg.dropped.2........", Type(TypeId::kText));
  gone.dropped = true;
  ColumnInfo name = column("name", Type(TypeId::kVarchar, 20));
  ColumnInfo price = column("price", Type(TypeId::kNumeric, Type::numeric_typmod(10, 2)));
  price.missing = Value::numeric("1.50");   // added after the first rows
  ColumnInfo parent = column("parent", Type(TypeId::kInt4));
  t->columns = {id, gone, name, price, parent};

  ConstraintInfo pk;
  pk.oid = cat.next_oid();
  pk.name = "items_pkey";
  pk.kind = ConstraintKind::kPrimaryKey;
  pk.columns = {0};
  pk.index_name = "items_pkey";
  ConstraintInfo uq;
  uq.oid = cat.next_oid();
  uq.name = "items_name_key";
  uq.kind = ConstraintKind::kUnique;
  uq.columns = {2};
  uq.index_name = "items_name_key";
  uq.deferrable = true;
  uq.initially_deferred = true;
  ConstraintInfo ck;
  ck.oid = cat.next_oid();
  ck.name = "items_price_check";
  ck.kind = ConstraintKind::kCheck;
  ck.check_text = "(price > (0)::numeric)";
  ConstraintInfo fk;
  fk.oid = cat.next_oid();
  fk.name = "items_parent_fkey";
  fk.kind = ConstraintKind::kForeignKey;
  fk.columns = {4};
  fk.ref_table = t->oid;
  fk.ref_columns = {0};
  fk.on_delete = 'c';
  fk.on_update = 'r';
  fk.match_type = 'f';
  t->constraints = {pk, uq, ck, fk};

  auto pkey = std::make_shared<IndexInfo>();
  pkey->oid = cat.next_oid();
  pkey->name = "items_pkey";
  pkey->table_oid = t->oid;
  pkey->unique = pkey->primary = true;
  pkey->columns = {0};
  pkey->expr_texts = {""};
  pkey->descending = {false};
  pkey->constraint_name = "items_pkey";
  auto ukey = std::make_shared<IndexInfo>();
  ukey->oid = cat.next_oid();
  ukey->name = "items_name_key";
  ukey->table_oid = t->oid;
  ukey->unique = true;
  ukey->nulls_not_distinct = true;
  ukey->columns = {2};
  ukey->expr_texts = {""};
  ukey->descending = {false};
  ukey->constraint_name = "items_name_key";
  ukey->deferrable = ukey->initially_deferred = true;
  auto lower = std::make_shared<IndexInfo>();
  lower->oid = cat.next_oid();
  lower->name = "items_lower_idx";
  lower->table_oid = t->oid;
  lower->columns = {-1, 3};
  lower->expr_texts = {"lower((name)::text)", ""};
  lower->descending = {true, false};
  lower->predicate_text = "(price > (2)::numeric)";
  t->indexes = {pkey, ukey, lower};

  const auto types = t->physical_types();
  auto add = [&](const Row& row, uint64_t begin, uint64_t end, Version* older = nullptr) {
    std::string enc;
    encode_row(row, types, enc);
    Version* v = Version::make(enc, begin, 0);
    v->end = end;
    v->older = older;
    return v;
  };
  auto index_row = [&](RowId r, const Row& row) {
    pkey->data->insert(key_of(row, {0}), r);
    ukey->data->insert(key_of(row, {2}), r);
  };
  const uint64_t marker = kTxnBit | 7;   // a transaction still in progress
  // 0: a row written before `price` and `parent` were added and before the
  //    drop (its dropped column still holds a value): a 3-column encoding.
  Row r0 = {Value::int4(10), Value::text("old"), Value::text("apple", TypeId::kVarchar)};
  {
    std::string enc;
    encode_row(r0, {types[0], types[1], types[2]}, enc);
    t->store->append(Version::make(enc, 1, 0));
  }
  r0.push_back(Value::numeric("1.50"));
  r0.push_back(Value::null(TypeId::kInt4));
  index_row(0, r0);
  // 1: deleted by a committed transaction -> gone.
  Row r1 = {Value::int4(15), Value::null(TypeId::kText), Value::text("pear", TypeId::kVarchar),
            Value::numeric("3.00"), Value::null(TypeId::kInt4)};
  t->store->append(add(r1, 2, 4));
  index_row(1, r1);
  // 2: updated by a committed transaction (key 20 -> 21): the newest version
  //    is saved, the stale pkey entry for 20 is not.
  Row r2old = {Value::int4(20), Value::null(TypeId::kText), Value::text("fig", TypeId::kVarchar),
               Value::numeric("4.00"), Value::int4(10)};
  Row r2 = {Value::int4(21), Value::null(TypeId::kText), Value::text("fig", TypeId::kVarchar),
            Value::numeric("4.25"), Value::int4(10)};
  t->store->append(add(r2, 5, kInfinity, add(r2old, 3, 5)));
  index_row(2, r2old);
  index_row(2, r2);
  lower->data->insert("fig-expression-key", 2);
  // 3: inserted by the in-progress transaction -> gone, with its entries.
  Row r3 = {Value::int4(25), Value::null(TypeId::kText), Value::text("kiwi", TypeId::kVarchar),
            Value::numeric("9.00"), Value::null(TypeId::kInt4)};
  t->store->append(add(r3, marker, kInfinity));
  index_row(3, r3);
  lower->data->insert("kiwi-expression-key", 3);
  // 4: committed, then updated and then deleted by the in-progress
  //    transaction -> the committed version is saved.
  Row r4 = {Value::int4(12), Value::null(TypeId::kText), Value::null(TypeId::kVarchar),
            Value::numeric("7.77"), Value::int4(21)};
  Row r4new = r4;
  r4new[0] = Value::int4(13);
  Version* committed = add(r4, 2, marker);
  Version* uncommitted = add(r4new, marker, marker, committed);
  t->store->append(uncommitted);
  index_row(4, r4);
  index_row(4, r4new);
  lower->data->insert("null-expression-key", 4);
  // 5: a rolled-back insert leaves a null head.
  t->store->append(nullptr);

  cat.add_table(t);
  for (const auto& i : t->indexes) cat.add_index_name(i->name);
}

std::string checkpoint_file(const TempDir& tmp) { return tmp.data_dir() + "/checkpoint.0000000000000000"; }

TEST(EngineSnapshot, RoundTripsCatalogRowsAndIndexes) {
  TempDir tmp;
  uint32_t next_oid;
  {
    Engine engine(tmp.data_dir());
    EXPECT_TRUE(fs::is_directory(tmp.data_dir()));
    populate(engine);
    next_oid = engine.catalog().peek_next_oid();
  }   // the destructor saves
  // Nothing was committed through the log, so the shutdown checkpoint sits at position 0.
  ASSERT_TRUE(fs::exists(checkpoint_file(tmp)));
  EXPECT_FALSE(fs::exists(checkpoint_file(tmp) + ".tmp"));

  Engine engine(tmp.data_dir());
  Catalog& cat = engine.catalog();
  EXPECT_EQ(cat.peek_next_oid(), next_oid);
  EXPECT_EQ(cat.tables().size(), 1u);
  EXPECT_EQ(cat.sequences().size(), 1u);

  auto seq = cat.sequence("", "items_id_seq");
  ASSERT_TRUE(seq);
  EXPECT_EQ(seq->oid, 16384u);
  EXPECT_EQ(seq->schema, "public");
  EXPECT_EQ(seq->type, Type(TypeId::kInt4));
  EXPECT_EQ(seq->start, 10);
  EXPECT_EQ(seq->increment, 5);
  EXPECT_EQ(seq->min_value, 10);
  EXPECT_EQ(seq->max_value, 2147483647);
  EXPECT_EQ(seq->cache, 3);
  EXPECT_TRUE(seq->cycle);
  EXPECT_EQ(seq->last_value, 25);
  EXPECT_TRUE(seq->is_called);
  EXPECT_EQ(seq->owner_column, 0);

  auto t = cat.table("public", "items");
  ASSERT_TRUE(t);
  EXPECT_EQ(seq->owner_table, t->oid);
  EXPECT_EQ(cat.table_by_oid(t->oid), t);
  EXPECT_EQ(cat.relation_kind("", "items"), RelKind::kTable);
  EXPECT_EQ(cat.relation_kind("", "items_id_seq"), RelKind::kSequence);
  for (const char* i : {"items_pkey", "items_name_key", "items_lower_idx"})
    EXPECT_EQ(cat.relation_kind("", i), RelKind::kIndex) << i;

  ASSERT_EQ(t->columns.size(), 5u);
  const ColumnInfo& id = t->columns[0];
  EXPECT_EQ(id.name, "id");
  EXPECT_EQ(id.type, Type(TypeId::kInt4));
  EXPECT_TRUE(id.not_null);
  EXPECT_EQ(id.default_text, "nextval('items_id_seq'::regclass)");
  EXPECT_EQ(id.identity, 'd');
  EXPECT_EQ(id.owned_sequence, "items_id_seq");
  EXPECT_TRUE(id.missing.is_null());
  EXPECT_EQ(id.missing.type(), TypeId::kUnknown);
  EXPECT_TRUE(t->columns[1].dropped);
  EXPECT_EQ(t->columns[1].name, "........pg.dropped.2........");
  EXPECT_EQ(t->find_column("name"), 2);
  EXPECT_EQ(t->columns[2].type, Type(TypeId::kVarchar, 20));
  EXPECT_FALSE(t->columns[2].not_null);
  EXPECT_EQ(t->columns[3].type.numeric_precision(), 10);
  EXPECT_EQ(t->columns[3].type.numeric_scale(), 2);
  ASSERT_FALSE(t->columns[3].missing.is_null());
  EXPECT_EQ(t->columns[3].missing.type(), TypeId::kNumeric);
  EXPECT_EQ(value_to_text(t->columns[3].missing), "1.50");

  ASSERT_EQ(t->constraints.size(), 4u);
  const ConstraintInfo* uq = t->find_constraint("items_name_key");
  ASSERT_TRUE(uq);
  EXPECT_EQ(uq->kind, ConstraintKind::kUnique);
  EXPECT_EQ(uq->columns, std::vector<int>{2});
  EXPECT_EQ(uq->index_name, "items_name_key");
  EXPECT_TRUE(uq->deferrable);
  EXPECT_TRUE(uq->initially_deferred);
  const ConstraintInfo* ck = t->find_constraint("items_price_check");
  ASSERT_TRUE(ck);
  EXPECT_EQ(ck->kind, ConstraintKind::kCheck);
  EXPECT_EQ(ck->check_text, "(price > (0)::numeric)");
  EXPECT_FALSE(ck->check_bound);
  const ConstraintInfo* fk = t->find_constraint("items_parent_fkey");
  ASSERT_TRUE(fk);
  EXPECT_EQ(fk->kind, ConstraintKind::kForeignKey);
  EXPECT_EQ(fk->columns, std::vector<int>{4});
  EXPECT_EQ(fk->ref_table, t->oid);
  EXPECT_EQ(fk->ref_columns, std::vector<int>{0});
  EXPECT_EQ(fk->on_delete, 'c');
  EXPECT_EQ(fk->on_update, 'r');
  EXPECT_EQ(fk->match_type, 'f');
  EXPECT_EQ(t->find_constraint("items_pkey")->kind, ConstraintKind::kPrimaryKey);
  EXPECT_EQ(t->find_constraint("items_pkey")->oid, 16386u);

  // Rows: 0 (short encoding), 2 (newest), 4 (committed version), at their ids;
  // the slots of the other rows stay empty.
  std::vector<std::string> expected = {"10|apple|1.50|<null>|", "21|fig|4.25|10|", "12|<null>|7.77|21|"};
  EXPECT_EQ(table_rows(*t), expected);
  ASSERT_EQ(t->store->slot_count(), 6u);
  for (RowId r = 0; r < t->store->slot_count(); ++r) {
    const Version* v = t->store->head(r);
    if (r % 2 == 1) {
      EXPECT_EQ(v, nullptr) << r;
      continue;
    }
    ASSERT_NE(v, nullptr) << r;
    EXPECT_EQ(v->begin, 1u);
    EXPECT_EQ(v->end, kInfinity);
    EXPECT_EQ(v->older, nullptr);
  }

  ASSERT_EQ(t->indexes.size(), 3u);
  const IndexInfo* pkey = t->primary_key();
  ASSERT_TRUE(pkey);
  EXPECT_EQ(pkey->name, "items_pkey");
  EXPECT_EQ(pkey->table_oid, t->oid);
  EXPECT_TRUE(pkey->unique);
  EXPECT_EQ(pkey->constraint_name, "items_pkey");
  std::set<std::pair<std::string, RowId>> pk_expected = {
      {key_of({Value::int4(10)}, {0}), 0}, {key_of({Value::int4(21)}, {0}), 2}, {key_of({Value::int4(12)}, {0}), 4}};
  EXPECT_EQ(entries_of(*pkey), pk_expected);

  auto [owner, ukey] = cat.index("", "items_name_key");
  ASSERT_TRUE(ukey);
  EXPECT_EQ(owner, t);
  EXPECT_TRUE(ukey->unique);
  EXPECT_FALSE(ukey->primary);
  EXPECT_TRUE(ukey->nulls_not_distinct);
  EXPECT_TRUE(ukey->deferrable);
  EXPECT_TRUE(ukey->initially_deferred);
  std::set<std::pair<std::string, RowId>> uk_expected = {
      {key_of({Value::text("apple")}, {0}), 0}, {key_of({Value::text("fig")}, {0}), 2},
      {key_of({Value::null(TypeId::kVarchar)}, {0}), 4}};
  EXPECT_EQ(entries_of(*ukey), uk_expected);

  auto lower = cat.index("", "items_lower_idx").second;
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->columns, (std::vector<int>{-1, 3}));
  EXPECT_EQ(lower->expr_texts, (std::vector<std::string>{"lower((name)::text)", ""}));
  EXPECT_EQ(lower->descending, (std::vector<bool>{true, false}));
  EXPECT_EQ(lower->predicate_text, "(price > (2)::numeric)");
  EXPECT_TRUE(lower->has_expressions());
  std::set<std::pair<std::string, RowId>> lower_expected = {{"fig-expression-key", 2}, {"null-expression-key", 4}};
  EXPECT_EQ(entries_of(*lower), lower_expected);

  // New commits are stamped after the loaded rows.
  auto txn = engine.transactions().begin();
  EXPECT_GT(engine.transactions().commit(*txn), 1u);
}

TEST(EngineSnapshot, SecondSaveOfLoadedDataIsIdentical) {
  TempDir tmp;
  { Engine e(tmp.data_dir()); populate(e); }
  std::string first = serialize_snapshot(Engine(tmp.data_dir()).catalog());
  Engine e(tmp.data_dir());
  EXPECT_EQ(serialize_snapshot(e.catalog()), first);
}

TEST(EngineSnapshot, EmptyAndInMemory) {
  TempDir tmp;
  { Engine e(tmp.data_dir()); }
  Engine e(tmp.data_dir());
  EXPECT_TRUE(e.catalog().tables().empty());
  EXPECT_EQ(e.catalog().peek_next_oid(), 16384u);

  Engine mem("");
  EXPECT_TRUE(mem.in_memory());
  mem.save_snapshot();   // a no-op
}

TEST(EngineSnapshot, SecondOpenOfTheSameDirectoryIsRefused) {
  TempDir tmp;
  auto first = std::make_unique<Engine>(tmp.data_dir());
  try {
    Engine second(tmp.data_dir());
    FAIL() << "second open succeeded";
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "55006");
    EXPECT_EQ(std::string(e.what()), "could not lock data directory \"" + tmp.data_dir() +
                                         "\": another UpsertDB process is using it");
  }
  first.reset();
  EXPECT_NO_THROW(Engine again(tmp.data_dir()));
}

void expect_corrupt(const std::string& dir, const std::string& message_part) {
  try {
    Engine e(dir);
    FAIL() << "opened a bad snapshot";
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "XX001");
    EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
  }
}

std::string read_file(const std::string& f) {
  std::ifstream in(f, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void write_file(const std::string& f, const std::string& s) {
  std::ofstream out(f, std::ios::binary | std::ios::trunc);
  out << s;
}

TEST(EngineSnapshot, CorruptFilesRaiseDataCorrupted) {
  TempDir tmp;
  { Engine e(tmp.data_dir()); populate(e); }
  const std::string file = checkpoint_file(tmp);
  const std::string good = read_file(file);
  ASSERT_GT(good.size(), 100u);

  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x40;
  write_file(file, flipped);
  expect_corrupt(tmp.data_dir(), "snapshot file \"" + file + "\" is corrupt: checksum mismatch");

  write_file(file, good.substr(0, good.size() - 10));
  expect_corrupt(tmp.data_dir(), "is corrupt: file length does not match its header");

  write_file(file, "hello, I am not a snapshot at all");
  expect_corrupt(tmp.data_dir(), "is corrupt: not an UpsertDB snapshot file");

  std::string other_version = good;
  other_version[8] = 99;
  write_file(file, other_version);
  expect_corrupt(tmp.data_dir(), "has format version 99, but this build of UpsertDB reads versions 2 to 3");

  // A failed open neither holds the lock nor overwrites the file.
  EXPECT_EQ(read_file(file), other_version);
  write_file(file, good);
  Engine e(tmp.data_dir());
  EXPECT_EQ(e.catalog().tables().size(), 1u);
}

// Every truncation of the payload, re-wrapped in a valid envelope (length and
// checksum recomputed, so only the structure is wrong), is reported as
// corruption, never a crash.
TEST(EngineSnapshot, StructurallyBrokenPayloadIsReported) {
  TempDir tmp;
  { Engine e(tmp.data_dir()); populate(e); }
  const std::string good = read_file(checkpoint_file(tmp));
  const size_t header = 8 + 4 + 8;
  const std::string payload = good.substr(header, good.size() - header - 4);
  auto wrap = [&](const std::string& p) {
    std::string f = good.substr(0, 12);
    for (int i = 0; i < 8; ++i) f.push_back(static_cast<char>((uint64_t{p.size()} >> (8 * i)) & 0xff));
    f += p;
    uint32_t crc = snapshot_checksum(p);
    for (int i = 0; i < 4; ++i) f.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
    return f;
  };
  {
    Catalog cat;
    ASSERT_NO_THROW(deserialize_snapshot(wrap(payload), cat, "x"));   // the envelope is right
  }
  for (size_t cut = 0; cut < payload.size(); ++cut) {
    Catalog cat;
    try {
      deserialize_snapshot(wrap(payload.substr(0, cut)), cat, "x");
      FAIL() << "accepted a payload truncated at " << cut;
    } catch (const DbError& e) {
      EXPECT_EQ(e.sqlstate(), "XX001");
      EXPECT_EQ(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
    }
  }
  Catalog cat;
  try {
    deserialize_snapshot(wrap(payload + "extra"), cat, "x");
    FAIL() << "accepted trailing data";
  } catch (const DbError& e) {
    EXPECT_EQ(std::string(e.what()), "snapshot file \"x\" is corrupt: trailing data after the last table");
  }
}

}  // namespace
}  // namespace upsertdb
