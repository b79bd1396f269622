# Served workloads: for each, the SQL that (re)creates its tables before every
# run and the pgbench arguments that drive it. Sourced by bench/served.sh.
# Every workload starts from the same state on both servers: setup runs
# before each timed run, so runs do not inherit each other's rows.
#
#   random_upsert  single-row upsert, keys uniform over 100k
#   hot_upsert     single-row upsert, keys uniform over 10 (row-lock contention)
#   read_receipts  ON CONFLICT ON CONSTRAINT ... DO NOTHING (SCENARIOS.md incident 1),
#                  100k (message, user) pairs, so conflicts grow over the run
#   multi_values   one 1000-row multi-VALUES upsert per transaction; 100 generated
#                  scripts over disjoint 1000-key ranges of 100k keys
#   tpcb           pgbench's builtin tpcb-like, scale 1, schema and data made by
#                  plain SQL (no pgbench -i)
SERVED_WORKLOADS="random_upsert hot_upsert read_receipts multi_values tpcb"

workload_setup_sql() {
  case "$1" in
    random_upsert | hot_upsert)
      local t=kv; [ "$1" = hot_upsert ] && t=hot
      echo "DROP TABLE IF EXISTS $t;
            CREATE TABLE $t (k bigint PRIMARY KEY, v bigint, n int NOT NULL DEFAULT 0);" ;;
    read_receipts)
      echo "DROP TABLE IF EXISTS receipts;
            CREATE TABLE receipts (message_id bigint NOT NULL, user_id bigint NOT NULL,
              read_at timestamptz NOT NULL DEFAULT now(),
              CONSTRAINT receipts_message_user_key UNIQUE (message_id, user_id));" ;;
    multi_values)
      echo "DROP TABLE IF EXISTS mv;
            CREATE TABLE mv (k bigint PRIMARY KEY, v bigint, n int NOT NULL DEFAULT 0);" ;;
    tpcb)
      echo "DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history;
            CREATE TABLE pgbench_branches (bid int PRIMARY KEY, bbalance int, filler char(88));
            CREATE TABLE pgbench_tellers (tid int PRIMARY KEY, bid int, tbalance int, filler char(84));
            CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84));
            CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
            INSERT INTO pgbench_branches SELECT b, 0, '' FROM generate_series(1, 1) AS b;
            INSERT INTO pgbench_tellers SELECT t, (t - 1) / 10 + 1, 0, '' FROM generate_series(1, 10) AS t;
            INSERT INTO pgbench_accounts SELECT a, (a - 1) / 100000 + 1, 0, '' FROM generate_series(1, 100000) AS a;" ;;
    copy)
      echo "DROP TABLE IF EXISTS cp;
            CREATE TABLE cp (k bigint PRIMARY KEY, v text, n int);" ;;
  esac
}

# Writes the workload's pgbench script(s) into $2 and prints pgbench's script arguments.
workload_pgbench_args() {
  local w=$1 dir=$2
  case "$w" in
    random_upsert)
      printf '%s\n' '\set k random(1, 100000)' \
        'INSERT INTO kv (k, v, n) VALUES (:k, :k, 1) ON CONFLICT (k) DO UPDATE SET v = excluded.v, n = kv.n + 1;' \
        >"$dir/random_upsert.sql"
      echo "-f $dir/random_upsert.sql" ;;
    hot_upsert)
      printf '%s\n' '\set k random(1, 10)' \
        'INSERT INTO hot (k, v, n) VALUES (:k, :k, 1) ON CONFLICT (k) DO UPDATE SET v = excluded.v, n = hot.n + 1;' \
        >"$dir/hot_upsert.sql"
      echo "-f $dir/hot_upsert.sql" ;;
    read_receipts)
      printf '%s\n' '\set m random(1, 10000)' '\set u random(1, 10)' \
        'INSERT INTO receipts (message_id, user_id) VALUES (:m, :u) ON CONFLICT ON CONSTRAINT receipts_message_user_key DO NOTHING;' \
        >"$dir/read_receipts.sql"
      echo "-f $dir/read_receipts.sql" ;;
    multi_values)
      local args="" i
      for i in $(seq 0 99); do
        [ -f "$dir/multi_values_$i.sql" ] || awk -v base=$((i * 1000)) 'BEGIN {
          printf "INSERT INTO mv (k, v, n) VALUES ";
          for (j = 1; j <= 1000; j++) printf "%s(%d, %d, 1)", (j > 1 ? ", " : ""), base + j, (base + j) * 7 % 1000;
          print " ON CONFLICT (k) DO UPDATE SET v = excluded.v, n = mv.n + 1;" }' >"$dir/multi_values_$i.sql"
        args="$args -f $dir/multi_values_$i.sql"
      done
      echo "$args" ;;
    tpcb)
      echo "-b tpcb-like" ;;
  esac
}
