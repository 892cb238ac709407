//go:build linux

// Command benchtable is `make bench`: it runs the engine's Go benchmarks
// and measures the app against a minimal Fyne window built the same way,
// then prints one small table of the figures that matter, each against its
// goal, and (with -record) writes it to docs/benchmarks.md with the date
// and the machine. Timing never fails the command: a figure over its goal
// is marked, and only a benchmark that cannot run is an error.
//
//	go run ./packaging/benchtable [-record docs/benchmarks.md] [-runs 3] [-apps=false]
//
// The app and the minimal window are measured under Xvfb, inside a network
// namespace with only loopback (so the real app reaches nothing), with
// /usr/bin/time -v (Debian package time) around each launch. Needs root
// for the namespace, and xvfb and time (packaging/deps.sh test). The first
// frame is the one the window itself reports (ui/internal/firstframe, which
// the app and ui/internal/minimal both wrap their content in).
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The goals of issue 8, "make bench".
const (
	goalSlowestRatio    = 1.15  // diagnosis wall ÷ slowest injected delay
	goalFetchRatio      = 1.10  // check wall ÷ one plain HTTP/1.1 fetch, every packet delayed (issue 17)
	goalBudgetS         = 6.0   // all-timeouts run, seconds (checks.DefaultBudget)
	goalHealthyMS       = 300.0 // healthy lab diagnosis, ms
	goalRankMS          = 2000  // resolver ranking, 6 providers × 5 queries, ms
	goalPACMS           = 10.0  // one evaluation of the 100-rule corporate PAC, ms (issue 4)
	goalHostilePACS     = 1.0   // a hostile PAC stops within this many seconds (issue 16)
	goalHostilePACBytes = 64e6  // and the app grows by less than this (issue 16)
	goalStartRatio      = 1.3   // cold start to first frame, app ÷ minimal window
	goalRSSRatio        = 1.2   // idle RSS, app ÷ minimal window
	goalSizeRatio       = 1.3   // stripped binary size, app ÷ minimal window
)

// idleSettle is how long a launched window is left alone before its RSS is
// read: the same 5 s as ui/internal/minimal/bench.sh, since Go's scavenger
// returns freed start-up memory within a few seconds.
const idleSettle = 5 * time.Second

// xPoll is how often the X server's socket is looked for while it starts.
const xPoll = 10 * time.Millisecond

// launchTimeout is how long a window may take to appear before the launch
// counts as failed.
const launchTimeout = 30 * time.Second

// appProfile is the profile the app is launched with: the screenshot lab's,
// whose probes point at loopback (the first screen contacts nothing, but a
// profile that could reach out has no place in a benchmark).
const appProfile = "ui/internal/shotlab/lab.toml"

func main() {
	record := flag.String("record", "", "also write the table to this markdown file (e.g. docs/benchmarks.md)")
	runs := flag.Int("runs", 3, "launches of each program; the median is used")
	apps := flag.Bool("apps", true, "measure the app against a minimal Fyne window (needs root, Xvfb, /usr/bin/time)")
	minimal := flag.String("minimal", "./ui/internal/minimal", "package of the minimal Fyne window (it must report its first frame: ui/internal/firstframe)")
	benchtime := flag.String("benchtime", "3x", "-benchtime for the engine benchmarks")
	engineOn := flag.Bool("engine", true, "run the engine benchmarks and the round-trip lab (false: only the app against the minimal window)")
	rttRuns := flag.Int("rtt-runs", 5, "interleaved check/fetch pairs per delay in the round-trip lab; the median is used")
	flag.Parse()

	var rows []row
	var problems []string
	if *engineOn {
		rows, problems = engineAndRTT(*benchtime, *rttRuns)
	}
	if *apps {
		r, err := appRows(*minimal, *runs)
		if err != nil {
			problems = append(problems, "app launch: "+err.Error())
		}
		rows = append(rows, r...)
	}

	table := render(rows)
	fmt.Print(table)
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "benchtable:", p)
	}
	if *record != "" {
		if err := writeRecord(*record, table, problems); err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
		fmt.Println("recorded in", *record)
	}
	if len(rows) == 0 {
		os.Exit(1)
	}
}

