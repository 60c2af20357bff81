package chat

// Usage is the token usage a provider's response reported for one API
// call: a request and its reply.
type Usage struct {
	// Provider is "openai" (Chat Completions), "responses", "anthropic" or
	// "gemini": whose tokenizer counted.
	Provider string
	// Input is the prompt's tokens (cached ones included), Output the
	// reply's, Reasoning the part of Output the model spent thinking, which
	// the reply does not show. A count the response did not give is -1.
	Input, Output, Reasoning int
}
