#include "txn/transaction.h"

#include "common/error.h"

namespace upsertdb {

void TransactionManager::wait_for(uint64_t waiter, uint64_t holder, std::unique_lock<std::mutex>& lock,
                                  const std::function<void()>& interrupted, const std::function<bool()>& released) {
  // Waits-for is a chain (each transaction waits for at most one other):
  // a cycle through `waiter` means nobody would ever wake up.
  for (uint64_t t = holder;;) {
    if (t == waiter) {
      auto pid = [&](uint64_t marker) {
        auto a = active_.find(marker);
        return std::to_string(a == active_.end() ? 0 : a->second.backend_pid);
      };
      std::string detail;
      for (uint64_t from = waiter, to = holder;;) {
        if (!detail.empty()) detail += "\n";
        detail += "Process " + pid(from) + " waits for ShareLock on transaction " + std::to_string(to & ~kTxnBit) +
                  "; blocked by process " + pid(to) + ".";
        if (to == waiter) break;
        from = to;
        to = waits_for_.at(to).holder;
      }
      throw DbError("40P01", "deadlock detected").detail(detail).hint("See server log for query details.");
    }
    auto it = waits_for_.find(t);
    if (it == waits_for_.end()) break;
    t = it->second.holder;
  }
  std::condition_variable woken;
  waits_for_[waiter] = Sleeper{holder, &woken};
  struct Unregister {
    std::map<uint64_t, Sleeper>& waits;
    uint64_t waiter;
    ~Unregister() { waits.erase(waiter); }
  } unregister{waits_for_, waiter};
  auto done = [&] { return !in_progress(holder) || (released && released()); };
  if (!interrupted) {
    woken.wait(lock, done);
    return;
  }
  // A cancel request sets a flag without notifying us: look every 10 ms.
  while (!woken.wait_for(lock, std::chrono::milliseconds(10), done)) interrupted();
}

void Transaction::commit(uint64_t commit_ts, std::deque<DeadRow>* dead_rows) {
  for (const WriteRecord& w : writes_) {
    if (w.created && w.created->begin == marker_) store_stamp(w.created->begin, commit_ts);
    if (w.deleted && w.deleted->end == marker_) {
      store_stamp(w.deleted->end, commit_ts);
      // A delete (not an update): the row is gone for every later snapshot.
      if (!w.created && dead_rows) dead_rows->push_back(DeadRow{commit_ts, w.table_oid, w.row});
    }
  }
  writes_.clear();
  index_writes_.clear();
  undo_.clear();
  savepoints_.clear();
  auto actions = std::move(commit_actions_);
  commit_actions_.clear();
  for (auto& a : actions) a();
}

void Transaction::push_savepoint(const std::string& name) {
  savepoints_.push_back(SavepointMark{name, writes_.size(), index_writes_.size(), undo_.size(),
                                     row_locks_ ? row_locks_->acquired_count(marker_) : 0});
}

int Transaction::find_savepoint(const std::string& name) const {
  for (int i = static_cast<int>(savepoints_.size()) - 1; i >= 0; --i)
    if (savepoints_[static_cast<size_t>(i)].name == name) return i;
  return -1;
}

void Transaction::rollback_to_savepoint(int i) {
  SavepointMark mark = savepoints_[static_cast<size_t>(i)];
  rollback_to(mark);
  savepoints_.resize(static_cast<size_t>(i) + 1);
}

void Transaction::rollback_to(const SavepointMark& mark) {
  // Undo in reverse order so interleaved data and catalog changes unwind cleanly.
  // Index entries first: an entry is removed unless some surviving version of
  // the row still carries that key (checked by the undo of the row write below
  // is unnecessary: entries are only added for keys new to the row).
  while (index_writes_.size() > mark.index_writes) {
    IndexWrite& w = index_writes_.back();
    w.index->erase(w.key, w.row);
    index_writes_.pop_back();
  }
  // Rows written after a savepoint are free again once it is rolled back to:
  // their waiters go on (PostgreSQL's waiters wait for the subtransaction).
  bool wake_writers = writes_.size() > mark.writes;
  while (writes_.size() > mark.writes) {
    WriteRecord& w = writes_.back();
    if (w.deleted && w.deleted->end == marker_) {
      store_stamp(w.deleted->end, kInfinity);
      w.deleted->end_cid = 0;
    }
    if (w.created) {
      // The created version is the row's head (nothing newer can exist while we hold it).
      // A checkpoint may still be reading it: the store frees it once none is.
      if (w.store->head(w.row) == w.created) w.store->set_head(w.row, w.created->older);
      w.store->retire(w.created);
    }
    writes_.pop_back();
  }
  // Row locks taken after the savepoint go with it (PostgreSQL releases a
  // subtransaction's row locks when it aborts; its waiters go on at once).
  if (row_locks_) {
    row_locks_->release_since(marker_, mark.row_locks);
    if (wake_writers && row_locks_->on_release) row_locks_->on_release(marker_);
  }
  while (undo_.size() > mark.undo) {
    auto fn = std::move(undo_.back());
    undo_.pop_back();
    fn();
  }
  if (mark.writes == 0 && mark.undo == 0 && mark.index_writes == 0) {
    commit_actions_.clear();
  }
}

}  // namespace upsertdb
