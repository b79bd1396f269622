// placeholder
#include "functions/fn_util.h"
namespace upsertdb::fn {
void register_json_functions(Registry&) {}
}  // namespace upsertdb::fn
