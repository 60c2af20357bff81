// tools.mjs: writes tools-counts.json with the OpenAI cookbook's
// num_tokens_for_tools(functions, messages, model) ("How to count tokens
// with tiktoken", section "Counting tokens for chat completions with tool
// calls"), reproduced as the cookbook writes it:
//
//   gpt-4o, gpt-4o-mini (o200k_base):   func_init=7,  prop_init=3, prop_key=3, enum_init=-3, enum_item=3, func_end=12
//   gpt-3.5-turbo, gpt-4 (cl100k_base): func_init=10, prop_init=3, prop_key=3, enum_init=-3, enum_item=3, func_end=12
//
//   func_token_count = 0
//   if len(functions) > 0:
//       for f in functions:
//           func_token_count += func_init
//           function = f["function"]
//           f_desc = function["description"], minus one trailing "."
//           func_token_count += len(encoding.encode(function["name"] + ":" + f_desc))
//           if len(function["parameters"]["properties"]) > 0:
//               func_token_count += prop_init
//               for key in properties:
//                   func_token_count += prop_key
//                   if "enum" in properties[key]:
//                       func_token_count += enum_init
//                       for item in properties[key]["enum"]:
//                           func_token_count += enum_item
//                           func_token_count += len(encoding.encode(item))
//                   p_desc = properties[key]["description"], minus one trailing "."
//                   func_token_count += len(encoding.encode(f"{key}:{type}:{p_desc}"))
//       func_token_count += func_end
//   return num_tokens_from_messages(messages, model) + func_token_count
//
// Nested schemas (array items, object properties) are not looked into, as in
// the cookbook. Output: [{"id", "description", "tools", "messages",
// "o200k_base", "cl100k_base"}], tools in the API's {"type": "function",
// "function": {...}} form, counts as above.

import { readFileSync, writeFileSync } from "node:fs";
import { get_encoding } from "tiktoken";
import { countValue, numTokensFromMessages } from "./chat.mjs";

const here = (f) => new URL("./" + f, import.meta.url);

const SETTINGS = {
  o200k_base: { func_init: 7, prop_init: 3, prop_key: 3, enum_init: -3, enum_item: 3, func_end: 12 }, // gpt-4o, gpt-4o-mini
  cl100k_base: { func_init: 10, prop_init: 3, prop_key: 3, enum_init: -3, enum_item: 3, func_end: 12 }, // gpt-3.5-turbo, gpt-4
};
const stripDot = (s) => (s.endsWith(".") ? s.slice(0, -1) : s);

function numTokensForTools(enc, st, functions, messages) {
  let n = 0;
  if (functions.length > 0) {
    for (const f of functions) {
      n += st.func_init;
      const fn = f.function;
      n += countValue(enc, fn.name + ":" + stripDot(fn.description));
      const props = fn.parameters.properties;
      if (Object.keys(props).length > 0) {
        n += st.prop_init;
        for (const key of Object.keys(props)) {
          n += st.prop_key;
          const p = props[key];
          if ("enum" in p) {
            n += st.enum_init;
            for (const item of p.enum) {
              n += st.enum_item;
              n += countValue(enc, item);
            }
          }
          n += countValue(enc, `${key}:${p.type}:${stripDot(p.description)}`);
        }
      }
    }
    n += st.func_end;
  }
  return numTokensFromMessages(enc, messages) + n;
}

const fn = (name, description, properties, required) => ({
  type: "function",
  function: { name, description, parameters: { type: "object", properties, ...(required ? { required } : {}) } },
});

const convs = Object.fromEntries(JSON.parse(readFileSync(here("conversations.json"), "utf8")).map((c) => [c.id, c.messages]));

const weather = fn(
  "get_current_weather",
  "Get the current weather in a given location",
  {
    location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
    unit: { type: "string", description: "The unit of temperature to return", enum: ["celsius", "fahrenheit"] },
  },
  ["location"],
);

