// ErrorResponse and NoticeResponse: the fields PostgreSQL sends (S, V, C, M,
// D, H, P, s, t, c, d, n), empty ones left out, built from a DbError's fields.
#pragma once

#include <string>

#include "common/error.h"
#include "server/message_writer.h"

namespace upsertdb::server {

void write_error_response(MessageWriter& w, const ErrorFields& f);
void write_notice_response(MessageWriter& w, const ErrorFields& f);

// The session reports notices as plain text; PostgreSQL sends some of them
// as WARNING and with a SQLSTATE other than 00000. This restores both for the
// messages the engine raises (e.g. "there is no transaction in progress" is
// WARNING 25P01, "relation ... already exists, skipping" is NOTICE 42P07).
ErrorFields classify_notice(const std::string& text);

}  // namespace upsertdb::server
