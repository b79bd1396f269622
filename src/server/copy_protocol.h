// CopyProtocol: the wire protocol side of COPY (a CopyChannel for the session).
//   COPY FROM STDIN: CopyInResponse ('G'), then the client's CopyData ('d')
//     messages are the data until CopyDone ('c'); CopyFail ('f') aborts the
//     COPY with 57014 "COPY from stdin failed: <message>". Flush and Sync are
//     ignored meanwhile (libpq sends Sync right after an extended-protocol
//     Execute without knowing the statement is a COPY), as PostgreSQL does;
//     any other message is ERROR 08P01 "unexpected message type 0x.. during
//     COPY from stdin" followed by FATAL "terminating connection because
//     protocol synchronization was lost", and the client vanishing is FATAL
//     08P01, as in PostgreSQL.
//   COPY TO STDOUT: CopyOutResponse ('H'), one CopyData per row, CopyDone
//     ('c'); buffered in the connection's output (the engine latch is held
//     meanwhile) and sent with CommandComplete.
// Both announce text format (0) overall and per column, for text and csv.
// When a COPY FROM fails part way, the client's remaining CopyData / CopyDone
// / CopyFail messages reach the main loop, which ignores them (PostgreSQL
// does the same), after the ErrorResponse has been sent.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "exec/copy_channel.h"
#include "server/message_decoder.h"
#include "server/message_writer.h"

namespace upsertdb::server {

class CopyProtocol : public CopyChannel {
 public:
  // `read_frame` blocks for the client's next message (it flushes pending
  // output first); false when the client is gone. `stopping` tells whether
  // that was the server shutting down.
  CopyProtocol(MessageWriter& out, std::function<bool(Frame&)> read_frame, std::function<bool()> stopping)
      : out_(out), read_frame_(std::move(read_frame)), stopping_(std::move(stopping)) {}

  void begin_in(const CopyStart& start) override;
  bool read(std::string& chunk) override;
  void begin_out(const CopyStart& start) override;
  void write(std::string_view data) override;
  void end_out() override;

 private:
  void copy_response(char type, const CopyStart& start);
  MessageWriter& out_;
  std::function<bool(Frame&)> read_frame_;
  std::function<bool()> stopping_;
  bool reading_ = false;   // between CopyInResponse and CopyDone / CopyFail
};

}  // namespace upsertdb::server
