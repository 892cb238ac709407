package main

// `gateway-doctor fix ID` and `gateway-doctor restore`: the fix catalogue,
// headless, for helpdesk scripts, support calls and the namespace tests.
//
// Exit codes of fix and restore:
//
//	0  the fix was done (switch_dns: verified and kept; restore: restored or nothing to restore)
//	1  the fix was not done: declined, not offered by the profile, failed
//	   verification (the old settings were put back), or not kept at the
//	   countdown (put back)
//	2  bad usage: a clear one-line error on stderr
//	3  internal error, including an undo that failed (the journal stays, and
//	   the next start tries again)
//
// The journal lives in os.UserConfigDir()/gateway-doctor, or in
// $GATEWAY_DOCTOR_CONFIG_DIR when set (tests, portable installs).

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/fixes"
	"gatewaydoctor/profile"
)

// fixIO is where the fix command talks; tests replace it.
type fixIO struct {
	in       io.Reader
	out, err io.Writer
	// countdown is how long "Keep these settings?" waits.
	countdown time.Duration
	// after is the countdown's timer (tests inject one that fires at once).
	after func(time.Duration) <-chan time.Time
}

var stdIO = fixIO{in: os.Stdin, out: os.Stdout, err: os.Stderr, countdown: fixes.KeepCountdown, after: time.After}

func runFix(args []string) int     { return stdIO.fix(args) }
func runRestore(args []string) int { return stdIO.restore(args) }

type fixFlags struct {
	yes, keep                      bool
	provider, profilePath, browser string
	pos                            []string
}

