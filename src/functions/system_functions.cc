// placeholder
#include "functions/fn_util.h"
namespace upsertdb::fn {
void register_system_functions(Registry&) {}
}  // namespace upsertdb::fn
