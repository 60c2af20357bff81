// gen-conversations.mjs: writes conversations.json, the conversations the
// chat-template references are rendered on:
//   [{"id": "...", "messages": [...], "tools": [...]?, "add_generation_prompt": bool}]
// Messages are in the OpenAI Chat Completions shape that apply_chat_template
// takes; tool-call arguments are parsed objects, as templates expect.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { HERE } from "./models.mjs";

const weather = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get the current weather in a city.",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", description: "The city, e.g. Paris" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
      required: ["city"],
    },
  },
};
const search = {
  type: "function",
  function: {
    name: "search",
    description: "Search the web.",
    parameters: { type: "object", properties: { query: { type: "string" }, limit: { type: "integer" } }, required: ["query"] },
  },
};
const call = (id, name, args) => ({ id, type: "function", function: { name, arguments: args } });

const sys = (content) => ({ role: "system", content });
const user = (content) => ({ role: "user", content });
const asst = (content) => ({ role: "assistant", content });
const tool = (content, id, name) => ({ role: "tool", content, tool_call_id: id, name });

const turns = (n) => Array.from({ length: n }, (_, i) => [user(`Question ${i + 1}: what is ${i} + ${i}?`), asst(`${i} + ${i} = ${2 * i}.`)]).flat();

const conversations = [
  { id: "user-only", messages: [user("Hello!")] },
  { id: "user-only-gen", messages: [user("Hello!")], add_generation_prompt: true },
  { id: "system-user", messages: [sys("You are a helpful assistant."), user("What is the capital of France?")], add_generation_prompt: true },
  { id: "system-user-assistant", messages: [sys("You are terse."), user("Capital of France?"), asst("Paris.")] },
  { id: "user-assistant", messages: [user("Hi"), asst("Hello! How can I help?")] },
  { id: "multi-turn", messages: [user("Hi"), asst("Hello!"), user("Tell me a joke."), asst("Why did the chicken cross the road?"), user("Why?")], add_generation_prompt: true },
  { id: "multi-turn-system", messages: [sys("Answer in French."), ...turns(3)] },
  { id: "ten-turns", messages: turns(10), add_generation_prompt: false },
  { id: "ten-turns-gen", messages: [...turns(10), user("And 10 + 10?")], add_generation_prompt: true },
  { id: "unicode-zh", messages: [user("你好，世界！请用中文回答。"), asst("你好！有什么可以帮你的吗？")] },
  { id: "unicode-mixed", messages: [sys("Réponds en français. Ünïcödé ✓"), user("مرحبا 👋🏽 नमस्ते Привет สวัสดี"), asst("👨‍👩‍👧‍👦 🇫🇷 こんにちは")], add_generation_prompt: false },
  { id: "emoji", messages: [user("🙂🙂🙂 😀 ❤️ 👍🏽"), asst("🎉")], add_generation_prompt: false },
  { id: "empty-user", messages: [user("")], add_generation_prompt: true },
  { id: "empty-assistant", messages: [user("Say nothing."), asst("")] },
  { id: "empty-system", messages: [sys(""), user("Hi")], add_generation_prompt: true },
  { id: "whitespace", messages: [user("  leading and trailing  \n\n"), asst("\n\nanswer\n\n")] },
  { id: "crlf-tabs", messages: [user("line one\r\nline two\r\n\tindented"), asst("ok\r\n")] },
  { id: "code", messages: [user("Fix this:\n```go\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n```"), asst("```go\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n```")] },
  { id: "json-content", messages: [user('{"a": [1, 2, {"b": null}], "c": "d"}'), asst('{"ok": true}')] },
  { id: "special-token-text", messages: [user("What does <|endoftext|> or <|im_start|> or <s> mean?"), asst("They are special tokens like </s> and <|eot_id|>.")] },
  { id: "long-message", messages: [user("The quick brown fox jumps over the lazy dog. ".repeat(200)), asst("Yes.")] },
  { id: "think", messages: [user("What is 2+2?"), asst("<think>\nSimple arithmetic.\n</think>\n\n4")] },
  { id: "think-multi", messages: [user("2+2?"), asst("<think>\nadd\n</think>\n\n4"), user("3+3?"), asst("<think>\nadd again\n</think>\n\n6"), user("4+4?")], add_generation_prompt: true },
  { id: "tools-user", tools: [weather], messages: [user("What is the weather in Paris?")], add_generation_prompt: true },
  { id: "tools-system", tools: [weather, search], messages: [sys("You can call tools."), user("Weather in Paris and news about it?")], add_generation_prompt: true },
  { id: "tool-call", tools: [weather], messages: [user("Weather in Paris?"), { role: "assistant", content: "", tool_calls: [call("call_1", "get_weather", { city: "Paris", unit: "celsius" })] }, tool('{"temperature": 21, "sky": "clear"}', "call_1", "get_weather"), asst("It is 21 °C and clear in Paris.")] },
  { id: "tool-call-gen", tools: [weather], messages: [user("Weather in Paris?"), { role: "assistant", content: "", tool_calls: [call("call_1", "get_weather", { city: "Paris" })] }, tool('{"temperature": 21}', "call_1", "get_weather")], add_generation_prompt: true },
  { id: "tool-calls-two", tools: [weather, search], messages: [user("Weather in Paris and Rome?"), { role: "assistant", content: "", tool_calls: [call("call_a", "get_weather", { city: "Paris" }), call("call_b", "get_weather", { city: "Rome", unit: "fahrenheit" })] }, tool('{"temperature": 21}', "call_a", "get_weather"), tool('{"temperature": 75}', "call_b", "get_weather"), asst("Paris 21 °C, Rome 75 °F.")] },
  { id: "tool-call-nested-args", tools: [search], messages: [user("Search."), { role: "assistant", content: "", tool_calls: [call("call_n", "search", { query: "café ☕ \"quoted\"", limit: 5, filters: { lang: ["fr", "en"], safe: true, score: 0.5, none: null } })] }, tool("[]", "call_n", "search"), asst("Nothing found.")] },
  { id: "tool-call-no-tools", messages: [user("Weather?"), { role: "assistant", content: "", tool_calls: [call("call_1", "get_weather", { city: "Oslo" })] }, tool("cold", "call_1", "get_weather"), asst("Cold.")] },
  { id: "tools-empty-list", tools: [], messages: [user("Hi")], add_generation_prompt: true },
  { id: "assistant-first", messages: [asst("I start."), user("Ok.")] },
  { id: "two-users", messages: [user("One."), user("Two.")], add_generation_prompt: true },
  { id: "system-only", messages: [sys("You are a helpful assistant.")] },
  { id: "quotes-braces", messages: [user("{{ not a template }} {% nor this %} {# nor this #}"), asst("'single' \"double\" `back`")] },
];

for (const c of conversations) c.add_generation_prompt = Boolean(c.add_generation_prompt);
writeFileSync(join(HERE, "conversations.json"), JSON.stringify(conversations, null, 1) + "\n");
console.log(`${conversations.length} conversations`);
