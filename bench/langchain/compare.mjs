// compare.mjs runs LangChain's trimMessages and convkit trim on the same
// conversations and budgets, and checks each result for what convkit
// promises: it fits the budget (counted by convkit count), no tool result
// without its call, no call without its results, the input unchanged, and
// not an empty conversation. Usage: node compare.mjs CONVKIT > results.md
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, trimMessages } from "@langchain/core/messages";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";

const convkit = process.argv[2];
const here = new URL(".", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "convkit-langchain-"));
const enc = new Tiktoken(o200k);
const tokens = (s) => enc.encode(s, [], []).length;
const REPLY_PRIMING = 3;

// cost counts an OpenAI-format message by the cookbook's rule, as convkit
// count does: 3, the role, the content, a name and 1, each tool call's name
// and arguments. It is checked against convkit count's own figures below.
function cost(m) {
  let n = 3 + tokens(m.role) + (typeof m.content === "string" ? tokens(m.content) : 0);
  if (m.name) n += tokens(m.name) + 1;
  for (const tc of m.tool_calls ?? []) n += tokens(tc.function.name) + tokens(tc.function.arguments);
  return n;
}

const loaded = new Map();

// load reads a case, once checking this script's counts against convkit's;
// each call returns a fresh copy.
function load(name) {
  if (!loaded.has(name)) loaded.set(name, JSON.stringify(check(name)));
  return JSON.parse(loaded.get(name));
}

function check(name) {
  const msgs = JSON.parse(readFileSync(join(here, "cases", name), "utf8"));
  const counted = JSON.parse(execFileSync(convkit, ["count", "--by", "message", "--json", join(here, "cases", name)]));
  counted.conversations[0].by_message.forEach((b, i) => {
    if (cost(msgs[i]) !== b.tokens) throw new Error(`${name} #${i + 1}: this script counts ${cost(msgs[i])}, convkit ${b.tokens}`);
  });
  return msgs;
}

// toLangChain builds LangChain messages; each id is the input index.
function toLangChain(m, i) {
  const id = String(i);
  switch (m.role) {
    case "system":
      return new SystemMessage({ id, content: m.content });
    case "developer":
      return new SystemMessage({ id, content: m.content, additional_kwargs: { __openai_role__: "developer" } });
    case "user":
      return new HumanMessage({ id, content: m.content, name: m.name });
    case "assistant":
      return new AIMessage({
        id,
        content: m.content ?? "",
        tool_calls: (m.tool_calls ?? []).map((tc) => ({ id: tc.id, name: tc.function.name, args: JSON.parse(tc.function.arguments), type: "tool_call" })),
      });
    case "tool":
      return new ToolMessage({ id, content: m.content, tool_call_id: m.tool_call_id });
  }
  throw new Error(`role ${m.role}`);
}

// fromLangChain maps a LangChain message back to the input message it came
// from, with its content as LangChain left it.
function fromLangChain(input, lc) {
  const orig = input[Number(lc.id)];
  if (lc.content === (orig.content ?? "")) return { index: Number(lc.id), msg: orig };
  return { index: Number(lc.id), msg: { ...orig, content: lc.content }, cut: true };
}

// problems lists what is wrong with a result.
function problems(input, before, out, budget) {
  const p = [];
  const total = out.reduce((n, o) => n + cost(o.msg), REPLY_PRIMING);
  // An empty result still costs the reply priming: not counted as over.
  if (total > budget && out.length > 0) p.push(`over budget by ${total - budget}`);
  const open = new Set();
  for (const { msg } of out) {
    if (msg.role === "tool" && !open.delete(msg.tool_call_id)) p.push(`orphaned result ${msg.tool_call_id}`);
    for (const tc of msg.tool_calls ?? []) open.add(tc.id);
  }
  for (const id of open) p.push(`unanswered call ${id}`);
  if (JSON.stringify(input) !== before) p.push("input modified");
  if (out.length === 0) p.push("empty conversation");
  return { total, p };
}

// canonical is JSON with sorted keys: convkit's writer may order a
// message's members differently from the input.
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

function layout(out) {
  return out.map((o) => (o.cut ? `~${o.index + 1}` : `${o.index + 1}`)).join(" ") || "(none)";
}

async function langchain(input, c) {
  const before = JSON.stringify(input);
  const lcInput = input.map(toLangChain);
  const lcBefore = JSON.stringify(lcInput.map((m) => m.content));
  const counter = (msgs) => msgs.reduce((n, m) => n + cost(fromLangChain(input, m).msg), 0);
  let out;
  try {
    out = await trimMessages(lcInput, {
      maxTokens: c.budget - REPLY_PRIMING, // LangChain does not count the reply priming
      tokenCounter: counter,
      strategy: c.keep,
      includeSystem: c.keep === "last",
      allowPartial: !!c.partial,
      startOn: c.startOn === "user" ? "human" : undefined,
    });
  } catch (e) {
    return { layout: `error: ${e.message}`, total: "", p: [] };
  }
  const holes = out.filter((m) => m === undefined).length;
  const mapped = out.filter((m) => m !== undefined).map((m) => fromLangChain(input, m));
  const r = problems(input, before, mapped, c.budget);
  if (holes) r.p.push(`${holes} undefined in the result`);
  if (JSON.stringify(lcInput.map((m) => m.content)) !== lcBefore) r.p.push("caller's messages modified");
  return { layout: layout(mapped), ...r };
}

