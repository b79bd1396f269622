// COPY ... FROM STDIN: an operator that turns the channel's data into rows of
// the copied columns, under an InsertOp that writes them exactly as INSERT.
#include <algorithm>
#include <mutex>
#include <optional>

#include "common/error.h"
#include "exec/copy_codec.h"
#include "exec/copy_exec.h"
#include "exec/dml_ops.h"
#include "exec/table_writer.h"

namespace upsertdb {

namespace {

// Reads with the engine latch released, so other sessions run while this one
// waits for its client; the latch is held again before anything else happens.
bool read_unlatched(ExecContext& ctx, CopyChannel& channel, std::string& chunk) {
  std::unique_lock<std::mutex>* latch = ctx.latch;
  if (!latch || !latch->owns_lock()) return channel.read(chunk);
  latch->unlock();
  struct Relock {
    std::unique_lock<std::mutex>* latch;
    ~Relock() { latch->lock(); }
  } relock{latch};
  return channel.read(chunk);
}

class CopyRowsOp : public Operator {
 public:
  CopyRowsOp(const CopyOptions& opts, CopyChannel& channel, std::string table_name, std::vector<Type> types,
             std::vector<std::string> names, std::vector<bool> force_not_null, std::vector<bool> force_null)
      : opts_(opts), channel_(channel), reader_(opts_), table_name_(std::move(table_name)), types_(std::move(types)),
        names_(std::move(names)), force_not_null_(std::move(force_not_null)), force_null_(std::move(force_null)) {}

  void open(ExecContext&) override {}

  bool next(ExecContext& ctx, Row& out) override {
    note_inserted_rows(ctx);   // the InsertOp above wrote the previous row before asking for this one
    try {
      return next_copied(ctx, out);
    } catch (DbError& e) {
      // Field conversions name their column already; everything else is about the line.
      if (e.fields().context.empty()) e.add_context(line_context(true));
      throw;
    }
  }

  // Records which line the rows written since the last call came from, through
  // the unique checks they queued (one or more per row, in row id order).
  void note_inserted_rows(const ExecContext& ctx) {
    for (; noted_ < ctx.unique_checks.size(); ++noted_) {
      RowId id = ctx.unique_checks[noted_].row;
      if (!row_lines_.empty() && row_lines_.back().first == id) continue;
      row_lines_.emplace_back(id, produced_line_);
    }
  }

  // The line a row this COPY wrote came from (nullopt for any other row).
  std::optional<uint64_t> line_of(RowId id) const {
    auto it = std::lower_bound(row_lines_.begin(), row_lines_.end(), std::make_pair(id, uint64_t{0}));
    if (it == row_lines_.end() || it->first != id) return std::nullopt;
    return it->second;
  }

  // PostgreSQL's CopyFromErrorCallback for an error about the current row: its line
  // number and, when `with_text`, the line itself (cut to 100 bytes).
  std::string line_context(bool with_text) const {
    std::string c = "COPY " + table_name_ + ", line " + std::to_string(reader_.line_number());
    if (with_text && row_valid_) c += ": \"" + printout(row_) + "\"";
    return c;
  }

  // Reads what the client still sends after the end marker (PostgreSQL
  // ignores it) so the channel ends at CopyDone.
  void drain(ExecContext& ctx) {
    std::string chunk;
    while (!input_done_ && read_unlatched(ctx, channel_, chunk)) {
    }
    input_done_ = true;
  }

 private:
  // PostgreSQL's limit_printout_length: at most 100 bytes, whole characters, then "...".
  static std::string printout(const std::string& s) {
    constexpr size_t kMax = 100;
    if (s.size() <= kMax) return s;
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut) + "...";
  }

  bool next_copied(ExecContext& ctx, Row& out) {
    for (;;) {
      row_valid_ = false;
      if (!next_row(ctx)) return false;
      row_valid_ = true;
      if (first_ && opts_.header != CopyHeader::kNone) {
        first_ = false;
        if (opts_.header == CopyHeader::kMatch) {
          split(row_);
          check_header_fields(fields_, names_, opts_);
        }
        continue;
      }
      first_ = false;
      break;
    }
    produced_line_ = reader_.line_number();
    ctx.check_interrupts();
    split(row_);
    if (!types_.empty() && fields_.size() > types_.size())
      throw DbError("22P04", "extra data after last expected column");
    out.resize(types_.size());
    for (size_t i = 0; i < types_.size(); ++i) {
      if (i >= fields_.size()) throw DbError("22P04", "missing data for column \"" + names_[i] + "\"");
      CopyField& f = fields_[i];
      if (opts_.csv()) {
        if (!f && force_not_null_[i]) f = opts_.null_string;
        else if (f && force_null_[i] && *f == opts_.null_string) f.reset();
      }
      try {
        out[i] = f ? value_from_text(*f, types_[i]) : Value::null(types_[i].id);
      } catch (DbError& e) {
        e.add_context("COPY " + table_name_ + ", line " + std::to_string(reader_.line_number()) + ", column " +
                      names_[i] + ": " + (f ? "\"" + printout(*f) + "\"" : std::string("null input")));
        throw;
      }
    }
    return true;
  }

