// node-postgres (extended query protocol, server-side parameters) against
// `upsertdb serve`:  node pg_test.js PORT
// Prints one line per check; exits non-zero when any check failed.
'use strict';
const { Client } = require('pg');

const port = Number(process.argv[2]);
let failures = 0;
function check(name, got, want) {
  const ok = JSON.stringify(got) === JSON.stringify(want);
  if (!ok) failures++;
  console.log(ok ? `ok   ${name}` : `FAIL ${name}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

async function main() {
  const c = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await c.connect();
  await c.query('create table label (id serial primary key, name text not null unique, pos int)');

  let r = await c.query('insert into label (name, pos) values ($1, $2) returning id, name', ['blog', 1]);
  check('insert returning', r.rows, [{ id: 1, name: 'blog' }]);
  r = await c.query('insert into label (name, pos) values ($1, $2) on conflict (name) do update set pos = excluded.pos returning id, pos', ['blog', 7]);
  check('upsert updates', r.rows, [{ id: 1, pos: 7 }]);
  check('command and count', [r.command, r.rowCount], ['INSERT', 1]);

  try {
    await c.query('insert into label (name) values ($1)', ['blog']);
    check('duplicate raises', false, true);
  } catch (e) {
    check('error code', e.code, '23505');
    check('constraint', e.constraint, 'label_name_key');
    check('table', e.table, 'label');
    check('detail', e.detail, 'Key (name)=(blog) already exists.');
  }

  await c.query('BEGIN');
  await c.query('insert into label (name) values ($1)', ['tmp']);
  await c.query('ROLLBACK');
  r = await c.query('select count(*)::int as n from label where name = $1', ['tmp']);
  check('rollback', r.rows[0].n, 0);

  await c.query('BEGIN');
  try {
    await c.query('select 1/0');
  } catch (e) {
    check('division by zero', e.code, '22012');
  }
  try {
    await c.query('select 1');
  } catch (e) {
    check('aborted transaction', e.code, '25P02');
  }
  await c.query('ROLLBACK');

  r = await c.query({ text: 'select $1::int + 1 as n, $2::text as t, $3::bool as b', values: [41, null, true] });
  check('parameter types', r.rows[0], { n: 42, t: null, b: true });
  r = await c.query({ name: 'by-name', text: 'select name from label where id = $1', values: [1] });
  r = await c.query({ name: 'by-name', text: 'select name from label where id = $1', values: [1] });
  check('named prepared statement reused', r.rows, [{ name: 'blog' }]);
  await c.end();
  console.log(`node-postgres: ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.log(`FAIL unexpected error: ${e.stack || e}`);
  process.exit(1);
});
