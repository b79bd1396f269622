// Errors: every failure the engine reports is a DbError carrying PostgreSQL's
// error fields (SQLSTATE, message, detail, hint, schema/table/column/constraint,
// cursor position, context). Messages follow PostgreSQL 15 word for word so that drivers
// and ORMs that map errors keep working; anything we add goes in the hint.
#pragma once

#include <stdexcept>
#include <string>

namespace upsertdb {

struct ErrorFields {
  std::string severity = "ERROR";
  std::string sqlstate;    // five characters, e.g. "23505"
  std::string message;
  std::string detail;
  std::string hint;
  std::string context;     // CONTEXT lines ("JSON data, line 1: ...", "COPY t, line 3, ...")
  std::string schema;
  std::string table;
  std::string column;
  std::string datatype;
  std::string constraint;
  int position = 0;        // 1-based character offset into the statement, 0 = none
};

class DbError : public std::exception {
 public:
  explicit DbError(ErrorFields f) : f_(std::move(f)) {}
  DbError(std::string sqlstate, std::string message) {
    f_.sqlstate = std::move(sqlstate);
    f_.message = std::move(message);
  }
  const char* what() const noexcept override { return f_.message.c_str(); }
  const ErrorFields& fields() const { return f_; }
  ErrorFields& fields() { return f_; }
  const std::string& sqlstate() const { return f_.sqlstate; }

  DbError& detail(std::string d) { f_.detail = std::move(d); return *this; }
  DbError& hint(std::string h) { f_.hint = std::move(h); return *this; }
  // Adds a CONTEXT line; outer contexts come after inner ones, one per line, as in
  // PostgreSQL's error context stack.
  DbError& add_context(const std::string& c) {
    f_.context = f_.context.empty() ? c : f_.context + "\n" + c;
    return *this;
  }
  DbError& position(int p) { if (f_.position == 0) f_.position = p; return *this; }
  DbError& table(std::string schema, std::string t) {
    f_.schema = std::move(schema); f_.table = std::move(t); return *this;
  }
  DbError& column(std::string c) { f_.column = std::move(c); return *this; }
  DbError& constraint(std::string c) { f_.constraint = std::move(c); return *this; }
  DbError& datatype(std::string d) { f_.datatype = std::move(d); return *this; }

 private:
  ErrorFields f_;
};

// SQLSTATE codes we raise, named as in PostgreSQL's errcodes.txt.
namespace sqlstate {
inline constexpr const char* kSyntaxError = "42601";
inline constexpr const char* kFeatureNotSupported = "0A000";
inline constexpr const char* kUndefinedTable = "42P01";
inline constexpr const char* kUndefinedColumn = "42703";
inline constexpr const char* kUndefinedFunction = "42883";
inline constexpr const char* kUndefinedObject = "42704";
inline constexpr const char* kDuplicateTable = "42P07";
inline constexpr const char* kDuplicateColumn = "42701";
inline constexpr const char* kDuplicateObject = "42710";
inline constexpr const char* kAmbiguousColumn = "42702";
inline constexpr const char* kDatatypeMismatch = "42804";
inline constexpr const char* kGroupingError = "42803";
inline constexpr const char* kWindowingError = "42P20";
inline constexpr const char* kInvalidTextRepresentation = "22P02";
inline constexpr const char* kNumericValueOutOfRange = "22003";
inline constexpr const char* kDivisionByZero = "22012";
inline constexpr const char* kStringDataRightTruncation = "22001";
inline constexpr const char* kInvalidDatetimeFormat = "22007";
inline constexpr const char* kDatetimeFieldOverflow = "22008";
inline constexpr const char* kUniqueViolation = "23505";
inline constexpr const char* kNotNullViolation = "23502";
inline constexpr const char* kForeignKeyViolation = "23503";
inline constexpr const char* kCheckViolation = "23514";
inline constexpr const char* kInFailedTransaction = "25P02";
inline constexpr const char* kCardinalityViolation = "21000";
inline constexpr const char* kInternalError = "XX000";
inline constexpr const char* kCannotCoerce = "42846";
inline constexpr const char* kUndefinedParameter = "42P02";
inline constexpr const char* kInvalidParameterValue = "22023";
inline constexpr const char* kObjectNotInPrerequisiteState = "55000";
inline constexpr const char* kDependentObjectsStillExist = "2BP01";
inline constexpr const char* kInvalidTableDefinition = "42P16";
inline constexpr const char* kInvalidColumnReference = "42P10";
inline constexpr const char* kWrongObjectType = "42809";
inline constexpr const char* kInvalidSchemaName = "3F000";
inline constexpr const char* kNoActiveSqlTransaction = "25P01";
inline constexpr const char* kActiveSqlTransaction = "25001";
inline constexpr const char* kInvalidSavepoint = "3B001";
inline constexpr const char* kInvalidSqlStatementName = "26000";
inline constexpr const char* kUndefinedParameterSetting = "42704";
inline constexpr const char* kDuplicateAlias = "42712";
inline constexpr const char* kProtocolViolation = "08P01";
inline constexpr const char* kDuplicateSchema = "42P06";
inline constexpr const char* kCantChangeRuntimeParam = "55P02";
inline constexpr const char* kGeneratedAlways = "428C9";
inline constexpr const char* kSerializationFailure = "40001";
inline constexpr const char* kInvalidTransactionState = "25000";
inline constexpr const char* kReadOnlyTransaction = "25006";
}  // namespace sqlstate

// Shorthands for the commonest raises.
[[noreturn]] inline void throw_error(const char* state, std::string message) {
  throw DbError(state, std::move(message));
}
[[noreturn]] inline void throw_not_supported(std::string what) {
  throw DbError(sqlstate::kFeatureNotSupported, std::move(what));
}

}  // namespace upsertdb
