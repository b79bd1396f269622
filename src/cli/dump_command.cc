// `upsertdb dump DIR [-f FILE] [-q]`: writes a plain SQL script that recreates
// the database — PostgreSQL 15's psql loads it unchanged, and so does UpsertDB
// (`upsertdb sql NEWDIR -f dump.sql`, or psql against `upsertdb serve`).
//
// The script follows pg_dump's order, so that loading it is fast and never
// trips over a constraint half-way:
//   SET lines; CREATE SEQUENCE (free-standing and serial ones); CREATE TABLE
//   (columns, types, NOT NULL, DEFAULTs, identity columns with their sequence
//   options); ALTER SEQUENCE ... OWNED BY; per table COPY ... FROM stdin with
//   the rows in text format; setval of every sequence; PRIMARY KEY / UNIQUE /
//   CHECK constraints; other indexes; FOREIGN KEYs last.
// Expressions (defaults, CHECKs, index expressions and predicates) are the
// catalog's stored texts, already in PostgreSQL's deparsed form. Rows are
// read with COPY ... TO STDOUT in one REPEATABLE READ transaction, so they
// come from one snapshot and through the same text codec as COPY itself.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "common/error.h"
#include "engine/engine.h"
#include "engine/session.h"
#include "exec/copy_channel.h"
#include "format/error_report.h"
#include "functions/fn_util.h"
#include "types/type.h"

