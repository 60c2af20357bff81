// Package dedupe finds repeated conversations in a stream, holding
// digests, not texts.
//
// Exact duplicates compare a key's normalised text: the text is put in
// Unicode NFKC form (so full-width letters, ligatures and composed or
// decomposed accents compare equal), every run of white space becomes one
// space, and leading and trailing space goes. Case is kept. The default
// key is the whole conversation: each message's role, name, text, parts
// that are not text (an image's URL, else the part's JSON and data) and
// tool calls (name and arguments) in order, then a preference pair's
// rejected messages; Key builds it. An empty key (FirstUser of a
// conversation without a user message) says nothing: the dataset verbs
// match it to no other. A Set remembers a 128-bit digest of each key and
// the line it was first seen on.
//
// Near duplicates (Near) are found with MinHash over word shingles and
// locality-sensitive hashing; see NearOptions for the parameters and their
// expected recall.
package dedupe
