// COPY sub-protocol messages; see copy_protocol.h.
#include "server/copy_protocol.h"

#include <cstdio>

#include "common/error.h"
#include "server/error_message.h"

namespace upsertdb::server {

void CopyProtocol::copy_response(char type, const CopyStart& start) {
  out_.begin(type);
  out_.int8(0);   // overall format: text (csv travels as text too)
  out_.int16(static_cast<int16_t>(start.columns));
  for (size_t i = 0; i < start.columns; ++i) out_.int16(0);
  out_.end();
}

void CopyProtocol::begin_in(const CopyStart& start) {
  copy_response('G', start);
  reading_ = true;   // read_frame flushes the response before it waits
}

bool CopyProtocol::read(std::string& chunk) {
  if (!reading_) return false;
  for (;;) {
    Frame f;
    if (!read_frame_(f)) {
      reading_ = false;
      ErrorFields e;
      e.severity = "FATAL";
      if (stopping_()) {
        e.sqlstate = "57P01";
        e.message = "terminating connection due to administrator command";
      } else {
        e.sqlstate = sqlstate::kProtocolViolation;
        e.message = "unexpected EOF on client connection with an open transaction";
      }
      throw DbError(e);
    }
    switch (f.type) {
      case 'd':
        chunk = std::move(f.body);
        return true;
      case 'c':
        reading_ = false;
        return false;
      case 'f': {
        reading_ = false;
        std::string message = f.body;
        if (!message.empty() && message.back() == '\0') message.pop_back();
        throw DbError("57014", "COPY from stdin failed: " + message);
      }
      case 'H':
      case 'S':
        continue;
      default: {
        // PostgreSQL reports the message as an ERROR, then ends the
        // connection: it can no longer tell where the client's stream is.
        reading_ = false;
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(f.type));
        write_error_response(out_, DbError(sqlstate::kProtocolViolation, std::string("unexpected message type ") +
                                                                            hex + " during COPY from stdin")
                                       .fields());
        ErrorFields fatal;
        fatal.severity = "FATAL";
        fatal.sqlstate = sqlstate::kProtocolViolation;
        fatal.message = "terminating connection because protocol synchronization was lost";
        throw DbError(fatal);
      }
    }
  }
}

void CopyProtocol::begin_out(const CopyStart& start) { copy_response('H', start); }

void CopyProtocol::write(std::string_view data) {
  out_.begin('d');
  out_.bytes(data);
  out_.end();
}

void CopyProtocol::end_out() {
  out_.begin('c');
  out_.end();
}

}  // namespace upsertdb::server
