// Nested-loop join (with an optional hash on equi-join keys). The inner side
// is materialised once per open(), or once per left row when it is LATERAL;
// the left row is then visible to it as the enclosing row (level 1).
// Unmatched rows of the outer side(s) are padded with NULLs.
#include <algorithm>

#include "exec/operator.h"

namespace upsertdb {

namespace {

class OuterPush {
 public:
  OuterPush(ExecContext& ctx, const Row* row) : ctx_(ctx) { ctx_.outer.push_back(row); }
  ~OuterPush() { ctx_.outer.pop_back(); }
  OuterPush(const OuterPush&) = delete;
  OuterPush& operator=(const OuterPush&) = delete;

 private:
  ExecContext& ctx_;
};

bool eval_keys(const std::vector<BExpr>& keys, const Row& row, ExecContext& ctx, Row& out) {
  out.clear();
  for (const auto& k : keys) {
    out.push_back(k->eval(row, ctx));
    if (out.back().is_null()) return false;   // NULL never equals anything
  }
  return true;
}

// NULLs typed as the operator's output columns (untyped past its descriptors).
void append_nulls(const Operator& op, size_t width, Row& out) {
  for (size_t i = 0; i < width; ++i) {
    out.push_back(i < op.columns.size() ? Value::null(op.columns[i].type.id) : Value());
  }
}

}  // namespace

// Fills inner_ (and the hash on right keys) from the right input.
static void materialise_inner(NestedLoopJoinOp& op, ExecContext& ctx, std::vector<Row>& inner,
                              std::unordered_multimap<uint64_t, size_t>& hash) {
  inner = collect_rows(*op.right, ctx);
  hash.clear();
  if (op.right_keys.empty()) return;
  Row key;
  for (size_t i = 0; i < inner.size(); ++i) {
    if (eval_keys(op.right_keys, inner[i], ctx, key)) hash.emplace(hash_row_prefix(key, key.size()), i);
  }
}

void NestedLoopJoinOp::open(ExecContext& ctx) {
  if (left_width == 0) left_width = left->columns.size();
  if (right_width == 0) right_width = right->columns.size();
  left->open(ctx);
  inner_.clear();
  hash_.clear();
  if (!lateral) materialise_inner(*this, ctx, inner_, hash_);
  inner_matched_.assign(inner_.size(), false);
  candidates_.clear();
  have_left_ = false;
  left_matched_ = false;
  inner_pos_ = 0;
  emitting_unmatched_right_ = false;
  left_done_ = false;
}

bool NestedLoopJoinOp::advance_left(ExecContext& ctx) {
  if (left_done_ || !left->next(ctx, left_row_)) {
    left_done_ = true;
    return false;
  }
  if (lateral) {
    OuterPush push(ctx, &left_row_);
    materialise_inner(*this, ctx, inner_, hash_);
    inner_matched_.assign(inner_.size(), false);
  }
  candidates_.clear();
  if (!left_keys.empty() && !right_keys.empty()) {
    Row key, other;
    if (eval_keys(left_keys, left_row_, ctx, key)) {
      auto range = hash_.equal_range(hash_row_prefix(key, key.size()));
      for (auto it = range.first; it != range.second; ++it) candidates_.push_back(it->second);
      // Verify the keys really are equal (hash collisions), keeping inner order.
      std::sort(candidates_.begin(), candidates_.end());
      std::vector<size_t> verified;
      for (size_t i : candidates_) {
        eval_keys(right_keys, inner_[i], ctx, other);
        bool eq = true;
        for (size_t k = 0; k < key.size() && eq; ++k) eq = values_equal(key[k], other[k]);
        if (eq) verified.push_back(i);
      }
      candidates_.swap(verified);
    }
  } else {
    candidates_.resize(inner_.size());
    for (size_t i = 0; i < inner_.size(); ++i) candidates_[i] = i;
  }
  inner_pos_ = 0;
  left_matched_ = false;
  have_left_ = true;
  return true;
}

bool NestedLoopJoinOp::next(ExecContext& ctx, Row& out) {
  const bool keep_left = join_type == Type::kLeft || join_type == Type::kFull;
  const bool keep_right = join_type == Type::kRight || join_type == Type::kFull;
  while (true) {
    ctx.check_interrupts();
    if (emitting_unmatched_right_) {
      while (inner_pos_ < inner_.size()) {
        size_t i = inner_pos_++;
        if (inner_matched_[i]) continue;
        out.clear();
        append_nulls(*left, left_width, out);
        out.insert(out.end(), inner_[i].begin(), inner_[i].end());
        return true;
      }
      return false;
    }
    if (!have_left_ && !advance_left(ctx)) {
      if (keep_right && !lateral) {
        emitting_unmatched_right_ = true;
        inner_pos_ = 0;
        continue;
      }
      return false;
    }
    while (inner_pos_ < candidates_.size()) {
      size_t i = candidates_[inner_pos_++];
      out = left_row_;
      out.insert(out.end(), inner_[i].begin(), inner_[i].end());
      if (condition && join_type != Type::kCross && !eval_predicate(*condition, out, ctx)) continue;
      left_matched_ = true;
      inner_matched_[i] = true;
      return true;
    }
    have_left_ = false;
    if (keep_left && !left_matched_) {
      out = left_row_;
      append_nulls(*right, right_width, out);
      return true;
    }
  }
}

}  // namespace upsertdb
