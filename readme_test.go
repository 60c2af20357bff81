package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/convkit/convkit/internal/longtest"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestREADME runs every fenced sh block of README.md, verbatim, as one
// `sh -e` script in a folder holding a copy of the examples under testdata/,
// with convkit on PATH. A block that fails fails the test, so README cannot
// drift from the tool. Blocks that call the go command (install, the test
// command itself) run only with the long checks, in a copy of the source.
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := shBlocks(string(readme))
	if len(blocks) < 5 {
		t.Fatalf("README.md has %d sh blocks; expected the quick start and the recipes", len(blocks))
	}
	dir := t.TempDir()
	for i, b := range blocks {
		usesGo := regexp.MustCompile(`(?m)^(CGO_ENABLED=\S+ )?go `).MatchString(b.text)
		if usesGo && !longtest.Enabled {
			continue
		}
		if strings.Contains(b.text, hfModels) && !exists(hfModels) {
			if os.Getenv("CI") != "" {
				t.Fatalf("README.md:%d uses %s, which CI fills with testdata/hf/fetch.sh", b.line, hfModels)
			}
			t.Logf("README.md:%d: skipped: no %s (testdata/hf/fetch.sh fills it)", b.line, hfModels)
			continue
		}
		if tool := missingTool(b.text); tool != "" {
			if os.Getenv("CI") != "" {
				t.Fatalf("README.md:%d uses %s, which CI must install", b.line, tool)
			}
			t.Logf("README.md:%d: skipped: %s is not installed", b.line, tool)
			continue
		}
		script := fmt.Sprintf("# README.md:%d\n", b.line)
		if usesGo {
			script += "cd $SRC\n"
		}
		script += "exec sh -e $WORK/block.sh\n-- block.sh --\n" + withoutGoTest(b.text)
		name := filepath.Join(dir, fmt.Sprintf("block%02d-line%d.txtar", i, b.line))
		if err := os.WriteFile(name, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	testscript.Run(t, testscript.Params{
		Dir:                 dir,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			for _, d := range []string{"examples", "seeds", "validate", "formats", "parquet"} {
				if err := os.CopyFS(filepath.Join(env.WorkDir, "testdata", d), os.DirFS(filepath.Join("testdata", d))); err != nil {
					return err
				}
			}
			if exists(hfModels) { // 71 MB: linked, not copied
				abs, err := filepath.Abs(hfModels)
				if err != nil {
					return err
				}
				if err := os.MkdirAll(filepath.Join(env.WorkDir, "testdata", "hf"), 0o755); err != nil {
					return err
				}
				if err := os.Symlink(abs, filepath.Join(env.WorkDir, hfModels)); err != nil {
					return err
				}
			}
			if longtest.Enabled {
				src := filepath.Join(env.WorkDir, "src")
				env.Setenv("SRC", src)
				// The go command in the script shares this one's caches.
				for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOFLAGS"} {
					out, err := exec.Command("go", "env", v).Output()
					if err != nil {
						return err
					}
					env.Setenv(v, strings.TrimSpace(string(out)))
				}
				return copySource(src)
			}
			return nil
		},
	})
}

// hfModels holds the open models' tokenizer files, which testdata/hf/fetch.sh
// fetches (a fresh clone has none).
const hfModels = "testdata/hf/models"

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

type shBlock struct {
	line int // where the block's first command is
	text string
}

// shBlocks returns README's fenced ```sh blocks.
func shBlocks(readme string) []shBlock {
	var blocks []shBlock
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```sh" {
			continue
		}
		start := i + 1
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
		}
		blocks = append(blocks, shBlock{line: start + 1, text: strings.Join(lines[start:i], "\n") + "\n"})
	}
	return blocks
}

// missingTool names a program other than convkit and the shell's own that
// the block calls and this machine lacks, so that the block is skipped here
// (CI installs them all).
func missingTool(block string) string {
	for _, tool := range []string{"jq", "awk", "parallel"} {
		calls := regexp.MustCompile(`(^|[|;&(]\s*|\n)` + tool + `\s`).MatchString(block)
		if _, err := exec.LookPath(tool); calls && err != nil {
			return tool
		}
	}
	return ""
}

// withoutGoTest drops `go test` lines: the block runs inside that command.
func withoutGoTest(block string) string {
	var keep []string
	for _, l := range strings.Split(block, "\n") {
		if !strings.HasPrefix(l, "go test") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// copySource copies the files git tracks into dir, for the blocks that
// build convkit.
func copySource(dir string) error {
	out, err := exec.Command("git", "ls-files").Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %v", err)
	}
	for _, name := range strings.Fields(string(out)) {
		data, err := os.ReadFile(name)
		if err != nil {
			continue // deleted in the work tree
		}
		target := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
