// Package schema checks conversation files: against embedded JSON Schemas
// (draft 2020-12) or a user's own, against conversation rules that no schema
// can express (a tool result that answers no call, a system message after the
// first turn, …), and against the checks of OpenAI's fine-tuning data
// preparation. Every problem carries the line and column of the offending
// value in the file and its JSON pointer.
//
// A Validator streams JSON Lines, a batch of lines at a time checked on
// every CPU, so that memory does not grow with the size of a dataset; it
// goes on after a broken line.
package schema
