package bpe

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// benchTexts are about 1 MB of each kind of text, built from samples in a
// fixed pseudo-random order so that every run counts the same bytes.
func benchTexts() map[string]string {
	samples := map[string][]string{
		"prose": strings.SplitAfter(`It was the best of times, it was the worst of times. The committee's report, `+
			`published on Tuesday, didn't say much. "We're still reviewing the data," she said; nobody believed her. `+
			`Over 1,200 people attended the 3-day conference in São Paulo. HTTPServer isn't a word, but McDonald's is. `+
			`Why would anyone ship that? Because the deadline was 2024-05-17 and the budget was $45,000.`, " "),
		"code": strings.SplitAfter("func (e *Encoding) Count(text string) int {\n\tfor i := 0; i < len(text); i++ {\n"+
			"\t\tif text[i] == '\\n' && !seen[i] {\n\t\t\tn += 2 // count line\n\t\t}\n\t}\n\treturn n\n}\n"+
			"def parse(self, path: str) -> dict[str, int]:\n    with open(path) as f:\n        return json.load(f)\n"+
			"const x = arr.map((v, i) => v * 2).filter(Boolean); /* done */\n<div class=\"row\"><a href=\"/x?y=1&z=2\">link</a></div>\n", " "),
		"cjk": strings.SplitAfter("日本語のテキストは、スペースを使わずに書かれます。東京は日本の首都です。"+
			"中文文本通常没有空格，分词很难。北京是中国的首都。한국어 텍스트는 띄어쓰기를 사용합니다. 서울은 한국의 수도입니다.", "。"),
		"emoji":  strings.SplitAfter("Great job 👍🏽 🎉🎉 so happy 😀😃😄 family 👨‍👩‍👧‍👦 flag 🏳️‍🌈 ❤️ 🔥🔥🔥 ✨ see you 👋 ", " "),
		"spaces": {"x", " ", "  ", "    ", "        ", "\n", "\n\n", "\t", "\t\t", " \n", "\r\n", "\u00a0", "   \n   "},
	}
	out := map[string]string{}
	for kind, parts := range samples {
		r := rand.New(rand.NewPCG(3, 4))
		var b strings.Builder
		for b.Len() < 1<<20 {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		out[kind] = b.String()
	}
	out["run"] = strings.Repeat("a", 1<<20)
	out["spacerun"] = strings.Repeat(" ", 1<<20)
	return out
}

func BenchmarkCount(b *testing.B) {
	texts := benchTexts()
	for _, name := range names {
		e := encoding(b, name)
		for _, kind := range []string{"prose", "code", "cjk", "emoji", "spaces", "run", "spacerun"} {
			text := texts[kind]
			b.Run(name+"/"+kind, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					e.Count(text)
				}
			})
		}
	}
}

// BenchmarkCorpus counts the file named by CONVKIT_CORPUS (the shared
// benchmark corpus.txt, see bench/engine/run.sh) in one pass per iteration.
func BenchmarkCorpus(b *testing.B) {
	path := os.Getenv("CONVKIT_CORPUS")
	if path == "" {
		b.Skip("CONVKIT_CORPUS is not set")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range names {
		e := encoding(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			n := 0
			for b.Loop() {
				n = e.CountBytes(text)
			}
			b.ReportMetric(float64(n), "tokens")
		})
	}
}
