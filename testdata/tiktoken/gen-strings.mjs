// gen-strings.mjs: writes strings.jsonl, the corpus that convkit's token
// counting is checked against (see README.md). Deterministic: a fixed-seed
// PRNG and hand-written seed lists, no clock, no environment, no network.
//
// Output: one JSON object per line, {"id": "...", "kind": "...", "text": "..."},
// ids unique, texts unique, every text well-formed Unicode (no lone
// surrogates, which UTF-8 cannot carry).

import { writeFileSync } from "node:fs";

// ---------------------------------------------------------------- PRNG
function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(0xc0ffee);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
function weighted(pairs) {
  let total = 0;
  for (const [w] of pairs) total += w;
  let r = rand() * total;
  for (const [w, v] of pairs) {
    if ((r -= w) < 0) return v;
  }
  return pairs[pairs.length - 1][1];
}
const cps = (s) => Array.from(s); // split by code point, never by UTF-16 unit

// ---------------------------------------------------------------- corpus
const out = [];
const seen = new Set();
const perKind = new Map();
function add(kind, text) {
  if (typeof text !== "string") throw new Error(`non-string in ${kind}`);
  if (!text.isWellFormed()) throw new Error(`lone surrogate in ${kind}: ${JSON.stringify(text)}`);
  if (seen.has(text)) return false;
  seen.add(text);
  const n = (perKind.get(kind) || 0) + 1;
  perKind.set(kind, n);
  out.push({ id: `${kind}-${String(n).padStart(4, "0")}`, kind, text });
  return true;
}

// ---------------------------------------------------------------- seeds
const PROSE = [
  "The quick brown fox jumps over the lazy dog.",
  "Hello, world!",
  "hello world",
  "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.",
  "Please summarize the following document in three bullet points.",
  "Token counting matters because every model has a context window, and going over it silently truncates the conversation.",
  "She sells sea shells by the sea shore; the shells she sells are surely seashells.",
  "In 1969, Neil Armstrong became the first person to walk on the Moon.",
  "Can you explain the difference between a process and a thread? I've read several answers but they contradict each other.",
  "The meeting is scheduled for Tuesday at 3:30 p.m. (Eastern Time) in Room 4B.",
  "Dr. Smith said: \"Take two tablets twice a day — no more, no less.\"",
  "Wait... what? No way!!! Are you serious?!",
  "A paragraph can span several sentences. It may contain numbers like 42, abbreviations like e.g. and i.e., and quotes 'like this'.\n\nA second paragraph follows after a blank line.",
  "Once upon a time, in a land far, far away, there lived a curious little robot named Pip.",
  "The mitochondria is the powerhouse of the cell.",
  "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\nThe slings and arrows of outrageous fortune,\nOr to take arms against a sea of troubles",
  "Q: What is 2 + 2?\nA: 4.",
  "Note: this feature is experimental and may change without notice.",
  "The café's naïve façade hid a rôle that nobody expected.",
  "Supercalifragilisticexpialidocious is a very long word; antidisestablishmentarianism is another.",
  "I can't believe it's already November — time flies when you're having fun.",
  "Step 1: Open the file.\nStep 2: Read each line.\nStep 3: Count the tokens.",
  "The price rose from $19.99 to $24.50, an increase of about 22.6%.",
  "You are a helpful assistant. Answer concisely and cite your sources.",
  "   leading spaces and trailing spaces   ",
  "ALL CAPS SENTENCES ARE SHOUTING AT YOU",
  "a",
  "A b C d E f G",
  "e.g. i.e. etc. vs. Mr. Mrs. Ms. Jr. Sr. St. Ave.",
  "“Smart quotes” and ‘single smart quotes’ — plus an em dash – and an en dash.",
  "Bullet list:\n- first item\n- second item\n  - nested item\n* star item\n1. numbered",
  "# Heading\n\nSome **bold** and _italic_ text with `inline code` and a [link](https://example.com).",
  "The year 2024 had 366 days; 2025 has 365.",
  "Thank you for your patience!",
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
];

