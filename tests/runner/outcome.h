// What one statement did, in a form both backends (UpsertDB's embedded API and
// PostgreSQL through libpq) can fill in, and its canonical text. Both sides go
// through the same formatter, so their outputs compare exactly.
//
// Canonical block of one statement:
//   -- <statement text, newlines replaced by spaces>
//   then, for a statement returning rows (one or more columns):
//     name:type | name:type            (type = format_type() name of the type OID)
//     value | NULL                     (one line per row; sorted under --@sort)
//     (N rows)                         ("(1 row)" for one)
//   or the command tag, e.g. "INSERT 0 1"
//   or  ERROR:  <SQLSTATE>: <message>
//       DETAIL:  <detail>               (when present)
//       HINT:  <hint>                   (when present)
//       SCHEMA NAME:  <schema>          (under --@error-fields, each when present:
//       TABLE NAME:  <table>             the error fields a driver sees, in the
//       COLUMN NAME:  <column>           order and words of psql's VERBOSITY verbose)
//       DATATYPE NAME:  <type>
//       CONSTRAINT NAME:  <constraint>
//   then one blank line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "script.h"

namespace sqltest {

struct Outcome {
  enum class Kind { kRows, kCommand, kError };
  Kind kind = Kind::kCommand;

  // kRows
  std::vector<std::string> column_names;
  std::vector<uint32_t> column_types;  // PostgreSQL type OIDs
  std::vector<std::vector<std::optional<std::string>>> rows;

  // kCommand
  std::string command_tag;

  // kError
  std::string sqlstate, message, detail, hint;
  std::string schema, table, column, datatype, constraint;   // error fields

  static Outcome error(std::string sqlstate, std::string message, std::string detail = {},
                       std::string hint = {}) {
    Outcome o;
    o.kind = Kind::kError;
    o.sqlstate = std::move(sqlstate);
    o.message = std::move(message);
    o.detail = std::move(detail);
    o.hint = std::move(hint);
    return o;
  }
};

// format_type() spelling of a type OID without its modifier ("character varying");
// "oid:<n>" for an OID outside the runner's table.
std::string type_name_for_oid(uint32_t oid);

// The statement's echo line: "-- " + text with newlines as spaces.
std::string echo_line(const Statement& st);

// The full canonical block (echo line through the closing blank line).
std::string format_block(const Statement& st, const Outcome& outcome);

}  // namespace sqltest
