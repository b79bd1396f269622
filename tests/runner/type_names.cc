// OID -> format_type() name table for the canonical output (see outcome.h). The OIDs
// are PostgreSQL's fixed pg_type OIDs (src/include/catalog/pg_type.dat).
#include <unordered_map>

#include "outcome.h"

namespace sqltest {

std::string type_name_for_oid(uint32_t oid) {
  static const std::unordered_map<uint32_t, const char*> kNames = {
      {16, "boolean"},
      {17, "bytea"},
      {18, "\"char\""},
      {19, "name"},
      {20, "bigint"},
      {21, "smallint"},
      {23, "integer"},
      {24, "regproc"},
      {25, "text"},
      {26, "oid"},
      {114, "json"},
      {142, "xml"},
      {600, "point"},
      {650, "cidr"},
      {700, "real"},
      {701, "double precision"},
      {705, "unknown"},
      {790, "money"},
      {829, "macaddr"},
      {869, "inet"},
      {1000, "boolean[]"},
      {1001, "bytea[]"},
      {1005, "smallint[]"},
      {1007, "integer[]"},
      {1009, "text[]"},
      {1014, "character[]"},
      {1015, "character varying[]"},
      {1016, "bigint[]"},
      {1021, "real[]"},
      {1022, "double precision[]"},
      {1042, "character"},
      {1043, "character varying"},
      {1082, "date"},
      {1083, "time without time zone"},
      {1114, "timestamp without time zone"},
      {1115, "timestamp without time zone[]"},
      {1182, "date[]"},
      {1184, "timestamp with time zone"},
      {1185, "timestamp with time zone[]"},
      {1186, "interval"},
      {1231, "numeric[]"},
      {1266, "time with time zone"},
      {1560, "bit"},
      {1562, "bit varying"},
      {1700, "numeric"},
      {2205, "regclass"},
      {2206, "regtype"},
      {2249, "record"},
      {2278, "void"},
      {2950, "uuid"},
      {2951, "uuid[]"},
      {3802, "jsonb"},
      {3807, "jsonb[]"},
      {199, "json[]"},
      {3904, "int4range"},
      {3906, "numrange"},
      {3908, "tsrange"},
      {3910, "tstzrange"},
      {3912, "daterange"},
      {3926, "int8range"},
  };
  auto it = kNames.find(oid);
  if (it != kNames.end()) return it->second;
  return "oid:" + std::to_string(oid);
}

}  // namespace sqltest
