// Package convert reads and writes conversations in every format convkit
// knows: one file per format, one ordered registry (Formats), and the same
// verbs for each — NewDecoder + Decode until io.EOF, NewEncoder + Encode +
// Close.
package convert
