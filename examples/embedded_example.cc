// Embedded UpsertDB, using only the public header: the read-receipts incident
// from SCENARIOS.md (#1). Two devices of one user mark the same message read;
// the plain INSERT of the second raises 23505 naming the constraint, and the
// ON CONFLICT ON CONSTRAINT ... DO NOTHING form makes the race harmless.
//
// Exits non-zero if anything differs from what PostgreSQL would do (`make test`
// runs it).
#include <upsertdb/upsertdb.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "FAILED: " << what << "\n";
    ++failures;
  }
}

template <typename A, typename B>
void expect_eq(const A& actual, const B& expected, const std::string& what) {
  if (!(actual == expected)) {
    std::cerr << "FAILED: " << what << ": got \"" << actual << "\", expected \"" << expected << "\"\n";
    ++failures;
  }
}

}  // namespace

int main() {
  try {
    auto db = upsertdb::Database::open("");   // in-memory
    auto conn = db->connect();

    conn->execute(
        "CREATE TABLE read_receipts ("
        "  message_id bigint NOT NULL,"
        "  user_id    bigint NOT NULL,"
        "  device     text   NOT NULL,"
        "  CONSTRAINT read_receipts_once UNIQUE (message_id, user_id))");

    auto mark_read = conn->prepare("INSERT INTO read_receipts (message_id, user_id, device) VALUES ($1, $2, $3)");
    expect_eq(mark_read.parameter_count(), size_t{3}, "parameter count");

    upsertdb::Result r = mark_read.bind(1, int64_t{1}).bind(2, int64_t{42}).bind(3, "phone").execute();
    expect_eq(r.command_tag(), std::string("INSERT 0 1"), "first receipt");
    mark_read.bind(1, int64_t{2}).bind(2, int64_t{42}).bind(3, "phone").execute();

    // The laptop marks message 1 read too: the unique constraint says no.
    try {
      mark_read.bind(1, int64_t{1}).bind(2, int64_t{42}).bind(3, "laptop").execute();
      expect(false, "duplicate receipt was accepted");
    } catch (const upsertdb::Error& e) {
      std::cout << "duplicate receipt rejected: " << e.sqlstate() << " " << e.message() << "\n"
                << "  DETAIL: " << e.detail() << "\n";
      expect_eq(e.sqlstate(), std::string("23505"), "sqlstate");
      expect_eq(e.message(), std::string("duplicate key value violates unique constraint \"read_receipts_once\""),
                "message");
      expect_eq(e.detail(), std::string("Key (message_id, user_id)=(1, 42) already exists."), "detail");
      expect_eq(e.constraint(), std::string("read_receipts_once"), "constraint field");
      expect_eq(e.table(), std::string("read_receipts"), "table field");
      expect_eq(e.schema(), std::string("public"), "schema field");
    }

    // The incident's fix: the conflict is skipped, not raised.
    auto mark_read_once = conn->prepare(
        "INSERT INTO read_receipts (message_id, user_id, device) VALUES ($1, $2, $3) "
        "ON CONFLICT ON CONSTRAINT read_receipts_once DO NOTHING");
    r = mark_read_once.bind(1, int64_t{1}).bind(2, int64_t{42}).bind(3, "laptop").execute();
    expect_eq(r.command_tag(), std::string("INSERT 0 0"), "ON CONFLICT DO NOTHING tag");
    expect_eq(r.affected_rows(), uint64_t{0}, "ON CONFLICT DO NOTHING affected rows");

    // Text bound to a bigint parameter is converted by the engine, as PostgreSQL does.
    r = mark_read_once.bind(1, "3").bind(2, int64_t{42}).bind(3, "laptop").execute();
    expect_eq(r.affected_rows(), uint64_t{1}, "text parameter for bigint");

    r = conn->execute("SELECT message_id, user_id, device FROM read_receipts ORDER BY message_id");
    expect_eq(r.column_count(), size_t{3}, "column count");
    expect_eq(r.columns().at(0).name, std::string("message_id"), "column name");
    expect_eq(r.columns().at(0).type_oid, uint32_t{20}, "bigint oid");
    expect_eq(r.columns().at(2).type_name, std::string("text"), "text type name");
    expect_eq(r.command_tag(), std::string("SELECT 3"), "select tag");
    const char* devices[] = {"phone", "phone", "laptop"};
    int64_t expected_message = 0;
    size_t n = 0;
    while (r.next()) {
      std::cout << r.get_int64(0) << " | " << r.get_int64(1) << " | " << r.get_text(2) << "\n";
      expected_message = n == 2 ? 3 : static_cast<int64_t>(n + 1);
      expect_eq(r.get_int64(0), expected_message, "message_id of row " + std::to_string(n));
      expect_eq(r.get_text(2), std::string(devices[n < 3 ? n : 0]), "device of row " + std::to_string(n));
      expect(!r.is_null(2), "device is not null");
      ++n;
    }
    expect_eq(n, size_t{3}, "row count");

    // A failed statement inside a transaction block leaves it failed until ROLLBACK.
    conn->execute("BEGIN");
    expect_eq(conn->transaction_status(), 'T', "status in block");
    try {
      conn->execute("INSERT INTO read_receipts VALUES (1, 42, 'tablet')");
      expect(false, "duplicate in a transaction was accepted");
    } catch (const upsertdb::Error& e) {
      expect_eq(e.sqlstate(), std::string("23505"), "sqlstate in block");
    }
    expect_eq(conn->transaction_status(), 'E', "status after error in block");
    conn->execute("ROLLBACK");
    expect(!conn->in_transaction(), "idle after rollback");
  } catch (const upsertdb::Error& e) {
    std::cerr << "unexpected error: " << e.sqlstate() << " " << e.message() << "\n";
    return 1;
  }
  if (failures) {
    std::cerr << failures << " check(s) failed\n";
    return 1;
  }
  std::cout << "embedded example: all checks passed\n";
  return 0;
}
