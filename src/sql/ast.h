// AST: our typed form of a parsed statement. The translator (translate_*.cc)
// builds it from libpg_query's JSON parse tree; the binder (plan/) consumes it.
// It is syntax only: names are unresolved strings and no types are known yet.
// Every node keeps PostgreSQL's `location` (0-based byte offset, -1 = none) so
// errors can carry a cursor position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace upsertdb::ast {

struct SelectStmt;
struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
using SelectPtr = std::unique_ptr<SelectStmt>;

struct TypeName {
  std::vector<std::string> names;   // {"pg_catalog","int4"} or {"mytype"}
  std::vector<int32_t> typmods;     // varchar(10) -> {10}; numeric(10,2) -> {10,2}
  bool is_array = false;
  bool pct_type = false;            // %TYPE (unsupported)
  int location = -1;
};

// ---- Expressions -------------------------------------------------------------

enum class ExprKind {
  kColumnRef,     // names = {"t","a"} / {"a"} / {"t","*"} / {"*"}
  kConst,         // const_kind + text / ival
  kParam,         // $n: param_no
  kBinaryOp,      // op, args[0] op args[1] (also LIKE "~~", ILIKE "~~*", IS DISTINCT FROM "<>"? no: see kDistinct)
  kUnaryOp,       // op, args[0] (prefix operators: "-", "+", "~", "@", "|/")
  kAnd,           // args (2 or more)
  kOr,            // args (2 or more)
  kNot,           // args[0]
  kIsNull,        // args[0] IS NULL
  kIsNotNull,     // args[0] IS NOT NULL
  kBooleanTest,   // args[0] IS [NOT] TRUE/FALSE/UNKNOWN: op = "true","not_true","false","not_false","unknown","not_unknown"
  kDistinctFrom,  // args[0] IS DISTINCT FROM args[1]
  kNotDistinctFrom,
  kBetween,       // args = {x, lo, hi}; negated; symmetric
  kInList,        // args[0] [NOT] IN (args[1..]); negated; op is "=" or "<>"
  kAnyAll,        // args[0] op ANY/ALL (args[1]) with args[1] an array expression; sublink_type "any"/"all"
  kFuncCall,      // names = function name parts; args; agg_star, agg_distinct, agg_order, agg_filter; over (window calls)
  kCast,          // args[0]::type_name
  kCase,          // case_arg (optional), args = when0, then0, when1, then1, ...; case_default (optional)
  kCoalesce,      // args
  kNullIf,        // args[0], args[1]
  kGreatest,      // args
  kLeast,         // args
  kSubLink,       // sublink_type: "exists","expr","any","all","array"; args[0] = test expression (any/all), op; subquery
  kRow,           // ROW(a, b) or (a, b): args
  kArray,         // ARRAY[a, b]: args
  kDefault,       // DEFAULT in VALUES / SET
  kSqlValue,      // CURRENT_DATE, CURRENT_TIMESTAMP[(p)], LOCALTIMESTAMP, CURRENT_USER...: op holds the keyword in lower case ("current_date")
  kCollate,       // args[0] COLLATE names
  kIndirection,   // args[0] then steps in names: "[]" = a subscript (its index is the next of args[1..]), else a field name / "*" (unsupported)
};

enum class ConstKind { kInteger, kFloat, kString, kBool, kNull, kBitString };

struct SortBy {
  ExprPtr expr;
  bool descending = false;
  // 0 = default, 1 = NULLS FIRST, 2 = NULLS LAST
  int nulls = 0;
  int location = -1;
};

struct Expr;

// OVER (...) of a window function call. frame_options is PostgreSQL's
// FRAMEOPTION_* bit set as the parser gives it (the binder decides which frames
// it can run); `name` / `refname` are a named window reference (OVER w,
// OVER (w ORDER BY ...)).
struct WindowDef {
  std::string name;
  std::string refname;
  std::vector<ExprPtr> partition_by;
  std::vector<SortBy> order_by;
  int frame_options = 0;
  ExprPtr start_offset, end_offset;   // ROWS n PRECEDING / FOLLOWING
  int location = -1;
};

