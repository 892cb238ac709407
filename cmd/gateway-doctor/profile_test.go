package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunProfile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(good, []byte("[helpdesk]\nname = \"Example IT\"\nemail = \"help@example.org\"\n[fixes]\ndisabled = [\"switch_dns\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[helpdesk]\nname = \"Example IT\"\n\n[dns]\nalow_switch = false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badValue := filepath.Join(dir, "bad-value.toml")
	if err := os.WriteFile(badValue, []byte("[dns]\nreference_resolvers = [\"1.1.1.1:53\",\n  \"not-an-ip\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name      string
		args      []string
		code      int
		stdout    []string // each must appear
		stderr    string   // exact, when the command fails
		stderrHas string
	}{
		{name: "a valid profile is described", args: []string{"check", good}, code: exitOK,
			stdout: []string{good + " is a valid profile.", "Helpdesk:              Example IT, help@example.org", "Fixes not offered:     switch_dns", "(default)"}},
		{name: "an unknown key names file, line and key", args: []string{"check", bad}, code: exitUsage,
			stderr: "gateway-doctor: " + bad + `:5: dns.alow_switch: unknown key (did you mean "allow_switch"?)` + "\n"},
		{name: "a bad value names file, line and key", args: []string{"check", badValue}, code: exitUsage,
			stderrHas: "gateway-doctor: " + badValue + `:3: dns.reference_resolvers: "not-an-ip" is not an IP address`},
		{name: "a missing file", args: []string{"check", filepath.Join(dir, "missing.toml")}, code: exitUsage,
			stderr: "gateway-doctor: " + filepath.Join(dir, "missing.toml") + ": no such file\n"},
		{name: "no subcommand", args: nil, code: exitUsage, stderrHas: "usage: gateway-doctor profile check FILE"},
		{name: "unknown subcommand", args: []string{"show", good}, code: exitUsage, stderrHas: "usage:"},
		{name: "no file", args: []string{"check"}, code: exitUsage, stderrHas: "needs exactly one FILE"},
		{name: "two files", args: []string{"check", good, bad}, code: exitUsage, stderrHas: "needs exactly one FILE"},
		{name: "help", args: []string{"--help"}, code: exitOK, stdout: []string{"usage: gateway-doctor profile check FILE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			profileOut, profileErr = &out, &errb
			t.Cleanup(func() { profileOut, profileErr = os.Stdout, os.Stderr })

			if code := runProfile(tc.args); code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errb.String())
			}
			for _, s := range tc.stdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, out.String())
				}
			}
			if tc.stderr != "" && errb.String() != tc.stderr {
				t.Errorf("stderr = %q, want %q", errb.String(), tc.stderr)
			}
			if tc.stderrHas != "" && !strings.Contains(errb.String(), tc.stderrHas) {
				t.Errorf("stderr = %q, want it to contain %q", errb.String(), tc.stderrHas)
			}
			if tc.code == exitOK && errb.Len() > 0 {
				t.Errorf("stderr on success: %q", errb.String())
			}
		})
	}
}
