package system

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/shirou/gopsutil/v3/cpu"
	"github.com/shirou/gopsutil/v3/host"
	"github.com/shirou/gopsutil/v3/load"
	"github.com/shirou/gopsutil/v3/mem"

	"gatewaydoctor/checks"
)

// SystemID is the ID of the check of the computer's own state.
const SystemID = "system"

// longUptime is when "restart the computer" becomes worthwhile advice.
// Windows' Fast Startup keeps the kernel across "Shut down", so machines run
// for weeks unknowingly; Microsoft's support articles ask for a restart
// first. Two weeks keeps the advice for machines that truly never restart.
const longUptime = 14 * 24 * time.Hour

// memoryPressurePercent is the share of memory in use above which the
// computer is likely swapping; browsers then hang and time out on their own.
const memoryPressurePercent = 90.0

// cpuPressurePercent: a processor this busy makes pages time out locally.
// On Linux and macOS the load is the 1-minute load average per core, read at
// once, so the check costs no waiting; Windows has no load average, so there
// it is sampled for cpuSample, the shortest sample that is not noise at the
// OS's 100 Hz accounting. (A fixed sample on every OS made every healthy run
// last at least that long: the diagnosis waits for its slowest check.)
const (
	cpuPressurePercent = 90.0
	cpuSample          = 500 * time.Millisecond
)

// SystemFacts is what the system check read; a zero field was not read.
type SystemFacts struct {
	OS, Platform, Version string
	Uptime                time.Duration
	MemUsedPercent        float64
	MemTotal, MemAvail    uint64
	CPUPercent            float64
	Errors                []string
}

// SystemCheck reads uptime, memory and CPU load (gopsutil):
// CodeLongUptime, CodeMemoryPressure and CodeCPUPressure.
func SystemCheck() checks.Check {
	return checks.Func{Name: SystemID, Limit: 3 * time.Second, Fn: func(ctx context.Context, _ *checks.Env) checks.Result {
		return systemResult(ReadSystemFacts(ctx))
	}}
}

// ReadSystemFacts reads the facts; what cannot be read is listed in Errors.
func ReadSystemFacts(ctx context.Context) SystemFacts {
	var f SystemFacts
	if info, err := host.InfoWithContext(ctx); err == nil {
		f.OS, f.Platform, f.Version = info.OS, info.Platform, info.PlatformVersion
		f.Uptime = time.Duration(info.Uptime) * time.Second
	} else {
		f.Errors = append(f.Errors, "host: "+err.Error())
	}
	if vm, err := mem.VirtualMemoryWithContext(ctx); err == nil {
		f.MemUsedPercent, f.MemTotal, f.MemAvail = vm.UsedPercent, vm.Total, vm.Available
	} else {
		f.Errors = append(f.Errors, "memory: "+err.Error())
	}
	if p, err := cpuBusyPercent(ctx); err == nil {
		f.CPUPercent = p
	} else {
		f.Errors = append(f.Errors, "cpu: "+err.Error())
	}
	return f
}

func systemResult(f SystemFacts) checks.Result {
	res := checks.Result{ID: SystemID, Status: checks.StatusOK}
	res.Details = map[string]any{
		"os": f.OS, "platform": f.Platform, "version": f.Version,
		"uptime_hours": int(f.Uptime.Hours()), "memory_used_percent": int(f.MemUsedPercent),
		"cpu_percent": int(f.CPUPercent),
	}
	res.Saw(checks.Say("evidence.system.uptime", "{{.Platform}} {{.Version}}, up {{.Time}}",
		checks.Args{"Platform": f.Platform, "Version": f.Version, "Time": humanDuration(f.Uptime)}))
	res.Saw(checks.Say("evidence.system.load", "memory {{.Memory}}% used, processor {{.CPU}}% busy",
		checks.Args{"Memory": fmt.Sprintf("%.0f", f.MemUsedPercent), "CPU": fmt.Sprintf("%.0f", f.CPUPercent)}))
	for _, e := range f.Errors {
		// An error of the system's own interfaces is data.
		res.Saw(checks.Say("evidence.system.error", "{{.Error}}", checks.Args{"Error": e}))
	}
	var says []checks.Text
	if f.Uptime > longUptime {
		res.Codes = append(res.Codes, checks.CodeLongUptime)
		says = append(says, checks.Say("summary.system.not_restarted", "has not been restarted for {{.Time}}", checks.Args{"Time": humanDuration(f.Uptime)}))
	}
	if f.MemUsedPercent > memoryPressurePercent {
		res.Codes = append(res.Codes, checks.CodeMemoryPressure)
		says = append(says, checks.Say("summary.system.memory", "is almost out of memory ({{.Percent}}% used)", checks.Args{"Percent": fmt.Sprintf("%.0f", f.MemUsedPercent)}))
	}
	if f.CPUPercent > cpuPressurePercent {
		res.Codes = append(res.Codes, checks.CodeCPUPressure)
		says = append(says, checks.Say("summary.system.cpu", "is very busy (processor {{.Percent}}%)", checks.Args{"Percent": fmt.Sprintf("%.0f", f.CPUPercent)}))
	}
	if len(says) > 0 {
		res.Status = checks.StatusProblem
		what := says[0]
		for _, s := range says[1:] {
			what = checks.Say("summary.system.and", "{{.First}} and {{.Then}}", checks.Args{"First": what, "Then": s})
		}
		res.Say(checks.Say("summary.system.pressure", "This computer {{.What}}.", checks.Args{"What": what}))
	} else {
		res.Say(checks.Say("summary.system.ok", "This computer is in good shape (memory, processor, recent restart).", nil))
	}
	return res
}

// cpuBusyPercent is how busy the processors are, in percent of all cores.
func cpuBusyPercent(ctx context.Context) (float64, error) {
	if runtime.GOOS != "windows" {
		avg, err := load.AvgWithContext(ctx)
		n, nerr := cpu.CountsWithContext(ctx, true)
		if err == nil && nerr == nil && n > 0 {
			return min(100, 100*avg.Load1/float64(n)), nil
		}
	}
	ps, err := cpu.PercentWithContext(ctx, cpuSample, false)
	if err != nil {
		return 0, err
	}
	if len(ps) == 0 {
		return 0, errors.New("no processor figures")
	}
	return ps[0], nil
}