const CODE = [
  // Go (tabs)
  "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tif len(os.Args) < 2 {\n\t\tfmt.Fprintln(os.Stderr, \"usage: count FILE\")\n\t\tos.Exit(2)\n\t}\n\tfor i, a := range os.Args[1:] {\n\t\tfmt.Printf(\"%d: %q\\n\", i, a)\n\t}\n}\n",
  "type Message struct {\n\tRole    string `json:\"role\"`\n\tContent string `json:\"content\"`\n\tName    string `json:\"name,omitempty\"`\n}\n",
  "func (e *Encoder) Count(s string) (int, error) {\n\tif s == \"\" {\n\t\treturn 0, nil\n\t}\n\tn := 0\n\tfor _, piece := range e.split(s) {\n\t\tn += len(e.bpe(piece))\n\t}\n\treturn n, nil\n}",
  // Python (4 spaces)
  "def num_tokens(text: str, enc) -> int:\n    \"\"\"Return the number of tokens in text.\"\"\"\n    if not text:\n        return 0\n    return len(enc.encode(text))\n\n\nif __name__ == \"__main__\":\n    import sys\n    print(num_tokens(sys.stdin.read(), None))\n",
  "class Stack:\n    def __init__(self):\n        self._items = []\n\n    def push(self, item):\n        self._items.append(item)\n\n    def pop(self):\n        return self._items.pop()\n",
  "for i in range(10):\n    if i % 2 == 0:\n        continue\n    print(f\"{i=} {i**2=}\")",
  // JavaScript (2 spaces)
  "const fetchJSON = async (url) => {\n  const res = await fetch(url);\n  if (!res.ok) {\n    throw new Error(`HTTP ${res.status}`);\n  }\n  return res.json();\n};\n",
  "export function debounce(fn, ms = 250) {\n  let t;\n  return (...args) => {\n    clearTimeout(t);\n    t = setTimeout(() => fn(...args), ms);\n  };\n}",
  // TypeScript
  "interface User {\n  id: number;\n  name: string;\n  email?: string;\n}\n\nfunction greet(u: User): string {\n  return `Hello, ${u.name}!`;\n}",
  // C (tabs)
  "#include <stdio.h>\n\nint main(int argc, char **argv)\n{\n\tfor (int i = 0; i < argc; i++) {\n\t\tprintf(\"%s\\n\", argv[i]);\n\t}\n\treturn 0;\n}\n",
  // Rust (4 spaces)
  "fn main() {\n    let v: Vec<u32> = (1..=10).collect();\n    let sum: u32 = v.iter().sum();\n    println!(\"sum = {}\", sum);\n}\n",
  "impl<'a> Iterator for Tokens<'a> {\n    type Item = &'a str;\n\n    fn next(&mut self) -> Option<Self::Item> {\n        self.inner.next()\n    }\n}",
  // Java
  "public class Hello {\n    public static void main(String[] args) {\n        System.out.println(\"Hello, World!\");\n    }\n}",
  // Shell
  "#!/usr/bin/env bash\nset -euo pipefail\nfor f in *.jsonl; do\n  wc -l \"$f\"\ndone\necho \"done: $(date -u +%FT%TZ)\"",
  // SQL
  "SELECT u.id, u.name, COUNT(m.id) AS messages\nFROM users u\nLEFT JOIN messages m ON m.user_id = u.id\nWHERE u.created_at >= '2024-01-01'\nGROUP BY u.id, u.name\nORDER BY messages DESC\nLIMIT 10;",
  // HTML
  "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\">\n    <title>Test</title>\n  </head>\n  <body>\n    <p class=\"x\">Hello &amp; welcome</p>\n  </body>\n</html>",
  // CSS
  ".btn {\n  display: inline-block;\n  padding: 0.5rem 1rem;\n  color: #fff;\n  background: linear-gradient(90deg, #ff0080, #7928ca);\n}\n\n.btn:hover { opacity: .9; }",
  // YAML
  "name: ci\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...",
  // Makefile (tabs)
  "all: build\n\nbuild:\n\tgo build -o bin/convkit ./cmd/convkit\n\ntest:\n\tgo test -race ./...\n\n.PHONY: all build test\n",
  // Ruby
  "class Greeter\n  def initialize(name)\n    @name = name\n  end\n\n  def greet\n    puts \"Hello, #{@name}!\"\n  end\nend",
  // PHP
  "<?php\n$items = ['a' => 1, 'b' => 2];\nforeach ($items as $k => $v) {\n    echo \"$k=$v\\n\";\n}\n?>",
  // Haskell
  "main :: IO ()\nmain = do\n  let xs = [1..10] :: [Int]\n  print (sum xs)\n  mapM_ print (filter even xs)",
  // Lisp
  "(defun fact (n)\n  (if (<= n 1)\n      1\n      (* n (fact (- n 1)))))",
  // Mixed tabs and spaces, deep indentation
  "\tif (x) {\n\t\t\tdeep();\n\t    mixed();\n    \t\tmixed_again();\n\t}\n",
  "\t\t\t\t\t\treturn;",
  "                                        // forty spaces of indentation",
  "x = [\n\t1,\n\t2,\n\t3,\n]",
  // regex / diff / misc
  "const re = /^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@example\\.com$/i;",
  "diff --git a/main.go b/main.go\n--- a/main.go\n+++ b/main.go\n@@ -1,3 +1,4 @@\n package main\n+import \"fmt\"\n func main() {\n-\tprintln(1)\n+\tfmt.Println(1)\n }",
  "```python\nprint('hello')\n```",
  "x+=1;y-=2;z*=3;w/=4;a<<=1;b>>=2;c&&d||e;f!==g;h===i;j=>k;l::m;n->o;p?.q;r??s",
];

const ZH = [
  "你好，世界！",
  "我喜欢学习新的编程语言。",
  "今天天气很好，我们去公园散步吧。",
  "人工智能正在改变我们的生活方式和工作方式。",
  "请用三句话总结这篇文章的主要内容。",
  "北京是中华人民共和国的首都，有着三千多年的建城史。",
  "这个函数返回一个整数，表示字符串中的令牌数量。",
  "他说：“明天见！”然后就走了。",
  "一二三四五六七八九十百千万亿",
  "《红楼梦》是中国古典四大名著之一。",
  "價格是人民幣一百二十元。繁體中文也要測試。",
  "我们在2024年10月1日发布了第3.2版。",
  "中文和English混合在一起的句子。",
  "标点符号：，。、；：？！“”‘’（）【】《》……——",
];

const JA = [
  "こんにちは、世界！",
  "私は東京に住んでいます。",
  "今日はとても良い天気ですね。",
  "カタカナとひらがなと漢字を混ぜて書きます。",
  "コンピューターのプログラムを書くのは楽しいです。",
  "日本語の文章には、普通スペースがありません。",
  "ありがとうございました。またお越しください。",
  "ｶﾀｶﾅの半角文字とＡＢＣ全角英字も試します。",
  "吾輩は猫である。名前はまだ無い。",
  "２０２４年１２月３１日（火）午後１１時５９分",
  "「これは引用です」と彼は言った。",
  "東京タワーの高さは333メートルです。",
];