namespace upsertdb::cli {

namespace {

const char* kDumpUsage =
    "upsertdb dump writes a database as a plain SQL script (schema, data, sequences,\n"
    "constraints, indexes) that PostgreSQL's psql and UpsertDB both load.\n"
    "\n"
    "Usage:\n"
    "  upsertdb dump DIR [-f FILE] [-q]\n"
    "\n"
    "  DIR                       data directory to dump (opened read-only; the server\n"
    "                            must not be running on it)\n"
    "  -f, --file=FILE           write the script to FILE instead of standard output\n"
    "  -q, --quiet               no progress messages on standard error\n"
    "  --help                    show this help, then exit\n"
    "\n"
    "Load the script with: psql -v ON_ERROR_STOP=1 -f FILE   (into an empty database)\n"
    "                  or: upsertdb sql NEWDIR -f FILE\n";

constexpr uint64_t kProgressEvery = 1000000;   // rows between progress lines

std::string ident(std::string_view name) { return fn::quote_identifier(name); }

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string column_list(const TableInfo& t, const std::vector<int>& cols) {
  std::vector<std::string> names;
  for (int c : cols) names.push_back(ident(t.columns.at(static_cast<size_t>(c)).name));
  return join(names, ", ");
}

std::vector<int> visible_columns(const TableInfo& t) {
  std::vector<int> cols;
  for (size_t i = 0; i < t.columns.size(); ++i)
    if (!t.columns[i].dropped) cols.push_back(static_cast<int>(i));
  return cols;
}

std::string deferrable_clause(bool deferrable, bool initially_deferred) {
  std::string s;
  if (deferrable) s += " DEFERRABLE";
  if (initially_deferred) s += " INITIALLY DEFERRED";
  return s;
}

const char* fk_action(char a) {
  switch (a) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return nullptr;   // 'a' NO ACTION is the default and not written
  }
}

// The options CREATE SEQUENCE and an identity column's (...) share. Bounds
// are always written: explicit values mean the same on both sides whatever
// the sequence's type. An identity sequence takes its column's type (AS is an
// error there), hence `with_type`.
std::string sequence_options(const SequenceInfo& s, const char* indent, bool with_type = true) {
  std::string o;
  auto line = [&](const std::string& text) {
    o += "\n";
    o += indent;
    o += text;
  };
  if (with_type && s.type.id != TypeId::kInt8) line("AS " + type_display_name(s.type));
  line("START WITH " + std::to_string(s.start));
  line("INCREMENT BY " + std::to_string(s.increment));
  line("MINVALUE " + std::to_string(s.min_value));
  line("MAXVALUE " + std::to_string(s.max_value));
  line("CACHE " + std::to_string(s.cache));
  if (s.cycle) line("CYCLE");
  return o;
}

// Whether `s` is an identity column's sequence (created by the column's
// GENERATED ... AS IDENTITY, not by CREATE SEQUENCE).
bool is_identity_sequence(const Catalog& cat, const SequenceInfo& s) {
  if (s.owner_table == 0 || s.owner_column < 0) return false;
  auto t = cat.table_by_oid(s.owner_table);
  if (!t || static_cast<size_t>(s.owner_column) >= t->columns.size()) return false;
  const ColumnInfo& c = t->columns[static_cast<size_t>(s.owner_column)];
  return c.identity != 0 && c.owned_sequence == s.name;
}

// CREATE TABLE, plus ALTER SEQUENCE ... RENAME for an identity sequence whose
// name is not the one the column will get when the script runs (it was
// renamed): UpsertDB does not take SEQUENCE NAME in the identity options.
std::string create_table(const Catalog& cat, const TableInfo& t) {
  std::vector<std::string> lines;
  std::string renames;
  for (int i : visible_columns(t)) {
    const ColumnInfo& c = t.columns[static_cast<size_t>(i)];
    std::string l = "    " + ident(c.name) + " " + type_display_name(c.type);
    if (c.not_null) l += " NOT NULL";
    if (c.identity != 0) {
      l += c.identity == 'a' ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY";
      auto seq = cat.sequence("", c.owned_sequence);
      if (seq) {
        l += " (" + sequence_options(*seq, "        ", false) + "\n    )";
        std::string implicit_name = cat.choose_name(t.name, c.name, "seq", false);
        if (implicit_name != seq->name)
          renames += "ALTER SEQUENCE " + ident(implicit_name) + " RENAME TO " + ident(seq->name) + ";\n\n";
      }
    } else if (!c.default_text.empty()) {
      l += " DEFAULT " + c.default_text;
    }
    lines.push_back(l);
  }
  std::string body = lines.empty() ? "" : join(lines, ",\n") + "\n";
  return "CREATE TABLE " + ident(t.name) + " (\n" + body + ");\n\n" + renames;
}

// PRIMARY KEY / UNIQUE / CHECK, as pg_get_constraintdef writes them.
std::string key_or_check_definition(const TableInfo& t, const ConstraintInfo& c) {
  if (c.kind == ConstraintKind::kCheck) return "CHECK (" + c.check_text + ")";
  std::string s = c.kind == ConstraintKind::kPrimaryKey ? "PRIMARY KEY" : "UNIQUE";
  for (const auto& ix : t.indexes)
    if (ix->name == c.index_name && ix->nulls_not_distinct) s += " NULLS NOT DISTINCT";
  s += " (" + column_list(t, c.columns) + ")";
  return s + deferrable_clause(c.deferrable, c.initially_deferred);
}

std::string foreign_key_definition(const Catalog& cat, const TableInfo& t, const ConstraintInfo& c) {
  auto ref = cat.table_by_oid(c.ref_table);
  if (!ref) throw std::runtime_error("foreign key \"" + c.name + "\" references a missing table");
  std::string s = "FOREIGN KEY (" + column_list(t, c.columns) + ") REFERENCES " + ident(ref->name) + "(" +
                  column_list(*ref, c.ref_columns) + ")";
  if (c.match_type == 'f') s += " MATCH FULL";
  if (const char* a = fk_action(c.on_update)) s += std::string(" ON UPDATE ") + a;
  if (const char* a = fk_action(c.on_delete)) s += std::string(" ON DELETE ") + a;
  return s + deferrable_clause(c.deferrable, c.initially_deferred);
}

std::string add_constraint(const TableInfo& t, const ConstraintInfo& c, const std::string& definition) {
  return "ALTER TABLE ONLY " + ident(t.name) + "\n    ADD CONSTRAINT " + ident(c.name) + " " + definition +
         ";\n\n";
}

// CREATE INDEX for an index that backs no constraint (pg_get_indexdef).
std::string create_index(const TableInfo& t, const IndexInfo& ix) {
  std::vector<std::string> keys;
  for (size_t k = 0; k < ix.columns.size(); ++k) {
    int c = ix.columns[k];
    // An expression key is parenthesised, which is always valid syntax.
    std::string key = c >= 0 ? ident(t.columns.at(static_cast<size_t>(c)).name) : "(" + ix.expr_texts.at(k) + ")";
    if (k < ix.descending.size() && ix.descending[k]) key += " DESC";
    keys.push_back(key);
  }
  std::string s = std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + ident(ix.name) + " ON " +
                  ident(t.name) + " USING btree (" + join(keys, ", ") + ")";
  if (ix.nulls_not_distinct) s += " NULLS NOT DISTINCT";
  if (!ix.predicate_text.empty()) s += " WHERE " + ix.predicate_text;
  return s + ";\n\n";
}

// Output with error checking: a full disk must fail the dump, not truncate it.
class Output {
 public:
  explicit Output(std::FILE* f) : f_(f) {}
  void put(std::string_view s) {
    if (!s.empty() && std::fwrite(s.data(), 1, s.size(), f_) != s.size()) fail();
  }
  void flush() {
    if (std::fflush(f_) != 0) fail();
  }
  [[noreturn]] void fail() { throw std::runtime_error(std::string("could not write the dump: ") + std::strerror(errno)); }

