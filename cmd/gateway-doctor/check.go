package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/system"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/fixes"
	"gatewaydoctor/profile"
)

// stdout and stderr are where the subcommands write; tests replace them.
var (
	stdout io.Writer = os.Stdout
	stderr io.Writer = os.Stderr
)

// runCheck is `gateway-doctor check [--json] [--profile FILE] [--timeout DUR]
// [--include-private] [--browser NAME] [--outside] URL`.
// It never starts Fyne: a headless run pays only for the network.
func runCheck(args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print the JSON report")
	profilePath := fs.String("profile", "", "helpdesk profile (TOML)")
	timeout := fs.Duration("timeout", checks.DefaultBudget, "the whole run's budget")
	private := fs.Bool("include-private", false, "keep user names, MAC and local addresses in the report")
	askOutside := fs.Bool("outside", false, "also fetch the URL from other places in the world (sends the URL only)")
	browser := fs.String("browser", "", "the browser that shows the problem: "+strings.Join(system.BrowserIDs(), ", "))
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor check: %v\n", err)
		return exitUsage
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "gateway-doctor check: give exactly one web address, e.g. gateway-doctor check https://shop.example/")
		return exitUsage
	}
	if *timeout <= 0 || *timeout > 5*time.Minute {
		fmt.Fprintln(stderr, "gateway-doctor check: --timeout must be between 1ms and 5m")
		return exitUsage
	}
	if err := checkBrowser(*browser); err != nil {
		fmt.Fprintf(stderr, "gateway-doctor check: %v\n", err)
		return exitUsage
	}
	target, err := web.ParseTarget(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor check: %v\n", err)
		return exitUsage
	}
	p, err := profile.Resolve(*profilePath, fixes.Known())
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor: %v\n", err)
		return exitUsage
	}
	if *askOutside && p.Privacy.OutsideCheck == profile.OutsideNever {
		fmt.Fprintf(stderr, "gateway-doctor check: --outside: the helpdesk profile %s turns the outside check off (outside_check = \"never\")\n", p.Source)
		return exitUsage
	}
	*askOutside = *askOutside || p.Privacy.OutsideCheck == profile.OutsideAlways
	noteLeftJournal(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	eng := engine.Engine{Profile: p, Budget: *timeout, Browser: *browser}
	d, err := eng.Run(ctx, target, nil)
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor check: %v\n", err)
		return exitInternal
	}
	if *askOutside {
		d = eng.Outside(ctx, d, outsideClient())
	}
	rep := d.Report
	if !*private {
		// DESIGN.md, "Privacy": user names, MACs and local addresses are
		// hidden unless the user asks for them.
		if rep, err = rep.Redacted(checks.DefaultRedaction()); err != nil {
			fmt.Fprintf(stderr, "gateway-doctor check: %v\n", err)
			return exitInternal
		}
	}
	if *asJSON {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout, fixes.EnglishTitle)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor check: %v\n", err)
		return exitInternal
	}
	if rep.Verdict.Code == checks.VerdictOK {
		return exitOK
	}
	return exitProblem
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, as people type them ("check URL --json").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errors.New("see gateway-doctor help")
			}
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
