// Catalog views: the pg_catalog and information_schema relations, computed from
// the live catalog each time a statement scans them (SystemViewOp). Each view
// is a name, PostgreSQL's column list (catalog_columns.h) and a row generator.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog_views/catalog_columns.h"
#include "exec/system_view_op.h"

namespace upsertdb::catalog_views {

using RowGenerator = std::function<std::vector<Row>(ExecContext&, const std::vector<ColumnDesc>&)>;

// The view `schema.name` ("" schema = pg_catalog, which is implicitly first on
// the search path), or null when there is none.
std::shared_ptr<SystemViewOp> make_catalog_view(const std::string& schema, const std::string& name);
// Whether some catalog view has this name in this schema.
bool is_catalog_view(const std::string& schema, const std::string& name);

// Builds one row by column name; columns never set are NULL.
class RowBuilder {
 public:
  explicit RowBuilder(const std::vector<ColumnDesc>& columns);
  RowBuilder& set(const std::string& column, Value v);
  // Text-typed columns (name, text, varchar, "char" shown as text).
  RowBuilder& str(const std::string& column, std::string s);
  RowBuilder& oid(const std::string& column, uint32_t oid);
  RowBuilder& boolean(const std::string& column, bool b);
  RowBuilder& integer(const std::string& column, int64_t v);
  Row take();

 private:
  const std::vector<ColumnDesc>& columns_;
  std::map<std::string, size_t> index_;
  Row row_;
};

// Registration: each view file adds its generators (see catalog_view.cc).
using ViewTable = std::map<std::pair<std::string, std::string>, RowGenerator>;
void add_relation_views(ViewTable& views);      // pg_class, pg_attribute, pg_attrdef, pg_index, pg_constraint, pg_sequence, pg_depend
void add_global_views(ViewTable& views);        // pg_namespace, pg_type, pg_am, pg_database, pg_roles, pg_settings ...
void add_empty_views(ViewTable& views);         // relations with no rows here (pg_policy, pg_trigger ...)
void add_information_schema_views(ViewTable& views);

}  // namespace upsertdb::catalog_views
