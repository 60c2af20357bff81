package redact

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// The kinds of personal data.
const (
	KindEmail = "email"
	KindPhone = "phone"
	KindCard  = "card"
	KindIBAN  = "iban"
	KindIP    = "ip"
	KindSSN   = "ssn"
)

// piiPatterns are compiled on first use, never at start-up: convkit's
// other commands do not pay for them.
var piiPatterns = sync.OnceValue(func() *struct{ emailRe, cardRe, ibanRe, ipv4Re, ipv6Re, ssnRe, phoneRe *regexp.Regexp } {
	return &struct{ emailRe, cardRe, ibanRe, ipv4Re, ipv6Re, ssnRe, phoneRe *regexp.Regexp }{
		emailRe: regexp.MustCompile(`[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,24}`),
		// cardRe is 13 to 19 digits, in groups split by one space or dash.
		cardRe: regexp.MustCompile(`\d(?:[ -]?\d){12,18}`),
		ibanRe: regexp.MustCompile(`[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}`),
		ipv4Re: regexp.MustCompile(`(?:\d{1,3}\.){3}\d{1,3}`),
		ipv6Re: regexp.MustCompile(`[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?:\d{1,3}\.){3}\d{1,3})?`),
		ssnRe:  regexp.MustCompile(`\d{3}-\d{2}-\d{4}`),
		// phoneRe is an international number (+ and a country code) or a
		// national one (a trunk 0 or an area code in parentheses, or the
		// North American 3-3-4), digits in groups split by spaces, dots,
		// dashes or slashes.
		phoneRe: regexp.MustCompile(`(?:\+\d{1,3}|\(\d{1,5}\)|\d{1,5})(?:[ .\-/]?\(?\d{1,5}\)?){1,6}`),
	}
})

