// AtomicFileWriter: a file written in pieces larger and smaller than its
// buffer, with a patched header, reads back whole after commit(); until
// then the target is untouched, and an abandoned writer leaves no file.
#include "wal/file_util.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace upsertdb::wal {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "upsertdb_file_util_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(AtomicFileWriter, StreamsPiecesPatchesAndRenamesOnCommit) {
  TempDir d;
  write_file_atomically(d.path(), "f", "previous");
  std::string expected;
  {
    AtomicFileWriter w(d.path(), "f");
    w.append("HEADER00");
    expected = "HEADER00";
    for (int i = 0; expected.size() < 3 * AtomicFileWriter::kBufferSize; ++i) {
      std::string piece(static_cast<size_t>(i % 7 == 0 ? 1500000 : 1000 + i), static_cast<char>('a' + i % 26));
      w.append(piece);
      expected += piece;
    }
    w.patch(6, "42");   // already written out by now
    expected.replace(6, 2, "42");
    EXPECT_EQ(w.size(), expected.size());
    std::string before;
    ASSERT_TRUE(read_whole_file(join_path(d.path(), "f"), before));
    EXPECT_EQ(before, "previous");
    w.commit();
  }
  std::string after;
  ASSERT_TRUE(read_whole_file(join_path(d.path(), "f"), after));
  EXPECT_TRUE(after == expected);
  EXPECT_EQ(list_directory(d.path()), std::vector<std::string>{"f"});
}

TEST(AtomicFileWriter, PatchInsideTheBufferAndAbandonedWriter) {
  TempDir d;
  {
    AtomicFileWriter w(d.path(), "g", /*sync=*/false);
    w.append("0123456789");
    w.patch(2, "ab");
    w.commit();
  }
  std::string g;
  ASSERT_TRUE(read_whole_file(join_path(d.path(), "g"), g));
  EXPECT_EQ(g, "01ab456789");
  {
    AtomicFileWriter w(d.path(), "h");
    w.append("never committed");
  }
  EXPECT_EQ(list_directory(d.path()), std::vector<std::string>{"g"});
}

}  // namespace
}  // namespace upsertdb::wal
