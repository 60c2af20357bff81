// make.js writes the Parquet files beside it with DuckDB, an
// implementation independent of convkit's, from the JSONL files of the same
// names: convkit must read each .parquet to the conversations it reads from
// the .jsonl (TestParquetFromDuckDB). Run it again only to change them:
//
//	npm install --prefix /tmp/duck @duckdb/node-api@1.5.6-r.1
//	NODE_PATH=/tmp/duck/node_modules node testdata/parquet/make.js
//
// The explicit column types are those of Hugging Face datasets: a list of
// structs per conversation, content a string or a list of parts.
const { DuckDBInstance } = require('@duckdb/node-api');
const { join } = require('node:path');

const dir = __dirname;
const layouts = {
  messages: `{'messages': 'STRUCT(role VARCHAR, content VARCHAR)[]', 'source': 'VARCHAR', 'difficulty': 'BIGINT'}`,
  parts: `{'messages': 'STRUCT(role VARCHAR, content STRUCT(type VARCHAR, text VARCHAR, image_url STRUCT(url VARCHAR))[])[]'}`,
  sharegpt: `{'conversations': 'STRUCT("from" VARCHAR, value VARCHAR)[]', 'system': 'VARCHAR'}`,
  // Some datasets keep the messages as a JSON string, not a list of structs.
  'messages-json': `{'messages': 'VARCHAR', 'source': 'VARCHAR'}`,
  // TRL's shapes: a conversational preference pair, standard unpaired examples.
  preference: `{'prompt': 'STRUCT(role VARCHAR, content VARCHAR)[]', 'chosen': 'STRUCT(role VARCHAR, content VARCHAR)[]', 'rejected': 'STRUCT(role VARCHAR, content VARCHAR)[]', 'score_chosen': 'DOUBLE'}`,
  unpaired: `{'prompt': 'VARCHAR', 'completion': 'VARCHAR', 'label': 'BOOLEAN'}`,
};
async function main() {
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
for (const [name, columns] of Object.entries(layouts)) {
  const src = join(dir, name + '.jsonl'), dst = join(dir, name + '.parquet');
  await conn.run(`COPY (SELECT * FROM read_json('${src}', format = 'newline_delimited', columns = ${columns}))
    TO '${dst}' (FORMAT parquet, COMPRESSION zstd)`);
  console.log('wrote', dst);
}
}

main().catch((e) => { console.error(e); process.exit(1); });
