package ui

import (
	"net/url"
	"strings"
	"testing"
)

func TestMailtoURL(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		cut        bool
	}{
		{"short body whole", "line one\nline two\n", false},
		{"long body cut at a line", strings.Repeat("0123456789 abcdefghij\n", 200), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := mailtoURL("help@example.org", "Website problem: a b", tc.body, "(cut)")
			if u.Scheme != "mailto" || u.Opaque != "help@example.org" {
				t.Fatalf("url %s", u)
			}
			if strings.Contains(u.RawQuery, "+") {
				t.Errorf("spaces as '+' (RFC 6068 wants %%20): %s", u.RawQuery)
			}
			q, err := url.ParseQuery(u.RawQuery)
			if err != nil {
				t.Fatal(err)
			}
			body := q.Get("body")
			if q.Get("subject") != "Website problem: a b" {
				t.Errorf("subject %q", q.Get("subject"))
			}
			if got := strings.HasSuffix(body, "(cut)\n"); got != tc.cut {
				t.Errorf("cut = %v, want %v", got, tc.cut)
			}
			if len(body) > mailtoBodyLimit+len("\n\n(cut)\n") {
				t.Errorf("body of %d bytes", len(body))
			}
		})
	}
}
