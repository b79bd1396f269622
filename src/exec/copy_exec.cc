// COPY: statement checks shared by both directions, and COPY ... TO STDOUT.
#include "exec/copy_exec.h"

#include <algorithm>

#include "common/error.h"
#include "exec/copy_codec.h"
#include "plan/binder.h"
#include "sql/parser.h"

namespace upsertdb {

namespace {

std::shared_ptr<TableInfo> copy_table(ExecContext& ctx, const ast::RangeVar& rv) {
  std::shared_ptr<TableInfo> t;
  if (rv.schema.empty() || rv.schema == "public") t = ctx.catalog->table(rv.schema, rv.name);
  if (t) return t;
  auto kind = rv.schema.empty() || rv.schema == "public" ? ctx.catalog->relation_kind(rv.schema, rv.name)
                                                          : std::nullopt;
  if (kind == RelKind::kSequence) throw DbError(sqlstate::kWrongObjectType, "cannot copy from sequence \"" + rv.name + "\"");
  if (kind == RelKind::kView)
    throw DbError(sqlstate::kWrongObjectType, "cannot copy from view \"" + rv.name + "\"")
        .hint("Try the COPY (SELECT ...) TO variant.");
  if (kind) throw DbError(sqlstate::kWrongObjectType, "cannot copy from non-table relation \"" + rv.name + "\"");
  return nullptr;
}

// The rows COPY TO writes: a query over the table's copied columns, or the
// statement's own query. Relations that are not user tables (pg_catalog
// views) are read through SELECT * as well.
BoundStatement bind_copy_source(const ast::CopyStmt& stmt, ExecContext& ctx, std::vector<std::string>& names,
                                std::shared_ptr<TableInfo>& table) {
  Binder binder(*ctx.catalog, nullptr);
  if (stmt.query) return binder.bind(*stmt.query);
  table = copy_table(ctx, stmt.table);
  auto select = std::make_unique<ast::SelectStmt>();
  if (table) {
    for (int c : copy_column_positions(*table, stmt.columns)) {
      ast::ResTarget target;
      target.expr = std::make_unique<ast::Expr>(ast::ExprKind::kColumnRef);
      target.expr->names = {table->columns[static_cast<size_t>(c)].name};
      select->targets.push_back(std::move(target));
    }
  } else {
    if (!stmt.columns.empty()) throw_not_supported("COPY of a system relation with a column list is not supported");
    ast::ResTarget star;
    star.expr = std::make_unique<ast::Expr>(ast::ExprKind::kColumnRef);
    star.expr->names = {"*"};
    select->targets.push_back(std::move(star));
  }
  auto from = std::make_unique<ast::FromItem>(ast::FromItem::Kind::kTable);
  from->table = stmt.table;
  from->table.location = -1;   // PostgreSQL reports COPY's relation errors without a position
  select->from.push_back(std::move(from));
  try {
    return binder.bind(*select);
  } catch (DbError& e) {
    e.fields().position = 0;
    throw;
  }
}

uint64_t copy_to(const ast::CopyStmt& stmt, const CopyOptions& opts, ExecContext& ctx, CopyChannel& channel) {
  std::vector<std::string> names;
  std::shared_ptr<TableInfo> table;
  BoundStatement b = bind_copy_source(stmt, ctx, names, table);
  if (b.param_types && !b.param_types->empty())
    throw DbError(sqlstate::kUndefinedParameter, "there is no parameter $1");
  for (const auto& c : b.columns) names.push_back(c.name);
  std::vector<bool> force_quote = opts.force_quote_all ? std::vector<bool>(names.size(), true)
                                                       : copy_force_flags(opts.force_quote, "FORCE_QUOTE", names,
                                                                          table.get());
  const bool single = names.size() == 1;
  std::string out;
  auto end_line = [&] {   // one CopyData per row, as PostgreSQL sends them
    out.push_back('\n');
    channel.write(out);
    out.clear();
  };
  auto append = [&](std::string_view text, size_t i) {
    if (i > 0) out.push_back(opts.delimiter);
    if (opts.csv()) append_csv_field(out, text, opts, force_quote[i], single);
    else append_text_field(out, text, opts.delimiter);
  };

  // Everything that can fail before the first row is checked by now;
  // PostgreSQL, too, announces the copy only once the query is planned.
  b.root->open(ctx);
  channel.begin_out(CopyStart{opts.csv(), names.size()});
  if (opts.header != CopyHeader::kNone) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (opts.csv()) {
        if (i > 0) out.push_back(opts.delimiter);
        append_csv_field(out, names[i], opts, false, single);
      } else {
        append(names[i], i);
      }
    }
    end_line();
  }
  uint64_t rows = 0;
  Row row;
  while (b.root->next(ctx, row)) {
    ctx.check_interrupts();
    for (size_t i = 0; i < row.size(); ++i) {
      if (row[i].is_null()) {
        if (i > 0) out.push_back(opts.delimiter);
        out.append(opts.null_string);
      } else {
        append(value_to_text(row[i]), i);
      }
    }
    end_line();
    ++rows;
  }
  channel.end_out();
  return rows;
}

}  // namespace

