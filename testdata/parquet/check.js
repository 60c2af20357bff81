// check.js has DuckDB read back the Parquet files convkit writes: for each
// JSONL file beside it, and for a generated one of several row groups,
// `convkit export -f parquet` then DuckDB's rows must equal, as JSON, the
// conversations convkit reads from the JSONL file (null members aside:
// Parquet cannot tell them from absent ones). .ci/run runs it:
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
  fs.rmSync(tmp, { recursive: true });
  console.log(`${inputs.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
