// Package buildinfo says which build of practicegraph is running: its version and
// commit, set at link time by the Makefile, else read from the Go build's VCS stamps.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Set through -ldflags "-X github.com/practicegraph/practicegraph/buildinfo.version=…"
// by the Makefile and the Dockerfile; empty in a plain `go build`.
var (
	version = ""
	commit  = ""
)

// Info is the running build.
type Info struct {
	Version   string // a release tag, "dev" when unknown
	Commit    string // the VCS revision, "unknown" when not stamped
	GoVersion string // the Go toolchain that built the binary
}

// Get returns the running build, from the link-time values first, then the VCS stamps
// `go build` records (absent under -buildvcs=false), then placeholders.
func Get() Info {
	in := Info{Version: version, Commit: commit, GoVersion: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if in.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			in.Version = bi.Main.Version
		}
		if in.Commit == "" {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" {
					in.Commit = s.Value
				}
			}
		}
	}
	if in.Version == "" {
		in.Version = "dev"
	}
	if in.Commit == "" {
		in.Commit = "unknown"
	}
	return in
}