std::vector<int> copy_column_positions(const TableInfo& table, const std::vector<std::string>& names) {
  std::vector<int> cols;
  if (names.empty()) {
    for (size_t i = 0; i < table.columns.size(); ++i)
      if (!table.columns[i].dropped) cols.push_back(static_cast<int>(i));
    return cols;
  }
  for (const auto& n : names) {
    int c = table.find_column(n);
    if (c < 0)
      throw DbError(sqlstate::kUndefinedColumn, "column \"" + n + "\" of relation \"" + table.name + "\" does not exist");
    if (std::find(cols.begin(), cols.end(), c) != cols.end())
      throw DbError(sqlstate::kDuplicateColumn, "column \"" + n + "\" specified more than once");
    cols.push_back(c);
  }
  return cols;
}

std::vector<bool> copy_force_flags(const std::vector<std::string>& force_list, const char* option,
                                   const std::vector<std::string>& copied_names, const TableInfo* table) {
  std::vector<bool> flags(copied_names.size(), false);
  for (const auto& n : force_list) {
    bool exists = table ? table->find_column(n) >= 0
                        : std::find(copied_names.begin(), copied_names.end(), n) != copied_names.end();
    if (!exists)
      throw DbError(sqlstate::kUndefinedColumn,
                    table ? "column \"" + n + "\" of relation \"" + table->name + "\" does not exist"
                          : "column \"" + n + "\" does not exist");
    auto it = std::find(copied_names.begin(), copied_names.end(), n);
    if (it == copied_names.end())
      throw DbError(sqlstate::kInvalidColumnReference,
                    std::string(option) + " column \"" + n + "\" not referenced by COPY");
    flags[static_cast<size_t>(it - copied_names.begin())] = true;
  }
  return flags;
}

bool is_copy_from_stdin(std::string_view sql) {
  size_t i = sql.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || sql.size() - i < 4) return false;
  std::string head(sql.substr(i, 4));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (head != "copy") return false;   // cheap test before parsing
  try {
    auto statements = parse_sql(sql);
    if (statements.size() != 1 || statements[0].stmt->kind != ast::StmtKind::kCopy) return false;
    const auto& c = static_cast<const ast::CopyStmt&>(*statements[0].stmt);
    return c.is_from && c.filename.empty() && !c.is_program;
  } catch (const DbError&) {
    return false;   // runs as a statement and reports its error
  }
}

QueryResult execute_copy(const ast::CopyStmt& stmt, ExecContext& ctx, CopyChannel* channel) {
  if (stmt.is_program)
    throw DbError(sqlstate::kFeatureNotSupported, "COPY to or from an external program is not supported")
        .hint("Use COPY ... FROM STDIN or COPY ... TO STDOUT, or psql's \\copy.");
  if (!stmt.filename.empty())
    throw DbError(sqlstate::kFeatureNotSupported, "COPY to or from a file is not supported")
        .hint("Use COPY ... FROM STDIN or COPY ... TO STDOUT, or psql's \\copy.");
  if (stmt.has_where) throw_not_supported("COPY FROM ... WHERE is not supported");
  CopyOptions opts = resolve_copy_options(stmt.options, stmt.is_from);
  if (!channel)
    throw_not_supported(stmt.is_from ? "COPY FROM STDIN is not supported by this client interface"
                                     : "COPY TO STDOUT is not supported by this client interface");
  QueryResult r;
  r.affected = stmt.is_from ? copy_from(stmt, opts, ctx, *channel) : copy_to(stmt, opts, ctx, *channel);
  r.command_tag = "COPY " + std::to_string(r.affected);
  return r;
}

}  // namespace upsertdb
