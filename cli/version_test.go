package cli_test

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
)

func TestVersionCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := cli.Main(context.Background(), []string{"version"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	// Unstamped: `go test` passes no -ldflags and the environment sets -buildvcs=false.
	want := "practicegraph dev (commit unknown, " + runtime.Version() + ")\n"
	if got := out.String(); got != want {
		t.Errorf("version printed %q, want %q", got, want)
	}
	if !strings.Contains(want, "go1.") {
		t.Errorf("no Go version in %q", want)
	}
}
