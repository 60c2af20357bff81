// Validates each line of a JSONL file against a JSON Schema (2020-12) with
// ajv, as `convkit validate FILE` checks each line against jsonl-line, and
// prints the lines read and the invalid ones.
//
//   node ajv.mjs SCHEMA FILE
import { readFileSync, createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Ajv2020 from 'ajv/dist/2020.js';

const [schemaPath, file] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
let lines = 0, invalid = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  lines++;
  if (!validate(JSON.parse(line))) invalid++;
}
console.log(`${lines} lines, ${invalid} invalid`);
