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
	"gatewaydoctor/internal/words"
	"gatewaydoctor/profile"
)

// stdout and stderr are where the subcommands write; tests replace them.
var (
	stdout io.Writer = os.Stdout
	stderr io.Writer = os.Stderr
	// getenv reads the locale for `check`'s language; tests replace it.
	getenv = os.Getenv
	// checkEngine adjusts the engine of `check`; tests point it at a lab.
	checkEngine = func(e *engine.Engine) {}
)

// runCheck is `gateway-doctor check [--json] [--profile FILE] [--timeout DUR]
// [--include-private] [--browser NAME] [--lang LANG] [--outside] URL`.
// It never starts Fyne: a headless run pays only for the network.
func runCheck(args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print the JSON report")
	profilePath := fs.String("profile", "", "helpdesk profile (TOML)")
	timeout := fs.Duration("timeout", checks.DefaultBudget, "the whole run's budget")
	private := fs.Bool("include-private", false, "keep user names, MAC and local addresses in the report")
	askOutside := fs.Bool("outside", false, "also fetch the URL from other places in the world (sends the URL only)")
	langCode := fs.String("lang", "", "the language of the text: "+strings.Join(words.Codes(), ", ")+" (default: the locale's)")
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
	if *langCode == "" {
		*langCode = words.Detect(getenv)
	}
	dict, ok := words.Load(*langCode)
	if !ok {
		fmt.Fprintf(stderr, "gateway-doctor check: --lang %q: no such language (have %s)\n", *langCode, strings.Join(words.Codes(), ", "))
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
	checkEngine(&eng)
	d, err := eng.Run(ctx, target, nil)
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor check: %v\n", err)
		return exitInternal
	}
	if *askOutside {
		d = eng.Outside(ctx, d, outsideClient())
	}
	tr := dict.Translator()
	// The text fields follow the language, in the JSON report too (its
	// "lang" says which); rendered before the redaction, which hides local
	// addresses in the rendered sentences as in the English ones.
	rep := d.Report.Localized(*langCode, tr)
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
		err = rep.WriteText(stdout, func(id string) string {
			return tr(checks.Text{Key: "fix." + id + ".title", English: fixes.EnglishTitle(id)})
		})
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
