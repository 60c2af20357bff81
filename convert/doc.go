// Package convert reads and writes conversations in every format convkit
// knows: one file per format, one ordered registry (Formats), and the same
// verbs for each — NewDecoder + Decode until io.EOF, NewEncoder + Encode +
// Close. Detect picks a format from an input's first bytes.
//
// A problem in an input is an *Error: its line, column and JSON pointer
// when they are known, and a kind to test with errors.Is (ErrSyntax,
// ErrNotConversation, ErrPlainText …). The messages name no command-line
// flag; advice is the caller's to give.
//
// Helpers the formats share live in files named for what they hold
// (errors.go, detect.go, objects.go, jsonstream.go, document.go,
// losses.go, placeholders.go, values.go, jsonbuild.go …); a format's file
// uses them and never another format's file.
package convert
