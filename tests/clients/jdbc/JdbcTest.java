// PgJDBC (Debian's libpostgresql-jdbc-java) against `upsertdb serve`.
//
//   java -cp /usr/share/java/postgresql.jar tests/clients/jdbc/JdbcTest.java PORT
//
// Incident 3 of SCENARIOS.md ("JPA save() is not an upsert") through JDBC:
// the room / room_new_data schema, the three ON CONFLICT forms as prepared
// statements, two threads upserting the same key with the last write winning,
// batches (executeBatch, with and without reWriteBatchedInserts), generated keys,
// server-side prepared statements (prepareThreshold), getSQLState and
// DatabaseMetaData (getTables, getColumns, getPrimaryKeys, getIndexInfo). Prints
// one line per check; exits non-zero when any check failed.
import java.sql.*;
import java.util.*;
import java.util.concurrent.*;

public class JdbcTest {
  static int failures = 0;

  static void check(String name, Object got, Object want) {
    if (Objects.equals(got, want)) {
      System.out.println("ok   " + name);
    } else {
      failures++;
      System.out.println("FAIL " + name + ": got " + got + ", want " + want);
    }
  }

  static Connection connect(int port, String extra) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres" + extra, p);
  }

  static String scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    try (Connection c = connect(port, "?prepareThreshold=1")) {
      check("server version 15", c.getMetaData().getDatabaseMajorVersion(), 15);
      try (Statement s = c.createStatement()) {
        s.execute("create table room (seq serial primary key, column_1 varchar(10), column_2 varchar(10),"
            + " column_3 varchar(10), column_4 varchar(10))");
        s.execute("create table room_new_data (room_seq integer primary key references room,"
            + " column_1 varchar(10), column_2 varchar(10))");
      }

      // Generated keys: the driver appends RETURNING to the INSERT.
      List<Integer> seqs = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
               "insert into room (column_1, column_2) values (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        for (int i = 1; i <= 3; i++) {
          ps.setString(1, "r" + i);
          ps.setString(2, "x");
          ps.executeUpdate();
          try (ResultSet k = ps.getGeneratedKeys()) {
            k.next();
            seqs.add(k.getInt("seq"));
          }
        }
      }
      check("generated keys", seqs, List.of(1, 2, 3));

      // The three fixes of incident 3, as server-side prepared statements.
      String[] upserts = {
          "insert into room_new_data (room_seq, column_1, column_2) values (?, ?, ?)"
              + " on conflict (room_seq) do update set column_1 = excluded.column_1, column_2 = excluded.column_2",
          "insert into room_new_data (room_seq, column_1, column_2) values (?, ?, ?)"
              + " on conflict on constraint room_new_data_pkey do update set column_1 = excluded.column_1,"
              + " column_2 = excluded.column_2",
          "insert into room_new_data (room_seq, column_1, column_2) values (?, ?, ?)"
              + " on conflict on constraint room_new_data_pkey do nothing"};
      int[] counts = new int[3];
      for (int form = 0; form < 3; form++) {
        try (PreparedStatement ps = c.prepareStatement(upserts[form])) {
          for (int i = 0; i < 4; i++) {   // repeated: the driver switches to a named server statement
            ps.setInt(1, 1);
            ps.setString(2, "data_" + form);
            ps.setString(3, "v" + i);
            counts[form] += ps.executeUpdate();
          }
        }
      }
      check("upsert forms: rows affected (update, update, nothing)", Arrays.toString(counts), "[4, 4, 0]");
      check("last write won", scalar(c, "select column_1 || '/' || column_2 from room_new_data where room_seq = 1"),
          "data_1/v3");

      // A plain INSERT of an existing key: 23505 with PostgreSQL's text.
      try (Statement s = c.createStatement()) {
        s.execute("insert into room_new_data (room_seq) values (1)");
        check("duplicate key raises", "no error", "23505");
      } catch (SQLException e) {
        check("duplicate key: getSQLState", e.getSQLState(), "23505");
        check("duplicate key: message", e.getMessage().split("\n")[0],
            "ERROR: duplicate key value violates unique constraint \"room_new_data_pkey\"");
      }
      try (Statement s = c.createStatement()) {
        s.execute("insert into room_new_data (room_seq) values (99)");
        check("foreign key raises", "no error", "23503");
      } catch (SQLException e) {
        check("foreign key: getSQLState", e.getSQLState(), "23503");
      }

      // Batches in one transaction, then a batch that fails and rolls back.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("insert into room (column_1) values (?)")) {
        for (int i = 0; i < 100; i++) {
          ps.setString(1, "b" + i);
          ps.addBatch();
        }
        int[] r = ps.executeBatch();
        check("executeBatch: 100 results of 1", Arrays.stream(r).sum() + "/" + r.length, "100/100");
      }
      c.commit();
      try (PreparedStatement ps = c.prepareStatement("insert into room_new_data (room_seq) values (?)")) {
        for (int k : new int[] {2, 3, 2}) {
          ps.setInt(1, k);
          ps.addBatch();
        }
        ps.executeBatch();
        check("batch with a duplicate raises", "no error", "BatchUpdateException");
      } catch (BatchUpdateException e) {
        check("batch with a duplicate: getSQLState", e.getSQLState(), "23505");
      }
      c.rollback();
      c.setAutoCommit(true);
      check("rows after commit and rollback", scalar(c, "select (select count(*) from room) || '/' ||"
          + " (select count(*) from room_new_data)"), "103/1");
    }

    // Batches rewritten into one multi-row INSERT (reWriteBatchedInserts).
    try (Connection c = connect(port, "?reWriteBatchedInserts=true")) {
      try (PreparedStatement ps = c.prepareStatement(
               "insert into room_new_data (room_seq, column_1) values (?, ?) on conflict (room_seq) do nothing")) {
        for (int i = 1; i <= 50; i++) {
          ps.setInt(1, i);
          ps.setString(2, "rw");
          ps.addBatch();
        }
        ps.executeBatch();
      }
      check("rewritten batch upsert", scalar(c, "select count(*) from room_new_data"), "50");
    }

    // Two threads (two "app servers") upsert the same key at once: never an error.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<String>> results = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      final int thread = t;
      results.add(pool.submit(() -> {
        try (Connection c = connect(port, "");
             PreparedStatement ps = c.prepareStatement(upsertSql())) {
          for (int i = 0; i < 200; i++) {
            ps.setInt(1, 1 + i % 3);
            ps.setString(2, "t" + thread);
            ps.setString(3, String.valueOf(i));
            ps.executeUpdate();
          }
          return "ok";
        } catch (SQLException e) {
          return e.getSQLState() + " " + e.getMessage();
        }
      }));
    }
    List<String> outcomes = new ArrayList<>();
    for (Future<String> f : results) outcomes.add(f.get());
    pool.shutdown();
    check("two threads upserting the same keys: no errors", outcomes, List.of("ok", "ok"));
    // Both threads write the same sequence of values, so whichever wrote last, each
    // key holds the value of its last write: i = 198, 199, 197 for keys 1, 2, 3.
    try (Connection c = connect(port, "")) {
      check("the most recent write won", scalar(c, "select string_agg(room_seq || '=' || column_2, ',' order by room_seq)"
          + " from room_new_data where room_seq <= 3"), "1=198,2=199,3=197");
      check("every row written by one of the threads", scalar(c, "select count(*) from room_new_data"
          + " where room_seq <= 3 and column_1 in ('t0', 't1')"), "3");
    }

    // DatabaseMetaData: the driver's own catalog queries (window functions,
    // information_schema._pg_expandarray, pg_get_indexdef, int2vector subscripts).
    try (Connection c = connect(port, "")) {
      try (Statement s = c.createStatement()) {
        s.execute("create table jdbc_meta (a int, b text, c numeric(10,2) not null default 0, d varchar(20),"
            + " primary key (b, a))");
        s.execute("create unique index jdbc_meta_d on jdbc_meta (d)");
      }
      DatabaseMetaData md = c.getMetaData();
      check("getTables", rows(md.getTables(null, "public", "jdbc_meta", new String[] {"TABLE"}),
          "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"), List.of("public jdbc_meta TABLE"));
      check("getColumns", rows(md.getColumns(null, "public", "jdbc_meta", null),
          "COLUMN_NAME", "ORDINAL_POSITION", "TYPE_NAME", "DATA_TYPE", "COLUMN_SIZE", "DECIMAL_DIGITS",
          "IS_NULLABLE", "COLUMN_DEF"),
          List.of("a 1 int4 4 10 0 NO null", "b 2 text 12 2147483647 0 NO null",
                  "c 3 numeric 2 10 2 NO 0", "d 4 varchar 12 20 0 YES null"));
      check("getColumns with a column pattern", rows(md.getColumns(null, "public", "jdbc_meta", "d"),
          "COLUMN_NAME", "ORDINAL_POSITION"), List.of("d 4"));
      check("getPrimaryKeys", rows(md.getPrimaryKeys(null, "public", "jdbc_meta"),
          "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), List.of("b 1 jdbc_meta_pkey", "a 2 jdbc_meta_pkey"));
      check("getIndexInfo", rows(md.getIndexInfo(null, "public", "jdbc_meta", false, false),
          "INDEX_NAME", "NON_UNIQUE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC"),
          List.of("jdbc_meta_d f 1 d A", "jdbc_meta_pkey f 1 b A", "jdbc_meta_pkey f 2 a A"));
      check("getIndexInfo unique only", rows(md.getIndexInfo(null, "public", "jdbc_meta", true, false),
          "INDEX_NAME", "COLUMN_NAME").size(), 3);
    }

    System.out.println("jdbc: " + failures + " failed");
    System.exit(failures == 0 ? 0 : 1);
  }

  // Each row of `r` as the named columns' values joined by spaces.
  static List<String> rows(ResultSet r, String... names) throws SQLException {
    List<String> out = new ArrayList<>();
    try (r) {
      while (r.next()) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) sb.append(sb.length() == 0 ? "" : " ").append(r.getString(n));
        out.add(sb.toString());
      }
    }
    return out;
  }

  static String upsertSql() {
    return "insert into room_new_data (room_seq, column_1, column_2) values (?, ?, ?)"
        + " on conflict (room_seq) do update set column_1 = excluded.column_1, column_2 = excluded.column_2";
  }
}