const KO = [
  "안녕하세요, 세계!",
  "저는 서울에 살고 있습니다.",
  "오늘 날씨가 정말 좋네요.",
  "한국어는 띄어쓰기를 사용합니다.",
  "프로그래밍 언어를 배우는 것은 재미있어요.",
  "감사합니다. 좋은 하루 보내세요!",
  "대한민국의 수도는 서울특별시입니다.",
  "한글은 1443년에 세종대왕이 창제했습니다.",
  "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ ㅏㅑㅓㅕㅗㅛㅜㅠㅡㅣ",
  "카카오톡으로 메시지를 보냈어요 ㅋㅋㅋ",
];

const AR = [
  "مرحبا بالعالم!",
  "أنا أحب تعلم اللغات الجديدة.",
  "الطقس جميل اليوم، هل نذهب إلى الحديقة؟",
  "اللغة العربية تكتب من اليمين إلى اليسار.",
  "الذكاء الاصطناعي يغير طريقة عملنا.",
  "شكرًا جزيلًا لك على مساعدتك.",
  "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ",
  "الأرقام العربية: ٠١٢٣٤٥٦٧٨٩ والأرقام الغربية: 0123456789",
  "عاصمة مصر هي القاهرة.",
  "هذا نص عربي مع كلمة English في المنتصف.",
  "فارسی: سلام، حال شما چطور است؟",
  "اردو: آپ کیسے ہیں؟",
];

const HI = [
  "नमस्ते दुनिया!",
  "मुझे नई भाषाएँ सीखना पसंद है।",
  "आज मौसम बहुत अच्छा है।",
  "भारत की राजधानी नई दिल्ली है।",
  "कृत्रिम बुद्धिमत्ता हमारे जीवन को बदल रही है।",
  "धन्यवाद! फिर मिलेंगे।",
  "हिन्दी देवनागरी लिपि में लिखी जाती है।",
  "देवनागरी अंक: ०१२३४५६७८९",
  "संस्कृतम् एका प्राचीना भाषा अस्ति।",
  "मराठी: तुमचे नाव काय आहे?",
  "क्षत्रिय ज्ञान श्रृंगार द्वार",
];

const RU = [
  "Привет, мир!",
  "Я люблю изучать новые языки программирования.",
  "Сегодня прекрасная погода, не правда ли?",
  "Москва — столица Российской Федерации.",
  "Искусственный интеллект меняет наш образ жизни.",
  "Съешь же ещё этих мягких французских булок, да выпей чаю.",
  "СЛОВА ЗАГЛАВНЫМИ БУКВАМИ И строчными тоже.",
  "Українська: Привіт, як справи? Ґанок, їжак, єнот.",
  "Български: Здравей, свят!",
  "Ёжик в тумане, 1975 г.",
];

const TH = [
  "สวัสดีชาวโลก",
  "ฉันชอบเรียนภาษาใหม่ๆ",
  "วันนี้อากาศดีมาก",
  "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย",
  "ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ",
  "ขอบคุณครับ แล้วพบกันใหม่",
  "ตัวเลขไทย: ๐๑๒๓๔๕๖๗๘๙",
  "เด็กๆ กำลังเล่นฟุตบอลอยู่ที่สนาม",
  "น้ำใจไมตรี",
];

