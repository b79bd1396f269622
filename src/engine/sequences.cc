// Sequence arithmetic with PostgreSQL's bounds, cycling and error texts.
#include "engine/sequences.h"

#include <string>

#include "common/error.h"

namespace upsertdb {

int64_t sequence_nextval(SequenceInfo& seq) {
  if (!seq.is_called) {
    seq.is_called = true;
    return seq.last_value;
  }
  int64_t next;
  bool overflow = __builtin_add_overflow(seq.last_value, seq.increment, &next);
  if (seq.increment > 0 && (overflow || next > seq.max_value)) {
    if (!seq.cycle) {
      throw DbError("2200H", "nextval: reached maximum value of sequence \"" + seq.name + "\" (" +
                                 std::to_string(seq.max_value) + ")");
    }
    next = seq.min_value;
  } else if (seq.increment < 0 && (overflow || next < seq.min_value)) {
    if (!seq.cycle) {
      throw DbError("2200H", "nextval: reached minimum value of sequence \"" + seq.name + "\" (" +
                                 std::to_string(seq.min_value) + ")");
    }
    next = seq.max_value;
  }
  seq.last_value = next;
  return next;
}

void sequence_setval(SequenceInfo& seq, int64_t value, bool is_called) {
  if (value < seq.min_value || value > seq.max_value) {
    throw DbError(sqlstate::kNumericValueOutOfRange,
                  "setval: value " + std::to_string(value) + " is out of bounds for sequence \"" + seq.name + "\" (" +
                      std::to_string(seq.min_value) + ".." + std::to_string(seq.max_value) + ")");
  }
  seq.last_value = value;
  seq.is_called = is_called;
}

}  // namespace upsertdb