 private:
  std::FILE* f_;
};

// Receives COPY ... TO STDOUT rows and writes them straight to the output,
// counting rows for the progress messages. In text format a raw newline only
// ends a row (newlines inside values are escaped as \n).
class DumpChannel : public CopyChannel {
 public:
  DumpChannel(Output& out, bool quiet) : out_(out), quiet_(quiet) {}
  void start_table(const std::string& name) {
    table_ = name;
    rows_ = 0;
  }
  uint64_t rows() const { return rows_; }

  void begin_in(const CopyStart&) override { throw std::logic_error("dump: unexpected COPY FROM"); }
  bool read(std::string&) override { return false; }
  void begin_out(const CopyStart&) override {}
  void write(std::string_view data) override {
    out_.put(data);
    for (char ch : data) {
      if (ch != '\n') continue;
      if (++rows_ % kProgressEvery == 0 && !quiet_)
        std::fprintf(stderr, "dump: table %s: %llu rows\n", table_.c_str(), static_cast<unsigned long long>(rows_));
    }
  }
  void end_out() override {}

 private:
  Output& out_;
  bool quiet_;
  std::string table_;
  uint64_t rows_ = 0;
};

void write_dump(Engine& engine, Output& out, bool quiet) {
  const Catalog& cat = engine.catalog();
  Session session(engine);
  DumpChannel channel(out, quiet);
  session.set_copy_channel(&channel);
  session.execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");

  out.put(
      "--\n-- UpsertDB database dump\n--\n\n"
      "SET client_encoding = 'UTF8';\n"
      "SET standard_conforming_strings = on;\n\n");

  // Sequences that CREATE SEQUENCE makes (identity ones come with their column).
  std::vector<std::shared_ptr<SequenceInfo>> sequences;
  for (const auto& [name, s] : cat.sequences()) sequences.push_back(s);
  for (const auto& s : sequences) {
    if (is_identity_sequence(cat, *s)) continue;
    out.put("CREATE SEQUENCE " + ident(s->name) + sequence_options(*s, "    ") + ";\n\n");
  }

  for (const auto& [name, t] : cat.tables()) out.put(create_table(cat, *t));

  for (const auto& s : sequences) {
    if (s->owner_table == 0 || is_identity_sequence(cat, *s)) continue;
    auto t = cat.table_by_oid(s->owner_table);
    if (!t || s->owner_column < 0) continue;
    out.put("ALTER SEQUENCE " + ident(s->name) + " OWNED BY " + ident(t->name) + "." +
            ident(t->columns.at(static_cast<size_t>(s->owner_column)).name) + ";\n\n");
  }

  for (const auto& [name, t] : cat.tables()) {
    // A table without columns still has rows (empty lines); "()" would be a syntax error.
    std::vector<int> visible = visible_columns(*t);
    std::string target = ident(t->name) + (visible.empty() ? "" : " (" + column_list(*t, visible) + ")");
    out.put("COPY " + target + " FROM stdin;\n");
    channel.start_table(t->name);
    session.execute("COPY " + target + " TO STDOUT");
    out.put("\\.\n\n");
    if (!quiet)
      std::fprintf(stderr, "dump: table %s: %llu rows\n", t->name.c_str(),
                   static_cast<unsigned long long>(channel.rows()));
  }

  // Sequence state is not transactional (as in PostgreSQL): what the catalog
  // holds now is what nextval would continue from.
  for (const auto& s : sequences) {
    out.put("SELECT pg_catalog.setval(" + fn::quote_literal_text(ident(s->name)) + ", " +
            std::to_string(s->last_value) + ", " + (s->is_called ? "true" : "false") + ");\n\n");
  }

  for (const auto& [name, t] : cat.tables())
    for (const auto& c : t->constraints)
      if (c.kind != ConstraintKind::kForeignKey) out.put(add_constraint(*t, c, key_or_check_definition(*t, c)));

  for (const auto& [name, t] : cat.tables())
    for (const auto& ix : t->indexes)
      if (ix->constraint_name.empty() && !ix->primary) out.put(create_index(*t, *ix));

  for (const auto& [name, t] : cat.tables())
    for (const auto& c : t->constraints)
      if (c.kind == ConstraintKind::kForeignKey) out.put(add_constraint(*t, c, foreign_key_definition(cat, *t, c)));

  out.put("--\n-- UpsertDB database dump complete\n--\n\n");
  session.execute("COMMIT");
}

}  // namespace