// engineAndRTT runs the engine's benchmarks and the round-trip lab.
func engineAndRTT(benchtime string, rttRuns int) ([]row, []string) {
	var problems []string
	engine, err := goBench("./checks/", `^(BenchmarkDiagnosisSlowestProbe|BenchmarkDiagnosisAllBlackHoled|BenchmarkDiagnosisHealthyLab|BenchmarkHostilePeakHeap|BenchmarkFirstVerdictFailingSite)$`, benchtime)
	if err != nil {
		problems = append(problems, err.Error())
	}
	// The resolver ranking moved with the DNS checks to checks/dns.
	rank, err := goBench("./checks/dns/", `^BenchmarkRankResolvers$`, benchtime)
	if err != nil {
		problems = append(problems, err.Error())
	}
	engine = append(engine, rank...)
	pac, err := goBench("./checks/proxy/pac/", `^BenchmarkPAC$`, "1s")
	if err == nil {
		// The hostile scripts run about a second each: a few runs suffice.
		var hostile []result
		hostile, err = goBench("./checks/proxy/pac/", `^BenchmarkHostilePAC$`, "2x")
		pac = append(pac, hostile...)
	}
	if err != nil {
		problems = append(problems, err.Error())
	}
	rows := engineRows(engine, pac)
	// The round-trip lab needs root (network namespaces); without it the
	// benchmark skips and its rows say "not measured".
	rtt, err := goBench("./internal/netlab/scenarios/", `^BenchmarkRoundTrips$`, fmt.Sprintf("%dx", rttRuns))
	if err != nil {
		problems = append(problems, err.Error())
	}
	return append(rows, rttRows(rtt, rttRuns)...), problems
}

// row is one line of the table.
type row struct {
	what  string
	value string
	goal  string
	// met: 1 yes, 0 no, -1 not measured or no goal.
	met int
}

func check(ok bool) int {
	if ok {
		return 1
	}
	return 0
}

func render(rows []row) string {
	var b strings.Builder
	b.WriteString("| figure | measured | goal | |\n|---|---|---|---|\n")
	for _, r := range rows {
		mark := ""
		switch r.met {
		case 1:
			mark = "met"
		case 0:
			mark = "**over**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.what, r.value, r.goal, mark)
	}
	return b.String()
}

// result is one benchmark line: its name and its metrics by unit.
type result struct {
	name    string
	metrics map[string]float64
}

var cpuSuffix = regexp.MustCompile(`-\d+$`)

// goBench runs `go test -run ^$ -bench pattern` in pkg and parses the
// result lines.
func goBench(pkg, pattern, benchtime string) ([]result, error) {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", pattern, "-benchtime", benchtime, "-count", "1", pkg)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go test -bench %s %s: %v\n%s", pattern, pkg, err, out)
	}
	var rs []result
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		r := result{name: cpuSuffix.ReplaceAllString(f[0], ""), metrics: map[string]float64{}}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				r.metrics[f[i+1]] = v
			}
		}
		rs = append(rs, r)
	}
	return rs, nil
}

func find(rs []result, name string) (result, bool) {
	for _, r := range rs {
		if r.name == name {
			return r, true
		}
	}
	return result{}, false
}

func missing(what, goal string) row {
	return row{what: what, value: "not measured", goal: goal, met: -1}
}

