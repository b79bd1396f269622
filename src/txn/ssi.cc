// The conflict tracker of serializable snapshot isolation (see ssi.h). The
// dangerous-structure tests follow PostgreSQL's predicate.c closely, so that
// the same transaction fails at the same moment with the same reason code.
// One simplification: a commit here is atomic under the engine latch, so
// PostgreSQL's "prepared" and "committed" states coincide and a transaction's
// prepare and commit sequence numbers are both its commit timestamp.
#include "txn/ssi.h"

#include <algorithm>
#include <limits>

#include "common/error.h"

namespace upsertdb {

namespace {

[[noreturn]] void serialization_failure(const std::string& reason) {
  throw DbError(sqlstate::kSerializationFailure,
                "could not serialize access due to read/write dependencies among transactions")
      .detail("Reason code: " + reason)
      .hint("The transaction might succeed if retried.");
}

}  // namespace

SsiTracker::~SsiTracker() = default;

SerializableXact* SsiTracker::begin(uint64_t marker, uint64_t snapshot_ts, bool read_only) {
  auto sx = std::make_unique<SerializableXact>();
  sx->tracker = this;
  sx->marker = marker;
  sx->snapshot_ts = snapshot_ts;
  sx->declared_read_only = read_only;
  SerializableXact* p = sx.get();
  active_[marker] = std::move(sx);
  return p;
}

// ---- SIREAD locks -----------------------------------------------------------------

void SsiTracker::lock_table(SerializableXact& me, uint32_t table_oid) {
  if (!me.tables.insert(table_oid).second) return;
  // The table lock covers every finer lock on it.
  me.rows.erase(table_oid);
  for (auto it = me.index_ranges.begin(); it != me.index_ranges.end();) {
    it = it->second.table_oid == table_oid ? me.index_ranges.erase(it) : std::next(it);
  }
}

void SsiTracker::lock_row(SerializableXact& me, uint32_t table_oid, RowId row) {
  if (me.holds_table(table_oid)) return;
  auto& rows = me.rows[table_oid];
  rows.insert(row);
  if (rows.size() > kMaxRowLocksPerTable) lock_table(me, table_oid);
}

void SsiTracker::lock_key_range(SerializableXact& me, uint32_t table_oid, uint32_t index_oid, std::string lo,
                                std::string hi) {
  if (me.holds_table(table_oid)) return;
  auto& entry = me.index_ranges[index_oid];
  entry.table_oid = table_oid;
  for (const SsiKeyRange& r : entry.ranges)
    if (r.lo == lo && r.hi == hi) return;   // the same lookup again (a loop, a rescan)
  entry.ranges.push_back(SsiKeyRange{std::move(lo), std::move(hi)});
  if (entry.ranges.size() > kMaxRangesPerIndex) lock_table(me, table_oid);
}

// ---- conflict out (reads) -----------------------------------------------------------

void SsiTracker::fail_doomed_reader() {
  serialization_failure("Canceled on identification as a pivot, during conflict out checking.");
}

SerializableXact* SsiTracker::writer_of(uint64_t stamp) const {
  if (is_txn_marker(stamp)) {
    auto it = active_.find(stamp);
    return it == active_.end() ? nullptr : it->second.get();
  }
  auto it = committed_.find(stamp);
  return it == committed_.end() ? nullptr : it->second.get();
}

void SsiTracker::read_chain_slow(SerializableXact& me, const Snapshot& snapshot, const Version* head) {
  // Versions above the one the snapshot sees were created by transactions it
  // cannot see; the visible one's `end`, if set and not visible, names the
  // transaction that replaced or deleted it.
  for (const Version* v = head; v; v = v->older) {
    if (snapshot.created_visible(v)) {
      uint64_t end = v->end;
      if (end != kInfinity && end != me.marker && !snapshot.deleted_visible(v)) {
        if (SerializableXact* w = writer_of(end)) conflict_out(me, *w);
      }
      return;
    }
    uint64_t begin = v->begin;
    if (begin == me.marker) continue;   // our own write of this very statement
    if (SerializableXact* w = writer_of(begin)) conflict_out(me, *w);
  }
}

// PostgreSQL's CheckForSerializableConflictOut, from the point where the
// writer is known to be a concurrent serializable transaction.
void SsiTracker::conflict_out(SerializableXact& me, SerializableXact& writer) {
  if (&writer == &me || writer.doomed) return;
  // A READ ONLY reader of a committed writer that has no conflict out to a
  // transaction committed before our snapshot appears to run first: no conflict.
  if (me.declared_read_only && writer.committed() &&
      (!writer.conflict_out_to_committed || me.snapshot_ts < writer.earliest_out_conflict_commit))
    return;
  if (me.out.count(&writer)) return;
  flag_conflict(me, me, writer);
}

// ---- conflict in (writes) -----------------------------------------------------------

void SsiTracker::check_write(SerializableXact& me, uint32_t table_oid, const RowId* row) {
  if (me.doomed) serialization_failure("Canceled on identification as a pivot, during conflict in checking.");
  me.did_write = true;
  auto check = [&](SerializableXact& other) {
    if (&other == &me) return;
    bool hit = other.holds_table(table_oid);
    if (!hit && row) {
      auto it = other.rows.find(table_oid);
      hit = it != other.rows.end() && it->second.count(*row) > 0;
    }
    if (hit) conflict_in(me, other);
  };
  // A conflict may doom others or add edges, never add or free a transaction.
  for (auto& [m, sx] : active_) check(*sx);
  for (auto& [ts, sx] : committed_) check(*sx);
}

void SsiTracker::check_index_insert(SerializableXact& me, uint32_t index_oid, std::string_view key) {
  if (me.doomed) serialization_failure("Canceled on identification as a pivot, during conflict in checking.");
  me.did_write = true;
  auto check = [&](SerializableXact& other) {
    if (&other == &me) return;
    auto it = other.index_ranges.find(index_oid);
    if (it == other.index_ranges.end()) return;
    for (const SsiKeyRange& r : it->second.ranges) {
      if (r.covers(key)) {
        conflict_in(me, other);
        return;
      }
    }
  };
  for (auto& [m, sx] : active_) check(*sx);
  for (auto& [ts, sx] : committed_) check(*sx);
}

// PostgreSQL's CheckTargetForConflictsIn: a lock of a reader that is not
// doomed and overlaps us (still running, or committed after our snapshot).
void SsiTracker::conflict_in(SerializableXact& me, SerializableXact& reader) {
  if (reader.doomed) return;
  if (reader.committed() && reader.commit_ts <= me.snapshot_ts) return;
  if (reader.out.count(&me)) return;
  flag_conflict(me, reader, me);
}

// ---- dangerous structures -------------------------------------------------------------

void SsiTracker::flag_conflict(SerializableXact& me, SerializableXact& reader, SerializableXact& writer) {
  check_dangerous_structure(me, reader, writer);
  reader.out.insert(&writer);
  writer.in.insert(&reader);
}

// PostgreSQL's OnConflict_CheckForSerializationFailure for a new edge
// reader -> writer; `me` is one of the two.
void SsiTracker::check_dangerous_structure(SerializableXact& me, SerializableXact& reader,
                                           SerializableXact& writer) {
  bool failure = false;
  // reader -> writer -> T2 with writer committed and T2 committed before it.
  if (writer.committed() && writer.conflict_out_to_committed) failure = true;
  // reader -> writer -> T2 with T2 committed first (before the reader's and
  // the writer's commits, and before a READ ONLY reader's snapshot).
  if (!failure) {
    for (SerializableXact* t2 : writer.out) {
      if (t2->committed() && (!reader.committed() || t2->commit_ts <= reader.commit_ts) &&
          (!writer.committed() || t2->commit_ts <= writer.commit_ts) &&
          (!reader.read_only() || t2->commit_ts <= reader.snapshot_ts)) {
        failure = true;
        break;
      }
    }
  }
  // T0 -> reader -> writer with the writer committed first.
  if (!failure && writer.committed() && !reader.read_only()) {
    for (SerializableXact* t0 : reader.in) {
      if (!t0->doomed && (!t0->committed() || t0->commit_ts >= writer.commit_ts) &&
          (!t0->read_only() || t0->snapshot_ts >= writer.commit_ts)) {
        failure = true;
        break;
      }
    }
  }
  if (!failure) return;
  // The writer is the victim: it fails now if it is us, else when it next
  // checks. A committed writer cannot fail any more: the reader (us) does.
  if (&me == &writer) serialization_failure("Canceled on identification as a pivot, during write.");
  if (writer.committed()) {
    serialization_failure("Canceled on conflict out to pivot " + std::to_string(writer.marker & ~kTxnBit) +
                          ", during read.");
  }
  writer.doomed = true;
}

// PostgreSQL's PreCommit_CheckForSerializationFailure.
void SsiTracker::pre_commit(SerializableXact& me) {
  if (me.doomed) serialization_failure("Canceled on identification as a pivot, during commit attempt.");
  // Committing first is what completes a dangerous structure F -> pivot -> me
  // while the pivot and F still run: the pivot is cancelled (not us: our
  // commit guarantees progress when the pivot is retried).
  for (SerializableXact* pivot : me.in) {
    if (pivot->committed() || pivot->doomed) continue;
    for (SerializableXact* far : pivot->in) {
      if (far == &me || (!far->committed() && !far->read_only() && !far->doomed)) {
        pivot->doomed = true;
        break;
      }
    }
  }
}

void SsiTracker::release_edge(SerializableXact& reader, SerializableXact& writer) {
  reader.out.erase(&writer);
  writer.in.erase(&reader);
}

// PostgreSQL's ReleasePredicateLocks(isCommit = true): the locks stay; the
// conflicts out to committed transactions become a summary flag; conflicts in
// from committed or read-only transactions can no longer matter.
void SsiTracker::committed(SerializableXact& me, uint64_t commit_ts) {
  me.commit_ts = commit_ts;
  std::vector<SerializableXact*> outs(me.out.begin(), me.out.end());
  for (SerializableXact* w : outs) {
    if (!w->committed()) continue;
    if (!me.read_only()) {
      if (!me.conflict_out_to_committed || w->commit_ts < me.earliest_out_conflict_commit)
        me.earliest_out_conflict_commit = w->commit_ts;
      me.conflict_out_to_committed = true;
    }
    release_edge(me, *w);
  }
  std::vector<SerializableXact*> ins(me.in.begin(), me.in.end());
  for (SerializableXact* r : ins) {
    if (r->committed() || r->read_only()) release_edge(*r, me);
  }
  auto node = active_.extract(me.marker);
  committed_[commit_ts] = std::move(node.mapped());
  free_old_committed();
}

void SsiTracker::aborted(SerializableXact& me) {
  auto node = active_.extract(me.marker);
  release(node.mapped().get());
  free_old_committed();
}

void SsiTracker::release(SerializableXact* sx) {
  for (SerializableXact* w : std::vector<SerializableXact*>(sx->out.begin(), sx->out.end())) release_edge(*sx, *w);
  for (SerializableXact* r : std::vector<SerializableXact*>(sx->in.begin(), sx->in.end())) release_edge(*r, *sx);
}

void SsiTracker::free_old_committed() {
  uint64_t oldest_snapshot = std::numeric_limits<uint64_t>::max();
  for (const auto& [m, sx] : active_) oldest_snapshot = std::min(oldest_snapshot, sx->snapshot_ts);
  // In commit order: stop at the first one a running transaction overlaps.
  while (!committed_.empty() && committed_.begin()->first <= oldest_snapshot) {
    release(committed_.begin()->second.get());
    committed_.erase(committed_.begin());
  }
}

}  // namespace upsertdb
