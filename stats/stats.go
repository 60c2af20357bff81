// Package stats describes a dataset of conversations in figures that can
// be gathered on parts of it and merged: counts and sums exactly, token
// percentiles nearest-rank from a sketch (internal/quantile, as count's)
// within RelativeError of the exact ones, and exact duplicates from the set
// of conversation digests.
package stats

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/convkit/convkit/chat"
	"github.com/convkit/convkit/internal/quantile"
)

// RelativeError bounds the token percentiles: each is within 1 % of the
// exact nearest-rank percentile.
const RelativeError = quantile.RelativeError

// Stats gathers figures over conversations. The zero value is not ready;
// use New.
type Stats struct {
	Model         string
	Window        int // the model's context window; over_window counts conversations above it
	Conversations int
	Messages      int
	Roles         map[string]int
	Turns         int // user messages
	TokenSum      int64
	TokenMin      int
	TokenMax      int
	ToolCalls     int // tool calls made
	ToolResults   int // tool and function messages
	WithTools     int // conversations with a tool call, result or definition
	EmptyMessages int // messages with no text, part or tool call
	OverWindow    int
	sketch        *quantile.Sketch
	digests       map[uint64]struct{}
	hist          [histogramBuckets]int // conversations per token range (see histogram.go)
}

// New returns empty Stats for model, whose context window is window.
func New(model string, window int) *Stats {
	return &Stats{Model: model, Window: window, Roles: map[string]int{}, sketch: quantile.New(), digests: map[uint64]struct{}{}}
}

// Add counts conv, which costs tokens and whose content digest (see
// dedupe.Sum) is digest.
func (s *Stats) Add(conv *chat.Conversation, tokens int, digest uint64) {
	s.Conversations++
	s.Messages += len(conv.Messages)
	tools := conv.Extra.Has("tools") || conv.Extra.Has("functions")
	for i := range conv.Messages {
		m := &conv.Messages[i]
		s.Roles[string(m.Role)]++
		switch m.Role {
		case chat.User:
			s.Turns++
		case chat.Tool, chat.Function:
			s.ToolResults++
			tools = true
		}
		s.ToolCalls += len(m.ToolCalls)
		if len(m.ToolCalls) > 0 || m.Extra.HasValue("function_call") {
			tools = true
		}
		if len(m.ToolCalls) == 0 && !m.Extra.HasValue("function_call") && m.Content.Long == nil && len(m.Content.Parts) == 0 && m.Content.Text == "" {
			s.EmptyMessages++
		}
	}
	if tools {
		s.WithTools++
	}
	s.addTokens(tokens)
	s.digests[digest] = struct{}{}
}

func (s *Stats) addTokens(n int) {
	if s.Conversations == 1 || n < s.TokenMin {
		s.TokenMin = n
	}
	s.TokenMax = max(s.TokenMax, n)
	s.TokenSum += int64(n)
	s.sketch.Add(n)
	s.hist[bucket(n)]++
	if s.Window > 0 && n > s.Window {
		s.OverWindow++
	}
}

// Duplicates returns how many conversations repeat an earlier one.
func (s *Stats) Duplicates() int { return s.Conversations - len(s.digests) }

// Percentile returns the nearest-rank percentile p of the token counts (50
// for the median), within RelativeError; 0 for no data.
func (s *Stats) Percentile(p int) int { return s.sketch.Percentile(p) }

// Mean returns the mean tokens of a conversation.
func (s *Stats) Mean() float64 {
	if s.Conversations == 0 {
		return 0
	}
	return float64(s.TokenSum) / float64(s.Conversations)
}

// Merge adds o's figures to s, as if s had seen o's conversations too.
// Both must count for the same window.
func (s *Stats) Merge(o *Stats) error {
	if s.Window != o.Window || s.Model != o.Model {
		return fmt.Errorf("stats for %s (window %d) and %s (window %d) cannot be merged", s.Model, s.Window, o.Model, o.Window)
	}
	if o.Conversations > 0 && (s.Conversations == 0 || o.TokenMin < s.TokenMin) {
		s.TokenMin = o.TokenMin
	}
	s.Conversations += o.Conversations
	s.Messages += o.Messages
	for r, n := range o.Roles {
		s.Roles[r] += n
	}
	s.Turns += o.Turns
	s.TokenSum += o.TokenSum
	s.TokenMax = max(s.TokenMax, o.TokenMax)
	s.ToolCalls += o.ToolCalls
	s.ToolResults += o.ToolResults
	s.WithTools += o.WithTools
	s.EmptyMessages += o.EmptyMessages
	s.OverWindow += o.OverWindow
	for d := range o.digests {
		s.digests[d] = struct{}{}
	}
	for k, n := range o.hist {
		s.hist[k] += n
	}
	return s.sketch.Merge(o.sketch)
}

