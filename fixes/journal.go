package fixes

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"time"
)

// JournalSchema identifies the journal's format.
const JournalSchema = "gateway-doctor/dns-journal/v1"

// JournalFile is the journal's name inside the config dir.
const JournalFile = "dns-journal.json"

// KeptJournalFile holds the settings from before a change the user kept.
// Keeping is not forgetting: `gateway-doctor restore`, the restore_dns fix
// and the uninstaller can still put the original settings back, while the
// start-up restore leaves a kept change alone.
const KeptJournalFile = "dns-journal-kept.json"

// Journal is the record of a DNS change in progress: written and synced to
// disk before anything changes; when the change is undone it is removed,
// when it is kept it becomes the kept journal. Its presence at start-up
// means a change was interrupted.
type Journal struct {
	Schema    string       `json:"schema"`
	CreatedAt time.Time    `json:"created_at"`
	PID       int          `json:"pid"`
	Provider  string       `json:"provider"`
	Servers   []netip.Addr `json:"servers"`
	Snapshot  Snapshot     `json:"snapshot"`
}

// ConfigDirEnv overrides the directory of the journal (tests, the namespace
// lab, portable installs).
const ConfigDirEnv = "GATEWAY_DOCTOR_CONFIG_DIR"

// DefaultConfigDir is $GATEWAY_DOCTOR_CONFIG_DIR, else the user's config dir
// (os.UserConfigDir) + "/gateway-doctor".
func DefaultConfigDir() (string, error) {
	if d := os.Getenv(ConfigDirEnv); d != "" {
		return d, nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("config dir: %w", err)
	}
	return filepath.Join(d, "gateway-doctor"), nil
}

// WriteJournal stores j in dir atomically and durably: mode 0600 in a 0700
// dir, file and dir synced, so that a power cut after it returns still
// leaves the journal on disk.
func WriteJournal(dir string, j Journal) error {
	if j.Schema == "" {
		j.Schema = JournalSchema
	}
	data, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	f, err := os.CreateTemp(dir, ".dns-journal-*")
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(append(data, '\n'))
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, JournalFile))
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// ReadJournal returns the journal of a pending change in dir, or nil when
// there is none.
func ReadJournal(dir string) (*Journal, error) { return readJournalFile(dir, JournalFile) }

// ReadKeptJournal returns the journal of a kept change in dir, or nil.
func ReadKeptJournal(dir string) (*Journal, error) { return readJournalFile(dir, KeptJournalFile) }

func readJournalFile(dir, name string) (*Journal, error) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	var j Journal
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("journal %s is damaged: %w", filepath.Join(dir, name), err)
	}
	if j.Schema != JournalSchema {
		return nil, fmt.Errorf("journal %s: unknown schema %q", filepath.Join(dir, name), j.Schema)
	}
	return &j, nil
}

// RemoveJournal deletes the journal once its change was undone.
func RemoveJournal(dir string) error { return removeJournalFile(dir, JournalFile) }

func removeJournalFile(dir, name string) error {
	err := os.Remove(filepath.Join(dir, name))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("journal: %w", err)
	}
	return syncDir(dir)
}

// keepJournal turns the pending journal into the kept one. When a kept
// journal exists already, it holds the older, truly original settings, so
// it stays and the pending one (a snapshot of our own earlier change) goes.
func keepJournal(dir string) error {
	kept := filepath.Join(dir, KeptJournalFile)
	if _, err := os.Stat(kept); err == nil {
		return RemoveJournal(dir)
	}
	if err := os.Rename(filepath.Join(dir, JournalFile), kept); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		// Windows cannot sync a directory handle; its rename is durable.
		if runtimeGOOS != "windows" {
			return err
		}
	}
	return nil
}
