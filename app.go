package main

import (
	"embed"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/count"
	"github.com/convkit/convkit/internal/buildinfo"
	"github.com/convkit/convkit/internal/clidoc"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/suggest"
)

// newApp is convkit's command line: its commands, in the order help lists
// them, and how usage mistakes are told. With only naming one of them, that
// command alone is built: a process runs one command, and building the
// others (their flags, help texts) was a tenth of a small count's start-up.
func newApp(env *env, only string) *cli.App {
	app := &cli.App{
		Name:        "convkit",
		Usage:       "count, trim, validate and convert LLM conversation files, offline",
		HideVersion: true, // --version below: what ReadBuildInfo knows, read only when asked
		// convkit's own help command stops urfave/cli adding --help: add it.
		Flags:                tidyFlags([]cli.Flag{versionFlag, cli.HelpFlag}),
		Reader:               env.In,
		Writer:               &clidoc.HelpWriter{W: env.Out},
		ErrWriter:            env.Err,
		HideHelpCommand:      true,
		EnableBashCompletion: false,
		// Run must return errors, never exit or print them itself: run does.
		ExitErrHandler: func(*cli.Context, error) {},
		Commands:       buildCommands(env, only),
	}
	onUsage := func(c *cli.Context, err error, _ bool) error {
		msg, unknown := clidoc.UsageMessage(err.Error())
		var hints []string
		if unknown != "" {
			hints = flagHint(c, unknown)
		}
		return &cmderr.Usage{Err: errors.New(msg), Hints: append(hints, fmt.Sprintf("run '%s --help' for the flags", helpName(c)))}
	}
	app.OnUsageError = onUsage
	for _, c := range app.Commands {
		c.OnUsageError = onUsage
		if !slices.Contains(noInputCommands, c.Name) {
			c.Flags = withProgressFlag(c.Name, withQuietVerbose(c.Flags))
			c.Before, c.After = env.before, env.after
		}
		c.Flags = tidyFlags(c.Flags)
	}
	app.Action = func(c *cli.Context) error {
		if c.Bool("version") {
			_, err := fmt.Fprintln(env.Out, "convkit version "+buildinfo.Describe(version))
			return err
		}
		if c.Args().Present() {
			return unknownCommand(c.App, c.Args().First())
		}
		// No command is a usage mistake (exit 2), not a request for help
		// (--help, exit 0 with help on stdout): the help goes to stderr, so
		// a script's empty stdout is not mistaken for output.
		c.App.Writer = &clidoc.HelpWriter{W: env.Err}
		if err := cli.ShowAppHelp(c); err != nil {
			return err
		}
		return cmderr.Usagef("no command given")
	}
	return app
}

// commands are convkit's commands, in the order help lists them, by the
// name each builds (TestCommandsByName checks it).
var commands = []struct {
	name  string
	build func(*env) *cli.Command
}{
	{"export", exportCommand},
	{"count", countCommand},
	{"trim", trimCommand},
	{"append", appendCommand},
	{"validate", validateCommand},
	{"filter", filterCommand},
	{"stats", statsCommand},
	{"head", headCommand},
	{"sample", sampleCommand},
	{"dedupe", dedupeCommand},
	{"split", splitCommand},
	{"shard", shardCommand},
	{"chunk", chunkCommand},
	{"merge-roles", mergeRolesCommand},
	{"grep", grepCommand},
	{"redact", redactCommand},
	{"schema", schemaCommand},
	{"formats", formatsCommand},
	{"models", modelsCommand},
	{"help", helpCommand},
	{"completion", completionCommand},
	{"man", manCommand},
}

// needsAll are the commands that read the others (help lists and
// describes them, completion and man write them all).
var needsAll = []string{"help", "completion", "man"}

// buildCommands builds the command named only, or all when only is "".
// The help command is always there: without it urfave/cli adds its own
// --help, which the app's flags already hold.
func buildCommands(env *env, only string) []*cli.Command {
	var out []*cli.Command
	for _, c := range commands {
		if only == "" || c.name == only || c.name == "help" {
			out = append(out, c.build(env))
		}
	}
	return out
}

