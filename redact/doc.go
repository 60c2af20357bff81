// Package redact finds secrets and personal data in conversations and
// replaces each with a placeholder such as [REDACTED:email-1].
//
// Secrets are found with the rules of gitleaks (gitleaks.toml, verbatim
// from github.com/zricethezav/gitleaks/v8, MIT licence in gitleaks.LICENSE,
// decoded into gitleaks_rules.go by go generate): each rule's regular expression, run only when one of
// its keywords is in the text, with its secret group, entropy threshold and
// allow-lists, as gitleaks' detector applies them. Personal data (emails,
// phone numbers, payment cards, IBANs, IP addresses, US social security
// numbers) is found by patterns checked with the kind's own rule: Luhn,
// mod-97, the number plan's lengths, the address ranges.
//
// A Redactor rewrites a chat.Conversation in place, a message at a time,
// so that a caller can stream; it keeps the map from value to placeholder
// for the whole run, so that the same value reads the same everywhere. It
// never prints, and its findings carry contexts in which the value is
// masked, never the value itself.
package redact