// report is the JSON form of Stats: the figures, then what Merge needs.
type report struct {
	Conversations int            `json:"conversations"`
	Messages      int            `json:"messages"`
	Roles         map[string]int `json:"messages_by_role"`
	Turns         int            `json:"turns"`
	Tokens        tokenReport    `json:"tokens"`
	ToolCalls     int            `json:"tool_calls"`
	ToolResults   int            `json:"tool_results"`
	WithTools     int            `json:"conversations_with_tools"`
	EmptyMessages int            `json:"empty_messages"`
	Duplicates    int            `json:"duplicates"`
	OverWindow    windowReport   `json:"over_window"`
	// Histogram counts the conversations in token ranges that double.
	Histogram []histogramEntry `json:"token_histogram"`
	// Sketch and Digests make the report mergeable: the quantile sketch (a
	// DDSketch) in its binary encoding, and the sorted 64-bit digests of the distinct
	// conversations, 8 bytes each, both base64.
	Sketch  string `json:"sketch"`
	Digests string `json:"digests"`
}

type tokenReport struct {
	Sum           int64   `json:"sum"`
	Mean          float64 `json:"mean"`
	Min           int     `json:"min"`
	P50           int     `json:"p50"`
	P90           int     `json:"p90"`
	P99           int     `json:"p99"`
	Max           int     `json:"max"`
	RelativeError float64 `json:"quantile_relative_error"`
}

type windowReport struct {
	Model  string `json:"model"`
	Window int    `json:"window"`
	Count  int    `json:"count"`
}

// MarshalJSON writes the figures and what Merge needs to merge them.
func (s *Stats) MarshalJSON() ([]byte, error) {
	sketch, err := s.sketch.MarshalBinary()
	if err != nil {
		return nil, err
	}
	keys := make([]uint64, 0, len(s.digests))
	for d := range s.digests {
		keys = append(keys, d)
	}
	slices.Sort(keys)
	digests := make([]byte, 8*len(keys))
	for i, k := range keys {
		binary.BigEndian.PutUint64(digests[8*i:], k)
	}
	return json.Marshal(report{
		Conversations: s.Conversations, Messages: s.Messages, Roles: s.Roles, Turns: s.Turns,
		Tokens: tokenReport{Sum: s.TokenSum, Mean: math.Round(s.Mean()*100) / 100, Min: s.TokenMin,
			P50: s.Percentile(50), P90: s.Percentile(90), P99: s.Percentile(99), Max: s.TokenMax, RelativeError: RelativeError},
		ToolCalls: s.ToolCalls, ToolResults: s.ToolResults, WithTools: s.WithTools, EmptyMessages: s.EmptyMessages,
		Duplicates: s.Duplicates(), OverWindow: windowReport{s.Model, s.Window, s.OverWindow}, Histogram: s.histogramReport(),
		Sketch: base64.StdEncoding.EncodeToString(sketch), Digests: base64.StdEncoding.EncodeToString(digests),
	})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (s *Stats) UnmarshalJSON(b []byte) error {
	var r report
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	sketch, err := base64.StdEncoding.DecodeString(r.Sketch)
	if err != nil {
		return fmt.Errorf("sketch: %w", err)
	}
	digests, err := base64.StdEncoding.DecodeString(r.Digests)
	if err != nil || len(digests)%8 != 0 {
		return fmt.Errorf("digests: not 8-byte values in base64")
	}
	*s = *New(r.OverWindow.Model, r.OverWindow.Window)
	if err := s.sketch.UnmarshalBinary(sketch); err != nil {
		return fmt.Errorf("%v: make the report again with this convkit", err)
	}
	if err := s.readHistogram(r.Histogram); err != nil {
		return err
	}
	for i := 0; i < len(digests); i += 8 {
		s.digests[binary.BigEndian.Uint64(digests[i:])] = struct{}{}
	}
	if r.Roles != nil {
		s.Roles = r.Roles
	}
	s.Conversations, s.Messages, s.Turns = r.Conversations, r.Messages, r.Turns
	s.TokenSum, s.TokenMin, s.TokenMax = r.Tokens.Sum, r.Tokens.Min, r.Tokens.Max
	s.ToolCalls, s.ToolResults, s.WithTools, s.EmptyMessages, s.OverWindow = r.ToolCalls, r.ToolResults, r.WithTools, r.EmptyMessages, r.OverWindow.Count
	return nil
}
