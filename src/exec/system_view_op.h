// System views: relations whose rows are computed from engine state when the
// statement runs (upsertdb_stat_conflicts), not stored. The binder resolves
// their names after user tables, so a user table of the same name wins.
#pragma once

#include <functional>
#include <string>

#include "exec/operator.h"

namespace upsertdb {

class SystemViewOp : public Operator {
 public:
  std::function<std::vector<Row>(ExecContext&)> generate;
  void open(ExecContext& ctx) override {
    rows_ = generate(ctx);
    pos_ = 0;
  }
  bool next(ExecContext&, Row& out) override {
    if (pos_ >= rows_.size()) return false;
    out = rows_[pos_++];
    return true;
  }

 private:
  std::vector<Row> rows_;
  size_t pos_ = 0;
};

// The system view of this name (columns and generator), or null.
std::shared_ptr<SystemViewOp> make_system_view(const std::string& name);
// SELECT ... FROM a_sequence: its one row (last_value, log_cnt, is_called), read when the statement runs.
std::shared_ptr<SystemViewOp> make_sequence_view(std::shared_ptr<SequenceInfo> seq);

}  // namespace upsertdb