const EMOJI_SINGLE = [
  "😀", "😂", "🥲", "🤖", "🚀", "🔥", "💯", "✅", "❌", "⭐", "🎉", "🙏", "👀", "🧠", "🐍", "🦀", "🐹", "☕", "🍕", "🌍",
  "❤", "❤️", "☺️", "✌️", "™️", "©️", "1️⃣", "#️⃣", "*️⃣", "🔟",
];
const EMOJI_ZWJ = [
  "👨‍👩‍👧‍👦", "👩‍💻", "👨‍🔬", "🧑‍🚀", "👩‍❤️‍👨", "👨‍❤️‍💋‍👨", "🏳️‍🌈", "🏳️‍⚧️", "🐻‍❄️", "😶‍🌫️", "❤️‍🔥", "🧔‍♂️", "👁️‍🗨️", "🐕‍🦺", "👩‍👩‍👦",
];
const SKIN = ["\u{1F3FB}", "\u{1F3FC}", "\u{1F3FD}", "\u{1F3FE}", "\u{1F3FF}"];
const SKIN_BASE = ["👍", "👋", "🙋", "🤝", "✋", "👩", "🧑", "👶"];
const FLAGS = ["🇺🇸", "🇬🇧", "🇯🇵", "🇨🇳", "🇰🇷", "🇮🇳", "🇧🇷", "🇩🇪", "🇫🇷", "🇺🇦", "🇹🇭", "🇸🇦", "🇪🇺", "🇺🇳", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"];

const UNI_SPACES = [
  "\u00A0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008",
  "\u2009", "\u200A", "\u202F", "\u205F", "\u3000", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u180E",
  "\u0085", "\u2028", "\u2029", "\u000B", "\u000C",
];

const SPECIALS = [
  "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>",
  "<|im_start|>", "<|im_end|>", "<|im_sep|>", "<|start|>", "<|end|>", "<|message|>", "<|channel|>",
  "<|return|>", "<|call|>", "<|constrain|>", "<|reserved_special_token_0|>", "<|startoftext|>",
];

const CONTRACTION_SUFFIXES = ["s", "t", "re", "ve", "m", "ll", "d"];
const CONTRACTION_BASES = ["I", "you", "they", "we", "he", "it", "she", "don", "can", "won", "John", "IBM", "Zoë", "étudiant", "Москва", "東京", "x"];

const URLS = [
  "https://example.com",
  "http://example.com/path/to/page.html?query=1&lang=en#section-2",
  "https://github.com/convkit/convkit/blob/main/README.md",
  "https://www.google.com/search?q=tiktoken+o200k_base&hl=en",
  "ftp://files.example.org/pub/archive-2024.tar.gz",
  "https://en.wikipedia.org/wiki/Byte_pair_encoding",
  "https://例子.测试/路径?查询=值",
  "https://xn--fsqu00a.xn--0zwm56d/",
  "http://localhost:8080/api/v1/messages?limit=100&offset=200",
  "http://127.0.0.1:3000/",
  "http://[::1]:8080/health",
  "https://user:pass@host.example.com:8443/a/b/c;p=1?x=%20y%2Fz",
  "mailto:someone@example.com?subject=Hello%20there",
  "file:///home/user/Documents/notes.txt",
  "data:text/plain;base64,SGVsbG8sIFdvcmxkIQ==",
  "www.example.co.uk",
  "s3://my-bucket/path/to/object.jsonl",
  "git@github.com:convkit/convkit.git",
];
const EMAILS = [
  "alice@example.com",
  "bob.smith+tag@sub.example.co.uk",
  "first_last-123@my-domain.io",
  "UPPER.CASE@EXAMPLE.ORG",
  "\"quoted name\"@example.com",
  "用户@例子.广告",
  "noreply@github.com",
  "a@b.c",
];

const MIXED_CASE = [
  "HTTPServer", "iPhone", "McDonald's", "XMLHttpRequest", "getHTTPResponseCode", "camelCaseIdentifier", "PascalCaseIdentifier",
  "snake_case_identifier", "SCREAMING_SNAKE_CASE", "kebab-case-identifier", "eBay", "macOS", "JavaScript", "TypeScript",
  "GitHub", "YouTube", "PostgreSQL", "mRNA", "pH", "O'Reilly", "D'Angelo", "MacBook Pro", "iOS 17", "ABCdef", "abcDEF",
  "aBcDeF", "AbCdEf", "NASA", "NaN", "nAn", "IEEE754", "UTF8String", "parseJSONToHTML", "IOError", "HTMLElement",
  "iPadOS", "LaTeX", "TeX", "McAfee", "MacDonald", "DeepMind", "OpenAI", "gpt-4o-mini", "GPT-4o", "o200k_base",
];

const COMBINING = [
  "e\u0301", "E\u0301", "a\u0300\u0301\u0302\u0303\u0304", "n\u0303o", "\u0301", "\u0301\u0302\u0303",
  "Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319\u0324\u031E\u0349\u035A\u032F\u031E\u0320\u034DA\u036B\u0357\u0334\u0362\u0335\u031C\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030E\u0305\u035B\u0341\u0334\u033B\u0348\u034D\u0354\u0339O\u0342\u030C\u030C\u0358\u0328\u0335\u0339\u033B\u031D\u0333",
  "Tiếng Việt có rất nhiều dấu thanh: sắc, huyền, hỏi, ngã, nặng.",
  "Tie\u0302\u0301ng Vie\u0323\u0302t (NFD)",
  "Phở bò và bánh mì là những món ăn nổi tiếng của Việt Nam.",
  "Người Việt Nam rất thân thiện và hiếu khách.",
  "Hà Nội, Thành phố Hồ Chí Minh, Đà Nẵng, Huế, Cần Thơ",
  "ỳỷỹỵ ĐđƠơƯư ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰ",
  "שָׁלוֹם עֲלֵיכֶם",
  "ñ vs n\u0303, ü vs u\u0308, å vs a\u030A, ç vs c\u0327",
  "Å (U+212B) vs Å (U+00C5) vs A\u030A",
  "x\u20D7 y\u20D1 v\u20DD",
  "ǅ ǈ ǋ ǲ",
  "ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ",
  "𝐁𝐨𝐥𝐝 𝑰𝒕𝒂𝒍𝒊𝒄 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 𝕯𝖔𝖚𝖇𝖑𝖊 𝓢𝓬𝓻𝓲𝓹𝓽",
  "Ελληνικά: Καλημέρα κόσμε! ΑΒΓΔΕ αβγδε ΐΰ",
];

// ---------------------------------------------------------------- kinds
// English prose
for (const p of PROSE) add("prose", p);
for (const p of PROSE) add("prose", " " + p);
for (const p of PROSE) add("prose", p.toUpperCase());
for (const p of PROSE) add("prose", p.toLowerCase());
for (let i = 0; i < 30; i++) {
  const n = int(2, 6);
  const parts = [];
  for (let j = 0; j < n; j++) parts.push(pick(PROSE));
  add("prose", parts.join(pick([" ", "\n", "\n\n", "  "])));
}

// code
function reindent(src, unit) {
  return src
    .split("\n")
    .map((line) => {
      const m = /^(\t*)(.*)$/s.exec(line);
      return unit.repeat(m[1].length) + m[2];
    })
    .join("\n");
}
for (const c of CODE) add("code", c);
for (const c of CODE) if (c.includes("\t")) for (const u of ["    ", "  ", "        "]) add("code", reindent(c, u));
for (const c of CODE) add("code", c.replace(/ {4}/g, "\t"));
for (const c of CODE) add("code", c.replace(/\n/g, "\r\n"));
for (const c of CODE) {
  const lines = c.split("\n");
  for (let k = 0; k < 3; k++) {
    const a = int(0, lines.length - 1);
    const b = int(a, Math.min(lines.length - 1, a + 4));
    add("code", lines.slice(a, b + 1).join("\n"));
  }
}
for (const c of CODE) add("code", "```\n" + c + "\n```");

// JSON
const JSON_KEYS = ["id", "name", "role", "content", "type", "value", "items", "created_at", "tokens", "model", "ok", "error", "数据", "ключ", "emoji😀", "with space", "x"];
const JSON_STRS = ["hello", "Hello, world!", "line1\nline2", "tab\there", "quote \" and backslash \\", "日本語", "😀👍🏽", "", " ", "<|endoftext|>", "a/b/c", "\u00A0nbsp", "C:\\Windows\\System32"];
function randValue(depth) {
  const t = depth > 2 ? int(0, 3) : int(0, 5);
  switch (t) {
    case 0: return pick(JSON_STRS);
    case 1: return int(-100000, 100000);
    case 2: return pick([true, false, null, 3.14159, -0.5, 1e21, 0]);
    case 3: return pick(JSON_STRS) + " " + int(0, 999);
    case 4: {
      const arr = [];
      for (let i = int(0, 4); i > 0; i--) arr.push(randValue(depth + 1));
      return arr;
    }
    default: {
      const o = {};
      for (let i = int(0, 5); i > 0; i--) o[pick(JSON_KEYS)] = randValue(depth + 1);
      return o;
    }
  }
}
for (let i = 0; i < 40; i++) {
  const v = randValue(0);
  add("json", JSON.stringify(v));
  add("json", JSON.stringify(v, null, 2));
  add("json", JSON.stringify(v, null, "\t"));
  add("json", JSON.stringify(v, null, 4));
}
add("json", "{}");
add("json", "[]");
add("json", '{"a":1}');
add("json", '{"role":"user","content":"What\'s the weather like in San Francisco?"}');
add("json", '{\n  "messages": [\n    {"role": "system", "content": "You are helpful."},\n    {"role": "user", "content": "Hi"}\n  ]\n}');
add("json", '{"unicode":"\\u00e9\\u4e2d\\ud83d\\ude00","esc":"\\n\\t\\r\\"\\\\"}');
add("json", '[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]');
add("json", '{"nested":{"deeper":{"deepest":{"value":[null,true,false,0,-1,1.5e-10]}}}}');

// natural languages
const LANGS = { zh: ZH, ja: JA, ko: KO, ar: AR, hi: HI, ru: RU, th: TH };
const LATIN_BITS = ["OK", "API", "2024", "GPT-4o", "hello", "(test)", "v1.2.3", "100%", "#tag", "@user"];
for (const [kind, list] of Object.entries(LANGS)) {
  for (const s of list) add(kind, s);
  for (const s of list) add(kind, " " + s);
  for (const s of list) add(kind, s + "\n");
  for (const s of list) {
    const chars = cps(s);
    // every prefix length of a few code points, and a couple of windows
    add(kind, chars.slice(0, 1).join(""));
    add(kind, chars.slice(0, 2).join(""));
    add(kind, chars.slice(0, 3).join(""));
    const a = int(0, Math.max(0, chars.length - 2));
    add(kind, chars.slice(a, a + int(2, 8)).join(""));
  }
  for (let i = 0; i < 15; i++) {
    const parts = [];
    for (let j = int(2, 5); j > 0; j--) parts.push(rand() < 0.25 ? pick(LATIN_BITS) : pick(list));
    add(kind, parts.join(pick([" ", "", "\n", "  ", "\t"])));
  }
  add(kind, list.join("\n"));
  add(kind, list.join(""));
}

// emoji
for (const e of EMOJI_SINGLE) add("emoji", e);
for (const e of EMOJI_ZWJ) add("emoji", e);
for (const f of FLAGS) add("emoji", f);
for (const b of SKIN_BASE) {
  add("emoji", b);
  for (const s of SKIN) add("emoji", b + s);
}
for (const s of SKIN) add("emoji", s);
add("emoji", "👩🏽‍💻");
add("emoji", "🧑🏿‍🤝‍🧑🏻");
add("emoji", "👨🏻‍👩🏼‍👧🏽‍👦🏾");
add("emoji", "🇺");
add("emoji", "🇺🇸🇬🇧🇯🇵🇨🇳");
add("emoji", "🇺🇸🇬");
add("emoji", "\u200D");
add("emoji", "\uFE0F");
add("emoji", "👨\u200D");
add("emoji", "\u200D👩");
const EMOJI_ALL = [...EMOJI_SINGLE, ...EMOJI_ZWJ, ...FLAGS, ...SKIN_BASE.map((b) => b + pick(SKIN))];
for (const e of [...EMOJI_ZWJ, ...FLAGS.slice(0, 6), "😀", "👍🏽", "❤️"]) {
  add("emoji", e + e);
  add("emoji", e + e + e + e + e);
  add("emoji", e + " " + e);
  add("emoji", "I love this " + e);
  add("emoji", e + "hello");
  add("emoji", " " + e);
}
for (let i = 0; i < 40; i++) {
  const parts = [];
  for (let j = int(1, 8); j > 0; j--) parts.push(rand() < 0.6 ? pick(EMOJI_ALL) : pick(["great", "ok", " ", "!", "lol", "你好", "谢谢", "\n", "Done", "  "]));
  add("emoji", parts.join(""));
}

// whitespace: runs of spaces/tabs/newlines, alone and between/after words
for (let n = 1; n <= 40; n++) {
  add("whitespace", " ".repeat(n));
  add("whitespace", "\t".repeat(n));
  add("whitespace", "\n".repeat(n));
}
for (const n of [50, 64, 80, 100, 127, 128, 200, 256, 500, 1000]) {
  add("whitespace", " ".repeat(n));
  add("whitespace", "\t".repeat(n));
  add("whitespace", "\n".repeat(n));
}
// every string of length 1..4 over {space, tab, newline}: alone, between words, trailing, leading
{
  const A = [" ", "\t", "\n"];
  let level = [""];
  for (let len = 1; len <= 4; len++) {
    const next = [];
    for (const p of level) for (const c of A) next.push(p + c);
    for (const w of next) {
      add("whitespace", w);
      add("whitespace", "a" + w + "b");
      if (len <= 3) {
        add("whitespace", "word" + w);
        add("whitespace", w + "word");
        add("whitespace", "x" + w + "\n" + w + "y");
      }
    }
    level = next;
  }
}
for (const s of [
  "\n  \n", "a  \n  b", "   ", "hello   ", "   hello", "hello   \n", "line one  \nline two  \n", "\n \n \n", " \n", "\n ", "  \n\n  ",
  "a \n\n b", "a\n\n\n\nb", "a\t\t\tb", "\t\n\t\n", "    \n    \n    x", "end of text\n", "end of text\n\n", "end  ", "a b  c   d    e     f",
  "x\n\n\n\n\n\n\n\n\n\ny", "  \t  \t  ", "\t \t \t", "foo\n    bar\n        baz\n    qux\nquux", "1\n2\n3\n", " . ", " , ", "? ", " ?",
]) add("whitespace", s);
for (let i = 0; i < 60; i++) {
  let s = "";
  for (let j = int(1, 10); j > 0; j--) {
    s += weighted([
      [5, " ".repeat(int(1, 9))],
      [3, "\t".repeat(int(1, 4))],
      [3, "\n".repeat(int(1, 4))],
      [4, pick(["a", "word", "Hello", "x1", "你好", "😀", ".", "}", "//", "#"])],
    ]);
  }
  add("whitespace", s);
}

// CR LF and lone CR
for (const s of [
  "\r\n", "\r", "\r\r", "\r\n\r\n", "\r\n\r\n\r\n", "\n\r", "\r\r\n", "a\r\nb", "a\rb", "a\r\n\r\nb", "line1\r\nline2\r\n", "line1\rline2\r",
  " \r\n", "\r\n ", "  \r\n  ", "\t\r\n\t", "a \r\n b", "\r\n\n\r", "text\r", "\rtext", "a\r \r b", "CR\rLF\nCRLF\r\n",
  "Windows\r\nline\r\nendings\r\n", "\r\n\t\t\r\n", "x\r\r\r\ry", "   \r", "\r   ", "\r\n".repeat(10), "\r".repeat(10),
]) add("crlf", s);
for (let n = 1; n <= 12; n++) {
  add("crlf", "a" + "\r\n".repeat(n) + "b");
  add("crlf", " ".repeat(n) + "\r\n");
  add("crlf", "\r" + " ".repeat(n));
}
for (let i = 0; i < 30; i++) {
  let s = "";
  for (let j = int(1, 10); j > 0; j--) s += pick(["\r", "\n", "\r\n", " ", "  ", "\t", "a", "word", "你好", "."]);
  add("crlf", s);
}

// Unicode spaces
for (const u of UNI_SPACES) {
  for (const t of [u, u + u, u + u + u, "a" + u + "b", "hello" + u + "world", u + "word", "word" + u, " " + u, u + " ", u + "\n", "\n" + u, "1" + u + "000", u + " " + u, "a" + u + u + " b", "你好" + u + "世界"]) add("unicode_space", t);
}
for (let i = 0; i < 30; i++) {
  let s = "";
  for (let j = int(2, 10); j > 0; j--) s += rand() < 0.5 ? pick(UNI_SPACES) : pick([" ", "a", "word", "\n", "\t", "1", "日本"]);
  add("unicode_space", s);
}

// digits: 1..40 digits, plain and with separators
function digits(n) {
  let s = String(int(1, 9));
  for (let i = 1; i < n; i++) s += String(int(0, 9));
  return s;
}
function group(s, sep) {
  let out = "";
  const r = s.length % 3;
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (i - r) % 3 === 0) out += sep;
    out += s[i];
  }
  return out;
}
for (let n = 1; n <= 40; n++) {
  const d = digits(n);
  add("digits", d);
  add("digits", "0".repeat(n));
  add("digits", "1234567890".repeat(4).slice(0, n));
  add("digits", group(d, ","));
  add("digits", group(d, "."));
  add("digits", d + "." + digits(int(1, 6)));
  add("digits", " " + d);
  add("digits", "x" + d + "y");
  add("digits", "-" + d);
}
for (const s of [
  "3.14159265358979323846", "1,000,000", "1.000.000,00", "1 000 000", "1_000_000", "0x1F", "0xDEADBEEF", "0b101010", "1e10", "6.022e23", "-0.0001",
  "+1 (555) 123-4567", "2024-01-15", "12:34:56", "2024-01-15T12:34:56.789Z", "v1.2.3", "192.168.0.1", "$1,234.56", "€1.234,56", "100%",
  "1st 2nd 3rd 4th", "1/2 3/4", "½ ¾ ⅓", "²³¹ ⁴⁵", "٣٤٥", "१२३", "１２３", "1990s", "4K", "3D", "i18n", "l10n", "ISO-8601",
  "999999999999999999999999999999", "007", "0000000", "12345678901234567890.12345678901234567890",
]) add("digits", s);

