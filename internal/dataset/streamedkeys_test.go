package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/dedupe"
	"github.com/convkit/convkit/filter"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/counting"
	"github.com/convkit/convkit/sample"
	"github.com/convkit/convkit/stats"
)

// streamedKeyLines are JSON Lines whose long strings (over 64 KiB, on
// lines over 1 MiB) the verbs that hash a key read into spools: texts
// that are the same once normalised (NFKC, white space) but not byte for
// byte, with the differences all along them, so on either side of the
// parts the key reads, in a message, a text part beside others, and a
// tool call's arguments. (Escapes other than the ones convkit writes,
// \u0301 here, stand only in a message's string content: a part or a
// tool call is written as read when held, its long string re-escaped
// when spooled; see docs/performance.md.)
func streamedKeyLines() []string {
	long := strings.Repeat("text with \\\"escapes\\\" and  double  spaces, cafe\u0301 ﬁne ", 30000)
	same := strings.ReplaceAll(strings.ReplaceAll(long, "  ", ` \t`), "cafe\u0301", "café")
	escaped := strings.ReplaceAll(long, "e\u0301", `e\u0301`)
	msg := func(text string) string {
		return `{"messages":[{"role":"user","content":"` + text + `"},{"role":"assistant","content":"ok"}]}`
	}
	parts := func(text string) string {
		return `{"messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"text","text":"` + text +
			`"},{"type":"image_url","image_url":{"url":"data:image/png;base64,` + strings.Repeat("QUFB", 400000) + `"}}]}]}`
	}
	call := func(args string) string {
		return `{"messages":[{"role":"user","content":"save it"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"save","arguments":"` + args + `"}}]}]}`
	}
	lines := []string{msg(long), msg("short"), msg(same), msg(escaped), msg(long + "!"), parts(long), parts(same), call(long), call(same + " "), call(long + "x")}
	for i := range 12 {
		lines = append(lines, msg(fmt.Sprintf("short %d", i%8)))
	}
	return lines
}

