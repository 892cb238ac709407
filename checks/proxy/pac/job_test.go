package pac

import (
	"math"
	"testing"
)

// TestChildJobLimit: the Windows child's Job Object, checked on every OS.
func TestChildJobLimit(t *testing.T) {
	for _, tc := range []struct {
		name       string
		race       bool
		wantFlags  uint32
		wantMemory uint64
	}{
		{
			name:       "a release build caps committed memory, kills the child with the app and forbids a second process",
			wantFlags:  jobLimitKillOnJobClose | jobLimitActiveProcess | jobLimitProcessMemory,
			wantMemory: 512 << 20,
		},
		{
			name:      "a race build keeps the kill and the process limit but not the memory cap, as on Linux",
			race:      true,
			wantFlags: jobLimitKillOnJobClose | jobLimitActiveProcess,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := childJobLimit(tc.race)
			if got.Flags != tc.wantFlags {
				t.Errorf("flags = %#x, want %#x", got.Flags, tc.wantFlags)
			}
			if got.ActiveProcesses != 1 {
				t.Errorf("active processes = %d, want 1", got.ActiveProcesses)
			}
			if got.ProcessMemory != tc.wantMemory {
				t.Errorf("process memory = %d, want %d", got.ProcessMemory, tc.wantMemory)
			}
			if got.Flags&jobLimitProcessMemory != 0 {
				// The heap watchdog's clearer message must normally come first,
				// and ProcessMemoryLimit is a SIZE_T: it must fit 32-bit Windows.
				if got.ProcessMemory <= maxHeapGrowth {
					t.Errorf("process memory %d is not above the heap watchdog's %d", got.ProcessMemory, maxHeapGrowth)
				}
				if got.ProcessMemory > math.MaxUint32 {
					t.Errorf("process memory %d does not fit a 32-bit SIZE_T", got.ProcessMemory)
				}
			}
		})
	}
}

// TestOutOfMemory: a child stopped by its memory limit is told from another
// crash, on every OS's wording.
func TestOutOfMemory(t *testing.T) {
	for _, tc := range []struct {
		name, stderr string
		want         bool
	}{
		{"Linux address-space cap", "fatal error: runtime: cannot allocate memory", true},
		{"Windows commit refused as out of memory", "runtime: VirtualAlloc of 33554432 bytes failed with errno=1455\nfatal error: out of memory", true},
		{"Windows commit refused with another error", "runtime: VirtualAlloc of 8192 bytes failed with errno=1816\nfatal error: runtime: failed to commit pages", true},
		{"a crash that is not memory", "panic: runtime error: index out of range [3] with length 3", false},
		{"nothing on stderr", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := outOfMemory(tc.stderr); got != tc.want {
				t.Errorf("outOfMemory(%q) = %v, want %v", tc.stderr, got, tc.want)
			}
		})
	}
}
