package shellcmd

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestOutput(t *testing.T) {
	var stderr bytes.Buffer
	out, err := Output("read x; echo \"got $x\"; echo note >&2", strings.NewReader("in\n"), &stderr, 10*time.Second, 100)
	if err != nil || string(out) != "got in\n" || stderr.String() != "note\n" {
		t.Fatalf("Output = %q, %v; stderr %q", out, err, stderr.String())
	}
}

func TestOutputBounds(t *testing.T) {
	start := time.Now()
	_, err := Output("sleep 30", nil, nil, 200*time.Millisecond, 100)
	if err == nil || !strings.Contains(err.Error(), "still running after") || time.Since(start) > 10*time.Second {
		t.Fatalf("a command past its time: %v after %v", err, time.Since(start))
	}
	_, err = Output("yes", nil, nil, 10*time.Second, 1<<10)
	if err == nil || err.Error() != "printed more than 1 KiB, the limit for a summary: killed" {
		t.Fatalf("a command printing too much: %v", err)
	}
	if _, err := Output("exit 3", nil, nil, 10*time.Second, 100); err == nil {
		t.Fatal("a failing command gave no error")
	}
}