const SETS = [
  {
    id: "cookbook-weather",
    description: "the cookbook's example: get_current_weather with its example_messages (API: 105 prompt tokens gpt-3.5-turbo/gpt-4, 101 gpt-4o/gpt-4o-mini)",
    tools: [weather],
    messages: convs["cookbook-tools-messages"],
  },
  {
    id: "weather-and-forecast",
    description: "two functions, integer parameter, enum on both, descriptions with trailing periods",
    tools: [
      fn(
        "get_current_weather",
        "Get the current weather.",
        {
          location: { type: "string", description: "The city and state, e.g. San Francisco, CA." },
          format: { type: "string", enum: ["celsius", "fahrenheit"], description: "The temperature unit to use. Infer this from the users location." },
        },
        ["location", "format"],
      ),
      fn(
        "get_n_day_weather_forecast",
        "Get an N-day weather forecast.",
        {
          location: { type: "string", description: "The city and state, e.g. San Francisco, CA." },
          format: { type: "string", enum: ["celsius", "fahrenheit"], description: "The temperature unit to use. Infer this from the users location." },
          num_days: { type: "integer", description: "The number of days to forecast." },
        },
        ["location", "format", "num_days"],
      ),
    ],
    messages: [
      { role: "system", content: "Don't make assumptions about what values to plug into functions. Ask for clarification if a user request is ambiguous." },
      { role: "user", content: "What is the weather going to be like in Glasgow, Scotland over the next 5 days?" },
    ],
  },
  {
    id: "no-parameters",
    description: "a function whose parameters have no properties (no prop_init), description without a trailing period",
    tools: [fn("get_current_time", "Return the current UTC time in RFC 3339 format", {})],
    messages: [{ role: "user", content: "What time is it?" }],
  },
  {
    id: "productivity-suite",
    description: "three functions; string, boolean, number, array and object types; long enum; named messages",
    tools: [
      fn(
        "search_docs",
        "Search the internal documentation and return the best matching pages.",
        {
          query: { type: "string", description: "Free-text search query." },
          max_results: { type: "number", description: "Maximum number of results to return (1-50)." },
          include_archived: { type: "boolean", description: "Whether to include archived pages" },
          section: { type: "string", description: "Restrict the search to one section.", enum: ["engineering", "design", "sales", "legal", "hr", "finance", "support"] },
        },
        ["query"],
      ),
      fn(
        "send_email",
        "Send an email on behalf of the user.",
        {
          to: { type: "array", items: { type: "string" }, description: "Recipient email addresses." },
          subject: { type: "string", description: "Subject line" },
          body: { type: "string", description: "Plain-text body of the email." },
          priority: { type: "string", enum: ["low", "normal", "high"], description: "Delivery priority." },
        },
        ["to", "subject", "body"],
      ),
      fn(
        "create_calendar_event",
        "Create a calendar event...",
        {
          title: { type: "string", description: "Event title." },
          start: { type: "string", description: "Start time, ISO 8601 (e.g. 2024-05-01T09:00:00Z)." },
          duration_minutes: { type: "integer", description: "Length of the event in minutes." },
          location: { type: "object", properties: { room: { type: "string" }, building: { type: "string" } }, description: "Where the event takes place." },
        },
        ["title", "start"],
      ),
    ],
    messages: [
      { role: "system", content: "You are an executive assistant with access to tools." },
      { role: "user", name: "dana", content: "Find the onboarding guide, email it to sam@example.com, and book a 30-minute intro call tomorrow at 10am." },
    ],
  },
  {
    id: "multilingual-emoji",
    description: "non-ASCII names of enum values and descriptions, emoji, a description ending in '..' (only one period stripped)",
    tools: [
      fn(
        "translate_text",
        "Traduire un texte dans une autre langue 🌍.",
        {
          text: { type: "string", description: "要翻译的文本。" },
          target_language: { type: "string", description: "Целевой язык..", enum: ["français", "中文", "日本語", "한국어", "العربية", "हिन्दी", "русский", "ไทย", "Tiếng Việt"] },
          tone: { type: "string", description: "Ton: formel 🎩 ou décontracté 😎", enum: ["formel", "décontracté"] },
        },
        ["text", "target_language"],
      ),
    ],
    messages: convs["arabic-hindi-russian-thai"],
  },
  {
    id: "single-enum-no-description-period",
    description: "one property that is only an enum with a single item; multi-turn conversation with code",
    tools: [fn("set_mode", "Switch the assistant mode", { mode: { type: "string", description: "Mode", enum: ["strict"] } }, ["mode"])],
    messages: convs["code-go"],
  },
  {
    id: "no-tools",
    description: "an empty tool list: no func_end, the count is num_tokens_from_messages alone",
    tools: [],
    messages: convs["cookbook-tools-messages"],
  },
];

const encs = Object.fromEntries(Object.keys(SETTINGS).map((n) => [n, get_encoding(n)]));
const rows = SETS.map((s) => {
  const row = { id: s.id, description: s.description, tools: s.tools, messages: s.messages };
  for (const n of Object.keys(SETTINGS)) row[n] = numTokensForTools(encs[n], SETTINGS[n], s.tools, s.messages);
  return row;
});
writeFileSync(here("tools-counts.json"), JSON.stringify(rows, null, 2) + "\n");

const ex = rows[0];
const ok105 = ex.cl100k_base === 105;
const ok101 = ex.o200k_base === 101;
console.log(`cookbook-weather cl100k_base (gpt-3.5-turbo/gpt-4): ${ex.cl100k_base} (API 105) ${ok105 ? "OK" : "MISMATCH"}`);
console.log(`cookbook-weather o200k_base (gpt-4o/gpt-4o-mini):   ${ex.o200k_base} (API 101) ${ok101 ? "OK" : "MISMATCH"}`);
for (const r of rows) console.error(`  ${r.id}: o200k_base=${r.o200k_base} cl100k_base=${r.cl100k_base}`);
for (const e of Object.values(encs)) e.free();
if (!ok105 || !ok101) process.exit(1);
