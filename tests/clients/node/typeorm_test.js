// TypeORM 0.3 (npm, over node-postgres) against `upsertdb serve`:
//   node typeorm_test.js PORT
// Incident 5 of SCENARIOS.md: label(id, name UNIQUE, post_id). TypeORM's
// save() runs every INSERT before every UPDATE, so renaming label 1 from
// 'universe' to 'hello' while adding a new 'universe' collides mid-way — unless
// the unique constraint is DEFERRABLE INITIALLY DEFERRED (checked at COMMIT), as
// here; and with UpsertDB's statement-level uniqueness a swap works even with a
// plain UNIQUE. Also: DataSource on postgres, repository find/save/upsert,
// transactions through the EntityManager, and the error a real duplicate gives.
// Prints one line per check; exits non-zero when any check failed.
'use strict';
require('reflect-metadata');
const { DataSource, EntitySchema } = require('typeorm');

const port = Number(process.argv[2]);
let failures = 0;
function check(name, got, want) {
  const ok = JSON.stringify(got) === JSON.stringify(want);
  if (!ok) failures++;
  console.log(ok ? `ok   ${name}` : `FAIL ${name}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

const Label = new EntitySchema({
  name: 'Label',
  tableName: 'label',
  columns: {
    id: { type: Number, primary: true, generated: true },
    name: { type: String },
    post_id: { type: Number, nullable: true },
  },
});

async function main() {
  const ds = new DataSource({
    type: 'postgres', host: '127.0.0.1', port, username: 'postgres', database: 'postgres',
    entities: [Label], synchronize: false, logging: false,
  });
  await ds.initialize();
  check('DataSource initialized', ds.isInitialized, true);
  await ds.query(`create table label (id serial primary key, name text not null,
                  post_id int, constraint label_name_key unique (name) deferrable initially deferred)`);
  const repo = ds.getRepository(Label);

  const saved = await repo.save([{ name: 'universe', post_id: 1 }, { name: 'blog', post_id: 1 }]);
  check('save inserts and returns generated ids', saved.map((l) => l.id), [1, 2]);

  // The incident: rename 1 'universe' -> 'hello' and add a new 'universe' in one save().
  const one = await repo.findOneBy({ id: 1 });
  one.name = 'hello';
  await repo.save([one, { name: 'universe', post_id: 1 }]);
  let rows = await repo.find({ order: { id: 'ASC' } });
  check('rename + insert of the old name in one save()', rows.map((l) => [l.id, l.name]),
    [[1, 'hello'], [2, 'blog'], [3, 'universe']]);

  // Updates alone: 1 -> 'blog' and 2 -> 'universe' collide half-way without deferral.
  const [a, b, c] = await repo.find({ order: { id: 'ASC' } });
  a.name = 'blog';
  b.name = 'universe';
  c.name = 'hello';
  await repo.save([a, b, c]);
  rows = await repo.find({ order: { id: 'ASC' } });
  check('rotating three unique names in one save()', rows.map((l) => l.name), ['blog', 'universe', 'hello']);

  // A real duplicate fails at COMMIT (deferred), with PostgreSQL's error fields.
  try {
    await repo.save([{ name: 'blog', post_id: 2 }]);
    check('duplicate raises', 'no error', '23505');
  } catch (e) {
    check('deferred duplicate fails the commit: code', e.code, '23505');
    check('deferred duplicate: constraint', e.constraint, 'label_name_key');
    check('deferred duplicate: detail', e.detail, 'Key (name)=(blog) already exists.');
  }
  check('the failed save left nothing', await repo.count(), 3);

  // Transactions through the EntityManager roll back as a whole.
  try {
    await ds.transaction(async (m) => {
      await m.getRepository(Label).save({ name: 'temp' });
      throw new Error('abort');
    });
  } catch (e) {
    check('transaction callback error propagates', e.message, 'abort');
  }
  check('rolled-back transaction left nothing', await repo.countBy({ name: 'temp' }), 0);

  // Beyond PostgreSQL: with a plain (not deferrable) UNIQUE, a swap inside one statement
  // succeeds, because UpsertDB checks uniqueness at the end of the statement.
  await ds.query(`create table label_plain (id int primary key, name text not null unique)`);
  await ds.query(`insert into label_plain values (1, 'universe'), (2, 'blog')`);
  await ds.query(`update label_plain set name = case id when 1 then 'blog' else 'universe' end`);
  const swapped = await ds.query('select id, name from label_plain order by id');
  check('swap of two plain unique values in one UPDATE', swapped.map((r) => [r.id, r.name]),
    [[1, 'blog'], [2, 'universe']]);
  try {
    await ds.query(`update label_plain set name = 'same'`);
    check('a real duplicate at the end of the statement raises', 'no error', '23505');
  } catch (e) {
    check('a real duplicate at the end of the statement: code', e.code, '23505');
    check('a real duplicate: constraint', e.constraint, 'label_plain_name_key');
  }

  // Repository.upsert: INSERT ... ON CONFLICT (name) DO UPDATE, against a plain unique.
  await ds.query('create table tag (id serial primary key, name text not null unique, hits int not null default 0)');
  const Tag = new EntitySchema({
    name: 'Tag', tableName: 'tag',
    columns: { id: { type: Number, primary: true, generated: true }, name: { type: String }, hits: { type: Number } },
  });
  const tags = new DataSource({
    type: 'postgres', host: '127.0.0.1', port, username: 'postgres', database: 'postgres', entities: [Tag],
  });
  await tags.initialize();
  const tagRepo = tags.getRepository(Tag);
  await tagRepo.upsert([{ name: 'x', hits: 1 }, { name: 'y', hits: 1 }], ['name']);
  await tagRepo.upsert([{ name: 'x', hits: 5 }], ['name']);
  const t = await tagRepo.find({ order: { name: 'ASC' } });
  check('repository.upsert', t.map((r) => [r.id, r.name, r.hits]), [[1, 'x', 5], [2, 'y', 1]]);
  await tags.destroy();

  await ds.destroy();
  console.log(`typeorm: ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.log(`FAIL unexpected error: ${e.stack || e}`);
  process.exit(1);
});
