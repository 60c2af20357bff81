package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoHTTPClient checks that the binary links no HTTP client, so that no
// code path can download anything: tiktoken-go, whose default loader fetches
// rank files, is linked into the tests only. net/http itself is linked for
// one importer, the Brotli codec that Parquet files may be compressed with:
// its HTTPCompressor wraps a server's response writer and fetches nothing.
func TestNoHTTPClient(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	mayImportHTTP := map[string]bool{"github.com/andybalholm/brotli": true}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := fields[0]
		if pkg == "github.com/pkoukk/tiktoken-go" || pkg == "github.com/pkoukk/tiktoken-go-loader" {
			t.Errorf("convkit links %s", pkg)
		}
		if !strings.HasPrefix(pkg, "net/http") && !mayImportHTTP[pkg] && slices.Contains(fields[1:], "net/http") {
			t.Errorf("convkit links net/http through %s", pkg)
		}
	}
}

// TestDependencyRule checks the package graph ARCHITECTURE.md draws: chat
// at the centre with only the standard library, every other arrow pointing
// inward, and the command line (urfave/cli) in package main alone.
func TestDependencyRule(t *testing.T) {
	const mod = "github.com/convkit/convkit"
	allowed := map[string][]string{ // project packages each library may import
		"chat":              {},
		"internal/jsontree": {"chat"}, // chat.Sink, for strings too long to hold
		"internal/numfmt":   {},
		"internal/codec":    {},
		"internal/runes":    {},
		"internal/spool":    {"chat", "internal/runes"},
		"internal/termsafe": {},
		"internal/diag":     {},
		"convert":           {"chat", "internal/jsontree", "internal/runes", "internal/termsafe"},
		"count":             {"chat", "count/bpe", "internal/numfmt", "internal/runes"},
		"count/bpe":         {"count/bpe/internal/table"},
		"count/hf":          {"count/bpe"},
		"count/hf/template": {"chat"},
		"trim":              {"chat", "count", "count/bpe", "internal/numfmt"},
		"schema":            {"chat", "internal/jsontree", "internal/numfmt"},
		"filter":            {"chat", "trim"},
		"dedupe":            {"chat"},
		"sample":            {},
		"stats":             {"chat"},
		"redact":            {"chat"},
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`,
		"./chat", "./internal/jsontree", "./internal/numfmt", "./internal/codec", "./internal/runes", "./internal/spool", "./internal/termsafe", "./internal/diag", "./convert", "./count", "./count/bpe", "./count/hf", "./count/hf/template", "./trim", "./schema",
		"./filter", "./dedupe", "./sample", "./stats", "./redact").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], mod+"/")
		for _, imp := range fields[1:] {
			switch {
			case strings.HasPrefix(imp, "github.com/urfave/cli"):
				t.Errorf("%s imports %s: only package main may", pkg, imp)
			case strings.HasPrefix(imp, mod+"/"):
				if dep := strings.TrimPrefix(imp, mod+"/"); !slices.Contains(allowed[pkg], dep) {
					t.Errorf("%s imports %s, against the arrows of ARCHITECTURE.md", pkg, dep)
				}
			case pkg == "chat" && strings.Contains(strings.SplitN(imp, "/", 2)[0], "."):
				t.Errorf("chat imports %s: it holds the model and depends on the standard library only", imp)
			}
		}
	}
}
