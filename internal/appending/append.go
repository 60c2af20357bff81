// Package appending runs convkit append: one message added to a
// conversation file, in its format, atomically and under a lock, the file
// created when it does not exist.
package appending

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/convert"
	"github.com/convkit/convkit/internal/app"
	"github.com/convkit/convkit/internal/cmderr"
	"github.com/convkit/convkit/internal/output"
	"github.com/convkit/convkit/internal/smallfile"
	"github.com/convkit/convkit/internal/source"
)

// Options are what append's flags and arguments say.
type Options struct {
	Args    []string // FILE, then TEXT or "-"
	File    string
	Text    *string // nil: read standard input
	Message chat.Message
	System  *string // --system, for a new file
	Format  string  // for a new file
	From    string
	// AllowEmpty lets the message's text be empty.
	AllowEmpty bool
}

// args reads FILE and TEXT from the arguments.
func (o *Options) args() error {
	switch {
	case len(o.Args) == 0:
		return cmderr.Usagef("append needs a FILE")
	case len(o.Args) > 2:
		return &cmderr.Usage{Err: fmt.Errorf("append takes FILE and one TEXT, not %d arguments", len(o.Args)), Hints: []string{"quote the text: convkit append chat.json --role user 'Hello there'"}}
	case len(o.Args) == 2 && o.Args[1] != "-":
		o.Text = &o.Args[1]
	}
	o.File = o.Args[0]
	return nil
}

// check refuses a message convkit would write but no reader accepts.
func (o Options) check() error {
	m := &o.Message
	switch {
	case m.Role == "":
		return &cmderr.Usage{Err: errors.New("append needs --role ROLE"), Hints: []string{"convkit append FILE --role user 'Hello!'"}}
	case !m.Role.Known():
		return cmderr.Usagef("--role takes system, developer, user, assistant, tool or function, not %q", m.Role)
	case m.Role == chat.Tool && m.ToolCallID == "":
		return cmderr.Usagef("a tool message needs --tool-call-id, the id of the call it answers")
	case m.Role != chat.Tool && m.ToolCallID != "":
		return cmderr.Usagef("--tool-call-id is for tool messages, not %s", m.Role)
	case o.File == "-":
		return cmderr.Usagef("append needs a FILE to add to, not standard input")
	}
	return nil
}

// Run adds the message to opts.Args' FILE, creating it when it does not
// exist, atomically; the text is the second argument, or standard input.
func Run(e *app.Env, opts Options) error {
	if err := opts.args(); err != nil {
		return err
	}
	if err := opts.check(); err != nil {
		return err
	}
	m := &opts.Message
	if opts.Text == nil {
		e.StdinHint()
		data, err := smallfile.Read(e.In, source.StdinName, "the message text", smallfile.MaxAppend)
		if err != nil {
			return err
		}
		s, ok := strings.CutSuffix(string(data), "\r\n")
		if !ok {
			s = strings.TrimSuffix(s, "\n")
		}
		opts.Text = &s
		if s == "" && !opts.AllowEmpty {
			return &cmderr.Hint{Err: fmt.Errorf("%s: no text: nothing to append", source.StdinName), Hints: []string{"add --allow-empty to append an empty message"}}
		}
	}
	if *opts.Text == "" && !opts.AllowEmpty {
		return &cmderr.Usage{Err: errors.New("the message's TEXT is empty"), Hints: []string{"add --allow-empty to append an empty message"}}
	}
	m.Content = chat.TextContent(*opts.Text)

	// Read, add and write under FILE's lock, so that a concurrent append
	// or -i cannot lose this message or lose theirs.
	out, err := e.OpenInPlace(opts.File, "") // append has no -o
	if err != nil {
		return err
	}
	defer out.Abort()
	conv, format, lines, err := appendTarget(e, opts)
	if err != nil {
		return err
	}
	conv.Messages = append(conv.Messages, *m)
	enc, err := out.Encoder(format, convert.EncodeOptions{Lines: lines})
	if err == nil {
		err = enc.Encode(conv)
	}
	if err == nil {
		err = enc.Close()
	}
	if err != nil {
		return output.Error(opts.File, err)
	}
	return out.Commit()
}

// appendTarget reads the conversation FILE holds, or starts one if FILE
// does not exist or is empty, and says in which format to write it, and
// whether on one line, as a compact body is.
func appendTarget(e *app.Env, opts Options) (conv *chat.Conversation, format *convert.Format, lines bool, err error) {
	st, err := os.Stat(opts.File)
	if errors.Is(err, fs.ErrNotExist) || err == nil && st.Mode().IsRegular() && st.Size() == 0 {
		f, err := newFileFormat(opts.File, opts.Format)
		if err != nil {
			return nil, nil, false, err
		}
		conv := &chat.Conversation{}
		if opts.System != nil {
			conv.Messages = append(conv.Messages, chat.Message{Role: chat.System, Content: chat.TextContent(*opts.System)})
		}
		return conv, f, false, nil
	}
	if err != nil {
		return nil, nil, false, cmderr.File(err)
	}
	n := 0
	err = e.EachConversation([]string{opts.File}, source.Options{From: opts.From, Warn: e.Warn},
		func(in *source.Input, c *chat.Conversation) error {
			conv, format, lines = c, in.Format, in.Lines
			n++
			return nil
		})
	switch {
	case err != nil:
		return nil, nil, false, err
	case n != 1:
		return nil, nil, false, fmt.Errorf("%s: holds %d conversations; append adds to a file of one", opts.File, n)
	case !format.CanWrite():
		return nil, nil, false, fmt.Errorf("%s: convkit cannot write format %q back", opts.File, format.Name)
	}
	if opts.System != nil {
		checkSystem(e, opts.File, conv, *opts.System)
	}
	return conv, format, lines, nil
}

// checkSystem warns when --system differs from how the existing FILE
// starts; --system only ever starts a new file.
func checkSystem(e *app.Env, file string, conv *chat.Conversation, system string) {
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
