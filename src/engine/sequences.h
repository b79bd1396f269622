// Sequence arithmetic: nextval/setval on a SequenceInfo with PostgreSQL's
// bounds, cycling and error texts. Sequence state is not transactional (as in
// PostgreSQL); currval/lastval bookkeeping is per session and lives there.
#pragma once

#include <cstdint>

#include "catalog/catalog.h"

namespace upsertdb {

// Advances the sequence and returns the new value (2200H at a bound without CYCLE).
int64_t sequence_nextval(SequenceInfo& seq);
// setval(seq, value, is_called): 22003 when value is outside [min, max].
void sequence_setval(SequenceInfo& seq, int64_t value, bool is_called);

}  // namespace upsertdb
