// Catalog relations that have no rows in UpsertDB (no policies, triggers,
// inheritance, publications, rules, extended statistics ...): they exist, with
// PostgreSQL's columns, so that client queries joining them bind and run.
#include "catalog_views/catalog_view.h"

namespace upsertdb::catalog_views {

namespace {
std::vector<Row> no_rows(ExecContext&, const std::vector<ColumnDesc>&) { return {}; }
}  // namespace

void add_empty_views(ViewTable& v) {
  for (const char* name : {"pg_policy", "pg_statistic_ext", "pg_publication", "pg_publication_rel",
                           "pg_publication_namespace", "pg_inherits", "pg_trigger", "pg_rewrite", "pg_description",
                           "pg_extension", "pg_enum", "pg_range", "pg_foreign_table", "pg_partitioned_table",
                           "pg_event_trigger", "pg_shdescription", "pg_auth_members"})
    v[{"pg_catalog", name}] = no_rows;
}

}  // namespace upsertdb::catalog_views
