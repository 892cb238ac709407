package fixes

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gatewaydoctor/checks"
	"gatewaydoctor/profile"
)

// Text is a user-facing sentence: a stable translation key and its English.
// The UI shows the translation of Key; the CLI prints English.
type Text struct {
	Key     string `json:"key"`
	English string `json:"en"`
}

func txt(key, en string) Text {
	t := Text{Key: key, English: en}
	allTexts = append(allTexts, t)
	return t
}

var allTexts []Text

// Texts lists every user-facing text of the package, key and English, in
// declaration order: the translations must cover exactly these keys.
func Texts() []Text {
	seen := map[string]bool{}
	out := make([]Text, 0, len(allTexts))
	for _, t := range allTexts {
		if !seen[t.Key] {
			seen[t.Key] = true
			out = append(out, t)
		}
	}
	return out
}

// AllOS is every OS the app runs on.
var AllOS = []string{"windows", "darwin", "linux"}

// Fix is one entry of the catalogue.
type Fix struct {
	ID           string
	Title        Text
	Instructions Text
	// Steps are what the user does, in order (guidance). OSSteps replace
	// them on one OS when the steps differ there.
	Steps   []Text
	OSSteps map[string][]Text
	// ChangesSystem is true when Apply changes a setting of the computer;
	// NeedsAdmin when that needs administrator rights.
	ChangesSystem bool
	NeedsAdmin    bool
	// OS lists where the fix is offered.
	OS []string
	// Apply performs the fix; nil for guidance-only fixes and for the ones
	// with their own controller (switch_dns: DNSSwitch; restart_router:
	// Watch; retest: the runner).
	Apply func(ctx context.Context, fc *FixContext) (Outcome, error)
	// WatchesNetwork means the app waits for the network to come back
	// (Watch) while the user follows the steps, then retests.
	WatchesNetwork bool
	// Retests means the app runs the checks again as the fix itself.
	Retests bool
}

// StepsFor returns the steps on goos.
func (f Fix) StepsFor(goos string) []Text {
	if s, ok := f.OSSteps[goos]; ok {
		return s
	}
	return f.Steps
}

// AvailableOn reports whether the fix is offered on goos.
func (f Fix) AvailableOn(goos string) bool {
	for _, o := range f.OS {
		if o == goos {
			return true
		}
	}
	return false
}

// FixContext is what Apply may use; every part is injectable.
type FixContext struct {
	GOOS    string
	Runner  Runner
	Env     *checks.Env
	Profile *profile.Profile
	// URL is the website the user cannot open.
	URL string
	// Browser is the one the user chose; Browsers the installed ones.
	Browser  *Browser
	Browsers []Browser
	Desktop  Desktop
	// Stack is the resolver stack (flush_dns).
	Stack Stack
	// Processes lists process names (restart_browser names the browsers).
	Processes func(ctx context.Context) []string
	// Switch is the DNS configuration restore_dns works on.
	Switch SwitchConfig
	// Summary and Evidence are the verdict's, for contact messages.
	Summary  string
	Evidence []string
}

// Outcome is what Apply did, in words for the user.
type Outcome struct {
	// NothingToDo is true when the fix found nothing to change, honestly
	// said (no local DNS cache, no journal).
	NothingToDo bool     `json:"nothing_to_do,omitempty"`
	Message     Text     `json:"message"`
	Ran         []string `json:"ran,omitempty"`
	// Details are extra lines: browsers named, browser pages to visit.
	Details []string     `json:"details,omitempty"`
	Contact *ContactText `json:"contact,omitempty"`
}

// ErrChooseBrowser means the fix needs a browser and none was chosen or
// found.
var ErrChooseBrowser = errors.New("choose a browser")

// Catalog is every fix by ID: the IDs of DESIGN.md's verdict table.
var Catalog = map[string]Fix{}

// Lookup returns the fix with id.
func Lookup(id string) (Fix, bool) { f, ok := Catalog[id]; return f, ok }

// IDs lists the catalogue's IDs in a stable order.
func IDs() []string { return append([]string{}, catalogOrder...) }

var catalogOrder []string

func add(f Fix) {
	if f.OS == nil {
		f.OS = AllOS
	}
	Catalog[f.ID] = f
	catalogOrder = append(catalogOrder, f.ID)
}

