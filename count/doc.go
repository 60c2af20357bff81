// Package count counts the tokens of text and conversations exactly as
// OpenAI's tiktoken does, offline: the encodings (o200k_base, cl100k_base,
// p50k_base, r50k_base, p50k_edit, o200k_harmony) are compiled into the
// binary and nothing is ever fetched or cached on disk.
//
// A Counter is made for one model, looked up in a ModelTable (DefaultTable,
// models.yaml compiled in by go generate, which users may extend with a
// YAML table of their own read by LoadTable). It counts plain text (Text),
// one message with its chat overhead (Message), and whole conversations
// with the reply priming and any tool definitions (Conversation), following
// the OpenAI cookbook's num_tokens_from_messages and num_tokens_for_tools,
// and documenting its own rule wherever the cookbook has none (null
// content, content parts, tool calls, refusals, images).
//
// A Counter is safe for concurrent use; Ordered spreads counting over
// goroutines while keeping results in input order.
package count
