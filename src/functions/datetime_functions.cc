// placeholder
#include "functions/fn_util.h"
namespace upsertdb::fn {
void register_datetime_functions(Registry&) {}
}  // namespace upsertdb::fn
