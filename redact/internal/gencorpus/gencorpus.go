// Package gencorpus builds a seeded corpus of messages with secrets and
// personal data planted in real formats and varied contexts (prose, code
// blocks, JSON tool arguments, URLs, several languages), beside
// look-alikes that are none (dates, versions, hashes, order numbers), to
// measure what package redact finds and misses.
package gencorpus

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Planted is one value planted in a message.
type Planted struct {
	Kind  string // "secret", "email", "phone", "card", "iban", "ip", "ssn"
	Value string
}

// Message is a message's text, or a tool call's JSON arguments (Args).
type Message struct {
	Text    string
	Args    bool
	Planted []Planted
}

// Kinds are the kinds a corpus plants, in report order.
var Kinds = []string{"secret", "email", "phone", "card", "iban", "ip", "ssn"}

type gen struct{ r *rand.Rand }

// Generate returns n messages built from seed: the same seed, the same corpus.
func Generate(seed uint64, n int) []Message {
	g := gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	out := make([]Message, 0, n)
	for range n {
		out = append(out, g.message())
	}
	return out
}

func (g gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g gen) chars(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	alnum       = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

func (g gen) secret() string {
	switch g.r.IntN(8) {
	case 0:
		return "AKIA" + g.chars(upperDigits, 16)
	case 1:
		return "ghp_" + g.chars(alnum, 36)
	case 2:
		return "sk_live_" + g.chars(alnum, 24)
	case 3:
		return "AIza" + g.chars(alnum+"_-", 35)
	case 4:
		return fmt.Sprintf("xoxb-%d-%d-%s", 1000000000+g.r.IntN(999999999), 1000000000+g.r.IntN(999999999), g.chars(alnum, 24))
	case 5:
		enc := base64.RawURLEncoding
		return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
			enc.EncodeToString([]byte(fmt.Sprintf(`{"sub":"%d","name":"%s","iat":%d}`, g.r.IntN(1e9), g.chars(alnum, 8), 1.6e9+g.r.IntN(1e8)))) + "." + g.chars(alnum+"_-", 43)
	case 6:
		var b strings.Builder
		b.WriteString("-----BEGIN RSA PRIVATE KEY-----\n")
		for range 4 {
			b.WriteString(g.chars(alnum+"+/", 64) + "\n")
		}
		b.WriteString("-----END RSA PRIVATE KEY-----")
		return b.String()
	default:
		return g.chars(alnum, 20)
	}
}

var (
	firstNames = []string{"alice", "bob", "chloé", "dmitri", "emeka", "fatima", "gustavo", "hana", "li.wei", "zoë"}
	domains    = []string{"example.com", "mail.example.org", "corp.example.co.uk", "uni-example.de", "example.io"}
)

func (g gen) email() string {
	name := g.pick(firstNames...)
	name = strings.NewReplacer("é", "e", "ë", "e").Replace(name) // most addresses are ASCII
	return name + g.pick("", ".smith", "_99", "+news", "-x") + "@" + g.pick(domains...)
}

// phoneRegions have national formats convkit reads: a trunk 0, or the
// North American plan; every region's numbers are also written in E.164.
var phoneRegions = []string{"US", "GB", "FR", "JP", "BR", "AU", "IT", "DE", "IN", "ES"}
var nationalRegions = map[string]bool{"US": true, "GB": true, "FR": true, "JP": true, "BR": true, "AU": true, "IT": true}

func (g gen) phone() string {
	for {
		region := g.pick(phoneRegions...)
		ex := phonenumbers.GetExampleNumberForType(region, phonenumbers.MOBILE)
		if g.r.IntN(2) == 0 {
			ex = phonenumbers.GetExampleNumber(region)
		}
		if ex == nil {
			continue
		}
		nsn := phonenumbers.GetNationalSignificantNumber(ex)
		digits := []byte(nsn)
		for i := len(digits) - 4; i < len(digits); i++ {
			digits[i] = byte('0' + g.r.IntN(10))
		}
		num, err := phonenumbers.Parse("+"+fmt.Sprint(ex.GetCountryCode())+string(digits), "")
		if err != nil || !phonenumbers.IsValidNumber(num) {
			continue
		}
		switch g.r.IntN(3) {
		case 0:
			return phonenumbers.Format(num, phonenumbers.E164)
		case 1:
			return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
		}
		if nationalRegions[region] {
			return phonenumbers.Format(num, phonenumbers.NATIONAL)
		}
		return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
	}
}

func (g gen) card() string {
	var digits []byte
	switch g.r.IntN(4) {
	case 0:
		digits = []byte("4" + g.chars("0123456789", 14))
	case 1:
		digits = []byte(fmt.Sprint(51+g.r.IntN(5)) + g.chars("0123456789", 13))
	case 2:
		digits = []byte(g.pick("34", "37") + g.chars("0123456789", 12))
	default:
		digits = []byte("6011" + g.chars("0123456789", 11))
	}
	digits = append(digits, luhnDigit(digits))
	s := string(digits)
	sep := g.pick("", " ", "-")
	if sep == "" || len(s) != 16 {
		return s
	}
	return s[0:4] + sep + s[4:8] + sep + s[8:12] + sep + s[12:16]
}

func luhnDigit(payload []byte) byte {
	sum := 0
	double := true
	for i := len(payload) - 1; i >= 0; i-- {
		d := int(payload[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

var ibanCountries = map[string]int{"DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "CH": 21, "PL": 28, "SE": 24}

func (g gen) iban() string {
	countries := []string{"DE", "FR", "GB", "ES", "IT", "NL", "BE", "CH", "PL", "SE"}
	cc := g.pick(countries...)
	n := ibanCountries[cc]
	bban := g.chars("0123456789", n-4)
	if cc == "GB" || cc == "NL" {
		bban = g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4) + bban[4:]
	}
	check := 98 - mod97(bban+cc+"00")
	s := fmt.Sprintf("%s%02d%s", cc, check, bban)
	if g.r.IntN(2) == 0 {
		var parts []string
		for i := 0; i < len(s); i += 4 {
			parts = append(parts, s[i:min(i+4, len(s))])
		}
		return strings.Join(parts, " ")
	}
	return s
}

func mod97(s string) int {
	rem := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			rem = (rem*100 + int(c-'A') + 10) % 97
		}
	}
	return rem
}

func (g gen) ip() string {
	if g.r.IntN(3) == 0 {
		return fmt.Sprintf("2001:db8:%x:%x::%x", g.r.IntN(65535), g.r.IntN(65535), 1+g.r.IntN(65534))
	}
	return fmt.Sprintf("%d.%d.%d.%d", g.pick2(1, 223, 10, 127), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
}

// pick2 is a first octet in [lo, hi], not a and not b.
func (g gen) pick2(lo, hi, a, b int) int {
	for {
		if n := lo + g.r.IntN(hi-lo+1); n != a && n != b {
			return n
		}
	}
}

func (g gen) ssn() string {
	return fmt.Sprintf("%03d-%02d-%04d", 1+g.r.IntN(665), 1+g.r.IntN(98), 1+g.r.IntN(9998))
}

func (g gen) value(kind string) string {
	switch kind {
	case "secret":
		return g.secret()
	case "email":
		return g.email()
	case "phone":
		return g.phone()
	case "card":
		return g.card()
	case "iban":
		return g.iban()
	case "ip":
		return g.ip()
	}
	return g.ssn()
}

// decoys are text that looks like a value and is none.
func (g gen) decoy() string {
	return g.pick(
		fmt.Sprintf("released on 2024-%02d-%02d at 10:%02d", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(60)),
		fmt.Sprintf("version %d.%d.%d", g.r.IntN(9), g.r.IntN(30), g.r.IntN(100)),
		"commit "+g.chars("0123456789abcdef", 40),
		fmt.Sprintf("order #%d", 1e7+g.r.IntN(9e7)),
		fmt.Sprintf("it costs $%d.%02d", g.r.IntN(999), g.r.IntN(100)),
		"uuid "+g.chars("0123456789abcdef", 8)+"-"+g.chars("0123456789abcdef", 4)+"-4"+g.chars("0123456789abcdef", 3)+"-a"+g.chars("0123456789abcdef", 3)+"-"+g.chars("0123456789abcdef", 12),
		fmt.Sprintf("listen on localhost:%d", 1024+g.r.IntN(6e4)),
		fmt.Sprintf("the answer is %d", g.r.IntN(1e9)),
	)
}

func (g gen) message() Message {
	kind := Kinds[g.r.IntN(len(Kinds))]
	v := g.value(kind)
	m := Message{Planted: []Planted{{kind, v}}}
	key := map[string]string{"secret": "api_key", "email": "email", "phone": "phone", "card": "card_number", "iban": "iban", "ip": "host", "ssn": "ssn"}[kind]
	if kind == "secret" && strings.Contains(v, "PRIVATE KEY") {
		key = "private_key"
	}
	switch g.r.IntN(6) {
	case 0: // prose
		m.Text = fmt.Sprintf("%s Here is the %s you asked for: %s \nand %s.", g.decoy(), key, v, g.decoy())
	case 1: // a code block
		m.Text = fmt.Sprintf("Try this:\n```python\nclient = Client(%s=\"%s\")\nprint(client.ping())  # %s\n```", key, v, g.decoy())
	case 2: // JSON tool arguments
		m.Args = true
		m.Text = fmt.Sprintf(`{"%s": %q, "retries": %d, "note": %q}`, key, v, g.r.IntN(5), g.decoy())
	case 3: // a URL
		compact := strings.ReplaceAll(v, " ", "") // as a URL holds it
		switch {
		case kind == "secret" && strings.Contains(v, "\n"):
			m.Text = fmt.Sprintf("key file:\n%s\n", v)
		case kind == "phone" && !strings.HasPrefix(v, "+"):
			m.Text = fmt.Sprintf("Ring me on %s tonight.", v)
		default:
			m.Text = fmt.Sprintf("GET https://api.example.net/v1/lookup?%s=%s&page=2 returned 200", key, compact)
			m.Planted[0].Value = compact
		}
	case 4: // other languages, the value after a colon as people write it
		m.Text = fmt.Sprintf(g.pick("Hier mein %s: %s \nbitte vertraulich behandeln.", "我的 %s: %s \n请保密。", "Mi %s: %s \ngracias.", "Мой %s: %s \nспасибо."), key, v)
	default: // a message with only look-alikes
		m.Planted = nil
		m.Text = fmt.Sprintf("Nothing to hide: %s, %s, %s.", g.decoy(), g.decoy(), g.decoy())
	}
	return m
}
