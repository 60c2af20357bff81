package redact

import "testing"

func TestLooksLikeName(t *testing.T) {
	for _, s := range []string{"testEd25519PrivateKey", "NewDecapsulationKey768", "encryptionKey1024", "--sleep-interval=N", "win32api.RegEnumKey", "EVP_KEYMGMT-ED448",
		"Winter_2024_Holiday"} { // a password read as a name: kept by nameNotKey
		if !looksLikeName(s) {
			t.Errorf("%s: no name", s)
		}
	}
	// Keys drawn at random: mixed case, one case with digits, hex, base32.
	for _, s := range []string{"Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB", "0B77ZfVepYPvSjseRKc1FJZ3Y0RM8s", "yhpe601hunq8bxuf", "e294517cbaa08fad", "SIX4Z2SWYLZHOXTF", "VJKHGBY33VUIJFEQLX3JVUNQBD", "ANJOpp9rsUGJYfit", "suf6uYwhliggmuGqesff", "HTTPServer2"} {
		if looksLikeName(s) {
			t.Errorf("%s: taken for a name", s)
		}
	}
}
