// Startup packets: the first message of a connection, which has no type byte.
// Its protocol code says what it is: a StartupMessage (protocol 3.x, then
// name/value parameters), an SSLRequest, a GSSENCRequest or a CancelRequest.
// Layout errors raise FATAL DbErrors with PostgreSQL's SQLSTATE and text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace upsertdb::server {

enum class StartupKind { kStartup, kSslRequest, kGssEncRequest, kCancelRequest };

struct StartupPacket {
  StartupKind kind = StartupKind::kStartup;
  uint16_t major = 0, minor = 0;                               // kStartup
  std::vector<std::pair<std::string, std::string>> params;    // kStartup, in packet order
  int32_t cancel_pid = 0, cancel_key = 0;                      // kCancelRequest

  // The value of a parameter, or nullptr.
  const std::string* param(std::string_view name) const;
};

inline constexpr int32_t kCancelRequestCode = (1234 << 16) | 5678;
inline constexpr int32_t kSslRequestCode = (1234 << 16) | 5679;
inline constexpr int32_t kGssEncRequestCode = (1234 << 16) | 5680;

// `body` is the packet without its length word.
StartupPacket parse_startup_packet(std::string_view body);

// The `options` startup parameter, as PostgreSQL reads it: words split on
// whitespace (a backslash escapes the next character), then `-c name=value`,
// `-cname=value` or `--name=value`, with '-' in names read as '_'. Returns
// (name, value) pairs; anything else raises FATAL 42601.
std::vector<std::pair<std::string, std::string>> parse_startup_options(std::string_view options);

}  // namespace upsertdb::server
