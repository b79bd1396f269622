// The system information functions clients call while reading the catalog:
// format_type, pg_get_expr, pg_get_indexdef, pg_get_constraintdef,
// pg_table_is_visible, pg_get_userbyid, has_table_privilege ...
#pragma once

#include "functions/registry.h"

namespace upsertdb::fn {

void register_catalog_functions(Registry& r);

}  // namespace upsertdb::fn
