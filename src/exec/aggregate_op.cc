// Hash aggregation. Groups are kept in first-seen order (ORDER BY, when
// given, is a SortOp above). Each aggregate either streams its inputs into an
// accumulator or, with DISTINCT or an inside-aggregate ORDER BY, buffers them
// and replays them sorted/deduplicated when the group is finished.
#include <algorithm>

#include "exec/aggregates.h"
#include "exec/operator.h"

namespace upsertdb {

namespace {

// One aggregate of one group.
struct AggState {
  std::unique_ptr<Accumulator> acc;
  std::vector<Row> buffered;   // args followed by order keys, when buffering
};

bool needs_buffer(const AggregateSpec& spec) { return spec.distinct || !spec.order_by.empty(); }

void replay(const AggregateSpec& spec, AggState& st) {
  const size_t nargs = spec.args.size();
  auto& rows = st.buffered;
  if (!spec.order_by.empty()) {
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      for (size_t k = 0; k < spec.order_by.size(); ++k) {
        bool desc = k < spec.order_desc.size() && spec.order_desc[k];
        const Value& x = a[nargs + k];
        const Value& y = b[nargs + k];
        // PostgreSQL's defaults: NULLS LAST ascending, NULLS FIRST descending.
        int c = (x.is_null() || y.is_null()) ? compare_nullable(x, y, desc) : compare_values(x, y) * (desc ? -1 : 1);
        if (c != 0) return c < 0;
      }
      return false;
    });
  }
  RowSet seen;
  for (Row& r : rows) {
    if (spec.distinct) {
      Row args(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(nargs));
      if (!seen.insert(args).second) continue;
    }
    st.acc->add(r.data());
  }
  rows.clear();
}

}  // namespace

void AggregateOp::open(ExecContext& ctx) {
  child->open(ctx);
  results_.clear();
  pos_ = 0;

  RowSet groups;
  std::vector<std::vector<AggState>> states;
  auto new_group_states = [&]() {
    std::vector<AggState> s(aggs.size());
    for (size_t a = 0; a < aggs.size(); ++a) s[a].acc = make_accumulator(aggs[a]);
    states.push_back(std::move(s));
  };

  Row in, key, args;
  while (child->next(ctx, in)) {
    key.clear();
    for (const auto& g : group_by) key.push_back(g->eval(in, ctx));
    auto [gi, added] = groups.insert(key);
    if (added) new_group_states();
    for (size_t a = 0; a < aggs.size(); ++a) {
      const AggregateSpec& spec = aggs[a];
      if (spec.filter && !eval_predicate(*spec.filter, in, ctx)) continue;
      args.clear();
      for (const auto& e : spec.args) args.push_back(e->eval(in, ctx));
      AggState& st = states[gi][a];
      if (needs_buffer(spec)) {
        for (const auto& e : spec.order_by) args.push_back(e->eval(in, ctx));
        st.buffered.push_back(args);
      } else {
        st.acc->add(args.data());
      }
    }
  }
  // Without GROUP BY there is always exactly one group, even over no rows.
  if (group_by.empty() && groups.size() == 0) {
    groups.insert(Row{});
    new_group_states();
  }

  results_.reserve(groups.size());
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    Row out = groups.rows()[gi];
    for (size_t a = 0; a < aggs.size(); ++a) {
      AggState& st = states[gi][a];
      if (needs_buffer(aggs[a])) replay(aggs[a], st);
      Value v = st.acc->finish();
      if (v.is_null()) v = Value::null(aggs[a].result.id);
      out.push_back(std::move(v));
    }
    results_.push_back(std::move(out));
  }
}

bool AggregateOp::next(ExecContext& ctx, Row& out) {
  if (pos_ >= results_.size()) return false;
  out = std::move(results_[pos_++]);
  return true;
}

}  // namespace upsertdb