// While the statement cache (sql/statement_cache.h) records a translation, every
// literal constant the translator creates is listed here and leaves the list when
// it is destroyed, so the cache learns exactly the constants left in the tree.
struct ConstRegistry {
  std::vector<Expr*> live;
  void forget(Expr* e) {
    for (size_t i = live.size(); i-- > 0;) {
      if (live[i] == e) {
        live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }
};
inline thread_local ConstRegistry* const_registry = nullptr;

struct Expr {
  ExprKind kind;
  int location = -1;

  std::vector<std::string> names;   // column ref fields / function name / collation name
  std::string op;                   // operator symbol or keyword, see ExprKind
  std::vector<ExprPtr> args;

  // kConst
  ConstKind const_kind = ConstKind::kNull;
  std::string text;                 // literal text for kString/kFloat/kBitString, digits for kInteger
  int64_t ival = 0;                 // kInteger (fits in int32 per the grammar; larger ones come as kFloat)
  bool bval = false;

  int param_no = 0;                 // kParam
  TypeName type_name;               // kCast

  // kFuncCall
  bool agg_star = false;            // count(*)
  bool agg_distinct = false;
  bool func_variadic = false;
  bool has_over = false;            // a window function call: `over` holds its OVER clause
  std::unique_ptr<WindowDef> over;
  std::vector<SortBy> agg_order;
  ExprPtr agg_filter;

  // kCase
  ExprPtr case_arg;
  ExprPtr case_default;

  // kBetween / kInList
  bool negated = false;
  bool symmetric = false;

  // kSubLink / kAnyAll
  std::string sublink_type;
  SelectPtr subquery;

  explicit Expr(ExprKind k) : kind(k) {}
  ~Expr() {
    if (kind == ExprKind::kConst && const_registry) const_registry->forget(this);
  }
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;
};

// ---- FROM items ----------------------------------------------------------------

struct Alias {
  std::string name;                      // empty = none
  std::vector<std::string> columns;      // column aliases, may be empty
};

struct RangeVar {
  std::string schema;                    // empty = search path
  std::string name;
  Alias alias;
  int location = -1;
};

enum class JoinType { kInner, kLeft, kRight, kFull, kCross };

struct FromItem {
  enum class Kind { kTable, kSubquery, kJoin, kFunction } kind;
  RangeVar table;                        // kTable
  SelectPtr subquery;                    // kSubquery
  bool lateral = false;
  ExprPtr function;                      // kFunction: the FuncCall (generate_series(...))
  bool with_ordinality = false;
  Alias alias;                           // kSubquery / kFunction / kJoin alias
  // kJoin
  JoinType join_type = JoinType::kInner;
  std::unique_ptr<FromItem> left, right;
  ExprPtr join_quals;                    // ON
  std::vector<std::string> using_columns;
  bool natural = false;
  int location = -1;

  explicit FromItem(Kind k) : kind(k) {}
};
using FromItemPtr = std::unique_ptr<FromItem>;

// ---- Statements ---------------------------------------------------------------

enum class StmtKind {
  kSelect, kInsert, kUpdate, kDelete, kCreateTable, kCreateIndex, kDrop, kAlterTable,
  kRename, kCreateSequence, kAlterSequence, kTruncate, kTransaction, kSet, kShow,
  kExplain, kCreateSchema, kCreateView, kMerge, kCheckpoint, kDiscard, kDeallocate, kCopy,
  kRole,   // CREATE / ALTER / DROP ROLE (sql/ast_role.h)
};

struct Stmt {
  StmtKind kind;
  int location = 0;       // statement start within the full text
  int length = 0;         // statement length, 0 = to the end
  explicit Stmt(StmtKind k) : kind(k) {}
  virtual ~Stmt() = default;
};
using StmtPtr = std::unique_ptr<Stmt>;

struct ResTarget {                       // one SELECT output or one SET target
  ExprPtr expr;
  std::string name;                      // AS name (SELECT) / target column (UPDATE SET, INSERT cols)
  std::vector<std::string> indirection;  // SET a.b (unsupported) -- kept to reject cleanly
  // UPDATE SET (a, b) = (x, y) / = (SELECT ...): each column becomes one ResTarget
  // whose expr is the whole row source; multi_index is its 1-based position.
  int multi_index = 0;
  int multi_count = 0;
  int location = -1;
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_names;
  StmtPtr query;                         // a SelectStmt, or INSERT/UPDATE/DELETE with RETURNING
  int materialized = 0;                  // 0 default, 1 MATERIALIZED, 2 NOT MATERIALIZED
  int location = -1;
};

struct WithClause {
  std::vector<CommonTableExpr> ctes;
  bool recursive = false;
};

enum class LockStrength { kNone, kForKeyShare, kForShare, kForNoKeyUpdate, kForUpdate };
struct LockingClause {
  LockStrength strength = LockStrength::kNone;
  int wait_policy = 0;                   // 0 block, 1 SKIP LOCKED, 2 NOWAIT
  std::vector<RangeVar> tables;          // OF ...
};

enum class SetOp { kNone, kUnion, kIntersect, kExcept };

struct SelectStmt : Stmt {
  SelectStmt() : Stmt(StmtKind::kSelect) {}
  std::unique_ptr<WithClause> with;

  // A simple SELECT (set_op == kNone) ...
  bool distinct = false;
  std::vector<ExprPtr> distinct_on;      // DISTINCT ON (...)
  std::vector<ResTarget> targets;
  std::vector<std::unique_ptr<WindowDef>> windows;   // WINDOW name AS (...), in order
  std::vector<FromItemPtr> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  // ... or VALUES (...), (...)
  std::vector<std::vector<ExprPtr>> values;
  // ... or a set operation over two selects.
  SetOp set_op = SetOp::kNone;
  bool set_all = false;
  SelectPtr larg, rarg;

  std::vector<SortBy> order_by;
  ExprPtr limit;                         // LIMIT ALL = null
  ExprPtr offset;
  std::vector<LockingClause> locking;
};

enum class OnConflictAction { kNone, kNothing, kUpdate, kSelect };

struct IndexElem {
  std::string column;                    // a plain column, or empty when expr is set
  ExprPtr expr;
  std::vector<std::string> collation;
  std::vector<std::string> opclass;
  int ordering = 0;                      // 0 default, 1 ASC, 2 DESC
  int nulls = 0;                         // 0 default, 1 FIRST, 2 LAST
  int location = -1;
};

struct OnConflictClause {
  OnConflictAction action = OnConflictAction::kNone;
  std::vector<IndexElem> infer_elems;    // ( col, lower(x) ... )
  int infer_location = -1;               // the target's '(' (PostgreSQL's InferClause location)
  ExprPtr infer_where;                   // partial-index predicate of the target
  std::string constraint_name;           // ON CONSTRAINT name
  std::vector<ResTarget> set;            // DO UPDATE SET
  ExprPtr where;                         // DO UPDATE ... WHERE
  LockStrength select_lock = LockStrength::kNone;   // DO SELECT FOR ...
  int location = -1;
};

struct InsertStmt : Stmt {
  InsertStmt() : Stmt(StmtKind::kInsert) {}
  std::unique_ptr<WithClause> with;
  RangeVar table;                        // table.alias = INSERT INTO t AS x
  std::vector<ResTarget> columns;        // name (+ indirection) only
  SelectPtr source;                      // VALUES or SELECT; null = DEFAULT VALUES
  std::unique_ptr<OnConflictClause> on_conflict;
  std::vector<ResTarget> returning;
  int override_kind = 0;                 // OVERRIDING: 0 none, 1 USER VALUE, 2 SYSTEM VALUE
};

struct UpdateStmt : Stmt {
  UpdateStmt() : Stmt(StmtKind::kUpdate) {}
  std::unique_ptr<WithClause> with;
  RangeVar table;
  std::vector<ResTarget> set;
  std::vector<FromItemPtr> from;
  ExprPtr where;
  std::vector<ResTarget> returning;
};

struct DeleteStmt : Stmt {
  DeleteStmt() : Stmt(StmtKind::kDelete) {}
  std::unique_ptr<WithClause> with;
  RangeVar table;
  std::vector<FromItemPtr> using_;
  ExprPtr where;
  std::vector<ResTarget> returning;
};

enum class MergeAction { kUpdate, kDelete, kInsert, kNothing };
struct MergeWhen {
  bool matched = true;
  ExprPtr condition;
  MergeAction action = MergeAction::kNothing;
  std::vector<ResTarget> set;            // UPDATE SET / INSERT column names
  std::vector<ExprPtr> values;           // INSERT VALUES (empty = DEFAULT VALUES)
  int override_kind = 0;
};
struct MergeStmt : Stmt {
  MergeStmt() : Stmt(StmtKind::kMerge) {}
  std::unique_ptr<WithClause> with;
  RangeVar target;
  FromItemPtr source;
  ExprPtr join_condition;
  std::vector<MergeWhen> whens;
};

struct SeqOptions {
  std::optional<int64_t> increment, start, minvalue, maxvalue, cache, restart;
  bool no_minvalue = false, no_maxvalue = false;
  std::optional<bool> cycle;
  bool restart_default = false;
  std::vector<std::string> owned_by;     // {"table","col"} or {"none"}
  std::optional<TypeName> as_type;
};

enum class ConstraintType {
  kNull, kNotNull, kDefault, kCheck, kPrimaryKey, kUnique, kForeignKey,
  kIdentity, kGenerated, kExclusion,
  kAttrDeferrable, kAttrNotDeferrable, kAttrDeferred, kAttrImmediate,   // bare attributes following a column constraint
};

enum class FkAction : char { kNoAction = 'a', kRestrict = 'r', kCascade = 'c', kSetNull = 'n', kSetDefault = 'd' };

struct Constraint {
  ConstraintType type;
  std::string name;                      // CONSTRAINT name, empty = generated
  std::vector<std::string> keys;         // PK/UNIQUE columns (table form), FK referencing columns
  std::vector<std::string> including;    // INCLUDE (...)
  ExprPtr expr;                          // CHECK / DEFAULT / GENERATED expression
  std::string expr_text;                 // source text of the CHECK/DEFAULT expression
  bool nulls_not_distinct = false;
  bool deferrable = false;
  bool initially_deferred = false;
  bool no_inherit = false;
  bool skip_validation = false;          // NOT VALID
  // FOREIGN KEY
  RangeVar pk_table;
  std::vector<std::string> pk_columns;
  FkAction on_delete = FkAction::kNoAction;
  FkAction on_update = FkAction::kNoAction;
  char match_type = 's';                 // 's' simple, 'f' full, 'p' partial
  // IDENTITY: 'a' ALWAYS / 'd' BY DEFAULT
  char identity_kind = 0;
  SeqOptions identity_options;           // GENERATED ... AS IDENTITY (START WITH ...) [translator extension]
  std::string index_name;                // USING INDEX name (unsupported)
  int location = -1;

  explicit Constraint(ConstraintType t) : type(t) {}
};

struct ColumnDef {
  std::string name;
  TypeName type;
  std::vector<Constraint> constraints;
  std::vector<std::string> collation;
  int location = -1;
};

struct CreateTableStmt : Stmt {
  CreateTableStmt() : Stmt(StmtKind::kCreateTable) {}
  RangeVar table;
  bool if_not_exists = false;
  bool temporary = false;
  std::vector<ColumnDef> columns;
  std::vector<Constraint> constraints;   // table constraints
  SelectPtr as_select;                   // CREATE TABLE AS (unsupported for now)
};

struct CreateIndexStmt : Stmt {
  CreateIndexStmt() : Stmt(StmtKind::kCreateIndex) {}
  std::string name;                      // empty = generated
  RangeVar table;
  bool unique = false;
  bool if_not_exists = false;
  bool concurrently = false;
  bool nulls_not_distinct = false;
  std::string access_method;             // "btree" unless said
  std::vector<IndexElem> elems;
  std::vector<std::string> including;
  ExprPtr where;
};

enum class ObjectType { kTable, kIndex, kSequence, kView, kSchema, kType, kFunction, kOther };

struct DropStmt : Stmt {
  DropStmt() : Stmt(StmtKind::kDrop) {}
  ObjectType object_type = ObjectType::kTable;
  std::vector<std::vector<std::string>> objects;   // each name as its dotted parts
  bool missing_ok = false;
  bool cascade = false;
  bool concurrently = false;
};

enum class AlterKind {
  kAddColumn, kDropColumn, kAddConstraint, kDropConstraint, kAlterColumnType,
  kSetNotNull, kDropNotNull, kSetDefault, kDropDefault, kOther,
};

struct AlterTableCmd {
  AlterKind kind = AlterKind::kOther;
  std::string name;                      // column or constraint name
  std::unique_ptr<ColumnDef> column;     // kAddColumn
  std::unique_ptr<Constraint> constraint;// kAddConstraint
  ExprPtr default_expr;                  // kSetDefault
  std::string default_text;
  TypeName new_type;                     // kAlterColumnType
  ExprPtr using_expr;                    // kAlterColumnType: USING expression, null = none [translator extension]
  bool missing_ok = false;               // IF EXISTS / IF NOT EXISTS
  bool cascade = false;
  std::string unsupported;               // kOther: the subcommand's name for the error
};

struct AlterTableStmt : Stmt {
  AlterTableStmt() : Stmt(StmtKind::kAlterTable) {}
  RangeVar table;
  ObjectType object_type = ObjectType::kTable;
  bool missing_ok = false;
  std::vector<AlterTableCmd> cmds;
};

struct RenameStmt : Stmt {
  RenameStmt() : Stmt(StmtKind::kRename) {}
  ObjectType object_type = ObjectType::kTable;   // what is renamed: table, index, sequence ...
  bool is_column = false;
  bool is_constraint = false;
  RangeVar table;                        // the relation
  std::string subname;                   // old column / constraint name
  std::string new_name;
  bool missing_ok = false;
};


struct CreateSequenceStmt : Stmt {
  CreateSequenceStmt() : Stmt(StmtKind::kCreateSequence) {}
  RangeVar name;
  bool if_not_exists = false;
  SeqOptions options;
};

struct AlterSequenceStmt : Stmt {
  AlterSequenceStmt() : Stmt(StmtKind::kAlterSequence) {}
  RangeVar name;
  bool missing_ok = false;
  SeqOptions options;
};

struct TruncateStmt : Stmt {
  TruncateStmt() : Stmt(StmtKind::kTruncate) {}
  std::vector<RangeVar> tables;
  bool restart_identity = false;
  bool cascade = false;
};

enum class TxnKind {
  kBegin, kStart, kCommit, kRollback, kSavepoint, kRelease, kRollbackTo,
  kPrepare, kCommitPrepared, kRollbackPrepared,
};

struct TransactionStmt : Stmt {
  TransactionStmt() : Stmt(StmtKind::kTransaction) {}
  TxnKind txn_kind = TxnKind::kBegin;
  std::string savepoint;
  std::string isolation;                 // "read committed", "repeatable read", "serializable", "read uncommitted" or empty
  std::optional<bool> read_only;
  std::optional<bool> deferrable;
  bool chain = false;
};

struct SetStmt : Stmt {
  SetStmt() : Stmt(StmtKind::kSet) {}
  enum class Kind { kValue, kDefault, kCurrent, kReset, kResetAll, kMulti } set_kind = Kind::kValue;
  std::string name;                      // lower-cased setting name; "transaction_isolation" etc. for SET TRANSACTION
  std::vector<std::string> values;       // each argument as text (numbers as written)
  bool is_local = false;
  // SET TRANSACTION / SET SESSION CHARACTERISTICS AS TRANSACTION: options as in TransactionStmt
  std::string isolation;
  std::optional<bool> read_only;
  std::optional<bool> deferrable;        // [translator extension]
  // SET CONSTRAINTS {ALL | names} {DEFERRED | IMMEDIATE}
  bool is_constraints = false;
  std::vector<std::vector<std::string>> constraint_names;   // empty = ALL
  bool deferred = false;
};

struct ShowStmt : Stmt {
  ShowStmt() : Stmt(StmtKind::kShow) {}
  std::string name;                      // lower case; "all" for SHOW ALL
};

struct ExplainStmt : Stmt {
  ExplainStmt() : Stmt(StmtKind::kExplain) {}
  StmtPtr query;
  bool analyze = false;
  bool verbose = false;
  // Other EXPLAIN (...) options as written: {"costs","off"}, {"format","json"}; value
  // empty when the option had no argument. [translator extension]
  std::vector<std::pair<std::string, std::string>> other_options;
};

struct CheckpointStmt : Stmt { CheckpointStmt() : Stmt(StmtKind::kCheckpoint) {} };

struct DiscardStmt : Stmt {
  DiscardStmt() : Stmt(StmtKind::kDiscard) {}
  std::string target;                    // "all", "plans", "sequences", "temp"
};

// DEALLOCATE [PREPARE] name | ALL: drops SQL-visible prepared statements
// (the wire protocol's named statements share PostgreSQL's one namespace).
struct DeallocateStmt : Stmt {
  DeallocateStmt() : Stmt(StmtKind::kDeallocate) {}
  std::string name;                      // empty for ALL
};

struct CreateSchemaStmt : Stmt {
  CreateSchemaStmt() : Stmt(StmtKind::kCreateSchema) {}
  std::string name;
  bool if_not_exists = false;
};

// COPY option as written: WITH (name value, ...) or the old-style keywords
// (CSV, HEADER, DELIMITER 'x', FORCE QUOTE *...). Validated by exec/copy_options.
struct CopyOption {
  enum class Arg { kNone, kString, kInteger, kFloat, kBoolean, kStar, kList } arg = Arg::kNone;
  std::string name;                      // lower case: "format", "header", "force_quote" ...
  std::string value;                     // kString/kInteger/kFloat as written; kBoolean "true"/"false"
  std::vector<std::string> list;         // kList: column names
  int location = -1;
};

// COPY table [(columns)] FROM STDIN | TO STDOUT, COPY (query) TO STDOUT.
struct CopyStmt : Stmt {
  CopyStmt() : Stmt(StmtKind::kCopy) {}
  RangeVar table;                        // when query is null
  StmtPtr query;                         // COPY (SELECT ...) TO
  std::vector<std::string> columns;      // empty = every column
  bool is_from = false;
  bool is_program = false;               // FROM/TO PROGRAM 'cmd'
  std::string filename;                  // empty = STDIN / STDOUT
  bool has_where = false;                // COPY FROM ... WHERE (unsupported)
  std::vector<CopyOption> options;
  int location = -1;                     // the table (or query) in the text
};

// One parsed statement with its source text (for error positions and the statement cache).
struct ParsedStatement {
  StmtPtr stmt;
  std::string text;        // this statement's own text
  int offset = 0;          // where `text` starts within the submitted string
};

}  // namespace upsertdb::ast