  bool next_row(ExecContext& ctx) {
    for (;;) {
      switch (reader_.next(row_)) {
        case CopyLineReader::Status::kRow: return true;
        case CopyLineReader::Status::kEnd: drain(ctx); return false;
        case CopyLineReader::Status::kNeedMore: break;
      }
      std::string chunk;
      if (input_done_ || !read_unlatched(ctx, channel_, chunk)) {
        input_done_ = true;
        reader_.finish();
      } else {
        reader_.feed(chunk);
      }
      ctx.check_interrupts();
    }
  }

  void split(const std::string& row) {
    check_copy_utf8(row);
    if (opts_.csv()) split_csv_row(row, opts_, fields_);
    else split_text_row(row, opts_, fields_);
  }

  const CopyOptions opts_;
  CopyChannel& channel_;
  CopyLineReader reader_;
  const std::string table_name_;
  std::vector<Type> types_;
  std::vector<std::string> names_;
  std::vector<bool> force_not_null_, force_null_;
  bool first_ = true;
  bool input_done_ = false;
  bool row_valid_ = false;    // row_ holds the row being converted or inserted
  uint64_t produced_line_ = 0;                        // line of the row last handed to the InsertOp
  size_t noted_ = 0;                                  // ctx.unique_checks entries already attributed
  std::vector<std::pair<RowId, uint64_t>> row_lines_;   // (row id, line), row ids ascending
  std::string row_;
  std::vector<CopyField> fields_;
};

}  // namespace

uint64_t copy_from(const ast::CopyStmt& stmt, const CopyOptions& opts, ExecContext& ctx, CopyChannel& channel) {
  if (stmt.query) throw DbError(sqlstate::kSyntaxError, "COPY FROM requires a table");
  std::shared_ptr<TableInfo> table;
  if (stmt.table.schema.empty() || stmt.table.schema == "public")
    table = ctx.catalog->table(stmt.table.schema, stmt.table.name);
  if (!table) {
    auto kind = ctx.catalog->relation_kind(stmt.table.schema, stmt.table.name);
    if (kind == RelKind::kSequence)
      throw DbError(sqlstate::kWrongObjectType, "cannot copy to sequence \"" + stmt.table.name + "\"");
    if (kind) throw DbError(sqlstate::kWrongObjectType, "cannot copy to non-table relation \"" + stmt.table.name + "\"");
    std::string shown = stmt.table.schema.empty() ? stmt.table.name : stmt.table.schema + "." + stmt.table.name;
    throw DbError(sqlstate::kUndefinedTable, "relation \"" + shown + "\" does not exist");
  }
  std::vector<int> cols = copy_column_positions(*table, stmt.columns);
  std::vector<Type> types;
  std::vector<std::string> names;
  for (int c : cols) {
    types.push_back(table->columns[static_cast<size_t>(c)].type);
    names.push_back(table->columns[static_cast<size_t>(c)].name);
  }
  auto force_not_null = copy_force_flags(opts.force_not_null, "FORCE_NOT_NULL", names, table.get());
  auto force_null = copy_force_flags(opts.force_null, "FORCE_NULL", names, table.get());

  auto rows = std::make_shared<CopyRowsOp>(opts, channel, table->name, types, names, std::move(force_not_null),
                                           std::move(force_null));
  InsertOp insert;
  insert.table = table;
  insert.source = rows;
  insert.target_cols = cols;
  channel.begin_in(CopyStart{opts.csv(), cols.size()});
  insert.open(ctx);
  Row out;
  try {
    while (insert.next(ctx, out)) {
    }
  } catch (DbError& e) {
    // A row the reader produced failed on insert. PostgreSQL batches COPY's rows: a
    // unique violation surfaces at the batch flush, where only the line number is
    // known; foreign keys are checked after the last row, outside COPY's context.
    if (e.fields().context.empty() && e.sqlstate() != sqlstate::kForeignKeyViolation)
      e.add_context(rows->line_context(e.sqlstate() != sqlstate::kUniqueViolation));
    throw;
  }
  // Unique keys are checked when the statement ends, but PostgreSQL checks each row
  // as it inserts it and names that row's line (no text: the check happens at a
  // batch flush). So COPY runs the checks itself while the lines are known: the
  // later of the two rows holding a key is the one PostgreSQL would have refused.
  rows->note_inserted_rows(ctx);
  run_unique_checks(ctx, [&](DbError& e, RowId mine, RowId holder) {
    std::optional<uint64_t> line = rows->line_of(mine), other = rows->line_of(holder);
    if (!line) return;
    e.add_context("COPY " + table->name + ", line " + std::to_string(other ? std::max(*line, *other) : *line));
  });
  return insert.affected;
}

}  // namespace upsertdb