// URLs and emails
for (const u of URLS) {
  add("url_email", u);
  add("url_email", "See " + u + " for details.");
  add("url_email", "<" + u + ">");
}
for (const e of EMAILS) {
  add("url_email", e);
  add("url_email", "Contact: " + e + ", thanks!");
}
for (let i = 0; i < 20; i++) {
  const host = pick(["example", "my-site", "api", "docs", "cdn7"]) + "." + pick(["com", "org", "io", "dev", "co.jp"]);
  const path = Array.from({ length: int(0, 4) }, () => pick(["v1", "users", String(int(1, 99999)), "search", "index.html", "a_b-c", "%E4%BD%A0"])).join("/");
  add("url_email", `https://${host}/${path}` + (rand() < 0.5 ? `?q=${pick(["token", "o200k", "x%20y"])}&n=${int(1, 100)}` : ""));
}

// special-token text as ordinary text
for (const sp of SPECIALS) {
  add("special_token", sp);
  add("special_token", "Hello " + sp + " world");
  add("special_token", sp + sp);
  add("special_token", "text" + sp);
  add("special_token", sp + "\n");
  add("special_token", " " + sp + " ");
}
for (const s of [
  "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n",
  "<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n    return c<|fim_middle|>",
  "<|start|>user<|message|>Hello<|end|><|start|>assistant",
  "<|endoftext", "endoftext|>", "<|", "|>", "<||>", "< |endoftext| >", "<|ENDOFTEXT|>", "<|endoftext|", "<<|endoftext|>>",
  "The document ends here.<|endoftext|>The next document begins.",
  "```\n<|endoftext|>\n```",
]) add("special_token", s);

