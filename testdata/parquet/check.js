// check.js has DuckDB read back the Parquet files convkit writes: for each
// JSONL file beside it, for a generated one of several row groups, and for
// one of long values (which convkit writes to their pages in parts),
// `convkit export -f parquet` then DuckDB's rows must equal, as JSON, the
// conversations convkit reads from the JSONL file (null members aside:
// Parquet cannot tell them from absent ones); and DuckDB's filters, which
// skip row groups by their statistics, must find the rows they should.
// .ci/run runs it:
//
//	npm install --prefix /tmp/duck @duckdb/node-api@1.5.6-r.1
//	go build -o /tmp/duck/convkit . && NODE_PATH=/tmp/duck/node_modules node testdata/parquet/check.js /tmp/duck/convkit
const { DuckDBInstance } = require('@duckdb/node-api');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const convkit = process.argv[2];
if (!convkit) {
  console.error('usage: node check.js CONVKIT');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convkit-parquet-'));

// normal drops null members and sorts keys, so that equal JSON compares equal.
function normal(v) {
  if (Array.isArray(v)) return v.map(normal);
  if (v !== null && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== null) out[k] = normal(v[k]);
    return out;
  }
  return v;
}

async function main() {
  const inputs = fs.readdirSync(__dirname).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(__dirname, f));
  const many = path.join(tmp, 'many.jsonl');
  const lines = [];
  for (let i = 0; i < 2500; i++) {
    lines.push(JSON.stringify({ messages: [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: i % 2 ? `a${i}` : [{ type: 'text', text: `a${i}` }] }], id: i, ok: i % 3 === 0 }));
  }
  fs.writeFileSync(many, lines.join('\n') + '\n');
  inputs.push(many);
  const long = path.join(tmp, 'long.jsonl');
  const text = 'The quick brown fox — jumps “over” the lazy dog\n\t{"k": 1} é 漢字 😀 <b>&</b> '.repeat(40000);
  const image = 'data:image/png;base64,' + Buffer.alloc(3 << 20, 'convkit').toString('base64');
  fs.writeFileSync(long, [
    { messages: [{ role: 'user', content: text }, { role: 'assistant', content: 'short' }], id: 1 },
    { messages: [{ role: 'user', content: [{ type: 'text', text: 'what?' }, { type: 'image_url', image_url: { url: image } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: JSON.stringify({ text }) } }] },
      { role: 'tool', tool_call_id: 'c1', content: text }], id: 2 },
  ].map((l) => JSON.stringify(l)).join('\n') + '\n');
  inputs.push(long);

  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  let failed = 0;
  for (const input of inputs) {
    const name = path.basename(input, '.jsonl');
    const out = path.join(tmp, name + '.parquet');
    execFileSync(convkit, ['export', '-f', 'parquet', '-o', out, input]);
    // TRL's shapes are written as their own columns: compare with them.
    const format = { preference: 'trl-preference', unpaired: 'trl-unpaired' }[name] || 'jsonl';
    const want = execFileSync(convkit, ['export', '-f', format, input], { maxBuffer: 1 << 28 })
      .toString().trim().split('\n').map((l) => JSON.stringify(normal(JSON.parse(l))));
    const reader = await conn.runAndReadAll(`SELECT to_json(t)::VARCHAR AS j FROM read_parquet('${out}') AS t`);
    const got = reader.getRowObjects().map((r) => JSON.stringify(normal(JSON.parse(r.j))));
    const bad = got.length !== want.length ? 0 : got.findIndex((g, i) => g !== want[i]);
    if (got.length !== want.length || bad >= 0) {
      failed++;
      console.log(`FAIL ${name}: DuckDB read ${got.length} rows, want ${want.length}`);
      if (bad >= 0) console.log(`  row ${bad + 1}:\n  got  ${got[bad]}\n  want ${want[bad]}`);
    } else {
      console.log(`ok   ${name}: DuckDB read ${got.length} rows as convkit wrote them`);
    }
  }
  // Statistics: DuckDB skips the row groups whose bounds exclude the value.
  for (const [where, want] of [['id = 1234', 1], ['id > 2400', 99], ['id < 0', 0], ['ok', 834], ['ok IS NULL', 0]]) {
    const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path.join(tmp, 'many.parquet')}') WHERE ${where}`);
    const n = reader.getRowObjects()[0].n;
    if (n !== want) {
      failed++;
      console.log(`FAIL many: WHERE ${where} found ${n} rows, want ${want}`);
    } else {
      console.log(`ok   many: WHERE ${where} found ${n} rows`);
    }
  }
  fs.rmSync(tmp, { recursive: true });
  console.log(failed ? `${failed} failed` : 'all passed');
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
