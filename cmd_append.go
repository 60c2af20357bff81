package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/smallfile"
	"github.com/convkit/convkit/internal/source"
)

// appendOptions are the flags of convkit append.
type appendOptions struct {
	file    string
	text    *string // nil: read standard input
	message chat.Message
	system  *string // --system, for a new file
	format  string  // for a new file
	from    string
	// allowEmpty lets the message's text be empty.
	allowEmpty bool
}

func appendCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "append",
		Usage:     "add a message to a conversation file, atomically",
		ArgsUsage: "FILE [TEXT | -]",
		Description: "Adds one message to the conversation in FILE, keeping FILE's format, and creates FILE\n" +
			"when it does not exist (its format from its extension, api by default). The text is TEXT,\n" +
			"or standard input without TEXT or with -, less one final newline; it may not be empty\n" +
			"unless --allow-empty. --system starts a new FILE with a system prompt; on a FILE that\n" +
			"already starts with it, it does nothing, so the same line can run in a loop.\n\n" +
			"   convkit append chat.json --system 'You are terse.' --role user 'Hello!'\n" +
			"   llm 'Hello!' | convkit append chat.json --role assistant -",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "role", Aliases: []string{"r"}, Usage: "the message's `ROLE`: system, developer, user, assistant or tool"},
			&cli.StringFlag{Name: "name", Usage: "the message's author `NAME`"},
			&cli.StringFlag{Name: "tool-call-id", Usage: "the `ID` of the tool call a tool message answers"},
			&cli.StringFlag{Name: "system", Usage: "when FILE is created, start it with this system prompt `TEXT` (a FILE that starts with it is left so)"},
			&cli.BoolFlag{Name: "allow-empty", Usage: "add the message even when its text is empty"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "when FILE is created, write it in `FORMAT`"},
			&cli.StringFlag{Name: "from", Usage: "FILE's `FORMAT`, instead of sniffing it"},
		},
		Action: func(c *cli.Context) error {
			opts := appendOptions{
				format:     c.String("format"),
				from:       c.String("from"),
				allowEmpty: c.Bool("allow-empty"),
				message: chat.Message{
					Role:       chat.Role(c.String("role")),
					Name:       c.String("name"),
					ToolCallID: c.String("tool-call-id"),
				},
			}
			if c.IsSet("system") {
				s := c.String("system")
				opts.system = &s
			}
			args := c.Args().Slice()
			switch {
			case len(args) == 0:
				return cmderr.Usagef("append needs a FILE")
			case len(args) > 2:
				return &cmderr.Usage{Err: fmt.Errorf("append takes FILE and one TEXT, not %d arguments", len(args)), Hints: []string{"quote the text: convkit append chat.json --role user 'Hello there'"}}
			case len(args) == 2 && args[1] != "-":
				opts.text = &args[1]
			}
			opts.file = args[0]
			return runAppend(e, opts)
		},
	}
}

// check refuses a message convkit would write but no reader accepts.
func (o appendOptions) check() error {
	m := &o.message
	switch {
	case m.Role == "":
		return &cmderr.Usage{Err: errors.New("append needs --role ROLE"), Hints: []string{"convkit append FILE --role user 'Hello!'"}}
	case !m.Role.Known():
		return cmderr.Usagef("--role takes system, developer, user, assistant, tool or function, not %q", m.Role)
	case m.Role == chat.Tool && m.ToolCallID == "":
		return cmderr.Usagef("a tool message needs --tool-call-id, the id of the call it answers")
	case m.Role != chat.Tool && m.ToolCallID != "":
		return cmderr.Usagef("--tool-call-id is for tool messages, not %s", m.Role)
	case o.file == "-":
		return cmderr.Usagef("append needs a FILE to add to, not standard input")
	}
	return nil
}