// contractions in every case
function caseVariants(suf) {
  const v = new Set([suf, suf.toUpperCase()]);
  if (suf.length === 2) {
    v.add(suf[0].toUpperCase() + suf[1]);
    v.add(suf[0] + suf[1].toUpperCase());
  }
  return [...v];
}
for (const suf of CONTRACTION_SUFFIXES) {
  for (const sv of caseVariants(suf)) {
    add("contraction", "'" + sv);
    add("contraction", " '" + sv);
    add("contraction", "1990'" + sv);
    add("contraction", "7'" + sv);
    for (const base of CONTRACTION_BASES) {
      add("contraction", base + "'" + sv);
      add("contraction", base.toUpperCase() + "'" + sv);
    }
    add("contraction", "they'" + sv + " here");
    add("contraction", "it\u2019" + sv);
    add("contraction", "x '" + sv + "'");
  }
}
for (const s of [
  "I'M", "I'm", "i'm", "I'M NOT", "they'Re", "THEY'RE", "They'rE", "we'VE", "you'LL", "he'D", "she's", "it'S", "don'T", "DON'T", "Don't",
  "can't won't shouldn't wouldn't couldn't mustn't", "'twas", "'tis", "rock 'n' roll", "ma'am", "y'all", "y'all'd've", "o'clock",
  "the '90s", "the 1990's", "the 90's", "it's 5 o'clock", "James's", "James'", "students'", "'quoted'", "''", "'''", "' s", "'S'",
  "l'homme", "aujourd'hui", "dell'anno", "Rock'n'Roll",
]) add("contraction", s);

