-- Unicode escapes in json and jsonb input. json input checks only the escape's
-- syntax (four hex digits), so lone or reversed surrogates are accepted and kept
-- verbatim; decoding the string (->, ->>, ::jsonb, jsonb input) requires a valid
-- surrogate pair, as PostgreSQL 15 does.
select '"\ud800"'::json;
select '"\udc00"'::json;
select '"\udc00\ud800"'::json;
select '"\ud800x"'::json, '"\ud800\u0041"'::json;
select '["\ud800", {"k": "\udfff"}]'::json;
select '"\u0000"'::json;
select '"\ud800"'::json::text;
select json_typeof('"\ud800"');
select '"\ud800\udc00"'::json, '"\ud800\udc00"'::jsonb;
select '"\ud83d\ude00"'::json::jsonb;
create table js (j json);
insert into js values ('"\ud800"'), ('{"a": "\udbff"}');
select j from js order by j::text;
select '"\ud800"'::jsonb;
select '"\udc00"'::jsonb;
select '"\u0000"'::jsonb;
select '"\ud800"'::json::jsonb;
select '["\ud800", 1]'::json -> 1;
select '{"a": "\ud800"}'::json ->> 'a';
select '"\u00"'::json;
select '"\uZZZZ"'::json;
select '"\ud800\u00"'::json;
