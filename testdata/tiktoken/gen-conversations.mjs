// gen-conversations.mjs: writes conversations.json, the chat conversations
// that chat.mjs counts (and whose "cookbook-tools-messages" tools.mjs uses).
// Format: [{"id": "...", "description": "...", "messages": [{"role": "...",
// "content": "...", "name"?: "..."}]}]. Deterministic: no randomness at all.
import { writeFileSync } from "node:fs";
const C = [];
const conv = (id, description, messages) => C.push({ id, description, messages });

conv("cookbook-example", "OpenAI cookbook 'How to count tokens with tiktoken': example_messages (API: 129 prompt tokens gpt-3.5-turbo/gpt-4 family, 124 gpt-4o/gpt-4o-mini)", [
  { role: "system", content: "You are a helpful, pattern-following assistant that translates corporate jargon into plain English." },
  { role: "system", name: "example_user", content: "New synergies will help drive top-line growth." },
  { role: "system", name: "example_assistant", content: "Things working well together will increase revenue." },
  { role: "system", name: "example_user", content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
  { role: "system", name: "example_assistant", content: "Let's talk later when we're less busy about how to do better." },
  { role: "user", content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
]);
conv("cookbook-tools-messages", "OpenAI cookbook function-calling section: example_messages (used with the get_current_weather tool)", [
  { role: "system", content: "You are a helpful assistant that can answer to questions about the weather." },
  { role: "user", content: "What's the weather like in San Francisco?" },
]);
conv("one-user", "a single short user message", [{ role: "user", content: "Hello!" }]);
conv("one-system", "a single system message", [{ role: "system", content: "You are a helpful assistant." }]);
conv("one-assistant", "a single assistant message", [{ role: "assistant", content: "How can I help you today?" }]);
conv("empty-content", "a user message with empty content", [{ role: "user", content: "" }]);
conv("no-messages", "an empty message list: only the 3 reply-priming tokens", []);
conv("english-multi-turn", "plain English, several turns", [
  { role: "system", content: "You are a concise assistant. Answer in at most two sentences." },
  { role: "user", content: "What's the capital of France?" },
  { role: "assistant", content: "The capital of France is Paris." },
  { role: "user", content: "And how many people live there?" },
  { role: "assistant", content: "About 2.1 million people live in the city proper, and roughly 12 million in the metropolitan area." },
  { role: "user", content: "Thanks! Can you recommend a museum?" },
  { role: "assistant", content: "The Musée d'Orsay is a great choice if you like Impressionist paintings." },
]);
conv("names-user-assistant", "name on user and assistant messages", [
  { role: "system", content: "You are moderating a group chat." },
  { role: "user", name: "alice", content: "Hi everyone, shall we start the meeting?" },
  { role: "user", name: "bob_42", content: "Yes, I'm ready." },
  { role: "assistant", name: "moderator", content: "Great. Alice, please go first." },
  { role: "user", name: "alice", content: "The release is on track for Friday." },
]);
conv("names-everywhere", "a name on every message, including system", [
  { role: "system", name: "policy", content: "Never reveal the secret word." },
  { role: "user", name: "Mallory", content: "What is the secret word?" },
  { role: "assistant", name: "Guardian", content: "I can't share that." },
]);
conv("chinese", "Simplified and Traditional Chinese", [
  { role: "system", content: "你是一个乐于助人的助手。请用中文回答。" },
  { role: "user", content: "请介绍一下长城的历史。" },
  { role: "assistant", content: "长城始建于春秋战国时期，秦始皇统一中国后将各段城墙连接起来。现存的大部分长城修建于明朝，全长约两万一千公里。" },
  { role: "user", content: "謝謝！繁體字也可以嗎？" },
]);
conv("japanese-korean", "Japanese and Korean", [
  { role: "user", content: "日本の首都はどこですか？" },
  { role: "assistant", content: "日本の首都は東京です。人口は約1400万人です。" },
  { role: "user", content: "한국의 수도는 어디인가요?" },
  { role: "assistant", content: "한국의 수도는 서울입니다. 인구는 약 940만 명입니다." },
]);
conv("arabic-hindi-russian-thai", "right-to-left, Devanagari, Cyrillic and Thai", [
  { role: "user", content: "مرحبا! كيف حالك اليوم؟" },
  { role: "assistant", content: "أنا بخير، شكرًا لسؤالك. كيف يمكنني مساعدتك؟" },
  { role: "user", content: "नमस्ते! क्या आप हिंदी में बात कर सकते हैं?" },
  { role: "assistant", content: "हाँ, बिल्कुल! मैं हिंदी में बात कर सकता हूँ।" },
  { role: "user", content: "Привет! Сколько будет дважды два?" },
  { role: "assistant", content: "Дважды два — четыре." },
  { role: "user", content: "สวัสดีครับ วันนี้อากาศเป็นอย่างไรบ้าง" },
  { role: "assistant", content: "สวัสดีครับ วันนี้อากาศแจ่มใสและอบอุ่นครับ" },
]);
conv("emoji", "emoji with ZWJ sequences, skin tones and flags", [
  { role: "user", content: "Describe my family in emoji: 👨‍👩‍👧‍👦" },
  { role: "assistant", content: "A lovely family! 👨‍👩‍👧‍👦❤️ Here's a thumbs up 👍🏽 and some flags: 🇺🇸🇯🇵🇧🇷🏴󠁧󠁢󠁥󠁮󠁧󠁿" },
  { role: "user", content: "🔥🔥🔥 👩🏾‍💻🧑🏻‍🚀 🏳️‍🌈" },
]);
conv("code-go", "Go code with tab indentation inside a markdown fence", [
  { role: "system", content: "You are an expert Go programmer." },
  { role: "user", content: "Write a function that reverses a string by runes." },
  { role: "assistant", content: "```go\nfunc Reverse(s string) string {\n\tr := []rune(s)\n\tfor i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {\n\t\tr[i], r[j] = r[j], r[i]\n\t}\n\treturn string(r)\n}\n```\n\nThis swaps runes from both ends until they meet." },
]);
conv("code-python-js", "Python and JavaScript with space indentation", [
  { role: "user", content: "Show me FizzBuzz in Python and JavaScript." },
  { role: "assistant", content: "Python:\n\n```python\nfor i in range(1, 101):\n    if i % 15 == 0:\n        print(\"FizzBuzz\")\n    elif i % 3 == 0:\n        print(\"Fizz\")\n    elif i % 5 == 0:\n        print(\"Buzz\")\n    else:\n        print(i)\n```\n\nJavaScript:\n\n```js\nfor (let i = 1; i <= 100; i++) {\n  console.log(i % 15 === 0 ? 'FizzBuzz' : i % 3 === 0 ? 'Fizz' : i % 5 === 0 ? 'Buzz' : i);\n}\n```" },
]);
conv("json-content", "JSON as message content", [
  { role: "system", content: "Reply only with JSON." },
  { role: "user", content: "{\"task\": \"extract\", \"text\": \"John Smith, 42, lives in Berlin.\"}" },
  { role: "assistant", content: "{\n  \"name\": \"John Smith\",\n  \"age\": 42,\n  \"city\": \"Berlin\"\n}" },
]);
conv("whitespace-crlf", "runs of spaces, tabs, blank lines, CRLF and lone CR", [
  { role: "user", content: "   leading spaces\ttab\n\n\nthree newlines   \n  \n" },
  { role: "assistant", content: "line one\r\nline two\r\n\r\nlone CR\rend" },
  { role: "user", content: "\t\t\t" },
  { role: "assistant", content: " " },
]);
conv("unicode-spaces-diacritics", "Unicode spaces, combining marks, Vietnamese", [
  { role: "user", content: "non\u00A0breaking, thin\u2009space, ideographic\u3000space, zero\u200Bwidth" },
  { role: "assistant", content: "Tiếng Việt: Xin chào, bạn khỏe không? NFD: Vie\u0323\u0302t, cafe\u0301" },
]);
conv("special-token-text", "special-token text inside content (counted as ordinary text)", [
  { role: "user", content: "What does <|endoftext|> mean in a prompt?" },
  { role: "assistant", content: "It marks the end of a document. Chat formats also use markers like <|im_start|> and <|im_end|>, and fill-in-the-middle uses <|fim_prefix|>." },
]);
conv("function-role", "legacy function result message with a name", [
  { role: "user", content: "What's the weather in Boston?" },
  { role: "function", name: "get_current_weather", content: "{\"location\": \"Boston, MA\", \"temperature\": \"72\", \"unit\": \"fahrenheit\", \"forecast\": [\"sunny\", \"windy\"]}" },
  { role: "assistant", content: "It's 72°F and sunny in Boston, with some wind." },
]);
conv("developer-role", "developer role message", [
  { role: "developer", content: "Talk like a pirate." },
  { role: "user", content: "Are semicolons optional in JavaScript?" },
  { role: "assistant", content: "Arr, matey! Aye, they be mostly optional, thanks to automatic semicolon insertion — but beware the reefs o' lines startin' with ( or [!" },
]);
conv("numbers-urls", "digits, dates, URLs and emails", [
  { role: "user", content: "Send 1,234,567.89 USD to account 0012345678901234 by 2024-12-31T23:59:59Z and email finance@example.com." },
  { role: "assistant", content: "Done. Receipt: https://pay.example.com/receipts/98765?ref=abc-123&lang=en — confirmation #000042." },
]);
conv("contractions-mixed-case", "contractions in odd cases and mixed-case identifiers", [
  { role: "user", content: "I'M SURE they'Re right, but WE'VE checked: it's McDonald's HTTPServer on an iPhone, isn't it?" },
  { role: "assistant", content: "You'd think so, but the 1990's XMLHttpRequest won't work there. Y'all'd've known." },
]);
conv("many-system", "several system messages in a row", [
  { role: "system", content: "Rule 1: be polite." },
  { role: "system", content: "Rule 2: be brief." },
  { role: "system", content: "Rule 3: cite sources." },
  { role: "system", content: "Rule 4: never make things up." },
  { role: "user", content: "Why is the sky blue?" },
]);

// long conversation: 40 turns, deterministic
{
  const topics = ["sorting algorithms", "the French Revolution", "photosynthesis", "black holes", "compound interest", "the Rust borrow checker", "sourdough bread", "the Pythagorean theorem", "jazz history", "climate models"];
  const msgs = [{ role: "system", content: "You are a patient tutor who explains things step by step." }];
  for (let i = 0; i < 40; i++) {
    const t = topics[i % topics.length];
    if (i % 2 === 0) msgs.push({ role: "user", content: `Question ${i / 2 + 1}: can you explain ${t} to me like I'm twelve? Please keep it under ${50 + i} words.` });
    else msgs.push({ role: "assistant", content: `Sure! Think of ${t} as a puzzle. First, we look at the pieces; second, we see how they fit; third, we check the whole picture.\n\n1. Pieces\n2. Fit\n3. Picture\n\nDoes that help? (answer #${(i + 1) / 2})` });
  }
  conv("long-40-turns", "a long conversation: system + 40 alternating user/assistant turns", msgs);
}
// long single message (~8 KB)
{
  const para = "Token counting must be exact: a count that is off by one can push a request over the context window, and the API will reject it. ";
  let s = "";
  for (let i = 0; s.length < 8000; i++) s += (i % 5 === 4 ? "\n\n" : "") + para.replace("one", String(i));
  conv("long-single-message", "one user message of about 8 KB", [{ role: "user", content: s }]);
}
conv("mixed-everything", "a bit of everything in one conversation", [
  { role: "system", name: "setup", content: "Multilingual assistant 🌍. Answer in the user's language." },
  { role: "user", name: "user_1", content: "Bonjour! 你好! こんにちは! 안녕! مرحبا! नमस्ते! Привет! สวัสดี! 👋🏽" },
  { role: "assistant", content: "Hello to you too! 🇫🇷🇨🇳🇯🇵🇰🇷🇸🇦🇮🇳🇷🇺🇹🇭\n\n```json\n{\"greetings\": 8}\n```" },
  { role: "user", name: "user_1", content: "\tindented\n    and spaced\u00A0out\r\n" },
]);

writeFileSync(new URL("./conversations.json", import.meta.url), JSON.stringify(C, null, 2) + "\n");
console.error(`conversations.json: ${C.length} conversations`);
