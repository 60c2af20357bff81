package cmderr

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFileSaysItInOneLine(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.json")
	_, err := os.Open(missing)
	if got := File(err).Error(); got != missing+": no such file" {
		t.Errorf("File(missing) = %q", got)
	}
	other := errors.New("not a path error")
	if File(other) != other {
		t.Error("File changed an error that names no path")
	}
}

func TestKindsAreFoundThroughWrapping(t *testing.T) {
	err := error(&Hint{Err: &No{Msg: "2 of 3 do not fit"}, Hints: []string{"raise --max-tokens"}})
	var no *No
	var hint *Hint
	if !errors.As(err, &no) || !errors.As(err, &hint) || err.Error() != "2 of 3 do not fit" {
		t.Errorf("a hinted no: %v", err)
	}
	u := Usagef("--by takes %s", "role")
	var usage *Usage
	if !errors.As(u, &usage) || u.Error() != "--by takes role" || errors.Unwrap(u) == nil {
		t.Errorf("Usagef: %v", u)
	}
}
