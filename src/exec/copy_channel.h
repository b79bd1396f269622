// CopyChannel: where COPY FROM STDIN reads its data and COPY TO STDOUT writes
// it. The session's front end provides it: the wire server maps it onto
// CopyInResponse / CopyData / CopyDone / CopyFail and CopyOutResponse /
// CopyData / CopyDone; the CLI serves the data lines that follow the COPY
// statement in a script. A session without a channel refuses COPY ... STDIN
// and STDOUT.
//
// The engine latch is NOT held while read() runs (COPY FROM releases it
// around each read, so a slow client does not stall other sessions); it IS
// held during begin_out / write / end_out, which must therefore not block on
// the client (the server buffers them until the statement ends).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace upsertdb {

struct CopyStart {
  bool csv = false;          // informational: both formats travel as text (format code 0)
  size_t columns = 0;
};

class CopyChannel {
 public:
  virtual ~CopyChannel() = default;
  // COPY FROM STDIN: the client is told to start sending (CopyInResponse).
  virtual void begin_in(const CopyStart& start) = 0;
  // The next piece of data (any size, not aligned to rows); false at the end
  // of the data (CopyDone). A client that gives up (CopyFail) makes this
  // throw 57014 "COPY from stdin failed: <its message>".
  virtual bool read(std::string& chunk) = 0;
  // COPY TO STDOUT: CopyOutResponse, then rows (each ends with "\n"), then CopyDone.
  virtual void begin_out(const CopyStart& start) = 0;
  virtual void write(std::string_view data) = 0;
  virtual void end_out() = 0;
};

}  // namespace upsertdb
