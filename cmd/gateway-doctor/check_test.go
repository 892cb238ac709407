package main

import (
	"bytes"
	"strings"
	"testing"
)

// These cases all end before any network access: bad input is exit 2 with
// one clear line. Full runs are tested in the namespace lab
// (internal/netlab/scenarios), where the binary's real endpoints are lab hosts.
func TestCheckRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no address", []string{}, "give exactly one web address"},
		{"two addresses", []string{"a.example", "b.example"}, "give exactly one web address"},
		{"a file URL", []string{"file:///etc/passwd"}, "file"},
		{"javascript", []string{"javascript:alert(1)"}, "javascript"},
		{"empty host", []string{"https://"}, ""},
		{"over-long", []string{"https://" + strings.Repeat("a", 5000) + ".example/"}, ""},
		{"unknown flag", []string{"--frobnicate", "a.example"}, "frobnicate"},
		{"bad timeout", []string{"--timeout", "-1s", "a.example"}, "timeout"},
		{"missing profile", []string{"--profile", "/nonexistent/acme.toml", "a.example"}, "acme.toml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			stdout, stderr = &out, &errb
			code := runCheck(tc.args)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d (stderr %q)", code, exitUsage, errb.String())
			}
			msg := errb.String()
			if strings.Count(msg, "\n") != 1 {
				t.Errorf("want one line on stderr, got %q", msg)
			}
			if !strings.Contains(msg, tc.want) {
				t.Errorf("stderr %q does not mention %q", msg, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("stdout not empty: %q", out.String())
			}
		})
	}
}
