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
