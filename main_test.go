package main

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the testscript scripts run convkit as a command, in-process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"convkit": func() { os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the CLI scripts in testdata/script, one per behaviour.
func TestScript(t *testing.T) {
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){"interrupt": interruptCmd}
	maps.Copy(cmds, codecCmds)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			case "devjail": // jail.sh can run: as root, a private /dev can be mounted
				return os.Geteuid() != 0 || exec.Command("unshare", "-m", "true").Run() == nil, nil
			case "ci": // under CI (CI set), where a tool a test skips without must be installed
				return os.Getenv("CI") != "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: cmds,
	})
}

// interruptCmd is the script command "interrupt SIGNAL CODE FILE convkit
// ARGS…": it starts convkit with a standard input that stays open, waits
// until convkit has made its temporary file for FILE, sends SIGNAL (INT,
// TERM, HUP or KILL) and checks that convkit exits with CODE.
func interruptCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 4 {
		ts.Fatalf("usage: interrupt SIGNAL CODE FILE convkit ARGS…")
	}
	sig := map[string]syscall.Signal{"INT": syscall.SIGINT, "TERM": syscall.SIGTERM, "HUP": syscall.SIGHUP, "KILL": syscall.SIGKILL}[args[0]]
	want, err := strconv.Atoi(args[1])
	if sig == 0 || err != nil {
		ts.Fatalf("interrupt: bad signal %q or code %q", args[0], args[1])
	}
	stdin, keepOpen, err := os.Pipe()
	ts.Check(err)
	defer keepOpen.Close()
	cmd := exec.Command(args[3], args[4:]...)
	cmd.Dir, cmd.Stdin, cmd.Env = ts.MkAbs("."), stdin, append(os.Environ(), "HOME="+ts.Getenv("HOME"))
	ts.Check(cmd.Start())
	stdin.Close()
	temps := filepath.Join(ts.MkAbs("."), "."+args[2]+".ck*.tmp")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if found, _ := filepath.Glob(temps); len(found) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			ts.Fatalf("interrupt: convkit made no temporary file for %s", args[2])
		}
	}
	ts.Check(cmd.Process.Signal(sig))
	cmd.Wait()
	if got := cmd.ProcessState.ExitCode(); got != want {
		ts.Fatalf("interrupt: convkit exited with %d after SIG%s, want %d", got, args[0], want)
	}
}
