// ExecContext::check_interrupts: where a running statement notices a cancel
// request (PostgreSQL's CancelRequest) or its statement_timeout.
#include "common/error.h"
#include "exec/exec_context.h"
#include "types/datetime.h"

namespace upsertdb {

void ExecContext::check_interrupts() {
  if (cancel_requested && cancel_requested->load(std::memory_order_relaxed))
    throw DbError("57014", "canceling statement due to user request");
  if (deadline_micros && (++interrupt_tick & 255) == 0 && datetime::now_micros() > deadline_micros)
    throw DbError("57014", "canceling statement due to statement timeout");
}

}  // namespace upsertdb
