-- psql's describe commands over a small schema; catalog_test.sh runs this
-- through psql against PostgreSQL 15 and UpsertDB and compares the outputs.
CREATE TABLE parent (id integer PRIMARY KEY, name text);
CREATE TABLE t (
  id serial PRIMARY KEY,
  code varchar(10) NOT NULL UNIQUE,
  qty integer DEFAULT 0 CHECK (qty >= 0),
  price numeric(10,2),
  parent_id integer REFERENCES parent(id),
  created timestamp with time zone DEFAULT now(),
  tag text,
  CONSTRAINT t_tag_key UNIQUE (tag) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX t_qty_partial ON t (qty) WHERE qty > 10;
CREATE SEQUENCE s1;
CREATE TABLE pair (a integer, b text, note varchar(20) DEFAULT 'none' NOT NULL, code char(3) DEFAULT 'abc',
                   flag boolean DEFAULT 'true', n integer DEFAULT ('7'), PRIMARY KEY (a, b));
CREATE TABLE pair_ref (
  id bigint GENERATED ALWAYS AS IDENTITY,
  x integer,
  y text,
  FOREIGN KEY (x, y) REFERENCES pair (a, b) ON DELETE CASCADE,
  CHECK (x > 0 AND y IS NOT NULL)
);
CREATE UNIQUE INDEX pair_ref_xy ON pair_ref (y, x);
\dt
\di
\ds
\d
\d s1
\d t_id_seq
\d t_pkey
\d t_qty_partial
\d t_tag_key
\d t
\d parent
\d pair
\d pair_ref
-- information_schema as SQLAlchemy / JDBC read it
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 2;
SELECT column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length,
       numeric_precision, numeric_scale, udt_name
  FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position;
SELECT constraint_name, constraint_type, is_deferrable, initially_deferred
  FROM information_schema.table_constraints WHERE table_name = 't' AND constraint_type <> 'CHECK' ORDER BY 1;
SELECT constraint_name, column_name, ordinal_position FROM information_schema.key_column_usage
  WHERE table_name = 't' ORDER BY 1, 3;
SELECT conname, contype, pg_get_constraintdef(oid, true) FROM pg_constraint
  WHERE conrelid = 't'::regclass ORDER BY 1;
SELECT c.relname, pg_get_indexdef(i.indexrelid, 0, true), i.indisunique, i.indisprimary, i.indimmediate
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'public.t'::regclass ORDER BY 1;
SELECT format_type(atttypid, atttypmod), attnotnull, atthasdef FROM pg_attribute
  WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum;
SELECT has_table_privilege('t', 'SELECT'), has_table_privilege('t', 'select,insert'), pg_get_serial_sequence('t', 'id');
SELECT has_table_privilege('t', 'frob');
SELECT * FROM pg_catalog.no_such_view;
SELECT 'pg_catalog.pg_class'::regclass::oid, 'pg_class'::regclass, 23::oid::regtype, format_type(1043, 14);