// TestStreamedKeysDecideTheSame runs the verbs that hash a key (dedupe,
// with --near too, sample, split, shard --by whole, first-user or an expression that reads
// no text, stats) on streamedKeyLines, whose long
// strings they spool and hash as they stream, and checks that they keep,
// place and write every conversation as reading it whole and hashing its
// whole key decides: byte for byte the same files.
func TestStreamedKeysDecideTheSame(t *testing.T) {
	lines := streamedKeyLines()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Each conversation read whole, its key's digests, and its line as
	// writing it whole gives.
	jsonl, _ := convert.Lookup("jsonl")
	var convs []*chat.Conversation
	var whole, firstUser []dedupe.Digest
	var written, wholeKeys, firstUserKeys []string
	for _, l := range lines {
		c, err := jsonl.NewDecoder(strings.NewReader(l), convert.DecodeOptions{}).Decode()
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		enc := jsonl.NewEncoder(&out, convert.EncodeOptions{})
		if enc.Encode(c) != nil || enc.Close() != nil {
			t.Fatal("encoding")
		}
		k, _ := dedupe.Key(c)
		f, _ := dedupe.FirstUser(c)
		// Every line is written as it was, a long one copied from its file.
		convs, whole, firstUser, written = append(convs, c), append(whole, dedupe.Sum(k)), append(firstUser, dedupe.Sum(f)), append(written, l+"\n")
		wholeKeys, firstUserKeys = append(wholeKeys, k), append(firstUserKeys, f)
	}
	pick := func(keep func(i int) bool) string {
		var b strings.Builder
		for i := range written {
			if keep(i) {
				b.WriteString(written[i])
			}
		}
		return b.String()
	}
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	env := func(out io.Writer) *app.Env { return &app.Env{Out: out, Err: io.Discard} }
	opts := Options{Files: []string{in}}

	seen := map[dedupe.Digest]bool{}
	want := pick(func(i int) bool { dup := seen[whole[i]]; seen[whole[i]] = true; return !dup })
	if strings.Count(want, "\n") > len(lines)-5 {
		t.Fatalf("the lines hold too few duplicates to test dedupe: %d kept of %d", strings.Count(want, "\n"), len(lines))
	}
	var out bytes.Buffer
	if err := Dedupe(env(&out), DedupeOptions{Options: opts}); err != nil || out.String() != want {
		t.Errorf("dedupe: %d lines, %v; hashing whole keeps %d", strings.Count(out.String(), "\n"), err, strings.Count(want, "\n"))
		g, w := strings.Split(out.String(), "\n"), strings.Split(want, "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Logf("line %d: %d bytes %q… vs %d bytes %q…", i, len(g[i]), g[i][:min(len(g[i]), 300)], len(w[i]), w[i][:min(len(w[i]), 300)])
				for j := range min(len(g[i]), len(w[i])) {
					if g[i][j] != w[i][j] {
						t.Logf("first diff at %d: %q vs %q", j, g[i][j:j+40], w[i][j:j+40])
						break
					}
				}
			}
		}
	}

	// --near: the keys held whole and signed so decide the same.
	for by, keys := range map[string][]string{"whole": wholeKeys, "first-user": firstUserKeys} {
		seen, near := map[string]bool{}, dedupe.NewNear(dedupe.DefaultNear)
		want := pick(func(i int) bool {
			if seen[keys[i]] {
				return false
			}
			seen[keys[i]] = true
			_, dup := near.Add(keys[i], i)
			return !dup
		})
		if strings.Count(want, "\n") >= len(seen) {
			t.Fatalf("dedupe --near 0.9 --key %s: no near duplicate in the lines", by)
		}
		out.Reset()
		if err := Dedupe(env(&out), DedupeOptions{Options: opts, Key: by, Near: 0.9}); err != nil || out.String() != want {
			t.Errorf("dedupe --near 0.9 --key %s: %d lines, %v; signing whole keys keeps %d", by, strings.Count(out.String(), "\n"), err, strings.Count(want, "\n"))
		}
	}

	for seed := range uint64(4) {
		in := func(i int) bool { return sample.InFraction(sample.Rank(whole[i].Uint64(), seed), 0.5) }
		out.Reset()
		if err := Sample(env(&out), SampleOptions{Options: opts, Fraction: 0.5, Seed: seed}); err != nil || out.String() != pick(in) {
			t.Errorf("sample --fraction 0.5 --seed %d: %q…, %v; want the lines %v", seed, firstBytes(out.String()), err, which(len(lines), in))
		}
		res := sample.NewReservoir[int](4)
		for i := range whole {
			res.Add(sample.Rank(whole[i].Uint64(), seed), i)
		}
		out.Reset()
		if err := Sample(env(&out), SampleOptions{Options: opts, N: 4, Seed: seed}); err != nil || out.String() != pick(func(i int) bool { return slices.Contains(res.Items(), i) }) {
			t.Errorf("sample -n 4 --seed %d: %q…, %v; want the lines %v", seed, firstBytes(out.String()), err, res.Items())
		}
		split := filepath.Join(dir, fmt.Sprint("split", seed))
		sopts := opts
		sopts.Output = split
		if err := Split(env(io.Discard), SplitOptions{Options: sopts, Train: 0.5, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		if read(filepath.Join(split, "train.jsonl")) != pick(in) || read(filepath.Join(split, "validation.jsonl")) != pick(func(i int) bool { return !in(i) }) {
			t.Errorf("split --seed %d: train and validation are not the lines %v and the others", seed, which(len(lines), in))
		}
	}

	// An expression that reads no text: the spools are not looked at.
	count, err := filter.CompileKey("len(messages)")
	if err != nil {
		t.Fatal(err)
	}
	var counted []dedupe.Digest
	for i, c := range convs {
		k, err := count.Key(c, i+1, nil)
		if err != nil {
			t.Fatal(err)
		}
		counted = append(counted, dedupe.Sum(dedupe.Normalize(k)))
	}
	for by, digests := range map[string][]dedupe.Digest{"whole": whole, "first-user": firstUser, "len(messages)": counted} {
		shards := filepath.Join(dir, "shards-"+fmt.Sprint(len(by)))
		sopts := opts
		sopts.Output = shards
		if err := Shard(env(io.Discard), ShardOptions{Options: sopts, N: 3, By: by}); err != nil {
			t.Fatal(err)
		}
		for n := range 3 {
			in := func(i int) bool { return sample.Shard(digests[i].Uint64(), 3) == n }
			if read(filepath.Join(shards, fmt.Sprintf("shard-%04d.jsonl", n))) != pick(in) {
				t.Errorf("shard --by %s: shard %d is not the lines %v", by, n, which(len(lines), in))
			}
		}
	}

	counter, err := counting.New(counting.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := stats.New(counter.Model().Name, counter.Model().ContextWindow)
	for i, c := range convs {
		st.Add(c, counter.Conversation(c), whole[i].Uint64())
	}
	b, _ := json.Marshal(st)
	out.Reset()
	if err := Stats(env(&out), StatsOptions{Options: opts, JSON: true}); err != nil || out.String() != string(b)+"\n" {
		t.Errorf("stats --json:\n%s, %v\nwant, counted and hashed whole:\n%s", out.String(), err, b)
	}
}

func firstBytes(s string) string { return s[:min(len(s), 60)] }

// which lists the lines of n that keep keeps.
func which(n int, keep func(int) bool) []int {
	var is []int
	for i := range n {
		if keep(i) {
			is = append(is, i)
		}
	}
	return is
}

// TestFilterWritesTheSameFromSpools runs filter with expressions that
// read texts or not, so that it spools long strings and reads them back
// for an expression that reads them, and with the same expressions on
// every conversation read whole: the outputs must be the same, byte for
// byte, with --messages dropping messages beside long ones too.
func TestFilterWritesTheSameFromSpools(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(streamedKeyLines(), "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ expr, messages string }{
		{`len(messages) > 1`, ""},
		{`has_tools || "assistant" in roles`, ""},
		{`turns > 0`, `role != "assistant"`},
		{`any(messages, contains(.content, "café"))`, ""},
		{`any(messages, len(.content) > 1000000 && .content endsWith "ﬁne !")`, ""},
		{`any(messages, any(.tool_calls, matches(.arguments, "ﬁne x$")))`, ""},
		{`turns > 0`, `len(content) < 1000000 || contains(content, "look\ntext")`},
	} {
		run := func(spool bool) (string, error) {
			var out bytes.Buffer
			err := runFilter(&app.Env{Out: &out, Err: io.Discard}, FilterOptions{Options: Options{Files: []string{in}}, Expr: tc.expr, Messages: tc.messages, ShortcutsGiven: true}, spool)
			return out.String(), err
		}
		spooled, err := run(true)
		if err != nil {
			t.Fatal(err)
		}
		held, err := run(false)
		if err != nil {
			t.Fatal(err)
		}
		if spooled != held || len(held) < 1<<20 {
			t.Errorf("filter %q --messages %q: %d bytes from spools, %d read whole", tc.expr, tc.messages, len(spooled), len(held))
		}
	}
}