// parseFixFlags accepts flags before, between and after the positional
// arguments (`fix switch_dns --yes` and `fix --yes switch_dns`).
func parseFixFlags(name string, args []string, w io.Writer) (fixFlags, error) {
	var f fixFlags
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.BoolVar(&f.yes, "yes", false, "do not ask before changing anything")
	fs.BoolVar(&f.keep, "keep", false, "switch_dns: keep the new settings once verification passed")
	fs.StringVar(&f.provider, "provider", "", "switch_dns: the DNS provider's name from the profile")
	fs.StringVar(&f.profilePath, "profile", "", "helpdesk profile (TOML)")
	fs.StringVar(&f.browser, "browser", "", "browser fixes: chrome, edge, firefox, chromium, brave, vivaldi, opera or safari")
	for {
		if err := fs.Parse(args); err != nil {
			return f, err
		}
		if fs.NArg() == 0 {
			return f, nil
		}
		f.pos = append(f.pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func (fio fixIO) usageErr(format string, a ...any) int {
	fmt.Fprintf(fio.err, "gateway-doctor: "+format+"\n", a...)
	return exitUsage
}

func (fio fixIO) fix(args []string) int {
	f, err := parseFixFlags("fix", args, fio.err)
	if err != nil {
		return exitUsage
	}
	if len(f.pos) == 0 || len(f.pos) > 2 {
		return fio.usageErr("usage: gateway-doctor fix ID [--yes] [--keep] [--provider NAME] [--profile FILE] [--browser ID] [URL]; IDs: %s", strings.Join(fixes.IDs(), ", "))
	}
	id := f.pos[0]
	fx, ok := fixes.Lookup(id)
	if !ok {
		return fio.usageErr("unknown fix %q; known: %s", id, strings.Join(fixes.IDs(), ", "))
	}
	var target *url.URL
	if len(f.pos) == 2 {
		u, err := fixes.ValidateWebURL(f.pos[1])
		if err != nil {
			return fio.usageErr("%v", err)
		}
		target, _ = url.Parse(u)
	}
	prof, err := loadFixProfile(f.profilePath)
	if err != nil {
		return fio.usageErr("%v", err)
	}
	desk := newDesk(prof)
	if !desk.Allowed(id) {
		fmt.Fprintf(fio.err, "gateway-doctor: %s: %v\n", id, fixes.ErrNotAllowed)
		return exitProblem
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fc, err := desk.Prepare(target)
	if err != nil {
		fmt.Fprintf(fio.err, "gateway-doctor: %v\n", err)
		return exitInternal
	}
	if code := fio.startupRestore(ctx, fc.Switch); code != exitOK {
		return code
	}

	fmt.Fprintf(fio.out, "%s\n\n%s\n", fx.Title.English, fx.Instructions.English)
	for i, s := range fx.StepsFor(goos()) {
		fmt.Fprintf(fio.out, "  %d. %s\n", i+1, s.English)
	}
	switch {
	case fx.Carry == fixes.CarrySwitch:
		return fio.switchDNS(ctx, f, desk, fc)
	case fx.Retests():
		if target == nil {
			return fio.usageErr("%s needs the website's URL", id)
		}
		return runCheck(profileArgs(f.profilePath, target.String()))
	case fx.Carry == fixes.CarryWatch:
		return fio.watch(ctx, fc.Env, f, target)
	case !fx.Runnable():
		return exitOK
	}

	if f.browser != "" {
		b, err := chooseBrowser(fc.Browsers, f.browser)
		if err != nil {
			return fio.usageErr("%v", err)
		}
		fc.Browser = &b
	}
	if desk.NeedsConsent(id) && !f.yes && !fio.confirm("Go ahead? [y/N] ") {
		fmt.Fprintln(fio.out, "Nothing was changed.")
		return exitProblem
	}
	o, err := desk.Apply(ctx, id, fc)
	for _, r := range o.Ran {
		fmt.Fprintf(fio.out, "  ran: %s\n", r)
	}
	if err != nil {
		fmt.Fprintf(fio.err, "gateway-doctor: %s: %v\n", id, err)
		if errors.Is(err, fixes.ErrChooseBrowser) {
			return exitUsage
		}
		return exitProblem
	}
	if o.Message != fx.Instructions {
		fmt.Fprintf(fio.out, "\n%s\n", o.Message.English)
	}
	for _, d := range o.Details {
		fmt.Fprintf(fio.out, "  - %s\n", d)
	}
	if c := o.Contact; c != nil {
		if c.To != nil {
			fmt.Fprintf(fio.out, "\nTo: %s\n", strings.Join(nonEmpty(c.To.Name, c.To.Email, c.To.Phone, c.To.URL), ", "))
		}
		fmt.Fprintf(fio.out, "\nSubject: %s\n\n%s", c.Subject, c.Body)
	}
	return exitOK
}

func (fio fixIO) restore(args []string) int {
	f, err := parseFixFlags("restore", args, fio.err)
	if err != nil {
		return exitUsage
	}
	if len(f.pos) > 0 {
		return fio.usageErr("usage: gateway-doctor restore [--profile FILE]")
	}
	prof, err := loadFixProfile(f.profilePath)
	if err != nil {
		fmt.Fprintf(fio.err, "gateway-doctor: %v\n", err)
		return exitUsage
	}
	cfg, err := newDesk(nil).SwitchConfig(nil)
	if err != nil {
		fmt.Fprintf(fio.err, "gateway-doctor: %v\n", err)
		return exitInternal
	}
	defer restoreContact(fio.err, prof, &err)
	j, err := fixes.RestoreOriginal(context.Background(), cfg)
	switch {
	case errors.Is(err, fixes.ErrBusy):
		fmt.Fprintf(fio.err, "gateway-doctor: %v; it will put the settings back itself\n", err)
		return exitProblem
	case err != nil:
		fmt.Fprintf(fio.err, "gateway-doctor: restore: %v\n", err)
		return exitInternal
	case j == nil:
		fmt.Fprintln(fio.out, "Gateway Doctor has not changed your DNS settings: there is nothing to put back.")
	default:
		fmt.Fprintf(fio.out, "Your previous DNS settings are back (they were changed to %s on %s).\n", j.Provider, j.CreatedAt.Local().Format(time.DateTime))
	}
	return exitOK
}

// startupRestore undoes a change a crash left behind, and says so.
func (fio fixIO) startupRestore(ctx context.Context, cfg fixes.SwitchConfig) int {
	j, err := fixes.RestoreIfInterrupted(ctx, cfg)
	switch {
	case errors.Is(err, fixes.ErrBusy):
		return exitOK
	case err != nil:
		fmt.Fprintf(fio.err, "gateway-doctor: an interrupted DNS change could not be undone: %v\n", err)
		return exitInternal
	case j != nil:
		fmt.Fprintf(fio.out, "An earlier DNS change (to %s) was interrupted; your previous DNS settings are back.\n\n", j.Provider)
	}
	return exitOK
}

func (fio fixIO) switchDNS(ctx context.Context, f fixFlags, desk fixes.Desk, fc *fixes.FixContext) int {
	p, err := desk.ChooseProvider(ctx, fc, f.provider)
	if errors.Is(err, fixes.ErrInvalid) {
		return fio.usageErr("%v", err)
	}
	if err != nil {
		fmt.Fprintf(fio.err, "gateway-doctor: switch_dns: %v\n", err)
		return exitProblem
	}
	fmt.Fprintf(fio.out, "\nNew DNS: %s (%s)\n", providerTitle(p), joinAddrs(p.Servers))
	if !f.yes && !fio.confirm("Go ahead? [y/N] ") {
		fmt.Fprintln(fio.out, "Nothing was changed.")
		return exitProblem
	}
	sw := fixes.NewDNSSwitch(fc.Switch)
	v, err := sw.Apply(ctx, p)
	for _, c := range v.Checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(fio.out, "  %s %s: %s\n", mark, c.What, c.Detail)
	}
	switch {
	case errors.Is(err, fixes.ErrVerifyFailed) && !sw.Pending():
		fmt.Fprintf(fio.out, "\n%s\n", fixes.MsgSwitchVerifyFailed.English)
		return exitProblem
	case err != nil && sw.Pending():
		fmt.Fprintf(fio.err, "gateway-doctor: switch_dns: %v (run `gateway-doctor restore`)\n", err)
		return exitInternal
	case errors.Is(err, fixes.ErrNeedsAdmin), errors.Is(err, fixes.ErrElevationUnsupported):
		fmt.Fprintf(fio.err, "gateway-doctor: %s (%v)\n", fixes.MsgSwitchNeedsAdmin.English, err)
		return exitProblem
	case errors.Is(err, fixes.ErrUnsupported):
		fmt.Fprintf(fio.err, "gateway-doctor: %s (%v)\n", fixes.MsgSwitchUnsupported.English, err)
		return exitProblem
	case err != nil:
		fmt.Fprintf(fio.err, "gateway-doctor: switch_dns: %v\n", err)
		return exitProblem
	}
	fmt.Fprintf(fio.out, "\n%s\n", fixes.MsgSwitchVerified.English)
	if !f.keep && !fio.askKeep(ctx) {
		if err := sw.Revert(context.WithoutCancel(ctx)); err != nil {
			fmt.Fprintf(fio.err, "gateway-doctor: could not put the previous settings back: %v (run `gateway-doctor restore`)\n", err)
			return exitInternal
		}
		fmt.Fprintln(fio.out, fixes.MsgSwitchReverted.English)
		return exitProblem
	}
	if err := sw.Keep(); err != nil {
		fmt.Fprintf(fio.err, "gateway-doctor: %v\n", err)
		return exitInternal
	}
	fmt.Fprintln(fio.out, fixes.MsgSwitchKept.English)
	return exitOK
}

// askKeep asks "Keep these settings?" and waits for the countdown. Only an
// explicit yes keeps them: a timeout, a closed stdin, an interrupt or any
// other answer put the old settings back.
func (fio fixIO) askKeep(ctx context.Context) bool {
	fmt.Fprintf(fio.out, "\n%s [y/N] (%s) ", fixes.MsgSwitchKeepQuestion.English, fmt.Sprintf(fixes.MsgSwitchCountdown.English, int(fio.countdown.Seconds())))
	ans := make(chan string, 1)
	go func() {
		line, err := bufio.NewReader(fio.in).ReadString('\n')
		if err != nil && line == "" {
			close(ans)
			return
		}
		ans <- line
	}()
	select {
	case line, ok := <-ans:
		if !ok {
			fmt.Fprintln(fio.out)
			return false
		}
		a := strings.ToLower(strings.TrimSpace(line))
		return a == "y" || a == "yes"
	case <-fio.after(fio.countdown):
		fmt.Fprintln(fio.out, "\nNo answer.")
		return false
	case <-ctx.Done():
		fmt.Fprintln(fio.out)
		return false
	}
}

func (fio fixIO) confirm(prompt string) bool {
	fmt.Fprint(fio.out, prompt)
	line, _ := bufio.NewReader(fio.in).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}

func (fio fixIO) watch(ctx context.Context, env *checks.Env, f fixFlags, target *url.URL) int {
	if len(env.CaptiveProbes) == 0 {
		fmt.Fprintln(fio.out, "\nCheck the website again once the router's lights are steady.")
		return exitOK
	}
	probe := env.CaptiveProbes[0]
	srv := fixes.Verifier{Env: env}
	w := fixes.Watch{
		Probe: func(ctx context.Context) bool { return srv.ProbeSystem(ctx, probe) == nil },
		OnState: func(s fixes.WatchState) {
			switch s {
			case fixes.WatchWaiting:
				fmt.Fprintln(fio.out, "Waiting for the router to go off…")
			case fixes.WatchDown:
				fmt.Fprintln(fio.out, "The connection is down; waiting for it to come back…")
			case fixes.WatchBack:
				fmt.Fprintln(fio.out, "The connection is back.")
			case fixes.WatchGaveUp:
				fmt.Fprintln(fio.out, "The connection did not come back. Check the router's cables and lights, or contact your internet provider.")
			}
		},
	}
	res, err := w.Run(ctx)
	if err != nil || res.State != fixes.WatchBack {
		return exitProblem
	}
	if target == nil {
		return exitOK
	}
	return runCheck(profileArgs(f.profilePath, target.String()))
}

func profileArgs(profilePath, target string) []string {
	if profilePath != "" {
		return []string{"--profile", profilePath, target}
	}
	return []string{target}
}

func chooseBrowser(bs []fixes.Browser, id string) (fixes.Browser, error) {
	names := []string{}
	for _, b := range bs {
		if string(b.ID) == strings.ToLower(id) {
			return b, nil
		}
		names = append(names, string(b.ID))
	}
	return fixes.Browser{}, fmt.Errorf("browser %q is not installed (found: %s)", id, strings.Join(names, ", "))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinAddrs(as []netip.Addr) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

func providerTitle(p profile.Provider) string {
	if p.Title != "" {
		return p.Title
	}
	return p.Name
}

// fixGOOS is the OS whose plans the fix command runs.
var fixGOOS = runtime.GOOS

func goos() string { return fixGOOS }

// loadFixProfile finds the profile as every command does (DESIGN.md order),
// validated against the fix catalogue.
func loadFixProfile(path string) (*profile.Profile, error) {
	return profile.Resolve(path, fixes.Known())
}

// newDesk wires the fix desk of a real run: this OS, the environment of
// engine.SystemEnv, and the resolver benchmark to rank DNS providers.
func newDesk(p *profile.Profile) fixes.Desk {
	d := fixes.Desk{Profile: p, GOOS: goos(), Rank: rankWith}
	if p != nil {
		d.Env = func(target *url.URL) (*checks.Env, error) { return engine.SystemEnv(p, target) }
	}
	return d
}

// rankWith orders providers by the resolver benchmark (dns.RankResolvers,
// MinRankQueries uncached queries per server), keeping the usable ones.
func rankWith(env *checks.Env) fixes.RankFunc {
	return func(ctx context.Context, provs []profile.Provider) ([]profile.Provider, error) {
		var out []profile.Provider
		for _, r := range dns.RankResolvers(ctx, env, provs, dns.MinRankQueries) {
			if r.Usable {
				out = append(out, r.Provider)
			}
		}
		return out, nil
	}
}
