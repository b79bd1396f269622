// WindowContext: the window function calls of one SELECT level while it is
// being bound. Each call becomes a WindowFunc of the level's WindowOp, whose
// output row is its input row (width `base`, only known once the level is bound:
// an aggregate's output grows as ORDER BY adds aggregates) followed by one value
// per call. References are created with a provisional slot and given
// base + index by place(), so every expression above the WindowOp reads them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/window_op.h"
#include "plan/binder.h"

namespace upsertdb {

// row_number, rank, ... lag, lead: functions that only exist as window functions.
bool is_window_function(const std::string& name);

using NamedWindows = std::vector<std::unique_ptr<ast::WindowDef>>;

// A window definition with named-window references resolved: pieces of the
// definitions it is made of (PostgreSQL's rules for OVER w, OVER (w ORDER BY
// ...) and WINDOW w2 AS (w ...); plan/window_resolve.cc).
struct WindowView {
  const std::vector<ast::ExprPtr>* partition_by = nullptr;
  const std::vector<ast::SortBy>* order_by = nullptr;
  int frame_options = 0;
  const ast::Expr* start_offset = nullptr;   // the frame's own (frames are never copied)
  const ast::Expr* end_offset = nullptr;
  int location = -1;   // where frame errors point
};

// `def` is an OVER clause (`over_clause`) or item `limit` of the WINDOW list,
// which may only refer to earlier items. 42704 for an unknown name, 42P20 for
// an override PostgreSQL refuses.
WindowView resolve_window(const ast::WindowDef& def, const NamedWindows& named, size_t limit, bool over_clause);
// 42P20 "window "w" is already defined" for a repeated WINDOW name.
void check_window_names(const NamedWindows& named);

struct WindowContext {
  Scope* input = nullptr;                  // the scope window arguments are bound in
  const NamedWindows* named = nullptr;     // the level's WINDOW clause
  std::vector<WindowSpec> windows;
  std::vector<std::string> window_fps;     // fingerprints of windows (identical OVER clauses share one)
  std::vector<WindowFunc> funcs;
  std::vector<std::shared_ptr<ColumnExpr>> refs;   // refs[i] reads funcs[i]
  bool in_args = false;                    // binding a call's arguments or OVER clause

  // Provisional slots sit far above any real row width until place() runs.
  static constexpr int kProvisional = 1 << 24;

  // Gives the references their final slots and fills in `op`.
  void place(WindowOp& op, size_t base, const std::vector<ColumnDesc>& input_columns) {
    op.base = base;
    op.windows = windows;
    op.funcs = funcs;
    op.columns = input_columns;
    op.columns.resize(base);
    for (size_t i = 0; i < refs.size(); ++i) {
      refs[i]->index = static_cast<int>(base + i);
      op.columns.push_back(ColumnDesc{"window", funcs[i].result});
    }
  }
};

}  // namespace upsertdb
