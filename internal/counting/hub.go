package counting

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/convkit/convkit/count/hf/template"
)

// CachedTokenizer is a tokenizer that --tokenizer ORG/NAME finds in the
// local Hugging Face cache.
type CachedTokenizer struct {
	ID        string   `json:"tokenizer"`      // ORG/NAME, what --tokenizer takes
	Revision  string   `json:"revision"`       // the snapshot refs/main names
	Path      string   `json:"path"`           // its tokenizer.json
	Window    int      `json:"context_window"` // model_max_length when it is a real window, else 0
	Templates []string `json:"templates"`      // its chat templates' names: default, tool_use…, chat_template.jinja
}

// CachedTokenizers lists, by id, the models of the Hugging Face cache hub
// (laid out as huggingface_hub lays it out) whose snapshot named by
// refs/main holds a tokenizer.json: those resolveTokenizer finds. A
// missing cache holds none; a model whose files cannot be read is left
// out, as --tokenizer would refuse it.
func CachedTokenizers(hub string) ([]CachedTokenizer, error) {
	entries, err := os.ReadDir(hub)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var list []CachedTokenizer
	for _, e := range entries {
		org, name, ok := strings.Cut(strings.TrimPrefix(e.Name(), "models--"), "--")
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "models--") || !ok || org == "" || name == "" || strings.Contains(name, "--") {
			continue
		}
		repo := filepath.Join(hub, e.Name())
		ref, err := os.ReadFile(filepath.Join(repo, "refs", "main"))
		if err != nil {
			continue
		}
		rev := strings.TrimSpace(string(ref))
		snap := filepath.Join(repo, "snapshots", rev)
		file := filepath.Join(snap, "tokenizer.json")
		if st, err := os.Stat(file); err != nil || !st.Mode().IsRegular() {
			continue
		}
		t := CachedTokenizer{ID: org + "/" + name, Revision: rev, Path: file, Templates: []string{}}
		if data, err := os.ReadFile(filepath.Join(snap, "tokenizer_config.json")); err == nil {
			if config, err := template.ReadConfig(data); err == nil {
				t.Window = config.MaxLength
				for n := range config.Templates {
					t.Templates = append(t.Templates, n)
				}
				sort.Strings(t.Templates)
			}
		}
		if _, err := os.Stat(filepath.Join(snap, "chat_template.jinja")); err == nil {
			t.Templates = append(t.Templates, "chat_template.jinja")
		}
		list = append(list, t)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list, nil
}