func init() {
	add(Fix{ID: "retest", Retests: true,
		Title:        txt("fix.retest.title", "Check the website again"),
		Instructions: txt("fix.retest.instructions", "We will try the website again now and tell you what changed.")})
	add(Fix{ID: "wait_and_retest", Retests: true,
		Title:        txt("fix.wait_and_retest.title", "Wait a few minutes, then check again"),
		Instructions: txt("fix.wait_and_retest.instructions", "The problem is on the website's side. Websites usually fix this kind of error within minutes. Wait a little, then check again.")})
	add(Fix{ID: "private_window", Apply: applyBrowser(LaunchPrivate),
		Title:        txt("fix.private_window.title", "Open the website in a private window"),
		Instructions: txt("fix.private_window.instructions", "A private window starts without your saved cookies and cached pages. If the website works there, something saved in your browser is the problem.")})
	add(Fix{ID: "other_browser", Apply: applyBrowser(LaunchOpen),
		Title:        txt("fix.other_browser.title", "Try another browser"),
		Instructions: txt("fix.other_browser.instructions", "Open the website in a different browser. If it works there, the problem is in your usual browser.")})
	add(Fix{ID: "restart_browser", Apply: applyRestartBrowser,
		Title:        txt("fix.restart_browser.title", "Restart your browser"),
		Instructions: txt("fix.restart_browser.instructions", "Close every window of your browser, wait a few seconds, then open it again. We will not close it for you, so you can save your work first."),
		Steps: []Text{txt("fix.restart_browser.step1", "Save anything you are typing in the browser."),
			txt("fix.restart_browser.step2", "Close all of its windows."),
			txt("fix.restart_browser.step3", "Open the browser again and go back to the website.")}})
	add(Fix{ID: "clear_browser_cache", Apply: applyBrowser(LaunchClearData),
		Title:        txt("fix.clear_browser_cache.title", "Clear your browser's cache"),
		Instructions: txt("fix.clear_browser_cache.instructions", "We will open your browser's page for clearing saved data. Choose \"Cached images and files\" only, so that you stay signed in to your websites, then confirm."),
		Steps: []Text{txt("fix.clear_browser_cache.step1", "On the page that opens, pick \"Cached images and files\" (Firefox: \"Cached Web Content\")."),
			txt("fix.clear_browser_cache.step2", "Leave passwords and cookies unticked."),
			txt("fix.clear_browser_cache.step3", "Confirm, then open the website again.")}})
	add(Fix{ID: "safe_mode_browser", Apply: applyBrowser(LaunchNoExtensions),
		Title:        txt("fix.safe_mode_browser.title", "Open your browser without extensions"),
		Instructions: txt("fix.safe_mode_browser.instructions", "Extensions such as ad blockers can break a website. We will open it with extensions switched off. This only works when that browser is fully closed first.")})
	add(Fix{ID: "flush_dns", Apply: applyFlushDNS, ChangesSystem: true, NeedsAdmin: true,
		Title:        txt("fix.flush_dns.title", "Clear this computer's DNS cache"),
		Instructions: txt("fix.flush_dns.instructions", "Your computer remembers website addresses for a while. Clearing that memory makes it look them up again. Nothing else changes."),
		Steps:        []Text{txt("fix.flush_dns.step_browser", "Browsers keep their own copy too. In Chrome or Edge, open the page we show and press \"Clear host cache\". In Firefox, open about:networking#dns and press \"Clear DNS Cache\".")}})
	add(Fix{ID: "switch_dns", ChangesSystem: true, NeedsAdmin: true,
		Title:        txt("fix.switch_dns.title", "Switch to a public DNS service (reversible)"),
		Instructions: txt("fix.switch_dns.instructions", "Your network's address book (DNS) gives wrong or no answers. We will switch this computer to another one, check that websites load, and then ask whether to keep it. If you do not answer within 30 seconds, we put your old settings back.")})
	add(Fix{ID: "restore_dns", Apply: applyRestoreDNS, ChangesSystem: true, NeedsAdmin: true,
		Title:        txt("fix.restore_dns.title", "Put the previous DNS settings back"),
		Instructions: txt("fix.restore_dns.instructions", "We will put back the DNS settings this computer had before Gateway Doctor changed them.")})
	add(Fix{ID: "proxy_settings", Apply: applyProxySettings,
		Title:        txt("fix.proxy_settings.title", "Check the proxy settings"),
		Instructions: txt("fix.proxy_settings.instructions", "A proxy is a middleman for your web traffic. We will open the proxy settings. If you did not set a proxy yourself and your organisation does not use one, switch it off. If unsure, ask your helpdesk first.")})
	add(Fix{ID: "open_portal", Apply: applyOpenPortal,
		Title:        txt("fix.open_portal.title", "Open the network's sign-in page"),
		Instructions: txt("fix.open_portal.instructions", "This network (a hotel, café or airport Wi-Fi, for example) wants you to sign in or accept its terms. We will open its page in your browser; after you sign in, check the website again.")})
	add(Fix{ID: "restart_router", WatchesNetwork: true,
		Title:        txt("fix.restart_router.title", "Restart your router"),
		Instructions: txt("fix.restart_router.instructions", "Your router is the box that connects your home or office to the internet. Turning it off and on again fixes many connection problems. We will watch for the connection to come back and then check the website again."),
		Steps: []Text{txt("fix.restart_router.step1", "Unplug the router's power cable (or press its power button)."),
			txt("fix.restart_router.step2", "Wait 30 seconds."),
			txt("fix.restart_router.step3", "Plug it back in. It can take two or three minutes until its lights are steady again."),
			txt("fix.restart_router.step4", "Leave this window open: we are watching for the connection to come back.")}})
	add(Fix{ID: "restart_computer",
		Title:        txt("fix.restart_computer.title", "Restart this computer"),
		Instructions: txt("fix.restart_computer.instructions", "Save your work, then restart the computer. Open Gateway Doctor again afterwards to check the website."),
		Steps: []Text{txt("fix.restart_computer.step1", "Save your work and close your programs."),
			txt("fix.restart_computer.step2", "Restart the computer (not just shut the lid)."),
			txt("fix.restart_computer.step3", "Open Gateway Doctor again and check the website.")}})
	add(Fix{ID: "check_connection",
		Title:        txt("fix.check_connection.title", "Check that you are connected (Wi-Fi or cable)"),
		Instructions: txt("fix.check_connection.instructions", "This computer is not connected to any network."),
		Steps: []Text{txt("fix.check_connection.step1", "If you use Wi-Fi: check that Wi-Fi is on and that you picked your network."),
			txt("fix.check_connection.step2", "If you use a cable: check that both ends are plugged in firmly."),
			txt("fix.check_connection.step3", "Check that airplane mode is off."),
			txt("fix.check_connection.step4", "Then check the website again.")}})
	add(Fix{ID: "fix_clock",
		Title:        txt("fix.fix_clock.title", "Set this computer's clock automatically"),
		Instructions: txt("fix.fix_clock.instructions", "Secure websites check the date. When the computer's clock is wrong, they refuse to load. Let the computer set its clock by itself."),
		Steps:        []Text{txt("fix.fix_clock.step_linux", "Open Settings, then Date & Time, and switch on \"Automatic Date & Time\".")},
		OSSteps: map[string][]Text{
			"windows": {txt("fix.fix_clock.step_windows", "Open Settings, then Time & language, then Date & time. Switch on \"Set time automatically\" and press \"Sync now\".")},
			"darwin":  {txt("fix.fix_clock.step_darwin", "Open System Settings, then General, then Date & Time. Switch on \"Set time and date automatically\".")},
		}})
	add(Fix{ID: "hosts_file", NeedsAdmin: true,
		Title:        txt("fix.hosts_file.title", "Remove the website from the hosts file"),
		Instructions: txt("fix.hosts_file.instructions", "A small file on this computer (the hosts file) sends this website's name to a fixed address. Someone or some program put it there. Gateway Doctor does not edit it for you: ask your helpdesk, or remove the line yourself."),
		Steps: []Text{txt("fix.hosts_file.step_unix", "Open a terminal and run: sudo nano /etc/hosts"),
			txt("fix.hosts_file.step_remove", "Delete the line that contains the website's name, save and close.")},
		OSSteps: map[string][]Text{
			"windows": {txt("fix.hosts_file.step_windows", "Open Notepad as administrator, then open C:\\Windows\\System32\\drivers\\etc\\hosts."),
				txt("fix.hosts_file.step_remove", "Delete the line that contains the website's name, save and close.")},
		}})
	for _, id := range []string{"contact_site", "contact_helpdesk", "contact_isp"} {
		add(Fix{ID: id, Apply: applyContact(id), Title: contactTitles[id], Instructions: contactInstructions[id]})
	}
}