// emailFileSuffixes are "addresses" that are file names (icon@2x.png).
var emailFileSuffixes = []string{".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".js", ".css", ".ts"}

// piiMatchers are the matchers of the personal data kinds wanted that
// the survey of the text leaves possible.
func (d *detector) piiMatchers(sv survey, ms []matcher) []matcher {
	pp := piiPatterns()
	if d.want[KindEmail] && sv.atSign {
		ms = append(ms, matcher{re: pp.emailRe, judge: judgeEmail})
	}
	if !sv.digit {
		return ms
	}
	if d.want[KindCard] {
		ms = append(ms, matcher{re: pp.cardRe, judge: func(text string, m []int, found []span) []span { return cardsIn(text, m[0], m[1], found) }})
	}
	if d.want[KindIBAN] {
		ms = append(ms, matcher{re: pp.ibanRe, judge: judgeIBAN})
	}
	if d.want[KindSSN] {
		ms = append(ms, matcher{re: pp.ssnRe, judge: judgeSSN})
	}
	if d.want[KindIP] && sv.dot {
		ms = append(ms, matcher{re: pp.ipv4Re, judge: d.judgeIPv4})
	}
	if d.want[KindIP] && sv.colon {
		ms = append(ms, matcher{re: pp.ipv6Re, judge: d.judgeIPv6})
	}
	if d.want[KindPhone] {
		ms = append(ms, matcher{re: pp.phoneRe, judge: judgePhone})
	}
	return ms
}

func judgeEmail(text string, m []int, found []span) []span {
	start, end := m[0], m[1]
	for start < end && (text[start] == '.' || text[start] == '\'' || text[start] == '-') {
		start++
	}
	v := strings.ToLower(text[start:end])
	if hasAnySuffix(v, emailFileSuffixes) || strings.HasPrefix(text[start:], "@") {
		return found
	}
	return append(found, span{start: start, end: end, kind: KindEmail, prio: prioPII})
}

func judgeIBAN(text string, m []int, found []span) []span {
	if start, end, ok := ibanAt(text, m[0], m[1]); ok {
		found = append(found, span{start: start, end: end, kind: KindIBAN, prio: prioPII + 1})
	}
	return found
}

func judgeSSN(text string, m []int, found []span) []span {
	if boundedDigits(text, m[0], m[1]) && isSSN(text[m[0]:m[1]]) {
		found = append(found, span{start: m[0], end: m[1], kind: KindSSN, prio: prioPII + 1})
	}
	return found
}

func judgePhone(text string, m []int, found []span) []span {
	start, end := m[0], m[1]
	for end > start && (text[end-1] == ')' || text[end-1] == '(') && strings.Count(text[start:end], "(") != strings.Count(text[start:end], ")") {
		end--
	}
	if isPhone(text, start, end) {
		found = append(found, span{start: start, end: end, kind: KindPhone, prio: prioPII})
	}
	return found
}

func (d *detector) judgeIPv4(text string, m []int, found []span) []span {
	start, end := m[0], m[1]
	// Not part of a longer dotted number (a version 1.2.3.4.5, an OID),
	// nor a version (v1.7.0.4, Git 1.7.10.2).
	if (start > 0 && (isWordByte(text[start-1]) || text[start-1] == '.' && start > 1 && isDigit(text[start-2]))) || d.versionBefore(text, start) || d.sectionNumber(text, start, end) ||
		(end < len(text) && (isDigit(text[end]) || (text[end] == '.' || text[end] == '-') && end+1 < len(text) && isDigit(text[end+1]))) {
		return found
	}
	if addr, err := netip.ParseAddr(text[start:end]); err == nil && d.redactIP(addr) {
		found = append(found, span{start: start, end: end, kind: KindIP, prio: prioPII + 1})
	}
	return found
}

func (d *detector) judgeIPv6(text string, m []int, found []span) []span {
	start, end := m[0], m[1]
	// Nor part of a longer run: an address that goes on as a dotted
	// IPv4 (::ffff:127.0.0.1) was cut short, and its IPv4 part is
	// read on its own.
	if (start > 0 && (isWordByte(text[start-1]) || text[start-1] == ':')) || (end < len(text) && (isWordByte(text[end]) || text[end] == ':' ||
		text[end] == '.' && end+1 < len(text) && isDigit(text[end+1]))) {
		return found
	}
	s := text[start:end]
	// A time (12:30:45) or a C++ scope (a::b) is not an address: ask
	// for at least four groups and a digit; nor are bytes written
	// with colons (a MAC address, 02:00:5e:10:00:00:00:01).
	if strings.Count(s, ":") < 3 || !hasDigit(s) || strings.Count(s, ":::") > 0 || hexBytes(s) {
		return found
	}
	if addr, err := netip.ParseAddr(s); err == nil && addr.Is6() && d.redactIP(addr) {
		found = append(found, span{start: start, end: end, kind: KindIP, prio: prioPII + 1})
	}
	return found
}

// versionWords are words that, before a dotted quad, make it a version.
var versionWords = []string{"version", "versions", "release", "since", "git", "v", "ver"}

// versionBefore says whether the word before text[:start] (one space
// between them) makes what follows a version number: a version word, or
// "to" or "from" after an upgrade on the same line.
func (d *detector) versionBefore(text string, start int) bool {
	if start < 2 || text[start-1] != ' ' {
		return false
	}
	word := text[:start-1]
	i := len(word)
	for i > 0 && isWordByte(word[i-1]) {
		i--
	}
	if i == 0 {
		d.cut.reachedStart()
	}
	w := strings.ToLower(word[i:])
	if w == "to" || w == "from" { // upgrade V8 to 4.5.103.33
		nl := strings.LastIndexByte(word, '\n')
		if nl < 0 {
			d.cut.reachedStart()
		}
		line := strings.ToLower(word[nl+1:])
		return strings.Contains(line, "upgrad") || strings.Contains(line, "updat") || strings.Contains(line, "downgrad")
	}
	return slices.Contains(versionWords, w)
}

// hexBytes says whether s is bytes written as pairs of hex digits split
// by colons (an address in full, 1:0:0:0:0:0:0:8, drops leading zeros).
func hexBytes(s string) bool {
	for _, g := range strings.Split(s, ":") {
		if len(g) != 2 {
			return false
		}
	}
	return true
}

// sectionWords are words that, before a dotted quad, make it a section
// of a document.
var sectionWords = []string{"section", "sections", "clause", "chapter", "§"}

// sectionNumber says whether the dotted quad text[start:end], of numbers
// from 1 to 99, numbers a section of a standard: after a word such as
// "section", in square brackets ([27.4.2.3], the C++ standard's way), or
// opening a comment or a quoted title, before the section's name
// (// 23.3.1.3 multimap operations, "13.2.5.8 Tag name state").
func (d *detector) sectionNumber(text string, start, end int) bool {
	for _, part := range strings.Split(text[start:end], ".") {
		if len(part) > 2 || part[0] == '0' { // sections count from 1
			return false
		}
	}
	before := strings.TrimRight(text[:start], " \"")
	sep := strings.LastIndexAny(before, " \n\t")
	if sep < 0 {
		d.cut.reachedStart()
	}
	word := before[sep+1:]
	if slices.Contains(sectionWords, strings.ToLower(word)) {
		return true
	}
	if strings.HasSuffix(text[:start], "[") && strings.HasPrefix(text[end:], "]") {
		return true
	}
	after := strings.TrimLeft(text[end:], " ")
	if after == "" {
		d.cut.reachedEnd()
	}
	if len(after) == len(text[end:]) || after == "" || !(after[0] >= 'a' && after[0] <= 'z' || after[0] >= 'A' && after[0] <= 'Z') {
		return false
	}
	nl := strings.LastIndexByte(text[:start], '\n')
	if nl < 0 {
		d.cut.reachedStart()
	}
	line := strings.TrimSpace(text[nl+1 : start])
	return strings.HasSuffix(text[:start], "\"") || line == "//" || line == "#"
}

// redactIP says whether an address is personal: the unspecified,
// loopback and multicast addresses never are, nor a
// netmask (255.255.255.0) or what reads as a version: a one-digit number
// first, then three under 100 (1.15.7.2, 4.4.63.26) or two one-digit
// ones (1.6.2.200). That leaves out 8.8.8.8 and 1.1.1.1, public
// resolvers, no one's either, and about one address in 16 of the 1.x to
// 9.x ranges, 1 in 400 of all; private and link-local ones (RFC 1918,
// fc00::/7, fe80::/10) are kept when asked.
func (d *detector) redactIP(a netip.Addr) bool {
	if a.IsUnspecified() || a.IsLoopback() || a.IsMulticast() {
		return false
	}
	if a.Is4() {
		b := a.As4()
		bits := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		version := b[0] < 10 && (b[1] < 10 && b[2] < 10 || b[1] < 100 && b[2] < 100 && b[3] < 100)
		if inv := ^bits; inv&(inv+1) == 0 || version {
			return false
		}
	}
	if d.keepPrivateIPs && (a.IsPrivate() || a.IsLinkLocalUnicast()) {
		return false
	}
	return true
}

// cardsIn finds the card numbers in a run of digit groups, which may hold
// more than one, or one beside other numbers: it tries the longest run of
// whole groups first from each group's start.
func cardsIn(text string, start, end int, found []span) []span {
	var starts, ends []int
	for i := start; i < end; i++ {
		if i == start || !isDigit(text[i-1]) {
			starts = append(starts, i)
		}
		if i == end-1 || !isDigit(text[i+1]) {
			ends = append(ends, i+1)
		}
	}
	for si := 0; si < len(starts); si++ {
		for ei := len(ends) - 1; ei >= si; ei-- {
			s, e := starts[si], ends[ei]
			if e-s < 13 || !boundedDigits(text, s, e) || inNumberList(text, s, e) || !isCard(text[s:e]) {
				continue
			}
			found = append(found, span{start: s, end: e, kind: KindCard, prio: prioPII + 1})
			for si+1 < len(starts) && starts[si+1] < e {
				si++
			}
			break
		}
	}
	return found
}

// inNumberList says whether text[start:end] is one of a list of numbers
// (1514 1514 1514, or 473620666599931, 365…, 1028…), which one in ten
// long numbers passes the Luhn check by chance: another number follows it
// or comes before it, after a space or a comma and a space.
func inNumberList(text string, start, end int) bool {
	for _, sep := range []string{" ", ", "} {
		if strings.HasPrefix(text[end:], sep) && end+len(sep) < len(text) && isDigit(text[end+len(sep)]) {
			return true
		}
		if strings.HasSuffix(text[:start], sep) && start-len(sep) > 0 && isDigit(text[start-len(sep)-1]) {
			return true
		}
	}
	return false
}

// isCard checks a payment card number: a known issuer prefix, its
// length, and the Luhn check digit.
func isCard(s string) bool {
	digits := onlyDigits(s)
	n := len(digits)
	if n < 13 || n > 19 || !consistentSeparators(s) {
		return false
	}
	p2 := atoi(digits[:2])
	p4 := atoi(digits[:4])
	switch {
	case digits[0] == '4': // Visa
		if n != 13 && n != 16 && n != 19 {
			return false
		}
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720: // Mastercard
		if n != 16 {
			return false
		}
	case p2 == 34 || p2 == 37: // American Express
		if n != 15 {
			return false
		}
	case p4 == 6011, p2 == 65, p4/10 >= 644 && p4/10 <= 649, p2 == 62, p4 >= 3528 && p4 <= 3589: // Discover, UnionPay, JCB
		if n < 16 {
			return false
		}
	case p2 == 36, p2 == 30, p2 == 38, p2 == 39: // Diners Club
		if n < 14 {
			return false
		}
	default:
		return false
	}
	return luhn(digits)
}

// consistentSeparators refuses digits split one way here and another way
// there, which a card number written by a person never is, and groups of
// fewer than three digits (4-4-4-4, 4-6-5, 4-4-4-4-3 are the ways cards
// are written; 1 2 3 … is a table of numbers).
func consistentSeparators(s string) bool {
	if strings.Contains(s, " ") && strings.Contains(s, "-") {
		return false
	}
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' })
	return len(groups) == 1 || !slices.ContainsFunc(groups, func(g string) bool { return len(g) < 3 })
}

func luhn(digits string) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// ibanLengths is the length of an IBAN in each country that has them.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
	"BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
	"ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
	"HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
	"LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
	"MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
	"RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

// ibanAt finds an IBAN at the start of text[start:end]: the country's
// length of characters (spaces aside) that pass the mod-97 check.
func ibanAt(text string, start, end int) (int, int, bool) {
	if start > 0 && isWordByte(text[start-1]) {
		return 0, 0, false
	}
	want, ok := ibanLengths[text[start:start+2]]
	if !ok {
		return 0, 0, false
	}
	var compact []byte
	i := start
	for ; i < end && len(compact) < want; i++ {
		if text[i] != ' ' {
			compact = append(compact, text[i])
		}
	}
	if len(compact) != want || (i < len(text) && isWordByte(text[i]) && (i == end || text[i] != ' ')) {
		return 0, 0, false
	}
	return start, i, mod97(compact)
}

func mod97(iban []byte) bool {
	rearranged := append(append([]byte{}, iban[4:]...), iban[:4]...)
	rem := 0
	for _, c := range rearranged {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// isSSN checks the ranges the Social Security Administration never issues.
// 123-45-6789 and 078-05-1120 (printed on a sample card sold in wallets)
// are the examples everyone writes, and no one's.
func isSSN(s string) bool {
	area, group, serial := atoi(s[0:3]), atoi(s[4:6]), atoi(s[7:11])
	return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 && s != "123-45-6789" && s != "078-05-1120"
}

// isPhone checks a phone number candidate text[start:end]: an
// international number has 8 to 15 digits after its +; a national number
// has 10 or 11 digits, written in at least three groups (or with its area
// code in parentheses), and opens with a trunk 0 or an area code.
func isPhone(text string, start, end int) bool {
	if (start > 0 && (isWordByte(text[start-1]) || strings.IndexByte(".:/-+", text[start-1]) >= 0)) || isbnBefore(text, start) ||
		(end < len(text) && (isWordByte(text[end]) || text[end] == '-' || text[end] == '/' || (text[end] == '.' && end+1 < len(text) && isDigit(text[end+1])))) {
		return false
	}
	s := text[start:end]
	digits := onlyDigits(s)
	if s[0] == '+' {
		return len(digits) >= 8 && len(digits) <= 15 && digits[0] != '0'
	}
	if len(digits) < 10 || len(digits) > 11 {
		return false
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	groups := len(fields)
	if groups < 3 && !strings.HasPrefix(s, "(") && !(groups == 2 && digits[0] == '0' && len(fields[0]) > 1) {
		return false
	}
	// A column of small numbers (1 4 7 10 13) is no phone: only the first
	// group (a country or trunk code) may be one digit.
	if slices.ContainsFunc(fields[1:], func(g string) bool { return len(g) < 2 }) {
		return false
	}
	// Dates (2024-01-15 10:30) and dotted versions are not phones: ask for
	// one kind of separator, or parentheses with one other.
	seps := map[byte]bool{}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c == ' ' || c == '.' || c == '-' || c == '/') && !(c == ' ' && i > 0 && s[i-1] == ')') {
			seps[c] = true
		}
	}
	// Nor are bit strings (01110/11110) or numbers counted in order.
	if len(seps) > 1 || strings.Trim(digits, "01") == "" || counting(fields) {
		return false
	}
	if digits[0] == '0' {
		return digits[1] != '0'
	}
	if strings.HasPrefix(s, "(") { // an area code in parentheses: (11) 96123-6182
		return true
	}
	// North American: NXX-NXX-XXXX, ten digits in groups of 3, 3 and 4
	// (not a date and time written 2003 08 30 36).
	return len(digits) == 10 && digits[0] >= '2' && digits[3] >= '2' &&
		len(fields) == 3 && len(fields[0]) == 3 && len(fields[1]) == 3
}

// counting says whether groups of digits count up by one (01 02 03 04 05,
// bytes in an example), which no phone number does.
func counting(groups []string) bool {
	for i := 1; i < len(groups); i++ {
		if atoi(groups[i]) != atoi(groups[i-1])+1 {
			return false
		}
	}
	return len(groups) >= 3
}

// isbnBefore says whether "ISBN" comes just before text[:start], making
// the number a book's.
func isbnBefore(text string, start int) bool {
	before := strings.TrimRight(text[max(0, start-8):start], " :-")
	return strings.HasSuffix(strings.ToUpper(before), "ISBN")
}

// boundedDigits says whether text[start:end] stands alone: no letter,
// digit, or dash or dot that goes on into a longer number, on either side.
func boundedDigits(text string, start, end int) bool {
	before := start == 0 || !(isWordByte(text[start-1]) || (text[start-1] == '.' || text[start-1] == '-') && start > 1 && isDigit(text[start-2]))
	after := end == len(text) || !(isWordByte(text[end]) || (text[end] == '.' || text[end] == '-') && end+1 < len(text) && isDigit(text[end+1]))
	return before && after
}

func onlyDigits(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWordByte(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}