func runAppend(e *env, opts appendOptions) error {
	if err := opts.check(); err != nil {
		return err
	}
	m := &opts.message
	if opts.text == nil {
		e.StdinHint()
		data, err := smallfile.Read(e.In, source.StdinName, "the message text", smallfile.MaxAppend)
		if err != nil {
			return err
		}
		s, ok := strings.CutSuffix(string(data), "\r\n")
		if !ok {
			s = strings.TrimSuffix(s, "\n")
		}
		opts.text = &s
		if s == "" && !opts.allowEmpty {
			return &cmderr.Hint{Err: fmt.Errorf("%s: no text: nothing to append", source.StdinName), Hints: []string{"add --allow-empty to append an empty message"}}
		}
	}
	if *opts.text == "" && !opts.allowEmpty {
		return &cmderr.Usage{Err: errors.New("the message's TEXT is empty"), Hints: []string{"add --allow-empty to append an empty message"}}
	}
	m.Content = chat.TextContent(*opts.text)

	// Read, add and write under FILE's lock, so that a concurrent append
	// or -i cannot lose this message or lose theirs.
	out, err := e.OpenInPlace(opts.file)
	if err != nil {
		return err
	}
	defer out.Abort()
	conv, format, err := e.appendTarget(opts)
	if err != nil {
		return err
	}
	conv.Messages = append(conv.Messages, *m)
	enc := format.NewEncoder(out, convert.EncodeOptions{})
	err = enc.Encode(conv)
	if err == nil {
		err = enc.Close()
	}
	if err != nil {
		return output.Error(opts.file, err)
	}
	return out.Commit()
}

// appendTarget reads the conversation FILE holds, or starts one if FILE
// does not exist or is empty, and says in which format to write it.
func (e *env) appendTarget(opts appendOptions) (*chat.Conversation, *convert.Format, error) {
	st, err := os.Stat(opts.file)
	if errors.Is(err, fs.ErrNotExist) || err == nil && st.Mode().IsRegular() && st.Size() == 0 {
		f, err := newFileFormat(opts.file, opts.format)
		if err != nil {
			return nil, nil, err
		}
		conv := &chat.Conversation{}
		if opts.system != nil {
			conv.Messages = append(conv.Messages, chat.Message{Role: chat.System, Content: chat.TextContent(*opts.system)})
		}
		return conv, f, nil
	}
	if err != nil {
		return nil, nil, cmderr.File(err)
	}
	var conv *chat.Conversation
	var format *convert.Format
	n := 0
	err = e.EachConversation([]string{opts.file}, source.Options{From: opts.from, Warn: e.Warn},
		func(in *source.Input, c *chat.Conversation) error {
			conv, format = c, in.Format
			n++
			return nil
		})
	switch {
	case err != nil:
		return nil, nil, err
	case n != 1:
		return nil, nil, fmt.Errorf("%s: holds %d conversations; append adds to a file of one", opts.file, n)
	case !format.CanWrite():
		return nil, nil, fmt.Errorf("%s: convkit cannot write format %q back", opts.file, format.Name)
	}
	if opts.system != nil {
		e.checkSystem(opts.file, conv, *opts.system)
	}
	return conv, format, nil
}

// checkSystem warns when --system differs from how the existing FILE
// starts; --system only ever starts a new file.
func (e *env) checkSystem(file string, conv *chat.Conversation, system string) {
	switch {
	case len(conv.Messages) == 0 || conv.Messages[0].Role != chat.System:
		e.Warnf("%s: does not start with a system message; --system only starts a new file, so it was not added", file)
	case conv.Messages[0].Content.PlainText() != system:
		e.Warnf("%s: starts with another system message; --system only starts a new file, so it was left as it is", file)
	}
}

// newFileFormat picks the format of a file append creates: the one named,
// or the first that can be read and written whose extension FILE has, or api.
func newFileFormat(path, name string) (*convert.Format, error) {
	if name != "" {
		f, err := convert.Lookup(name)
		if err != nil {
			return nil, source.FormatUsageError(err)
		}
		if !f.CanRead() || !f.CanWrite() {
			return nil, cmderr.Usagef("format %q cannot be both read and written, so it cannot be appended to", f.Name)
		}
		return f, nil
	}
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range convert.Formats() {
		if f.CanRead() && f.CanWrite() && slices.Contains(f.Extensions, ext) {
			return f, nil
		}
	}
	return convert.Lookup("api")
}