func engineRows(engine, pac []result) []row {
	var rows []row
	for _, d := range []string{"50ms", "200ms", "1s"} {
		what := fmt.Sprintf("diagnosis wall ÷ slowest probe delay (%s)", d)
		goal := fmt.Sprintf("≤ %.2f", goalSlowestRatio)
		r, ok := find(engine, "BenchmarkDiagnosisSlowestProbe/D="+d)
		v, ok2 := r.metrics["x-of-slowest"]
		if !ok || !ok2 {
			rows = append(rows, missing(what, goal))
			continue
		}
		rows = append(rows, row{what, fmt.Sprintf("%.2f", v), goal, check(v <= goalSlowestRatio)})
	}
	{
		what, goal := "first verdict on a failing site ÷ its slowest probe (500ms)", fmt.Sprintf("≤ %.2f", goalSlowestRatio)
		r, ok := find(engine, "BenchmarkFirstVerdictFailingSite/D=500ms")
		if v, ok2 := r.metrics["x-of-slowest-first"]; ok && ok2 {
			rows = append(rows, row{what, fmt.Sprintf("%.2f", v), goal, check(v <= goalSlowestRatio)})
		} else {
			rows = append(rows, missing(what, goal))
		}
	}
	if r, ok := find(engine, "BenchmarkDiagnosisAllBlackHoled"); ok {
		v := r.metrics["worst-s"]
		rows = append(rows, row{"everything times out: whole run", fmt.Sprintf("%.2f s", v), fmt.Sprintf("≤ %.0f s (the budget)", goalBudgetS), check(v <= goalBudgetS)})
	} else {
		rows = append(rows, missing("everything times out: whole run", "≤ 6 s"))
	}
	if r, ok := find(engine, "BenchmarkDiagnosisHealthyLab"); ok {
		v := r.metrics["worst-ms"]
		rows = append(rows, row{"healthy lab: whole diagnosis", fmt.Sprintf("%.0f ms", v), fmt.Sprintf("< %.0f ms", goalHealthyMS), check(v < goalHealthyMS)})
	} else {
		rows = append(rows, missing("healthy lab: whole diagnosis", "< 300 ms"))
	}
	if r, ok := find(engine, "BenchmarkRankResolvers"); ok {
		v := r.metrics["worst-ms"]
		rows = append(rows, row{"resolver ranking, 6 providers × 5 queries, 50 ms latency", fmt.Sprintf("%.0f ms", v), fmt.Sprintf("≤ %d ms", goalRankMS), check(v <= goalRankMS)})
	} else {
		rows = append(rows, missing("resolver ranking, 6 providers × 5 queries", "≤ 2000 ms"))
	}
	if r, ok := find(pac, "BenchmarkPAC"); ok {
		v := r.metrics["ns/op"] / 1e6
		rows = append(rows, row{"PAC: 100-rule corporate file, one evaluation (in its child process)", fmt.Sprintf("%.2f ms", v), fmt.Sprintf("< %.0f ms", goalPACMS), check(v < goalPACMS)})
	}
	var worstS, worstGrowth float64
	for _, r := range pac {
		if strings.HasPrefix(r.name, "BenchmarkHostilePAC/") {
			worstS = max(worstS, r.metrics["worst-s"])
			worstGrowth = max(worstGrowth, r.metrics["app-heap-growth-MiB"])
		}
	}
	if worstS > 0 {
		rows = append(rows, row{"hostile PAC: worst time to stop", fmt.Sprintf("%.2f s", worstS), "≤ 1 s", check(worstS <= goalHostilePACS)})
		rows = append(rows, row{"hostile PAC: worst growth of the app's heap", fmt.Sprintf("%.1f MiB", worstGrowth), "< 64 MB", check(worstGrowth*(1<<20) < goalHostilePACBytes)})
	}
	var worst result
	peak := -1.0
	for _, r := range engine {
		if v, ok := r.metrics["peak-heap-MiB"]; ok && strings.HasPrefix(r.name, "BenchmarkHostilePeakHeap/") && v > peak {
			peak, worst = v, r
		}
	}
	if peak >= 0 {
		rows = append(rows, row{"hostile servers: peak heap of a diagnosis (worst: " + strings.TrimPrefix(worst.name, "BenchmarkHostilePeakHeap/") + ")",
			fmt.Sprintf("%.1f MiB", peak), "bounded (record)", -1})
	}
	return rows
}

// rttDelays are the round-trip times of BenchmarkRoundTrips: a good
// link, a satellite or congested mobile link, and a bad one.
var rttDelays = []string{"50ms", "200ms", "600ms"}

func rttRows(rtt []result, runs int) []row {
	var rows []row
	for _, d := range rttDelays {
		what := fmt.Sprintf("healthy path: check ÷ one HTTP/1.1 fetch, every packet delayed (RTT %s)", d)
		goal := fmt.Sprintf("≤ %.2f", goalFetchRatio)
		r, ok := find(rtt, "BenchmarkRoundTrips/RTT="+d)
		v, ok2 := r.metrics["x-of-fetch"]
		if !ok || !ok2 {
			rows = append(rows, missing(what, goal))
			continue
		}
		rows = append(rows, row{what, fmt.Sprintf("%.2f (%.0f ms ÷ %.0f ms, median of %d)", v, r.metrics["check-ms"], r.metrics["fetch-ms"], runs), goal, check(v <= goalFetchRatio)})
	}
	return rows
}

// launch is one measured start of a windowed program.
type launch struct {
	firstFrame time.Duration
	// firstFrameCPU is the process's CPU time until then (0 where the
	// window does not report it): it moves less with the machine's load.
	firstFrameCPU time.Duration
	idleRSSKB     int64
	maxRSSKB      int64
}

