// Writes openai.json: the counts OpenAI's tiktoken (npm tiktoken 1.0.22, the
// Rust core compiled to WASM) gives for tricky strings, the reference
// TestOpenAI checks package bpe against. Rerun after editing the list:
//
//	cd /tmp && npm install tiktoken@1.0.22 && NODE_PATH=/tmp/node_modules node openai.js
const fs = require("fs");
const { get_encoding } = require("tiktoken");

const texts = [
  "", "hello world", "Hello, World!", "\n  \n", "\n\n\n", "  \n", "a  \n b", "trailing spaces   ",
  "   leading", "tab\there", "\t\t\n", "line\r\nbreak\r\n", "\r\r\n\n", "x\r", "/path/to/file\n/",
  "a/\n/b", "?!\n/\r\n//x", "don't", "DON'T", "I'M", "you're", "YOU'RE", "we've", "They'Ve", "she'll",
  "He'LL", "I'd", "'s", "'S", "'sam", "it's", "IT'S", "Bob's car", "x's", "'re'", "''s", "'ll've",
  "it'ſ", " I'ſ", " I'ſ I", "'ſa", "'ſ", "HTTPServer", "XMLHttpRequest", "iPhone", "McDonald's",
  "ABCdef", "abcDEF", "ǅungla", "ǅUNGLA", "Σίσυφος", "ΣΊΣΥΦΟΣ", "straße STRASSE",
  "1", "12", "123", "1234", "1234567890", "3.14159", "١٢٣٤٥", "²³¹", "Ⅻ ⅻ", "v1.2.3-rc4",
  "non\u00a0breaking", "\u00a0\u00a0x", "em\u2003space", "ideo\u3000space", "\u2028\u2029", "\u0085nel",
  "a\u200bb", "\u200d", "\ufeffbom", "👍", "👨‍👩‍👧‍👦", "🏳️‍🌈 flag", "emoji 😀😃😄 run", "✓ ✗ ★",
  "e\u0301", "cafe\u0301s", "\u0301\u0301\u0301", " \u0301x", "a\u0308\u0304", "ñ", "Ǆ",
  "مرحبا بالعالم", "السَّلَامُ عَلَيْكُمْ", "नमस्ते दुनिया", "हिन्दी में लिखा", "你好，世界！", "日本語のテキストです。",
  "한국어 텍스트", "ภาษาไทย", "Привет, мир!", "ПРИВЕТ", "עברית", "ꦏꦺꦴ", "ᄀᄁ",
  "func main() {\n\tfmt.Println(\"hi\")\n}\n", "if(a&&b||c){return x[i]+=1;}", "<|endoftext|>",
  "<|fim_prefix|>x<|fim_suffix|>", "    indented\n        more", "#!/bin/sh\nset -eu\n",
  "\u00ad soft", "\ufffd", "\u{10ffff}", "\u{e0001}", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝟙𝟚𝟛",
  "a".repeat(300), " ".repeat(300), "\n".repeat(300), "ab".repeat(200), "😀".repeat(100),
  "=".repeat(257), "0".repeat(100), "x ".repeat(100), " \n".repeat(100),
  // GPT-2's pattern (r50k_base, p50k_base): contractions in lower case only,
  // numbers of any length, and no rule of its own for line breaks.
  " 1234567 89", "x  \n\n  y", "a\n\n\nb", " \n x", "It'S i'M", " 's 'd", "  'll", "\t\t  x",
];

const out = texts.map((text) => {
  const row = { text };
  for (const name of ["cl100k_base", "o200k_base", "p50k_base", "r50k_base"]) {
    const enc = get_encoding(name);
    row[name] = enc.encode_ordinary(text).length;
    enc.free();
  }
  return row;
});
fs.writeFileSync(__dirname + "/openai.json", JSON.stringify(out, null, 1) + "\n");
