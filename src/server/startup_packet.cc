#include "server/startup_packet.h"

#include <cctype>

#include "common/error.h"
#include "server/message_reader.h"

namespace upsertdb::server {

namespace {

[[noreturn]] void fatal(const char* state, std::string message, std::string hint = "") {
  ErrorFields f;
  f.severity = "FATAL";
  f.sqlstate = state;
  f.message = std::move(message);
  f.hint = std::move(hint);
  throw DbError(std::move(f));
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
      continue;
    }
    if (c == '\\' && i + 1 < s.size()) c = s[++i];
    cur.push_back(c);
    in_word = true;
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

std::pair<std::string, std::string> name_value(const std::string& arg, const std::string& shown) {
  size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0) {
    if (eq == std::string::npos)
      fatal(sqlstate::kSyntaxError, "parameter \"" + arg + "\" requires a value");
    fatal(sqlstate::kSyntaxError, "invalid command-line argument for server process: " + shown,
          "Try \"postgres --help\" for more information.");
  }
  std::string name = arg.substr(0, eq);
  for (char& c : name)
    if (c == '-') c = '_';
  return {name, arg.substr(eq + 1)};
}

}  // namespace

const std::string* StartupPacket::param(std::string_view name) const {
  for (const auto& [n, v] : params)
    if (n == name) return &v;
  return nullptr;
}

StartupPacket parse_startup_packet(std::string_view body) {
  StartupPacket p;
  MessageReader r(body);
  int32_t code = r.int32();
  if (code == kCancelRequestCode) {
    if (body.size() != 12) fatal(sqlstate::kProtocolViolation, "invalid length of startup packet");
    p.kind = StartupKind::kCancelRequest;
    p.cancel_pid = r.int32();
    p.cancel_key = r.int32();
    return p;
  }
  if (code == kSslRequestCode || code == kGssEncRequestCode) {
    if (body.size() != 4) fatal(sqlstate::kProtocolViolation, "invalid length of startup packet");
    p.kind = code == kSslRequestCode ? StartupKind::kSslRequest : StartupKind::kGssEncRequest;
    return p;
  }
  p.major = static_cast<uint16_t>(static_cast<uint32_t>(code) >> 16);
  p.minor = static_cast<uint16_t>(code & 0xffff);
  if (p.major != 3)
    fatal(sqlstate::kFeatureNotSupported, "unsupported frontend protocol " + std::to_string(p.major) + "." +
                                              std::to_string(p.minor) + ": server supports 3.0 to 3.0");
  // name\0value\0 ... \0: the packet must end with the list terminator.
  if (body.back() != '\0')
    fatal(sqlstate::kProtocolViolation, "invalid startup packet layout: expected terminator as last byte");
  while (r.remaining() > 1) {
    std::string name = r.cstring();
    if (r.remaining() == 0)
      fatal(sqlstate::kProtocolViolation, "invalid startup packet layout: expected terminator as last byte");
    std::string value = r.cstring();
    p.params.emplace_back(std::move(name), std::move(value));
  }
  if (r.remaining() != 1)
    fatal(sqlstate::kProtocolViolation, "invalid startup packet layout: expected terminator as last byte");
  return p;
}

std::vector<std::pair<std::string, std::string>> parse_startup_options(std::string_view options) {
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<std::string> words = split_words(options);
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "-c") {
      if (i + 1 >= words.size())
        fatal(sqlstate::kSyntaxError, "invalid command-line argument for server process: -c",
              "Try \"postgres --help\" for more information.");
      ++i;
      out.push_back(name_value(words[i], words[i]));
    } else if (w.rfind("-c", 0) == 0 && w.size() > 2 && w[2] != '-') {
      out.push_back(name_value(w.substr(2), w));
    } else if (w.rfind("--", 0) == 0 && w.size() > 2) {
      out.push_back(name_value(w.substr(2), w));
    } else {
      fatal(sqlstate::kSyntaxError, "invalid command-line argument for server process: " + w,
            "Try \"postgres --help\" for more information.");
    }
  }
  return out;
}

}  // namespace upsertdb::server
