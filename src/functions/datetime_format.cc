// to_char, to_date and to_timestamp(text, text): placeholder until written.
#include "functions/datetime_util.h"

namespace upsertdb::fn {
void register_datetime_format_functions(Registry&) {}
}  // namespace upsertdb::fn
