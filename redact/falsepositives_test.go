package redact

import "testing"

// TestBenchFalsePositives holds what was found in the benchmark's
// chats.jsonl and is none of its kind (docs/redact.md), beside values of
// those kinds that must still be found.
func TestBenchFalsePositives(t *testing.T) {
	r, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		want string // the kind found, "" for none
	}{
		{"config.Certificates[0].PrivateKey = testEd25519PrivateKey\n", ""},
		{"\t\"decryptionKey\": \"decryptionKey1024\",\n", ""},
		{"\t\"NewEncapsulationKey768\": \"NewEncapsulationKey1024\",\n", ""},
		{"        RegEnumKey = win32api.RegEnumKey\n", ""},
		{"EVP_KEYMGMT-X448, EVP_KEYMGMT-ED25519, EVP_KEYMGMT-ED448 - EVP_PKEY", ""},
		{"-s, --sleep-interval=N with -f, sleep for", ""},
		{`trace.Log(ctx, "key0", "0123456789abcdef")`, ""},
		{"api_key = \"Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB\"", genericRule},
		{"api_key=qtem1IJ5ovswojvzX8", genericRule},
		{"db_password: Winter_2024_Holiday", genericRule},
		// Phones and cards.
		{"input to main shell Sat 23 Aug 2003 08 30 36 +0200", ""},
		{"console.log(copy); // Prints: <Buffer 01 02 03 04 05>", ""},
		{`NewHashDebug("GOSSAHASH", "01110/11110", b)`, ""},
		{"// * 35184372088832\n", ""},
		{"Call 415 555 2671 or 01 23 45 67 89.", KindPhone},
		{"call (415) 555-2671", KindPhone},
		{"JCB 3530111333300000, Diners 30569309025904", KindCard},
		// Addresses.
		{`# See the HTML5 specs section "13.2.5.6 Tag open state",`, ""},
		{`# "13.2.5.8 Tag name state" and "13.2.5.33 Attribute name state"`, ""},
		{"      // 23.3.1.3 multimap operations", ""},
		{"    // [27.4.2.3] ios_base locale functions", ""},
		{"- **deps**: upgrade V8 to 4.5.103.33 (Ali Ijaz Sheikh).", ""},
		{"//\t02:00:5e:10:00:00:00:01\n", ""},
		{`identifier value "f9:2a:c2:77:29:f9:5c:00".`, ""},
		{`saddr: "[::ffff:127.0.0.1]:0"`, ""},
		{`"::ffff:192.168.140.bad",`, ""},
		{"// 10.0.0.1 is the gateway", KindIP},
		{"upgraded the router; ping 10.42.1.2 works", KindIP},
		{`{mustIP("::ffff:10.0.0.1"), 128}`, KindIP},
		{"route via 2001:db8:1::1 today", KindIP},
		{"$ ./a.out i6 1:0:0:0:0:0:0:8 1::8", KindIP},
	} {
		var kinds []string
		for _, s := range r.det.find(c.text) {
			if s.kind != KindEmail {
				kinds = append(kinds, s.kind)
			}
		}
		if c.want == "" && len(kinds) > 0 || c.want != "" && (len(kinds) == 0 || kinds[0] != c.want) {
			t.Errorf("%q: found %v, want %q", c.text, kinds, c.want)
		}
	}
}