// commandArg is the command args run, when it is one that can be built
// alone: named exactly (not by an alias or misspelt), needing no other.
func commandArg(args []string) string {
	if len(args) < 2 || slices.Contains(needsAll, args[1]) {
		return ""
	}
	for _, c := range commands {
		if c.name == args[1] {
			return c.name
		}
	}
	return ""
}

// unknownCommand is the usage error for a command convkit does not have,
// with the nearest it has.
func unknownCommand(app *cli.App, name string) error {
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Names()...)
	}
	hints := suggest.MeanHint(suggest.Quoted(suggest.DidYouMean(name, names)))
	return &cmderr.Usage{Err: fmt.Errorf("unknown command %q", name), Hints: append(hints, "run 'convkit --help' for the list of commands")}
}

// flagHint suggests the flag of c's command nearest to a misspelt one.
func flagHint(c *cli.Context, flag string) []string {
	var flags []cli.Flag
	if c.Command != nil && c.Command.Name != "" {
		flags = c.Command.Flags
	} else {
		flags = c.App.Flags
	}
	var names []string
	for _, f := range flags {
		names = append(names, f.Names()...)
	}
	if s := suggest.DidYouMean(strings.TrimLeft(flag, "-"), names); s != "" {
		return suggest.MeanHint(clidoc.Dashed(s))
	}
	return nil
}

// helpName is what to run --help on for c: its command, or convkit.
func helpName(c *cli.Context) string {
	if c.Command != nil && c.Command.HelpName != "" {
		return c.Command.HelpName
	}
	return "convkit"
}

// Flags that several commands share, defined once so that they read alike.
var (
	colorFlag  = &cli.StringFlag{Name: "color", Value: "auto", Usage: "colour role labels `WHEN`: auto (on a terminal, unless NO_COLOR is set), always, never"}
	fromFlag   = &cli.StringFlag{Name: "from", Usage: "input `FORMAT`, instead of sniffing it"}
	outputFlag = &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` (atomically) instead of standard output"}
	memberFlag = &cli.StringFlag{Name: "member", Usage: "read `NAME` from a zip archive (default: an export's conversations.json, else every .json, .jsonl and .parquet file)"}
	// compressFlag forces or turns off the compression -o's extension picks.
	compressFlag     = &cli.StringFlag{Name: "compress", Usage: "compress the output with `CODEC`: gzip, zstd or none (default: by -o's extension, .gz or .zst)"}
	versionFlag      = &cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "print the version, with the commit it was built from"}
	allowSpecialFlag = &cli.BoolFlag{Name: "allow-special-text", Usage: "write message text that holds ChatML markup (<|im_start|>, <tool_call>…) as it is, with a warning, instead of refusing it"}
)

// intersperse lets flags follow the arguments (convkit trim chat.json
// --last 5), as clidoc.Intersperse does for the command's flags.
func intersperse(app *cli.App, args []string) []string {
	if len(args) < 2 || app.Command(args[1]) == nil {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range app.Command(args[1]).Flags {
		takes := true
		if d, ok := f.(cli.DocGenerationFlag); ok {
			takes = d.TakesValue()
		}
		for _, name := range f.Names() {
			takesValue[name] = takes
		}
	}
	return append([]string{args[0], args[1]}, clidoc.Intersperse(args[2:], takesValue)...)
}

// helpTexts are the commands' long descriptions, help/NAME.txt: prose
// reads better there than in Go strings.
//
//go:embed help/*.txt
var helpTexts embed.FS

// description is the long description of the command called name.
func description(name string) string {
	text, _ := helpTexts.ReadFile("help/" + name + ".txt") // TestDescriptions checks that each is there
	return strings.ReplaceAll(strings.TrimSuffix(string(text), "\n"), "{default-model}", count.DefaultModel)
}
