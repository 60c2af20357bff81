// check.mjs cross-checks the prices of convkit's model table
// (count/models.yaml) against @pydantic/genai-prices, an independent,
// maintained price database (the one pydantic-ai uses), pinned in
// package-lock.json. Run from the repository root:
//
//	(cd testdata/prices && npm ci) && go run . models --json | node testdata/prices/check.mjs
//
// (or give the JSON file as the argument). For every model with prices it
// compares input, cached_input and output (US dollars per million tokens)
// with the package's OpenAI price for the same model name, as the package
// resolves it today (date-constrained prices, the base of tiered ones), and
// prints a table of the mismatches; it exits 1 when there is one. It
// checks too every other name the package prices that convkit would price
// as a dated snapshot of an entry (gpt-4o-2024-08-06 as gpt-4o). The
// package has no batch or fine-tuning training prices: those fields are
// listed as unchecked, and so are models the package does not know.
// Nothing here touches the network: the package's data is embedded in it.
import { readFileSync } from 'node:fs';
import { calcPrice, findProvider } from '@pydantic/genai-prices';

// the package's exports hide its package.json; read the installed one
const pkg = JSON.parse(readFileSync(new URL('node_modules/@pydantic/genai-prices/package.json', import.meta.url), 'utf8'));

// our field → the package's price key
const checked = { input: 'input_mtok', cached_input: 'cache_read_mtok', output: 'output_mtok' };
const unchecked = ['batch_input', 'batch_output', 'training'];

const file = process.argv[2] ?? 0; // 0: standard input
let models;
try {
  models = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`check.mjs: ${file === 0 ? 'standard input' : file}: ${e.message} (want the output of convkit models --json)`);
  process.exit(2);
}
if (!Array.isArray(models) || models.length === 0 || typeof models[0].model !== 'string') {
  console.error('check.mjs: want a JSON array of models, as convkit models --json prints');
  process.exit(2);
}

const openai = findProvider({ providerId: 'openai' });
if (!openai) {
  console.error(`check.mjs: @pydantic/genai-prices ${pkg.version} has no provider "openai"`);
  process.exit(2);
}

// base price of a number or a TieredPrices ({base, tiers}); undefined if absent
const base = (v) => (v === undefined || v === null ? undefined : typeof v === 'number' ? v : v.base);
const same = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const fmt = (v) => (v === undefined ? '-' : String(v));

const mismatches = []; // [model, field, ours, theirs, their model id]
const unknown = []; // our models with prices the package does not price
const noPrice = []; // our models without prices that the package prices
const skipped = new Set(); // unchecked fields we do have
let compared = 0;

for (const m of models) {
  const ours = m.prices;
  const res = calcPrice({ input_tokens: 1 }, m.model, { provider: openai });
  if (!ours) {
    if (res) noPrice.push([m.model, res.model.id, base(res.model_price.input_mtok), base(res.model_price.output_mtok)]);
    continue;
  }
  for (const f of unchecked) if (ours[f] !== undefined) skipped.add(f);
  if (!res) {
    unknown.push(m.model);
    continue;
  }
  compared++;
  for (const [f, key] of Object.entries(checked)) {
    const a = ours[f];
    const b = base(res.model_price[key]);
    if (a === undefined && b === undefined) continue;
    if (a === undefined || b === undefined || !same(a, b)) mismatches.push([m.model, f, fmt(a), fmt(b), res.model.id]);
  }
}

// Names the package knows (its model ids and the names its match rules
// spell) that convkit resolves to a priced entry of another name by its
// prefix rule (count.ModelTable.Lookup: an entry's name followed by "-";
// the longest wins; "ft:BASE:…" is looked up by BASE): convkit charges the
// entry's prices for them, so they are compared too.
function names(rule, out) {
  if (rule.equals) out.add(rule.equals);
  if (rule.starts_with) out.add(rule.starts_with);
  for (const r of rule.or ?? []) names(r, out);
  for (const r of rule.and ?? []) names(r, out);
  return out;
}
// The prices convkit uses for a name (count.ModelTable.Lookup and
// Prices.of): the entry's when the name is the entry or a dated snapshot of
// it; for a fine-tuned ft:… name only the training price; none otherwise.
function pricesOf(name) {
  let base = name;
  if (base.startsWith('ft:')) base = base.slice(3).split(':')[0];
  let best;
  for (const m of models) {
    if (base === m.model) {
      best = m;
      break;
    }
    if (base.startsWith(m.model + '-') && (!best || m.model.length > best.model.length)) best = m;
  }
  if (!best?.prices) return undefined;
  if (base !== best.model && !/^(\d{4}-\d{2}-\d{2}|\d{4})$/.test(base.slice(best.model.length + 1))) return undefined;
  if (base !== name) return undefined; // a fine-tune: only the training price, not checked
  return [best.model, best.prices];
}
const ours = new Set(models.map((m) => m.model));
const prefixed = []; // [name, field, ours, theirs, our entry, their model id]
for (const pm of openai.models) {
  for (const name of names(pm.match, new Set([pm.id]))) {
    if (ours.has(name)) continue;
    const got = pricesOf(name);
    if (!got) continue;
    const [entry, prices] = got;
    const res = calcPrice({ input_tokens: 1 }, name, { provider: openai });
    if (!res) continue;
    for (const [f, key] of Object.entries(checked)) {
      const a = prices[f];
      const b = base(res.model_price[key]);
      if (a === undefined && b === undefined) continue;
      if (a === undefined || b === undefined || !same(a, b)) prefixed.push([name, f, fmt(a), fmt(b), entry, res.model.id]);
    }
  }
}

function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(w[i])).join('  ').trimEnd();
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

console.log(`@pydantic/genai-prices ${pkg.version}, provider openai (${openai.pricing_urls?.[0] ?? 'no pricing url'})`);
console.log(`compared ${compared} of ${models.length} models: ${Object.keys(checked).join(', ')} per 1M tokens`);
if (skipped.size) console.log(`not checked: ${[...skipped].join(', ')} (the package has no batch or fine-tuning training prices)`);
if (unknown.length) console.log(`not in the package, not checked: ${unknown.join(', ')}`);
if (noPrice.length) {
  console.log('priced by the package, no prices in convkit\'s table (not a failure):');
  table(['model', 'package model', 'input', 'output'], noPrice);
}
if (prefixed.length) {
  const n = new Set(prefixed.map((r) => r[0])).size;
  console.log(`\n${n} name(s) convkit prices as an entry's dated snapshot that the package prices differently:`);
  table(['name', 'field', 'convkit', 'package', 'convkit entry', 'package model'], prefixed);
}
if (mismatches.length) {
  console.log(`\n${mismatches.length} mismatch(es):`);
  table(['model', 'field', 'convkit', 'package', 'package model'], mismatches);
}
if (mismatches.length || prefixed.length) process.exit(1);
console.log('no mismatches');