var contactTitles = map[string]Text{
	"contact_site":     txt("fix.contact_site.title", "Tell the website's owners"),
	"contact_helpdesk": txt("fix.contact_helpdesk.title", "Contact your helpdesk"),
	"contact_isp":      txt("fix.contact_isp.title", "Contact your internet provider"),
}

var contactInstructions = map[string]Text{
	"contact_site":     txt("fix.contact_site.instructions", "The problem is on the website's side. You can tell its owners: here is a message you can copy into their contact form or an email."),
	"contact_helpdesk": txt("fix.contact_helpdesk.instructions", "Your helpdesk can fix this. Here is a message you can send them; it says what we found."),
	"contact_isp":      txt("fix.contact_isp.instructions", "The problem is with your internet connection. Call or write to your internet provider; here is what to tell them."),
}

// The DNS switch's sentences, for the wizard and the CLI. Countdown has one
// %d: the seconds left.
var (
	MsgSwitchKeepQuestion = txt("fix.switch_dns.keep_question", "Keep these settings?")
	MsgSwitchCountdown    = txt("fix.switch_dns.countdown", "Your previous settings come back by themselves in %d seconds.")
	MsgSwitchVerified     = txt("fix.switch_dns.verified", "The new DNS service works here: websites are found and the internet answers.")
	MsgSwitchVerifyFailed = txt("fix.switch_dns.verify_failed", "The new DNS service did not work here, so your previous settings were put back. Nothing has changed.")
	MsgSwitchKept         = txt("fix.switch_dns.kept", "The new DNS settings are kept.")
	MsgSwitchReverted     = txt("fix.switch_dns.reverted", "Your previous DNS settings are back.")
	MsgSwitchInterrupted  = txt("fix.switch_dns.interrupted", "Gateway Doctor was closed while it was trying new DNS settings. Your previous settings are back.")
	MsgSwitchNeedsAdmin   = txt("fix.switch_dns.needs_admin", "Changing DNS settings needs an administrator. Run Gateway Doctor as an administrator, or ask your helpdesk.")
	MsgSwitchUnsupported  = txt("fix.switch_dns.unsupported", "Another program manages this computer's DNS settings, so Gateway Doctor does not change them. Ask your helpdesk.")
)

