// Named windows (plan/window_context.h): resolving OVER w and OVER (w ...)
// against the level's WINDOW clause with PostgreSQL's rules. A reference copies
// the referenced window's PARTITION BY and ORDER BY; the referring definition may
// add an ORDER BY only when the referenced one has none, never a PARTITION BY,
// and a window with a frame clause can only be used as a whole (OVER w).
#include "common/error.h"
#include "plan/binder.h"
#include "plan/window_context.h"

namespace upsertdb {

namespace {

constexpr int kFrameDefaults = 0x422;   // RANGE UNBOUNDED PRECEDING to CURRENT ROW

// Index of the window called `name` among the first `limit` items, or -1.
int find_window(const NamedWindows& named, const std::string& name, size_t limit) {
  for (size_t i = 0; i < limit && i < named.size(); ++i)
    if (named[i]->name == name) return static_cast<int>(i);
  return -1;
}

[[noreturn]] void no_such_window(const std::string& name, int location) {
  fail_at(sqlstate::kUndefinedObject, "window \"" + name + "\" does not exist", location);
}

}  // namespace

void check_window_names(const NamedWindows& named) {
  for (size_t i = 0; i < named.size(); ++i)
    if (find_window(named, named[i]->name, i) >= 0)
      fail_at(sqlstate::kWindowingError, "window \"" + named[i]->name + "\" is already defined", named[i]->location);
}

WindowView resolve_window(const ast::WindowDef& def, const NamedWindows& named, size_t limit, bool over_clause) {
  if (over_clause && !def.name.empty()) {   // OVER w: the named window itself
    int i = find_window(named, def.name, named.size());
    if (i < 0) no_such_window(def.name, def.location);
    return resolve_window(*named[static_cast<size_t>(i)], named, static_cast<size_t>(i), false);
  }
  WindowView v{&def.partition_by, &def.order_by, def.frame_options, def.start_offset.get(), def.end_offset.get(),
               def.location};
  if (def.refname.empty()) return v;
  int r = find_window(named, def.refname, limit);
  if (r < 0) no_such_window(def.refname, def.location);
  const ast::WindowDef& ref = *named[static_cast<size_t>(r)];
  WindowView base = resolve_window(ref, named, static_cast<size_t>(r), false);
  if (!def.partition_by.empty())
    fail_at(sqlstate::kWindowingError, "cannot override PARTITION BY clause of window \"" + def.refname + "\"",
            def.location);
  if (!def.order_by.empty() && !base.order_by->empty())
    fail_at(sqlstate::kWindowingError, "cannot override ORDER BY clause of window \"" + def.refname + "\"",
            def.location);
  if (base.frame_options != kFrameDefaults) {
    DbError e(sqlstate::kWindowingError, "cannot copy window \"" + def.refname + "\" because it has a frame clause");
    if (def.location >= 0) e.position(def.location + 1);
    // OVER (w) where OVER w was meant.
    if (def.order_by.empty() && def.frame_options == kFrameDefaults) e.hint("Omit the parentheses in this OVER clause.");
    throw e;
  }
  v.partition_by = base.partition_by;
  if (def.order_by.empty()) v.order_by = base.order_by;
  return v;
}

}  // namespace upsertdb
