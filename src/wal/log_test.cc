// Log writer and reader: round trips across segments, a torn tail cut at
// every byte offset, bit flips in the middle and at the end, write and fsync
// failures, and group commit under concurrent committers.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/error.h"
#include "wal/fault_log_storage_test_util.h"
#include "wal/file_util.h"
#include "wal/log_file.h"
#include "wal/log_reader.h"
#include "wal/log_writer.h"

namespace upsertdb::wal {
namespace {

namespace fs = std::filesystem;

class TempLogDir {
 public:
  TempLogDir() {
    std::string tmpl = (fs::temp_directory_path() / "upsertdb_wal_test_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempLogDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string payload_for(int i) { return "record-" + std::to_string(i) + std::string(static_cast<size_t>(i % 7) * 3, 'x'); }

struct Read {
  std::vector<std::string> payloads;
  std::vector<uint64_t> lsns;
  LogReadResult result;
};
Read read_all(const std::string& dir, uint64_t from = 0) {
  Read r;
  r.result = read_log(dir, from, [&](uint64_t lsn, RecordType type, std::string_view p) {
    EXPECT_EQ(type, RecordType::kCommit);
    r.payloads.emplace_back(p);
    r.lsns.push_back(lsn);
  });
  return r;
}

// Writes `n` records, each flushed on its own (as synchronous commits are).
std::vector<uint64_t> write_records(const std::string& dir, int n, uint64_t segment_size = 1 << 20) {
  LogWriterOptions o;
  o.segment_size = segment_size;
  LogWriter w(dir, 0, 0, o, posix_log_storage());
  std::vector<uint64_t> ends;
  for (int i = 0; i < n; ++i) {
    ends.push_back(w.append(RecordType::kCommit, payload_for(i)));
    w.flush(ends.back());
  }
  return ends;
}

std::string only_segment(const std::string& dir) {
  auto names = list_directory(dir);
  EXPECT_EQ(names.size(), 1u);
  return join_path(dir, names.at(0));
}

TEST(Wal, RoundTripAcrossSegments) {
  TempLogDir d;
  auto ends = write_records(d.path(), 200, /*segment_size=*/512);
  EXPECT_GT(list_directory(d.path()).size(), 10u);
  Read r = read_all(d.path());
  ASSERT_EQ(r.payloads.size(), 200u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(r.payloads[static_cast<size_t>(i)], payload_for(i));
  EXPECT_FALSE(r.result.torn);
  EXPECT_EQ(r.result.end_lsn, ends.back());

  // Reading from a record boundary in the middle skips what came before.
  Read tail = read_all(d.path(), ends[149]);
  ASSERT_EQ(tail.payloads.size(), 50u);
  EXPECT_EQ(tail.payloads[0], payload_for(150));

  // The writer continues where the reader stopped.
  {
    LogWriterOptions o;
    o.segment_size = 512;
    LogWriter w(d.path(), r.result.segment_start, r.result.end_lsn, o, posix_log_storage());
    w.flush(w.append(RecordType::kCommit, "after reopen"));
  }
  Read again = read_all(d.path());
  ASSERT_EQ(again.payloads.size(), 201u);
  EXPECT_EQ(again.payloads.back(), "after reopen");
}

// A large record is framed in the caller's buffer and written from there;
// small records before and after it (in one unflushed batch) keep their order,
// and one that does not fit its segment starts the next.
TEST(Wal, LargeRecordsFramedInPlaceKeepLogOrder) {
  TempLogDir d;
  LogWriterOptions o;
  o.segment_size = 1 << 20;
  std::vector<std::string> expected;
  {
    LogWriter w(d.path(), 0, 0, o, posix_log_storage());
    auto framed = [&](std::string payload) {
      expected.push_back(payload);
      std::string record(kRecordHeaderSize, '\0');
      record += payload;
      return w.append_framed(RecordType::kCommit, std::move(record));
    };
    w.append(RecordType::kCommit, "small before");
    expected.push_back("small before");
    framed(std::string(200 * 1024, 'a'));
    framed("small framed");   // below the in-place size: copied like append()
    w.append(RecordType::kCommit, "small after");
    expected.push_back("small after");
    framed(std::string(900 * 1024, 'b'));   // does not fit what is left of the first segment
    uint64_t end = framed(std::string(50 * 1024, 'c'));   // fits after it
    w.flush(end);
    EXPECT_EQ(end, w.durable_lsn());
  }
  EXPECT_EQ(list_directory(d.path()).size(), 2u);
  Read r = read_all(d.path());
  EXPECT_FALSE(r.result.torn);
  ASSERT_EQ(r.payloads.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(r.payloads[i], expected[i]) << "record " << i;
}

TEST(Wal, TornTailAtEveryByteOffset) {
  // A crash mid-write leaves the log cut short: either the file ends there
  // (it grew with each write) or zeros of prepared room follow.
  TempLogDir d;
  auto ends = write_records(d.path(), 12);
  const std::string segment = only_segment(d.path());
  std::string file;
  ASSERT_TRUE(read_whole_file(segment, file));
  ASSERT_GE(file.size(), ends.back());
  const std::string full = file.substr(0, ends.back());
  EXPECT_EQ(file.substr(ends.back()), std::string(file.size() - ends.back(), '\0'));
  for (bool zeros_follow : {false, true}) {
    for (size_t cut = 0; cut <= full.size(); ++cut) {
      {
        std::ofstream out(segment, std::ios::binary | std::ios::trunc);
        out.write(full.data(), static_cast<std::streamsize>(cut));
        if (zeros_follow) out << std::string(4096, '\0');
      }
      Read r = read_all(d.path());
      size_t whole = 0;
      while (whole < ends.size() && ends[whole] <= cut) ++whole;
      ASSERT_EQ(r.payloads.size(), whole) << "cut at " << cut;
      uint64_t boundary = whole ? ends[whole - 1] : 0;
      EXPECT_EQ(r.result.end_lsn, boundary) << cut;
      // Torn unless only zeros follow the last whole record: those read as room.
      bool stray = full.substr(boundary, cut - boundary).find_first_not_of('\0') != std::string::npos;
      EXPECT_EQ(r.result.torn, stray) << cut << (zeros_follow ? " with zeros" : "");
    }
  }
}

TEST(Wal, ZeroFilledTailIsTheEndAndTheWriterContinuesThere) {
  TempLogDir d;
  auto ends = write_records(d.path(), 5);
  {
    std::ofstream out(only_segment(d.path()), std::ios::binary | std::ios::app);
    out << std::string(100000, '\0');
  }
  Read r = read_all(d.path());
  EXPECT_EQ(r.payloads.size(), 5u);
  EXPECT_FALSE(r.result.torn);
  EXPECT_EQ(r.result.end_lsn, ends.back());
  {
    LogWriter w(d.path(), r.result.segment_start, r.result.end_lsn, LogWriterOptions{}, posix_log_storage());
    w.flush(w.append(RecordType::kCommit, "after the zeros"));
  }
  Read again = read_all(d.path());
  ASSERT_EQ(again.payloads.size(), 6u);
  EXPECT_EQ(again.payloads.back(), "after the zeros");
  EXPECT_EQ(again.lsns.back(), ends.back());
}

TEST(Wal, PreparesZeroFilledRoomAheadOfTheWrites) {
  TempLogDir d;
  LogWriter w(d.path(), 0, 0, LogWriterOptions{}, posix_log_storage());
  uint64_t end = 0;
  for (int i = 0; i < 200; ++i) w.flush(end = w.append(RecordType::kCommit, payload_for(i)));
  uint64_t prepared = w.prepared_segment_bytes_when_idle();
  // Room beyond the log, at least half the first chunk, all zeros.
  EXPECT_GE(prepared, end + SegmentPreallocator::kFirstChunk / 2);
  std::string file;
  ASSERT_TRUE(read_whole_file(only_segment(d.path()), file));
  EXPECT_EQ(file.size(), prepared);
  EXPECT_EQ(file.substr(end), std::string(file.size() - end, '\0'));
  EXPECT_EQ(read_all(d.path()).payloads.size(), 200u);
}

TEST(Wal, NoRoomToPrepareStillLogsEveryCommit) {
  TempLogDir d;
  auto storage = std::make_unique<FaultInjectingLogStorage>();
  storage->faults().fail_zero_fills = true;
  LogWriter w(d.path(), 0, 0, LogWriterOptions{}, std::move(storage));
  uint64_t end = 0;
  for (int i = 0; i < 100; ++i) w.flush(end = w.append(RecordType::kCommit, payload_for(i)));
  EXPECT_FALSE(w.failed());
  EXPECT_EQ(w.prepared_segment_bytes_when_idle(), end);   // the file grew with each write
  Read r = read_all(d.path());
  EXPECT_EQ(r.payloads.size(), 100u);
  EXPECT_FALSE(r.result.torn);
}

TEST(Wal, OlderSegmentsEndInTheirRoom) {
  // Each full segment keeps zeros after its last record; reading goes on at
  // the next segment, which begins where the records stopped.
  TempLogDir d;
  LogWriterOptions o;
  o.segment_size = 4096;
  {
    LogWriter w(d.path(), 0, 0, o, posix_log_storage());
    for (int i = 0; i < 400; ++i) w.flush(w.append(RecordType::kCommit, payload_for(i)));
  }
  auto names = list_directory(d.path());
  ASSERT_GT(names.size(), 3u);
  std::string first;
  ASSERT_TRUE(read_whole_file(join_path(d.path(), names[0]), first));
  uint64_t second_start;
  ASSERT_TRUE(parse_segment_file_name(names[1], second_start));
  EXPECT_LT(second_start, first.size());   // zeros after the first segment's records
  Read r = read_all(d.path());
  EXPECT_EQ(r.payloads.size(), 400u);
  EXPECT_FALSE(r.result.torn);
  // Zeroing an older segment's last record is damage, not its end.
  size_t last_record = 0;
  for (size_t k = 0; k < r.lsns.size() && r.lsns[k] < second_start; ++k) last_record = r.lsns[k];
  std::string damaged = first;
  std::fill(damaged.begin() + static_cast<std::ptrdiff_t>(last_record), damaged.end(), '\0');
  std::ofstream(join_path(d.path(), names[0]), std::ios::binary | std::ios::trunc) << damaged;
  EXPECT_THROW(read_all(d.path()), DbError);
}

void flip_bit(const std::string& file, size_t offset) {
  std::string bytes;
  ASSERT_TRUE(read_whole_file(file, bytes));
  bytes[offset] ^= 0x08;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST(Wal, BitFlipInTheMiddleRefusesToStart) {
  // Every byte of every record but the last: a flipped bit there is damage
  // to flushed data followed by records that vouch for it.
  TempLogDir d;
  auto ends = write_records(d.path(), 6);
  const std::string segment = only_segment(d.path());
  std::string good;
  ASSERT_TRUE(read_whole_file(segment, good));
  for (size_t offset = 0; offset < ends[4]; ++offset) {
    flip_bit(segment, offset);
    try {
      read_all(d.path());
      FAIL() << "accepted a flipped bit at " << offset;
    } catch (const DbError& e) {
      EXPECT_EQ(e.sqlstate(), "XX001");
      EXPECT_NE(std::string(e.what()).find("write-ahead log is corrupt"), std::string::npos) << e.what();
    }
    std::ofstream(segment, std::ios::binary | std::ios::trunc) << good;
  }
  // In the final record it cannot be told from a torn write: replay ends before it.
  flip_bit(segment, ends[4] + 30);
  Read r = read_all(d.path());
  EXPECT_EQ(r.payloads.size(), 5u);
  EXPECT_TRUE(r.result.torn);
}

TEST(Wal, DamageInAnOlderSegmentRefusesToStart) {
  TempLogDir d;
  write_records(d.path(), 40, /*segment_size=*/256);
  auto names = list_directory(d.path());
  ASSERT_GT(names.size(), 3u);
  // Cut the second segment's records short: later segments exist, so this
  // is not a tail.
  std::string second = join_path(d.path(), names[1]);
  std::string bytes;
  ASSERT_TRUE(read_whole_file(second, bytes));
  uint64_t second_start, third_start;
  ASSERT_TRUE(parse_segment_file_name(names[1], second_start));
  ASSERT_TRUE(parse_segment_file_name(names[2], third_start));
  truncate_file(second, third_start - second_start - 3);
  EXPECT_THROW(read_all(d.path()), DbError);
  // A missing segment in the middle is refused too.
  std::ofstream(second, std::ios::binary | std::ios::trunc) << bytes;
  remove_file(join_path(d.path(), names[2]));
  EXPECT_THROW(read_all(d.path()), DbError);
}

TEST(Wal, RemovesOnlyWholeSegmentsBeforeAPosition) {
  TempLogDir d;
  LogWriterOptions o;
  o.segment_size = 256;
  LogWriter w(d.path(), 0, 0, o, posix_log_storage());
  std::vector<uint64_t> ends;
  for (int i = 0; i < 40; ++i) ends.push_back(w.append(RecordType::kCommit, payload_for(i)));
  w.flush_all();
  size_t before = list_directory(d.path()).size();
  w.remove_segments_before(ends[29]);
  EXPECT_LT(list_directory(d.path()).size(), before);
  Read r = read_all(d.path(), ends[29]);
  EXPECT_EQ(r.payloads.size(), 10u);
  EXPECT_FALSE(r.result.torn);
}

TEST(Wal, FailedFsyncIsNeverRetriedAndStopsCommits) {
  TempLogDir d;
  auto storage = std::make_unique<FaultInjectingLogStorage>();
  storage->faults().fail_sync_at = 3;
  LogWriter w(d.path(), 0, 0, LogWriterOptions{}, std::move(storage));
  w.flush(w.append(RecordType::kCommit, "one"));
  w.flush(w.append(RecordType::kCommit, "two"));
  uint64_t third = w.append(RecordType::kCommit, "three");
  try {
    w.flush(third);
    FAIL() << "a failed fsync was reported as durable";
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "58030");
    EXPECT_NE(std::string(e.what()).find("Input/output error"), std::string::npos);
  }
  EXPECT_TRUE(w.failed());
  EXPECT_EQ(w.durable_lsn(), third - kRecordHeaderSize - 5);
  try {
    w.append(RecordType::kCommit, "four");
    FAIL() << "the log accepted a commit after a failed fsync";
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "58030");
    EXPECT_NE(std::string(e.what()).find("no further commits are accepted"), std::string::npos) << e.what();
  }
  EXPECT_THROW(w.flush(third), DbError);
  // What had been acknowledged reads back.
  Read r = read_all(d.path());
  ASSERT_GE(r.payloads.size(), 2u);
  EXPECT_EQ(r.payloads[0], "one");
  EXPECT_EQ(r.payloads[1], "two");
}

TEST(Wal, FailedWriteStopsCommitsAndLosesNothingAcknowledged) {
  TempLogDir d;
  auto storage = std::make_unique<FaultInjectingLogStorage>();
  storage->faults().fail_append_at = 2;
  LogWriter w(d.path(), 0, 0, LogWriterOptions{}, std::move(storage));
  w.flush(w.append(RecordType::kCommit, "kept"));
  EXPECT_THROW(w.flush(w.append(RecordType::kCommit, "lost")), DbError);
  EXPECT_THROW(w.append(RecordType::kCommit, "refused"), DbError);
  Read r = read_all(d.path());
  ASSERT_EQ(r.payloads.size(), 1u);
  EXPECT_EQ(r.payloads[0], "kept");
}

TEST(Wal, GroupCommitSharesFsyncs) {
  TempLogDir d;
  auto storage = std::make_unique<FaultInjectingLogStorage>();
  LogFaults* counts = &storage->faults();
  LogWriter w(d.path(), 0, 0, LogWriterOptions{}, std::move(storage));
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) w.flush(w.append(RecordType::kCommit, payload_for(t * kEach + i)));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(w.durable_lsn(), w.end_lsn());
  Read r = read_all(d.path());
  EXPECT_EQ(r.payloads.size(), static_cast<size_t>(kThreads * kEach));
  // Every commit waited for its own flush, yet they shared fsyncs.
  EXPECT_LT(counts->syncs.load(), kThreads * kEach);
}

TEST(Wal, BackgroundFlushMakesAsynchronousCommitsDurable) {
  TempLogDir d;
  LogWriter w(d.path(), 0, 0, LogWriterOptions{}, posix_log_storage());
  w.start_background_flush(std::chrono::milliseconds(5));
  uint64_t end = w.append(RecordType::kCommit, "async");
  for (int i = 0; i < 400 && w.durable_lsn() < end; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(w.durable_lsn(), end);
}

}  // namespace
}  // namespace upsertdb::wal
