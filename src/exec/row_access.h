// Row access: turning a stored version back into a full physical row. Kept
// apart from the writer so that readers (scans) depend on nothing else.
#pragma once

#include "catalog/catalog.h"
#include "storage/row_codec.h"
#include "storage/version.h"

namespace upsertdb {

// Decodes a version into a full physical row; columns added after the version
// was written take the column's `missing` value.
void decode_version(const TableInfo& table, const Version& v, Row& out);

}  // namespace upsertdb