func appRows(minimalPkg string, runs int) ([]row, error) {
	goals := []row{
		missing("cold start to first frame, app ÷ minimal Fyne window", fmt.Sprintf("≤ %.1f", goalStartRatio)),
		missing("idle RSS, app ÷ minimal Fyne window", fmt.Sprintf("≤ %.1f", goalRSSRatio)),
		missing("stripped binary size, app ÷ minimal Fyne window", fmt.Sprintf("≤ %.1f", goalSizeRatio)),
	}
	tmp, err := os.MkdirTemp("", "gd-bench-")
	if err != nil {
		return goals, err
	}
	defer os.RemoveAll(tmp)
	app, mini := filepath.Join(tmp, "gateway-doctor"), filepath.Join(tmp, "fyne-minimal")
	for _, b := range [][2]string{{app, "./cmd/gateway-doctor"}, {mini, minimalPkg}} {
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", b[0], b[1])
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			return goals, fmt.Errorf("build %s: %v\n%s", b[1], err, out)
		}
	}
	sa, _ := os.Stat(app)
	sm, _ := os.Stat(mini)
	size := float64(sa.Size()) / float64(sm.Size())
	goals[2] = row{goals[2].what, fmt.Sprintf("%.2f (%.1f MiB ÷ %.1f MiB)", size, mib(sa.Size()), mib(sm.Size())), goals[2].goal, check(size <= goalSizeRatio)}

	for _, tool := range []string{"Xvfb", "/usr/bin/time", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			return goals, fmt.Errorf("needs %s (packaging/deps.sh test)", tool)
		}
	}
	if os.Geteuid() != 0 {
		return goals, errors.New("needs root for the network namespace the app runs in")
	}
	display, stopX, err := startXvfb(tmp)
	if err != nil {
		return goals, err
	}
	defer stopX()
	ns, delNS, err := isolatedNS()
	if err != nil {
		return goals, err
	}
	defer delNS()

	var appRuns, miniRuns []launch
	// Interleaved, so that a machine that gets busier mid-run hurts both.
	for i := 0; i < runs; i++ {
		prof, _ := filepath.Abs(appProfile)
		l, err := measure(tmp, display, ns, app, []string{"--profile", prof})
		if err != nil {
			return goals, fmt.Errorf("app: %w", err)
		}
		appRuns = append(appRuns, l)
		l, err = measure(tmp, display, ns, mini, nil)
		if err != nil {
			return goals, fmt.Errorf("minimal window: %w", err)
		}
		miniRuns = append(miniRuns, l)
	}
	fa, fm := median(appRuns, func(l launch) float64 { return float64(l.firstFrame) }), median(miniRuns, func(l launch) float64 { return float64(l.firstFrame) })
	ra, rm := median(appRuns, func(l launch) float64 { return float64(l.idleRSSKB) }), median(miniRuns, func(l launch) float64 { return float64(l.idleRSSKB) })
	xa, xm := median(appRuns, func(l launch) float64 { return float64(l.maxRSSKB) }), median(miniRuns, func(l launch) float64 { return float64(l.maxRSSKB) })
	ca, cm := median(appRuns, func(l launch) float64 { return float64(l.firstFrameCPU) }), median(miniRuns, func(l launch) float64 { return float64(l.firstFrameCPU) })
	cpuNote := ""
	if ca > 0 && cm > 0 {
		cpuNote = fmt.Sprintf("; CPU time to it %.2f (%.0f ÷ %.0f ms)", ca/cm, ca/1e6, cm/1e6)
	}
	goals[0] = row{goals[0].what, fmt.Sprintf("%.2f (%.0f ms ÷ %.0f ms, median of %d%s)", fa/fm, fa/1e6, fm/1e6, runs, cpuNote), goals[0].goal, check(fa/fm <= goalStartRatio)}
	goals[1] = row{goals[1].what, fmt.Sprintf("%.2f (%.1f MiB ÷ %.1f MiB; peak %.1f ÷ %.1f MiB by time -v)", ra/rm, ra/1024, rm/1024, xa/1024, xm/1024), goals[1].goal, check(ra/rm <= goalRSSRatio)}
	return goals, nil
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

