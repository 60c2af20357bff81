package main

import (
	"github.com/urfave/cli/v2"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/appending"
)

func appendCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "append",
		Usage:       "add a message to a conversation file, atomically",
		ArgsUsage:   "FILE [TEXT | -]",
		Description: description("append"),
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
			opts := appending.Options{Args: c.Args().Slice(), Format: c.String("format"), From: c.String("from"), AllowEmpty: c.Bool("allow-empty"),
				Message: chat.Message{Role: chat.Role(c.String("role")), Name: c.String("name"), ToolCallID: c.String("tool-call-id")}}
			if c.IsSet("system") {
				s := c.String("system")
				opts.System = &s
			}
			return appending.Run(e.Env, opts)
		},
	}
}
