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
\dt
\di
\ds
\d
