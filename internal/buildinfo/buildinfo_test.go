package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestDescribeBuild(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "1322ad8c0ffee1234567890"}, {Key: "vcs.time", Value: "2026-12-06T02:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	want := "v1.2.0 (commit 1322ad8c0ffe, 2026-12-06T02:00:00Z, modified) go1.26.8"
	if got := describe("dev", info); got != want {
		t.Errorf("describe = %q, want %q", got, want)
	}
	if got := describe("v9", &debug.BuildInfo{}); got != "v9" {
		t.Errorf("describe with -X version = %q, want v9", got)
	}
}
