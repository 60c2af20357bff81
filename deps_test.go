package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestNoHTTPClient checks that the binary links no HTTP client, so that no
// code path can download anything: tiktoken-go, whose default loader fetches
// rank files, is linked into the tests only, and net/http is linked nowhere
// (third_party/brotli leaves out the one file that imported it).
func TestNoHTTPClient(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := fields[0]
		if pkg == "github.com/pkoukk/tiktoken-go" || pkg == "github.com/pkoukk/tiktoken-go-loader" {
			t.Errorf("convkit links %s", pkg)
		}
		if !strings.HasPrefix(pkg, "net/http") && slices.Contains(fields[1:], "net/http") {
			t.Errorf("convkit links net/http through %s", pkg)
		}
	}
}

// TestBuildLinksNoHeavyInitialisers checks that convkit built as README
// says links none of the packages whose initialisers would run before every
// command for nothing: urfave/cli's man-page generator pulls in blackfriday
// unless the build's tag leaves it out (convkit's man page is its own,
// internal/clidoc), and protobuf came through parquet-go's and DDSketch's
// message support, which third_party leaves out.
func TestBuildLinksNoHeavyInitialisers(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	build := regexp.MustCompile(`(?m)^CGO_ENABLED=0 go build (-tags (\S+) )?-o convkit \.`).FindSubmatch(readme)
	if build == nil {
		t.Fatal("README.md has no line CGO_ENABLED=0 go build [-tags TAGS] -o convkit .")
	}
	out, err := exec.Command("go", "list", "-deps", "-tags", string(build[2]), ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, heavy := range []string{"blackfriday", "md2man", "google.golang.org/protobuf"} {
			if strings.Contains(pkg, heavy) {
				t.Errorf("README's build (%s) links %s", build[0], pkg)
			}
		}
	}
}

// TestDependencyRule checks the package graph ARCHITECTURE.md draws: chat
// at the centre with only the standard library, every other arrow pointing
// inward, and the command line (urfave/cli) in package main alone. Every
// library package of the module must have its row in the table.
func TestDependencyRule(t *testing.T) {
	const mod = "github.com/convkit/convkit"
	allowed := map[string][]string{ // project packages each library may import
		"chat":                     {},
		"internal/jsontree":        {"chat"}, // chat.Sink, for strings too long to hold
		"internal/numfmt":          {},
		"internal/codec":           {},
		"internal/runes":           {},
		"internal/safefile":        {},
		"internal/spool":           {"chat", "internal/runes"},
		"internal/parquetfile":     {"internal/spool"},
		"internal/termsafe":        {},
		"internal/diag":            {},
		"convert":                  {"chat", "internal/jsontree", "internal/parquetfile", "internal/runes", "internal/spool", "internal/termsafe"},
		"internal/quantile":        {},
		"count":                    {"chat", "count/bpe", "internal/numfmt", "internal/quantile", "internal/runes"},
		"count/bpe":                {"count/bpe/internal/table"},
		"count/bpe/internal/table": {},
		"count/bpe/internal/ranks": {},
		"count/hf":                 {"count/bpe"},
		"count/hf/template":        {"chat"},
		"trim":                     {"chat", "count", "count/bpe", "internal/numfmt"},
		"schema":                   {"chat", "internal/jsontree", "internal/numfmt"},
		"filter":                   {"chat", "trim"},
		"dedupe":                   {"chat", "internal/runes"},
		"sample":                   {},
		"stats":                    {"chat", "internal/numfmt", "internal/quantile"},
		"redact":                   {"chat", "internal/runes"},
		// The application layer: what the commands do, with the values main
		// gives them (streams, terminals, flags' values). Lowest first.
		"internal/cmderr":    {},
		"internal/suggest":   {},
		"internal/buildinfo": {},
		"internal/clidoc":    {},
		"internal/progress":  {},
		"internal/smallfile": {"internal/cmderr"},
		"internal/shellcmd":  {"internal/smallfile"},
		"internal/source":    {"chat", "convert", "internal/cmderr", "internal/codec", "internal/suggest"},
		"internal/output":    {"convert", "internal/cmderr", "internal/codec", "internal/safefile", "internal/termsafe"},
		"internal/app":       {"chat", "convert", "internal/cmderr", "internal/diag", "internal/output", "internal/progress", "internal/safefile", "internal/source"},
		"internal/counting": {"chat", "convert", "count", "count/hf", "count/hf/template", "trim", "internal/app", "internal/cmderr", "internal/numfmt",
			"internal/output", "internal/smallfile", "internal/source", "internal/suggest"},
		"internal/dataset": {"chat", "convert", "count", "dedupe", "filter", "redact", "sample", "schema", "stats", "trim", "internal/app",
			"internal/cmderr", "internal/counting", "internal/numfmt", "internal/output", "internal/source", "internal/spool"},
		"internal/exporting": {"chat", "convert", "redact", "internal/app", "internal/cmderr", "internal/counting", "internal/dataset",
			"internal/output", "internal/source", "internal/spool"},
		"internal/trimming": {"chat", "convert", "count", "trim", "internal/app", "internal/cmderr", "internal/counting", "internal/numfmt",
			"internal/diag", "internal/output", "internal/shellcmd", "internal/smallfile", "internal/source", "internal/spool"},
		"internal/validating": {"chat", "convert", "count", "schema", "internal/app", "internal/cmderr", "internal/counting", "internal/numfmt", "internal/termsafe",
			"internal/output", "internal/smallfile", "internal/source"},
		"internal/appending": {"chat", "convert", "internal/app", "internal/cmderr", "internal/output", "internal/smallfile", "internal/source"},
		"internal/listing":   {"convert", "count", "schema", "internal/cmderr", "internal/counting", "internal/numfmt", "internal/output"},
		// Test helpers and generators.
		"internal/chatgen":          {"chat"},
		"internal/longtest":         {},
		"internal/nettrap":          {},
		"redact/internal/gencorpus": {},
	}
	out, err := exec.Command("go", "list", "-f", `{{.Name}} {{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[1], mod+"/")
		if fields[0] == "main" || strings.HasPrefix(pkg, "bench/") {
			continue
		}
		if _, ok := allowed[pkg]; !ok {
			t.Errorf("%s has no row in the table: add it, and draw it in ARCHITECTURE.md", pkg)
		}
		for _, imp := range fields[2:] {
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

// TestLibrariesTouchNoProcess checks that no library reaches for the
// process's standard streams or environment, or exits: package main gives
// them what they need as values. Test helpers (they import "testing", so
// the binary never links them) may read the environment the tests run in.
func TestLibrariesTouchNoProcess(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.Name}} {{.Dir}}{{range .Imports}}{{if eq . "testing"}} testing{{end}}{{end}} :{{range .GoFiles}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	touch := regexp.MustCompile(`\bos\.(Stdin|Stdout|Stderr|Getenv|LookupEnv|Environ|Exit)\b`)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		head, files, _ := strings.Cut(line, " :")
		fields := strings.Fields(head)
		if fields[0] == "main" || len(fields) > 2 { // package main, or a test helper
			continue
		}
		for _, name := range strings.Fields(files) {
			src, err := os.ReadFile(filepath.Join(fields[1], name))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range touch.FindAll(src, -1) {
				t.Errorf("%s: %s: only package main may", filepath.Join(fields[1], name), m)
			}
		}
	}
}