func median(ls []launch, f func(launch) float64) float64 {
	vs := make([]float64, len(ls))
	for i, l := range ls {
		vs[i] = f(l)
	}
	slices.Sort(vs)
	if len(vs) == 0 {
		return math.NaN()
	}
	return vs[len(vs)/2]
}

// startXvfb starts a private X server and returns its DISPLAY.
func startXvfb(tmp string) (string, func(), error) {
	n := 90 + os.Getpid()%100
	display := fmt.Sprintf(":%d", n)
	cmd := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	deadline := time.Now().Add(launchTimeout)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(sock); err == nil {
			return display, stop, nil
		}
		time.Sleep(xPoll) // polling for the X socket to appear
	}
	stop()
	return "", nil, fmt.Errorf("the X server (Xvfb %s) did not start", display)
}

// isolatedNS makes a network namespace with only loopback, as
// ../shared/tools/isolated does, so that the real app reaches nothing.
func isolatedNS() (string, func(), error) {
	ns := fmt.Sprintf("gdbench-%d", os.Getpid())
	del := func() {
		_ = exec.Command("ip", "netns", "del", ns).Run()
		_ = os.RemoveAll(filepath.Join("/etc/netns", ns))
	}
	for _, args := range [][]string{{"netns", "add", ns}, {"-n", ns, "link", "set", "lo", "up"}} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			del()
			return "", nil, fmt.Errorf("ip %v: %v: %s", args, err, out)
		}
	}
	if err := os.MkdirAll(filepath.Join("/etc/netns", ns), 0o755); err == nil {
		_ = os.WriteFile(filepath.Join("/etc/netns", ns, "resolv.conf"), []byte("nameserver 127.0.0.1\n"), 0o644)
	}
	return ns, del, nil
}