// combining marks / diacritics
for (const s of COMBINING) add("combining", s);
for (const s of COMBINING) add("combining", s.normalize("NFD"));
for (const s of COMBINING) add("combining", s.normalize("NFC"));
for (const s of COMBINING) add("combining", s.normalize("NFKC"));
for (let n = 1; n <= 12; n++) add("combining", "a" + "\u0301".repeat(n));
for (let i = 0; i < 20; i++) {
  let s = "";
  for (let j = int(1, 8); j > 0; j--) {
    s += pick(["a", "e", "o", "u", "i", "y", "n", " ", "đ", "ơ", "ư"]);
    for (let k = int(0, 3); k > 0; k--) s += String.fromCodePoint(int(0x0300, 0x036f));
  }
  add("combining", s);
}

// mixed case
for (const s of MIXED_CASE) {
  add("mixed_case", s);
  add("mixed_case", " " + s);
  add("mixed_case", s.toLowerCase());
  add("mixed_case", s.toUpperCase());
}
add("mixed_case", "The HTTPServer on my iPhone served McDonald's menu via XMLHttpRequest.");
add("mixed_case", "userID userId UserID USERID user_id");

// empty string
add("empty", "");

// single characters: every ASCII code point, plus a spread of others
for (let c = 0; c < 128; c++) add("single_char", String.fromCharCode(c));
for (const c of [
  "\u0080", "\u009F", "\u00A0", "\u00A9", "\u00AD", "\u00DF", "\u00E9", "\u00FF", "\u0100", "\u017F", "\u0131", "\u0130", "\u01C5", "\u0301",
  "\u0391", "\u03C9", "\u0416", "\u05D0", "\u0627", "\u0915", "\u093F", "\u0E01", "\u0E31", "\u1100", "\u1E9E", "\u2013", "\u2014", "\u2019",
  "\u201C", "\u2026", "\u20AC", "\u2122", "\u2190", "\u2200", "\u2603", "\u3042", "\u30A2", "\u4E00", "\u9FFF", "\uAC00", "\uD7A3", "\uE000",
  "\uFB01", "\uFF21", "\uFF61", "\uFFFD", "\uFFFF", "\u{10000}", "\u{1D400}", "\u{1F600}", "\u{1F3FD}", "\u{1F1FA}", "\u{20000}", "\u{E0061}",
  "\u{E0100}", "\u{10FFFF}", "\u{F0000}",
]) add("single_char", c);