// Outcome messages, as translatable texts.
var (
	msgBrowserOpened             = txt("fix.browser.opened", "The browser is opening.")
	msgRestartBrowserNoneRunning = txt("fix.restart_browser.none_running", "No browser is open right now: open one and go to the website again.")
	msgRestartBrowserRunning     = txt("fix.restart_browser.running", "These browsers are open. Close and reopen them:")
	msgFlushDnsNothing           = txt("fix.flush_dns.nothing", "This computer keeps no DNS cache of its own, so there is nothing to clear here. Your browser may keep one: see below.")
	msgFlushDnsDone              = txt("fix.flush_dns.done", "This computer's DNS cache is cleared. Browsers keep their own: see below.")
	msgRestoreDnsNothing         = txt("fix.restore_dns.nothing", "Gateway Doctor has not changed your DNS settings: there is nothing to put back.")
	msgRestoreDnsDone            = txt("fix.restore_dns.done", "Your previous DNS settings are back.")
	msgProxySettingsManual       = txt("fix.proxy_settings.manual", "Open your system's network settings and look for \"Proxy\".")
	msgProxySettingsOpened       = txt("fix.proxy_settings.opened", "The proxy settings are opening.")
	msgOpenPortalOpened          = txt("fix.open_portal.opened", "The sign-in page is opening in your browser.")
)

func (fc *FixContext) goos() string {
	if fc.GOOS == "" {
		return runtimeGOOS
	}
	return fc.GOOS
}

func (fc *FixContext) run(ctx context.Context, c Command, out *Outcome) error {
	out.Ran = append(out.Ran, c.String())
	_, err := fc.Runner.Run(ctx, c)
	return err
}

