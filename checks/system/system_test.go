package system

import (
	"context"
	"reflect"
	"testing"
	"time"

	"gatewaydoctor/checks"
)

func TestSystemFindings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		facts SystemFacts
		codes []checks.Code
	}{
		{"healthy", SystemFacts{Uptime: 3 * time.Hour, MemUsedPercent: 40, CPUPercent: 12}, nil},
		{"not restarted for a month", SystemFacts{Uptime: 30 * 24 * time.Hour, MemUsedPercent: 40}, []checks.Code{checks.CodeLongUptime}},
		{"out of memory and busy", SystemFacts{Uptime: time.Hour, MemUsedPercent: 97, CPUPercent: 99}, []checks.Code{checks.CodeMemoryPressure, checks.CodeCPUPressure}},
		{"at the thresholds is fine", SystemFacts{Uptime: longUptime, MemUsedPercent: memoryPressurePercent, CPUPercent: cpuPressurePercent}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := systemResult(tc.facts)
			if !reflect.DeepEqual(r.Codes, tc.codes) {
				t.Errorf("codes %v, want %v", r.Codes, tc.codes)
			}
			if (r.Status == checks.StatusProblem) != (len(tc.codes) > 0) || r.Summary == "" {
				t.Errorf("status %s summary %q", r.Status, r.Summary)
			}
		})
	}
}

func TestSystemFactsOnThisMachine(t *testing.T) {
	f := ReadSystemFacts(context.Background())
	if f.Uptime <= 0 || f.MemTotal == 0 || f.OS == "" {
		t.Errorf("facts not read: %+v", f)
	}
}
