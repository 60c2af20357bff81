package main

import (
	"cmp"
	"flag"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/internal/clidoc"
	"github.com/convkit/convkit/internal/listing"
	"github.com/convkit/convkit/internal/numfmt"
)

// docOf describes the commands help lists, and the flags it shows of
// each, for completion and the man page.
func docOf(app *cli.App) clidoc.App {
	doc := clidoc.App{Name: app.Name, Usage: app.Usage, Version: version}
	for _, c := range app.Commands {
		if !c.Hidden {
			doc.Commands = append(doc.Commands, clidoc.Command{Names: c.Names(), Usage: c.Usage, ArgsUsage: c.ArgsUsage,
				Description: c.Description, Flags: visibleFlags(c.Flags)})
		}
	}
	return doc
}

// visibleFlags describes the flags of flags that help shows.
func visibleFlags(flags []cli.Flag) []clidoc.Flag {
	var docs []clidoc.Flag
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		d := clidoc.Flag{}
		for _, n := range shownNames(f) {
			if len(n) == 1 {
				d.Short = n
			} else if d.Long == "" {
				d.Long = n
			}
		}
		if g, ok := f.(cli.DocGenerationFlag); ok {
			placeholder, usage := clidoc.UnquoteUsage(g.GetUsage())
			d.Usage = usage
			if g.TakesValue() {
				d.Value = cmp.Or(placeholder, "VALUE")
				d.Choices = listing.Choices(d.Long)
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// tokensFlag makes f take a number of tokens written as people write
// them: 4000, 4k, 128k, 1M, 1.5k. c.Int reads it as usual.
func tokensFlag(f *cli.IntFlag) *tokenCountFlag { return &tokenCountFlag{f} }

type tokenCountFlag struct{ *cli.IntFlag }

// Names: see flagNames.
func (f *tokenCountFlag) Names() []string { return flagNames(f.IntFlag) }

// Apply registers one token count under each of the flag's names.
func (f *tokenCountFlag) Apply(set *flag.FlagSet) error {
	v := numfmt.Tokens(f.Value)
	for _, name := range f.Names() {
		set.Var(&v, name, f.Usage)
	}
	return nil
}

// hiddenNames gives f more names that work but help does not show: the
// old names of renamed flags, kept so that scripts go on working.
func hiddenNames(f docFlag, names ...string) cli.Flag { return &renamedFlag{f, names} }

// docFlag is a flag as help, completion and the man page read it.
type docFlag interface {
	cli.DocGenerationFlag
	cli.CategorizableFlag
}

type renamedFlag struct {
	docFlag
	hidden []string
}

// Apply registers the flag, then its value again under each hidden name.
func (f *renamedFlag) Apply(set *flag.FlagSet) error {
	if err := f.docFlag.Apply(set); err != nil {
		return err
	}
	shown := set.Lookup(f.docFlag.Names()[0])
	for _, name := range f.hidden {
		set.Var(shown.Value, name, shown.Usage)
	}
	return nil
}

// Names includes the hidden names, so that c.IsSet and the flags after
// arguments know them; String, which help prints, does not.
func (f *renamedFlag) Names() []string { return append(f.docFlag.Names(), f.hidden...) }

// shownNames are the names of f that help shows.
func shownNames(f cli.Flag) []string {
	if r, ok := f.(*renamedFlag); ok {
		return r.docFlag.Names()
	}
	return f.Names()
}

// switchFlag is a boolean flag whose help shows no "(default: false)".
type switchFlag struct {
	*cli.BoolFlag
	names []string
}

// Names of the flags tidyFlags gives are worked out once: urfave/cli works
// them out with a regular expression at each call, and calls Names on the
// command's flags, one after the other, for each flag it checks is set,
// which it does for every flag at every start.
func (f switchFlag) Names() []string { return f.names }

// stringNamesFlag and intNamesFlag are *cli.StringFlag and *cli.IntFlag with their
// names worked out once (see switchFlag.Names).
type (
	stringNamesFlag struct {
		*cli.StringFlag
		names []string
	}
	intNamesFlag struct {
		*cli.IntFlag
		names []string
	}
)

func (f stringNamesFlag) Names() []string { return f.names }
func (f intNamesFlag) Names() []string    { return f.names }

func (f switchFlag) String() string {
	b := *f.BoolFlag
	b.DisableDefaultText = true
	return cli.FlagStringer(&b)
}

// flagNames is f.Names() without the regular expression urfave/cli runs
// on each name at each call (it strips v1's "name, alias" form, which
// convkit never uses; TestFlagNames holds the two equal). At start-up
// convkit asks for the names of every flag of every command.
func flagNames(f cli.Flag) []string {
	var name string
	var aliases []string
	switch b := f.(type) {
	case *cli.BoolFlag:
		name, aliases = b.Name, b.Aliases
	case *cli.StringFlag:
		name, aliases = b.Name, b.Aliases
	case *cli.IntFlag:
		name, aliases = b.Name, b.Aliases
	case switchFlag:
		return b.names
	case stringNamesFlag:
		return b.names
	case intNamesFlag:
		return b.names
	default:
		return f.Names()
	}
	return append([]string{name}, aliases...)
}

// tidyFlags returns flags as help should show them, without changing the
// flags themselves (some are shared by several commands).
func tidyFlags(flags []cli.Flag) []cli.Flag {
	out := make([]cli.Flag, len(flags))
	for i, f := range flags {
		switch b := f.(type) {
		case *cli.BoolFlag:
			f = switchFlag{b, flagNames(b)}
		case *cli.StringFlag:
			f = stringNamesFlag{b, flagNames(b)}
		case *cli.IntFlag:
			f = intNamesFlag{b, flagNames(b)}
		case *renamedFlag:
			if inner, ok := b.docFlag.(*cli.BoolFlag); ok {
				f = &renamedFlag{switchFlag{inner, flagNames(inner)}, b.hidden}
			}
		}
		out[i] = f
	}
	return out
}

// noInputCommands read no conversations: -q and -v would mean nothing.
var noInputCommands = []string{"schema", "formats", "models", "help", "completion", "man"}

// The -q and -v every command that reads conversations has; a command
// may define its own, saying what they mean there.
var (
	quietFlag         = &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print no warnings or summaries on standard error, only errors"}
	inputsVerboseFlag = &cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "name each input and the format it is read as, on standard error"}
)

// withQuietVerbose adds -q/--quiet and -v/--verbose to flags that lack
// them.
func withQuietVerbose(flags []cli.Flag) []cli.Flag {
	var hasQuiet, hasVerbose bool
	for _, f := range flags {
		for _, n := range flagNames(f) {
			hasQuiet = hasQuiet || n == "quiet"
			hasVerbose = hasVerbose || n == "verbose"
		}
	}
	if !hasQuiet {
		flags = append(flags, quietFlag)
	}
	if !hasVerbose {
		flags = append(flags, inputsVerboseFlag)
	}
	return flags
}

// before sets what -q and -v ask of every command that reads
// conversations, and starts the progress of those that show it; -v names
// the inputs only where the command's own -v does not say more.
func (e *env) before(c *cli.Context) error {
	e.Quiet, e.Member = c.Bool("quiet"), c.String("member")
	for _, f := range c.Command.Flags {
		if sf, ok := f.(switchFlag); ok && sf.BoolFlag == inputsVerboseFlag {
			e.Verbose = c.Bool("verbose")
		}
	}
	if slices.Contains(progressCommands, c.Command.Name) && e.wantsProgress(c) {
		e.startProgress(c)
	}
	return nil
}

// after takes the progress away once the command is done.
func (e *env) after(*cli.Context) error {
	e.Progress.Done()
	return nil
}