// pickBrowser is the chosen browser, else the first installed one that can
// be started in mode.
func (fc *FixContext) pickBrowser(mode LaunchMode) (Browser, error) {
	if fc.Browser != nil {
		return *fc.Browser, nil
	}
	for _, b := range fc.Browsers {
		k, _ := Kind(b.ID)
		if (mode == LaunchPrivate && k.Private == "") || (mode == LaunchNoExtensions && k.NoExtensions == "") {
			continue
		}
		if mode == LaunchOpen {
			continue // "another browser" needs the user's choice
		}
		return b, nil
	}
	names := make([]string, 0, len(fc.Browsers))
	for _, b := range fc.Browsers {
		names = append(names, string(b.ID))
	}
	if len(names) == 0 {
		return Browser{}, fmt.Errorf("%w: no supported browser was found", ErrChooseBrowser)
	}
	return Browser{}, fmt.Errorf("%w: installed: %s", ErrChooseBrowser, strings.Join(names, ", "))
}

func applyBrowser(mode LaunchMode) func(context.Context, *FixContext) (Outcome, error) {
	return func(ctx context.Context, fc *FixContext) (Outcome, error) {
		var out Outcome
		b, err := fc.pickBrowser(mode)
		if err != nil {
			return out, err
		}
		c, err := LaunchPlan(fc.goos(), b, mode, fc.URL)
		if err != nil {
			return out, err
		}
		out.Message = msgBrowserOpened
		return out, fc.run(ctx, c, &out)
	}
}

func applyRestartBrowser(ctx context.Context, fc *FixContext) (Outcome, error) {
	var names []string
	if fc.Processes != nil {
		names = fc.Processes(ctx)
	}
	out := Outcome{Message: msgRestartBrowserNoneRunning}
	running := RunningBrowsers(names)
	if len(running) > 0 {
		out.Message = msgRestartBrowserRunning
		for _, k := range running {
			out.Details = append(out.Details, k.Name)
		}
	}
	return out, nil
}

func applyFlushDNS(ctx context.Context, fc *FixContext) (Outcome, error) {
	var out Outcome
	plan := FlushPlan(fc.goos(), fc.Stack)
	for _, b := range fc.Browsers {
		if k, _ := Kind(b.ID); k.DNSCache != "" {
			out.Details = append(out.Details, fmt.Sprintf("%s: %s", k.Name, k.DNSCache))
		}
	}
	if len(plan) == 0 {
		out.NothingToDo = true
		out.Message = msgFlushDnsNothing
		return out, nil
	}
	for _, c := range plan {
		if err := fc.run(ctx, c, &out); err != nil {
			return out, fmt.Errorf("flush dns: %w", err)
		}
	}
	out.Message = msgFlushDnsDone
	return out, nil
}

func applyRestoreDNS(ctx context.Context, fc *FixContext) (Outcome, error) {
	j, err := RestoreOriginal(ctx, fc.Switch)
	if err != nil {
		return Outcome{}, err
	}
	if j == nil {
		return Outcome{NothingToDo: true, Message: msgRestoreDnsNothing}, nil
	}
	return Outcome{Message: msgRestoreDnsDone}, nil
}

func applyProxySettings(ctx context.Context, fc *FixContext) (Outcome, error) {
	var out Outcome
	c, err := ProxySettingsPlan(fc.goos(), fc.Desktop)
	if errors.Is(err, ErrUnsupported) {
		out.NothingToDo = true
		out.Message = msgProxySettingsManual
		return out, nil
	}
	if err != nil {
		return out, err
	}
	out.Message = msgProxySettingsOpened
	return out, fc.run(ctx, c, &out)
}

func applyOpenPortal(ctx context.Context, fc *FixContext) (Outcome, error) {
	var out Outcome
	u := fc.URL
	if u == "" && fc.Env != nil && len(fc.Env.CaptiveProbes) > 0 {
		// The probe's plain-HTTP address is the one portals intercept, so
		// the browser lands on the sign-in page.
		u = fc.Env.CaptiveProbes[0].URL
	}
	c, err := OpenPlan(fc.goos(), u)
	if err != nil {
		return out, err
	}
	out.Message = msgOpenPortalOpened
	return out, fc.run(ctx, c, &out)
}

func applyContact(id string) func(context.Context, *FixContext) (Outcome, error) {
	return func(ctx context.Context, fc *FixContext) (Outcome, error) {
		c, err := ContactMessage(id, fc.Profile, fc.URL, fc.Summary, fc.Evidence)
		if err != nil {
			return Outcome{}, err
		}
		return Outcome{Message: contactInstructions[id], Contact: &c}, nil
	}
}
