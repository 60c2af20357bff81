// Package nettrap lets a test prove that code sends no HTTP request: every
// request through http.DefaultTransport fails and is counted, and the proxy
// variables point to a closed port. Only tests import it: convkit's
// binary links no HTTP client.
package nettrap

import (
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
)

// Trap counts the requests it refused.
type Trap struct{ calls atomic.Int32 }

func (tr *Trap) RoundTrip(r *http.Request) (*http.Response, error) {
	tr.calls.Add(1)
	return nil, errors.New("convkit test: no network allowed: " + r.URL.String())
}

// Calls returns how many requests were refused.
func (tr *Trap) Calls() int { return int(tr.calls.Load()) }

// Install sets a Trap as http.DefaultTransport and the proxies to a closed
// port until t ends.
func Install(t testing.TB) *Trap {
	trap := &Trap{}
	saved := http.DefaultTransport
	http.DefaultTransport = trap
	t.Cleanup(func() { http.DefaultTransport = saved })
	for _, k := range []string{"HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"} {
		t.Setenv(k, "http://127.0.0.1:9")
	}
	return trap
}