// measure starts bin under /usr/bin/time -v in ns on display, with
// GD_BENCH_T0 set to the launch time, so that the window reports its first
// painted frame ("first_frame_ms=N" on stderr, ui/internal/firstframe).
// Then it reads the program's RSS after idleSettle and stops it.
func measure(tmp, display, ns, bin string, args []string) (launch, error) {
	var l launch
	home, err := os.MkdirTemp(tmp, "home-")
	if err != nil {
		return l, err
	}
	timeOut := filepath.Join(tmp, "time.txt")
	pr, pw, err := os.Pipe()
	if err != nil {
		return l, err
	}
	defer pr.Close()
	cmd := exec.Command("/usr/bin/time", append([]string{"-v", "-o", timeOut, "ip", "netns", "exec", ns, bin}, args...)...)
	cmd.Stderr = pw
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "DISPLAY=" + display, "LANG=en_US.UTF-8", "FYNE_SCALE=1", "NO_AT_BRIDGE=1"}
	cmd.Env = append(env, "GD_BENCH_T0="+strconv.FormatInt(time.Now().UnixNano(), 10))
	if err := cmd.Start(); err != nil {
		pw.Close()
		return l, err
	}
	pw.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	frame := make(chan float64, 1)
	cpu := make(chan float64, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "first_frame_cpu_ms="); ok {
				if ms, err := strconv.ParseFloat(v, 64); err == nil {
					select {
					case cpu <- ms:
					default:
					}
				}
			}
			if v, ok := strings.CutPrefix(sc.Text(), "first_frame_ms="); ok {
				if ms, err := strconv.ParseFloat(v, 64); err == nil {
					select {
					case frame <- ms:
					default:
					}
				}
			}
		}
	}()
	select {
	case ms := <-frame:
		l.firstFrame = time.Duration(ms * float64(time.Millisecond))
	case err := <-done:
		return l, fmt.Errorf("%s exited before its first frame: %v", bin, err)
	case <-time.After(launchTimeout):
		_ = cmd.Process.Kill()
		<-done
		return l, fmt.Errorf("%s: no first frame reported after %v (is ui/internal/firstframe wired in?)", bin, launchTimeout)
	}
	time.Sleep(idleSettle) // the measured idle period, not synchronisation
	select {
	case ms := <-cpu: // printed right after first_frame_ms, long before now
		l.firstFrameCPU = time.Duration(ms * float64(time.Millisecond))
	default:
	}
	pid := childOf(cmd.Process.Pid)
	if pid == 0 {
		_ = cmd.Process.Kill()
		<-done
		return l, fmt.Errorf("%s: cannot find the program under time", bin)
	}
	l.idleRSSKB = vmRSS(pid)
	_ = syscall.Kill(pid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(launchTimeout):
		_ = syscall.Kill(pid, syscall.SIGKILL)
		<-done
	}
	if data, err := os.ReadFile(timeOut); err == nil {
		if m := regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`).FindSubmatch(data); m != nil {
			l.maxRSSKB, _ = strconv.ParseInt(string(m[1]), 10, 64)
		}
	}
	return l, nil
}

// childOf returns the first child of pid (time's child: `ip netns exec`
// execs the program in place, so that child is the program).
func childOf(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(f[0])
	return n
}

func vmRSS(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// writeRecord writes the table to path with the date and the machine.
func writeRecord(path, table string, problems []string) error {
	var b strings.Builder
	b.WriteString("# Benchmarks\n\n")
	b.WriteString("`make bench` (packaging/benchtable) measures these figures in one run and prints this table; `go run ./packaging/benchtable -record docs/benchmarks.md` rewrites this file. Timing never fails CI.\n\n")
	fmt.Fprintf(&b, "Measured %s on %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), machine())
	b.WriteString(table)
	if len(problems) > 0 {
		b.WriteString("\nNot measured in this run:\n")
		for _, p := range problems {
			first, _, _ := strings.Cut(p, "\n")
			fmt.Fprintf(&b, "- %s\n", first)
		}
	}
	b.WriteString(methodNotes)
	// A "## Notes" section written by people (what a figure means, what
	// makes it up) outlives re-recording.
	if old, err := os.ReadFile(path); err == nil {
		if i := bytes.Index(old, []byte("\n## Notes")); i >= 0 {
			b.Write(old[i:])
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

const methodNotes = `
How each figure is measured:
- Diagnosis figures: checks/bench_test.go, the whole suite against the loopback lab (internal/lab), the worst of the runs.
  - The slowest-probe ratio delays the site's answer by D, the slowest probe of the run.
  - The first-verdict ratio: a site answering 502 after D (500 ms); first_verdict_ms ÷ D, the worst of the runs (the retests that follow do not count).
  - "Everything times out" points every resolver and endpoint at a black hole.
- Round trips: internal/netlab/scenarios, BenchmarkRoundTrips. A namespace lab (internal/netlab) where every packet the client sends waits the RTT (netem where the kernel has it, else an iptables NFQUEUE rule and a user-space delayer), DNS included, against nginx serving 200 over TLS 1.3.
  - ` + "`gateway-doctor check --json URL`" + ` ÷ one plain fetch of the same URL by a Go http.Client (TLS 1.3, HTTP/1.1), each a whole process timed from outside, as a user times curl.
  - Interleaved in alternating order after one untimed pair; the ratio of the medians.
- Resolver ranking: checks/dns/rank_test.go, 6 providers (IPv4 and IPv6), 5 queries each, 50 ms injected at every lab server.
- Hostile servers: checks/hostile_test.go; peak heap in use above the heap before the run, sampled every 2 ms.
- The app and the window:
  - ` + "`gateway-doctor --profile ui/internal/shotlab/lab.toml`" + ` (the wizard's first screen) against ui/internal/minimal, a Fyne window with one label. Both are built with ` + "`-trimpath -ldflags \"-s -w\"`" + `, cgo on.
  - Each is launched under Xvfb in a loopback-only network namespace, wrapped in /usr/bin/time -v.
  - First frame: from just before exec to the first frame the window paints. The window reports it itself (ui/internal/firstframe, GD_BENCH_T0), with the CPU time the process used until then (user and system, all threads), which moves less with the machine's load.
  - Idle RSS: VmRSS 5 s after that.
  - Median of the interleaved launches. Page cache is warm after the first launch: "cold" means a new process, not an empty cache.
`

func machine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
				break
			}
		}
	}
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		if m := regexp.MustCompile(`MemTotal:\s+(\d+) kB`).FindSubmatch(data); m != nil {
			kb, _ := strconv.ParseFloat(string(m[1]), 64)
			mem = fmt.Sprintf(", %.0f GiB RAM", kb/(1<<20))
		}
	}
	kernel := ""
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = ", Linux " + strings.TrimSpace(string(data))
	}
	return fmt.Sprintf("%s, %d CPUs%s%s, %s/%s, %s", cpu, runtime.NumCPU(), mem, kernel, runtime.GOOS, runtime.GOARCH, runtime.Version())
}