int run_dump(const std::vector<std::string>& args) {
  std::string dir, file;
  bool have_dir = false, quiet = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kDumpUsage, stdout);
      return 0;
    } else if (a == "-f" || a == "--file") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "upsertdb dump: option %s needs an argument\n", a.c_str());
        return 2;
      }
      file = args[++i];
    } else if (a.rfind("--file=", 0) == 0) {
      file = a.substr(7);
    } else if (a == "-q" || a == "--quiet") {
      quiet = true;
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "upsertdb dump: unknown option \"%s\"\nTry \"upsertdb dump --help\".\n", a.c_str());
      return 2;
    } else if (!have_dir) {
      dir = a;
      have_dir = true;
    } else {
      std::fprintf(stderr, "upsertdb dump: unexpected argument \"%s\"\nTry \"upsertdb dump --help\".\n", a.c_str());
      return 2;
    }
  }
  if (!have_dir || dir.empty()) {
    std::fprintf(stderr, "upsertdb dump: no data directory given\nTry \"upsertdb dump --help\".\n");
    return 2;
  }
  // Opening an Engine creates a missing directory; a dump must not.
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    std::fprintf(stderr, "upsertdb dump: data directory \"%s\" does not exist\n", dir.c_str());
    return 1;
  }

  std::unique_ptr<Engine> engine;
  try {
    // A dump reads: no checkpoint at close. Opening still recovers after a
    // crash (in memory; a torn log tail is cut off as at any start).
    EngineOptions options;
    options.checkpoint_at_shutdown = false;
    if (quiet) options.log = [](const std::string&) {};
    engine = std::make_unique<Engine>(dir, options);
  } catch (const DbError& e) {
    std::fputs(format::format_error_report(e.fields(), "").c_str(), stderr);
    if (e.fields().sqlstate == "55006")
      std::fputs("upsertdb dump: stop the server or dump through it (psql -c \"COPY t TO STDOUT\")\n", stderr);
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "upsertdb dump: cannot open database \"%s\": %s\n", dir.c_str(), e.what());
    return 1;
  }

  std::FILE* f = stdout;
  if (!file.empty()) {
    f = std::fopen(file.c_str(), "w");
    if (!f) {
      std::fprintf(stderr, "upsertdb dump: could not open \"%s\" for writing: %s\n", file.c_str(),
                   std::strerror(errno));
      return 1;
    }
  }
  static char buffer[1 << 16];
  std::setvbuf(f, buffer, _IOFBF, sizeof(buffer));
  int rc = 0;
  try {
    Output out(f);
    write_dump(*engine, out, quiet);
    out.flush();
  } catch (const DbError& e) {
    std::fputs(format::format_error_report(e.fields(), "").c_str(), stderr);
    rc = 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "upsertdb dump: %s\n", e.what());
    rc = 1;
  }
  if (f != stdout && std::fclose(f) != 0 && rc == 0) {
    std::fprintf(stderr, "upsertdb dump: could not write \"%s\": %s\n", file.c_str(), std::strerror(errno));
    rc = 1;
  }
  engine.reset();
  return rc;
}

}  // namespace upsertdb::cli
