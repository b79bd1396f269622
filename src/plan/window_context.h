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

struct WindowContext {
  Scope* input = nullptr;                  // the scope window arguments are bound in
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