// ---------------------------------------------------------------- random strings from a weighted alphabet
const ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const POOLS = [
  [30, () => ASCII_LETTERS[int(0, 51)]],
  [6, () => String(int(0, 9))],
  [6, () => PUNCT[int(0, PUNCT.length - 1)]],
  [12, () => " "],
  [3, () => "\t"],
  [4, () => "\n"],
  [1, () => pick(["\r", "\r\n"])],
  [3, () => String.fromCodePoint(int(0x4e00, 0x9fa5))], // CJK
  [2, () => String.fromCodePoint(int(0x3041, 0x3096))], // hiragana
  [2, () => String.fromCodePoint(int(0x30a1, 0x30fa))], // katakana
  [2, () => String.fromCodePoint(int(0xac00, 0xd7a3))], // hangul
  [2, () => String.fromCodePoint(int(0x0621, 0x064a))], // arabic
  [2, () => String.fromCodePoint(int(0x0905, 0x0939)) + (rand() < 0.4 ? String.fromCodePoint(int(0x093e, 0x094c)) : "")], // devanagari
  [2, () => String.fromCodePoint(int(0x0410, 0x044f))], // cyrillic
  [2, () => String.fromCodePoint(int(0x0e01, 0x0e2e)) + (rand() < 0.3 ? String.fromCodePoint(int(0x0e31, 0x0e3a)) : "")], // thai
  [2, () => pick(EMOJI_ALL)],
  [1, () => pick(SKIN)],
  [1, () => String.fromCodePoint(int(0x0300, 0x036f))], // combining
  [1, () => pick(["ạ", "ả", "ấ", "ầ", "ẩ", "ẫ", "ậ", "ắ", "ằ", "ẳ", "ẵ", "ặ", "đ", "ơ", "ư", "ế", "ệ", "ố", "ộ", "ớ", "ợ", "ứ", "ự"])],
  [2, () => pick(UNI_SPACES)],
  [1, () => "'" + pick(["s", "t", "re", "ve", "m", "ll", "d", "S", "T", "RE", "Re", "rE", "VE", "M", "LL", "D"])],
  [0.5, () => pick(SPECIALS)],
  [2, () => pick(["é", "ü", "ñ", "ç", "ø", "å", "ß", "œ", "æ", "ł", "ő", "ž"])],
  [1, () => String.fromCodePoint(int(0x0391, 0x03c9))], // greek
  [0.5, () => String.fromCodePoint(int(0x1d400, 0x1d7ff))], // math alnum (astral)
  [0.3, () => String.fromCodePoint(int(0x20000, 0x2a6df))], // CJK ext B (astral)
  [0.3, () => String.fromCharCode(int(0, 31))], // control chars
];
function randomString(len) {
  let s = "";
  let n = 0;
  while (n < len) {
    // occasionally emit a run of one unit, so repeated-token paths get exercised
    const f = weighted(POOLS);
    const piece = f();
    const reps = rand() < 0.08 ? int(2, 12) : 1;
    s += piece.repeat(reps);
    n += reps;
  }
  return s;
}
for (let i = 0; i < 700; i++) {
  const len = weighted([
    [4, int(1, 8)],
    [6, int(9, 40)],
    [4, int(41, 160)],
    [1, int(161, 600)],
  ]);
  add("random", randomString(len));
}

// ---------------------------------------------------------------- long strings (2-20 KB of UTF-8)
const ALL_SEEDS = [
  ...PROSE, ...CODE, ...ZH, ...JA, ...KO, ...AR, ...HI, ...RU, ...TH, ...EMOJI_ALL, ...URLS, ...EMAILS, ...MIXED_CASE, ...COMBINING, ...SPECIALS,
  ...UNI_SPACES.map((u) => "a" + u + "b"),
];
const enc = new TextEncoder();
const LONG_TARGETS = [2048, 3000, 4096, 5000, 6500, 8192, 10000, 12000, 14000, 16384, 18000, 20000];
for (const target of LONG_TARGETS) {
  let s = "";
  while (true) {
    const piece = weighted([
      [6, pick(ALL_SEEDS)],
      [2, randomString(int(10, 120))],
      [1, JSON.stringify(randValue(0), null, pick([0, 2, "\t"]))],
      [1, pick([" ", "\n", "\n\n", "\t", "   ", "\r\n"]).repeat(int(1, 6))],
    ]);
    const joined = s + (s ? pick([" ", "\n", "", "\n\n"]) : "") + piece;
    if (enc.encode(joined).length > target) break;
    s = joined;
  }
  add("long", s);
}
// one long homogeneous run of each of a few kinds, for worst-case merges
add("long", "a".repeat(4000));
add("long", " ".repeat(3000) + "x");
add("long", "1234567890".repeat(300));
add("long", "😀".repeat(1000));
add("long", "你好".repeat(1000));
add("long", "The quick brown fox jumps over the lazy dog. ".repeat(100));

// ---------------------------------------------------------------- write
// JSON.stringify already escapes U+0000-U+001F; also escape U+0085, U+2028,
// U+2029 (line breaks to some line splitters) and U+FEFF (stripped by some
// readers) so that every record stays on one physical line, byte-exact.
const toLine = (s) => JSON.stringify(s).replace(/[\u0085\u2028\u2029\uFEFF]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
let body = "";
for (const r of out) body += toLine(r) + "\n";
writeFileSync(new URL("./strings.jsonl", import.meta.url), body);

const kinds = [...perKind.entries()].map(([k, n]) => `${k}=${n}`).join(" ");
console.error(`strings.jsonl: ${out.length} strings, ${Buffer.byteLength(body)} bytes; ${kinds}`);
