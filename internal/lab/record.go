package lab

import (
	"encoding/json"
	"os"
	"slices"
	"sync"
	"testing"
)

// recordEnv names the file that, when set, receives one JSON line per
// scenario: the baseline that proves a refactor keeps every outcome
// (issue 12). Unset, the scenarios behave as they always did.
const recordEnv = "GD_RECORD_SCENARIOS"

// recordMu keeps the parallel scenarios' lines whole.
var recordMu sync.Mutex

// RecordScenario appends the outcome of one scenario of suite ("loopback",
// "netns") to the file named by GD_RECORD_SCENARIOS, read from its report
// through the JSON contract so the record outlives a change of Go types.
func RecordScenario(t *testing.T, suite, name string, rep any) {
	t.Helper()
	path := os.Getenv(recordEnv)
	if path == "" {
		return
	}
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	var r struct {
		Verdict struct {
			Code      string   `json:"code"`
			Side      string   `json:"side"`
			Secondary []string `json:"secondary"`
		} `json:"verdict"`
		Checks []struct {
			ID string `json:"id"`
		} `json:"checks"`
		Fixes []string `json:"fixes"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("record: %v", err)
	}
	ids := []string{}
	for _, c := range r.Checks {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	line, err := json.Marshal(struct {
		Suite     string   `json:"suite"`
		Name      string   `json:"name"`
		Verdict   string   `json:"verdict"`
		Side      string   `json:"side"`
		Fixes     []string `json:"fixes"`
		Checks    []string `json:"checks"`
		Secondary []string `json:"secondary"`
	}{suite, name, r.Verdict.Code, r.Verdict.Side, append([]string{}, r.Fixes...), ids, append([]string{}, r.Verdict.Secondary...)})
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	recordMu.Lock()
	defer recordMu.Unlock()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	defer f.Close()
	if _, err := f.Write(append(line, '\n')); err != nil {
		t.Fatalf("record: %v", err)
	}
}
