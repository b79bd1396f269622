#include "exec/project_set_op.h"

namespace upsertdb {

void ProjectSetOp::open(ExecContext& ctx) {
  child->open(ctx);
  pos_ = length_ = 0;
}

bool ProjectSetOp::next(ExecContext& ctx, Row& out) {
  while (pos_ >= length_) {
    if (!child->next(ctx, in_)) return false;
    series_.clear();
    length_ = 0;
    pos_ = 0;
    for (const Srf& srf : srfs) {
      GenerateSeriesOp gs;
      gs.function = srf.function;
      for (const auto& a : srf.args) gs.args.push_back(std::make_shared<ConstExpr>(a->eval(in_, ctx), a->type));
      gs.columns.push_back(ColumnDesc{"generate_series", srf.type});
      gs.open(ctx);
      std::vector<Value> values;
      Row r;
      while (gs.next(ctx, r)) values.push_back(r[0]);
      length_ = std::max(length_, values.size());
      series_.push_back(std::move(values));
    }
  }
  out = in_;
  for (size_t k = 0; k < srfs.size(); ++k)
    out.push_back(pos_ < series_[k].size() ? series_[k][pos_] : Value::null(srfs[k].type.id));
  ++pos_;
  return true;
}

}  // namespace upsertdb
