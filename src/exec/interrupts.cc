// ExecContext::check_interrupts: where a running statement notices a cancel
// request (PostgreSQL's CancelRequest) or its statement_timeout; and the
// same, plus lock_timeout, while it sleeps waiting for another transaction.
#include "common/error.h"
#include "exec/exec_context.h"
#include "engine/engine.h"
#include "types/datetime.h"

namespace upsertdb {

void ExecContext::check_interrupts() {
  if (cancel_requested && cancel_requested->load(std::memory_order_relaxed))
    throw DbError("57014", "canceling statement due to user request");
  if (deadline_micros && (++interrupt_tick & 255) == 0 && datetime::now_micros() > deadline_micros)
    throw DbError("57014", "canceling statement due to statement timeout");
}

void ExecContext::wait_for_transaction(uint64_t holder, const std::function<bool()>& released) {
  if (!latch || !engine || !txn)
    throw DbError(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
  int64_t lock_deadline = lock_timeout_micros ? datetime::now_micros() + lock_timeout_micros : 0;
  engine->transactions().wait_for(txn->marker(), holder, *latch, [&] {
    if (cancel_requested && cancel_requested->load(std::memory_order_relaxed))
      throw DbError("57014", "canceling statement due to user request");
    int64_t now = datetime::now_micros();
    if (deadline_micros && now > deadline_micros) throw DbError("57014", "canceling statement due to statement timeout");
    if (lock_deadline && now > lock_deadline) throw DbError("55P03", "canceling statement due to lock timeout");
  }, released);
  check_interrupts();
}

}  // namespace upsertdb