function convkitTrim(input, c) {
  const before = JSON.stringify(input);
  const args = ["trim", "-q", "--max-tokens", String(c.budget), "--keep", c.keep];
  if (c.partial) args.push("--allow-partial");
  if (c.startOn) args.push("--start-on", c.startOn);
  args.push(join(here, "cases", c.file));
  let stdout;
  try {
    stdout = execFileSync(convkit, args, { stdio: ["ignore", "pipe", "pipe"] }).toString();
  } catch (e) {
    return { layout: `exit ${e.status}: ${e.stderr.toString().split("\n")[0].replace(/^[^:]*: error: conversation 1: /, "")}`, total: "", p: [] };
  }
  writeFileSync(join(tmp, "out.json"), stdout);
  const total = Number(execFileSync(convkit, ["count", "-t", join(tmp, "out.json")]).toString());
  const out = JSON.parse(stdout).map((m) => {
    const index = input.findIndex((o) => canonical(o) === canonical(m));
    if (index >= 0) return { index, msg: m };
    const cutFrom = input.findIndex((o) => o.role === m.role && typeof o.content === "string" && (o.content.endsWith(m.content) || o.content.startsWith(m.content)));
    return { index: cutFrom, msg: m, cut: true };
  });
  const r = problems(input, before, out, c.budget);
  if (total !== r.total) r.p.push(`convkit count says ${total}`);
  return { layout: layout(out), ...r };
}

const cases = JSON.parse(readFileSync(join(here, "cases.json"), "utf8"));
console.log("| case | conversation | budget | keep | options | LangChain keeps | tokens | LangChain defects | convkit keeps | tokens | convkit defects |");
console.log("| --- | --- | ---: | --- | --- | --- | ---: | --- | --- | ---: | --- |");
for (const [i, c] of cases.entries()) {
  const lc = await langchain(load(c.file), c);
  const ck = convkitTrim(load(c.file), c);
  const opts = [c.partial && "partial", c.startOn && `start on ${c.startOn}`].filter(Boolean).join(", ");
  console.log(`| ${i + 1} | ${c.file} | ${c.budget} | ${c.keep} | ${opts} | ${lc.layout} | ${lc.total} | ${lc.p.join("; ") || "none"} | ${ck.layout} | ${ck.total} | ${ck.p.join("; ") || "none"} |`);
}

// A sweep over every budget, LangChain only (convkit's invariants are
// checked the same way by its property test): how often each defect shows.
console.log("\nLangChain over every budget from 1 to the whole conversation:\n");
console.log("| conversation | keep | options | budgets | over budget | orphaned result | unanswered call | input modified | empty | undefined in result |");
console.log("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const file of ["tools.json", "story.json", "instructions.json"]) {
  for (const [keep, partial] of [["last", false], ["last", true], ["first", false], ["first", true]]) {
    const input0 = load(file);
    const whole = input0.reduce((n, m) => n + cost(m), REPLY_PRIMING);
    const tally = { over: 0, orphan: 0, unanswered: 0, modified: 0, empty: 0, undef: 0 };
    for (let budget = 1; budget <= whole; budget++) {
      const r = await langchain(load(file), { budget, keep, partial });
      tally.over += r.p.some((x) => x.startsWith("over budget"));
      tally.orphan += r.p.some((x) => x.startsWith("orphaned"));
      tally.unanswered += r.p.some((x) => x.startsWith("unanswered"));
      tally.modified += r.p.some((x) => x.includes("modified"));
      tally.empty += r.p.includes("empty conversation");
      tally.undef += r.p.some((x) => x.includes("undefined"));
    }
    console.log(`| ${file} | ${keep} | ${partial ? "partial" : ""} | ${whole} | ${tally.over} | ${tally.orphan} | ${tally.unanswered} | ${tally.modified} | ${tally.empty} | ${tally.undef} |`);
  }
}

// Speed: trimMessages calls the counter on ever shorter slices of the list.
// Here the counter only adds up precomputed per-message figures, so the
// time is LangChain's own; it grows with the square of the messages.
console.log("\nLangChain trimMessages, keeping half of an n-message conversation (counter: 10 per message; best of 3):\n");
console.log("| messages | ms |");
console.log("| ---: | ---: |");
for (const n of [4000, 8000, 16000, 32000]) {
  const msgs = [new SystemMessage({ id: "s", content: "You are helpful." })];
  for (let i = 1; i < n; i++) msgs.push(i % 2 ? new HumanMessage({ id: `${i}`, content: "Question?" }) : new AIMessage({ id: `${i}`, content: "Answer." }));
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    await trimMessages(msgs, { maxTokens: 5 * n, tokenCounter: (ms) => ms.reduce((sum) => sum + 10, 0), strategy: "last", includeSystem: true });
    best = Math.min(best, performance.now() - start);
  }
  console.log(`| ${n} | ${Math.round(best)} |`);
}
