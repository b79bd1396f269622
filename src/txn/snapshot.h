// Snapshot: what one statement may see. A committed version is visible when it
// was committed at or before `read_ts` and not deleted at or before it; the
// transaction's own writes are visible when made by an earlier command
// (cid < `cid`). This is the whole visibility rule of the store.
#pragma once

#include <cstdint>

#include "storage/version.h"

namespace upsertdb {

struct Snapshot {
  uint64_t read_ts = 0;     // commit timestamps <= read_ts are visible
  uint64_t own_marker = 0;  // the reading transaction's marker (kTxnBit | id)
  uint32_t cid = 0;         // the reading command's id

  bool created_visible(const Version* v) const {
    uint64_t b = v->begin;
    if (is_txn_marker(b)) return b == own_marker && v->begin_cid < cid;
    return b <= read_ts;
  }
  bool deleted_visible(const Version* v) const {
    uint64_t e = v->end;
    if (e == kInfinity) return false;
    if (is_txn_marker(e)) return e == own_marker && v->end_cid < cid;
    return e <= read_ts;
  }
  bool visible(const Version* v) const { return created_visible(v) && !deleted_visible(v); }

  // The version of a row this snapshot sees (newest first), or null.
  const Version* find(const Version* head) const {
    for (const Version* v = head; v; v = v->older) {
      if (created_visible(v)) return deleted_visible(v) ? nullptr : v;
    }
    return nullptr;
  }
};

}  // namespace upsertdb
