package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/fixes"
)

// TestCheckNotesALeftJournal: check names an interrupted change and
// suggests restore, and leaves the journal where it is.
func TestCheckNotesALeftJournal(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(fixes.ConfigDirEnv, dir)
	var b bytes.Buffer
	noteLeftJournal(&b)
	if b.Len() != 0 {
		t.Fatalf("no journal, but: %q", b.String())
	}
	if err := fixes.WriteJournal(dir, fixes.Journal{CreatedAt: time.Now(), Provider: "lab"}); err != nil {
		t.Fatal(err)
	}
	noteLeftJournal(&b)
	if !strings.Contains(b.String(), "gateway-doctor restore") || !strings.Contains(b.String(), "lab") {
		t.Fatalf("note = %q", b.String())
	}
	if _, err := os.Stat(filepath.Join(dir, fixes.JournalFile)); err != nil {
		t.Fatalf("the journal was touched: %v", err)
	}
}

// TestRestoreHonoursTheProfile: `restore --profile` reads the profile (a bad
// one is a usage error) and, when the restore fails, names its helpdesk.
func TestRestoreHonoursTheProfile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(fixes.ConfigDirEnv, dir)
	prof := filepath.Join(t.TempDir(), "it.toml")
	if err := os.WriteFile(prof, []byte("[helpdesk]\nname = \"Example IT\"\nemail = \"help@example.org\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fio, _, errb := testIO(strings.NewReader(""))
	if code := fio.restore([]string{"--profile", filepath.Join(dir, "missing.toml")}); code != exitUsage {
		t.Errorf("a missing profile: exit %d", code)
	}
	if err := os.WriteFile(filepath.Join(dir, fixes.JournalFile), []byte("{damaged"), 0o600); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := fio.restore([]string{"--profile", prof}); code == exitOK {
		t.Fatal("a damaged journal restored")
	}
	if !strings.Contains(errb.String(), "contact Example IT (help@example.org)") {
		t.Errorf("the failure does not name the profile's helpdesk:\n%s", errb)
	}
}
