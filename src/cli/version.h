// The version the upsertdb binary reports (--version, the shell banner).
#pragma once

namespace upsertdb::cli {
inline constexpr const char* kVersion = "0.1.0";
}
