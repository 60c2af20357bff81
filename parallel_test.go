package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/chatgen"
	"github.com/convkit/convkit/internal/longtest"
)

// TestParallelPipepart runs docs/scale.md's GNU parallel recipes with four
// jobs over a generated dataset with tool calls and repeats, and checks that
// each gives what one process gives: stats --merge of the per-block reports
// the same report as stats over the whole file, filter the same lines in the
// same order (-k), and shard --by then dedupe of each shard the same set of
// lines as dedupe over the whole file. convkit is on PATH through
// testscript.Main.
func TestParallelPipepart(t *testing.T) {
	longtest.Skip(t, "runs GNU parallel over a dataset of thousands of conversations")
	if _, err := exec.LookPath("parallel"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("GNU parallel is missing; .ci/run installs it")
		}
		t.Skip("GNU parallel is not installed (apt-get install parallel)")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "data.jsonl"), generatedDataset(t, 4000), 0o644); err != nil {
		t.Fatal(err)
	}
	sh := func(script string) string {
		t.Helper()
		cmd := exec.Command("sh", "-ec", script)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v\n%s", script, err, stderr.String())
		}
		return string(out)
	}

	t.Run("stats", func(t *testing.T) {
		sh(`mkdir -p parts
parallel --pipepart -a data.jsonl --block -1 -j 4 'convkit stats --json > parts/{#}.json'`)
		if n := len(strings.Fields(sh(`ls parts`))); n != 4 {
			t.Fatalf("parallel wrote %d reports, want 4", n)
		}
		for _, flag := range []string{"", "--json"} {
			merged := sh(`convkit stats ` + flag + ` --merge parts/*.json`)
			whole := sh(`convkit stats ` + flag + ` data.jsonl`)
			if merged != whole {
				t.Errorf("stats %s --merge of 4 blocks:\n%s\none process:\n%s", flag, merged, whole)
			}
		}
	})

	t.Run("filter", func(t *testing.T) {
		expr := `'has_tools && tokens > 150'`
		split := sh(`parallel --pipepart -a data.jsonl --block -1 -k -j 4 convkit filter "` + expr + `"`)
		whole := sh(`convkit filter ` + expr + ` data.jsonl`)
		if split != whole {
			t.Errorf("filter over 4 blocks kept %d bytes, one process %d, or in another order", len(split), len(whole))
		}
		if n := strings.Count(whole, "\n"); n < 100 || n > 3900 {
			t.Errorf("filter kept %d of 4000 lines; the expression should keep some and drop some", n)
		}
	})

	t.Run("shard then dedupe", func(t *testing.T) {
		sh(`convkit shard -n 4 --by whole -o shards data.jsonl
parallel -j 4 convkit dedupe -o {}.dedupe {} ::: shards/*.jsonl`)
		split := sortedLines(sh(`cat shards/*.dedupe`))
		whole := sortedLines(sh(`convkit dedupe data.jsonl`))
		if !slices.Equal(split, whole) {
			t.Errorf("dedupe of 4 shards kept %d lines, one process %d, or others", len(split), len(whole))
		}
		if len(whole) >= 4000 {
			t.Errorf("dedupe kept all %d lines; the dataset has repeats", len(whole))
		}
	})
}

// generatedDataset returns n conversations as JSONL, with tool calls, names
// and unknown fields (chatgen), about one in five a repeat of an earlier one.
func generatedDataset(t *testing.T, n int) []byte {
	t.Helper()
	jsonl, err := convert.Lookup("jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := jsonl.NewEncoder(&out, convert.EncodeOptions{})
	r := rand.New(rand.NewPCG(18, 4))
	var convs []*chat.Conversation
	for range n {
		c := chatgen.Generate(r)
		if len(convs) > 0 && r.IntN(5) == 0 {
			c = convs[r.IntN(len(convs))]
		}
		convs = append(convs, c)
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// sortedLines returns the lines of s in sorted order: a set to compare.
func sortedLines(s string) []string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	slices.Sort(lines)
	return lines
}
