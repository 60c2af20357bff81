// Package buildinfo says which convkit this is, from what the Go
// toolchain recorded when it was built: the version, the commit and its
// time, and whether the work tree had changes.
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Describe says which convkit this is: version when it was set at build
// time (anything but "dev") or the module's, then the commit it was built
// from, its time, and whether the work tree had changes ("modified"), as
// go build records them in a clone.
func Describe(version string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	return describe(version, info)
}

// describe is Describe for given build information.
func describe(version string, info *debug.BuildInfo) string {
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
