package counting

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
)

func TestCountOptionsCheck(t *testing.T) {
	for _, tc := range []struct {
		opts CountOptions
		want string
	}{
		{CountOptions{By: "turn"}, `--by takes conversation, message or role, not "turn"`},
		{CountOptions{Plain: true, From: "jsonl"}, "--plain counts text, not conversations: it takes no --by or --from"},
		{CountOptions{NoTemplate: true}, "--no-template and --generation-prompt go with --tokenizer"},
		{CountOptions{HF: HFOptions{Tokenizer: "m"}, Cost: true}, "--cost prices OpenAI's models: it takes no --tokenizer"},
		{CountOptions{JSON: true, Total: true}, "--json and -t/--total ask for two different outputs: pick one"},
		{CountOptions{Price: "input=1"}, "--price sets the prices --cost uses: add --cost"},
		{CountOptions{HF: HFOptions{Template: "x"}}, "--template, --template-file and --max-seq-len go with --tokenizer"},
	} {
		if err := tc.opts.check(); !errors.As(err, new(*cmderr.Usage)) || err.Error() != tc.want {
			t.Errorf("%+v: %v, want %q", tc.opts, err, tc.want)
		}
	}
}

func TestCountTallyAndVerdict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.jsonl")
	os.WriteFile(path, []byte(`{"messages":[{"role":"user","content":"hello there"}]}`+"\n"+
		`{"messages":[{"role":"user","content":"`+strings.Repeat("word ", 50)+`"}]}`+"\n"), 0o644)
	var out, errs bytes.Buffer
	e := &app.Env{Out: &out, Err: &errs}
	err := Count(e, CountOptions{Counter: Options{Model: "gpt-4o"}, Files: []string{path}, Total: true})
	if err != nil || strings.TrimSpace(out.String()) == "" {
		t.Fatalf("Count -t: %q, %v", out.String(), err)
	}
	out.Reset()
	err = Count(e, CountOptions{Counter: Options{Model: "gpt-4o"}, Files: []string{path}, Limit: 20, By: count.ByConversation})
	var no *cmderr.No
	if !errors.As(err, &no) || !strings.Contains(out.String(), path) {
		t.Fatalf("--max-tokens 20: %v, wrote %q", err, out.String())
	}
}
