package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=…"; when it
// is not, buildVersion reads what the Go toolchain recorded.
var version = "dev"

// buildVersion says which convkit this is: the version set at build time
// or the module's, then the commit it was built from, its time, and
// whether the work tree had changes ("modified"), as go build records
// them in a clone.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	return describeBuild(version, info)
}

// describeBuild is buildVersion for given build information.
func describeBuild(version string, info *debug.BuildInfo) string {
	v := version
	if v == "dev" && info.Main.Version != "" {
		v = info.Main.Version
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	var vcs []string
	if rev := settings["vcs.revision"]; rev != "" {
		vcs = append(vcs, "commit "+rev[:min(12, len(rev))])
	}
	if t := settings["vcs.time"]; t != "" {
		vcs = append(vcs, t)
	}
	if settings["vcs.modified"] == "true" {
		vcs = append(vcs, "modified")
	}
	if len(vcs) > 0 {
		v += " (" + strings.Join(vcs, ", ") + ")"
	}
	if info.GoVersion != "" {
		v += fmt.Sprintf(" %s", info.GoVersion)
	}
	return v
}
