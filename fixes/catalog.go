package fixes

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// Carry is how a fix is carried out, and so which reader acts on it: the
// CLI, the wizard, or the person.
type Carry string

// The ways a fix is carried out.
const (
	// CarryPerson: guidance only; the person follows the steps.
	CarryPerson Carry = "person"
	// CarryRetest: the app checks the website again now.
	CarryRetest Carry = "retest"
	// CarryRetestLater: the app checks the website again after a wait.
	CarryRetestLater Carry = "retest_later"
	// CarryHandoff: the app hands the report to the helpdesk (the wizard's
	// last screen); Apply writes the message for the CLI.
	CarryHandoff Carry = "handoff"
	// CarryMessage: Apply writes a message the person sends; the wizard
	// shows it with the report.
	CarryMessage Carry = "message"
	// CarryApply: Apply runs the fix's plan on this computer.
	CarryApply Carry = "apply"
	// CarrySwitch: the DNS switch (DNSSwitch): journal, verify, then keep
	// or put back.
	CarrySwitch Carry = "switch"
	// CarryWatch: the person restarts a device while the app watches for
	// the network to come back (Watch), then retests.
	CarryWatch Carry = "watch"
)

// Opens is what a fix opens for the person, and so what its step needs
// from the person or from the run: a browser to choose, the sign-in page
// the run found, the settings panel. The wizard draws the step from it (a
// browser pick, the keys to press where it cannot open one, the address
// to open by hand when opening fails); "" opens nothing of this kind.
type Opens string

// What a fix opens.
const (
	// OpensBrowser: the website in another installed browser the person
	// picks.
	OpensBrowser Opens = "browser"
	// OpensPrivateWindow: the website in a private window of a browser
	// the person picks; without one, the keys that open it.
	OpensPrivateWindow Opens = "private_window"
	// OpensNoExtensions: the website in a browser the person picks,
	// started without its extensions; without one, the keys.
	OpensNoExtensions Opens = "no_extensions"
	// OpensPortal: the network's sign-in page the run found (not the
	// website, whose HTTPS a portal cannot answer); the step then waits
	// for the sign-in.
	OpensPortal Opens = "portal"
	// OpensSettings: the OS's proxy settings panel.
	OpensSettings Opens = "settings"
)

// ChoosesBrowser reports whether the person picks the browser it opens.
func (o Opens) ChoosesBrowser() bool {
	return o == OpensBrowser || o == OpensPrivateWindow || o == OpensNoExtensions
}

// Gate names the profile key that turns a fix off. Every fix can be named
// in [fixes] disabled; a gate names the one more key, if any. The profile
// owns the meaning of its keys (profile.Offers applies them, for the engine
// too); the row says which key applies, for the docs and the CLI, and a
// test holds the two in step.
type Gate string

// The profile gates.
const (
	// GateDisabled: only [fixes] disabled turns the fix off.
	GateDisabled Gate = "fixes.disabled"
	// GateAllowSwitch: also [dns] allow_switch = false.
	GateAllowSwitch Gate = "dns.allow_switch"
)

// PlanFunc builds the commands a fix runs on fc's OS (fc.GOOS), from the
// per-OS plans (FlushPlan, LaunchPlan, OpenPlan, ProxySettingsPlan).
type PlanFunc func(fc *FixContext) ([]Command, error)

// Fix is one row of the catalogue: everything every reader needs to know
// about one fix. The CLI, the wizard, the report, the profile validator
// and docs/fixes.md read this row and nothing else.
type Fix struct {
	ID string
	// Title and Instructions are the CLI's words (and the report's title);
	// Why, How and Action are the wizard's step: translation keys into
	// assets/translations.
	Title        Text
	Instructions Text
	Why, How     string
	Action       string
	// Steps are what the user does, in order (guidance). OSSteps replace
	// them on one OS when the steps differ there.
	Steps   []Text
	OSSteps map[string][]Text
	// Sides are the verdict sides the fix serves; nil serves every side.
	Sides []checks.Side
	// ChangesSystem is true when the fix changes a setting of the computer,
	// so it needs consent (the CLI asks unless --yes; the wizard's button is
	// the consent) and, for DNS, the journal. NeedsAdmin when that needs
	// administrator rights.
	ChangesSystem bool
	NeedsAdmin    bool
	// OS lists where the fix is offered; nil is AllOS.
	OS []string
	// Gate is how the profile may turn the fix off.
	Gate Gate
	// Carry is how the fix is carried out.
	Carry Carry
	// Opens is what the fix opens, so what its step asks of the person
	// or the run; "" for none.
	Opens Opens
	// Plan builds the commands the fix runs, per OS; nil when it runs none
	// of its own (guidance, messages) or has its own controller (switch_dns
	// and restore_dns: SwitchPlan and RestorePlan from the journal).
	Plan PlanFunc
	// Apply performs the fix (running Plan where there is one) and words
	// the outcome; nil for a fix the app does not carry out by itself, and
	// for a plan that needs no words of its own (Run runs the plan).
	Apply func(ctx context.Context, fc *FixContext) (Outcome, error)
}

// Runnable reports whether Run can carry the fix out: it has an Apply or a
// plan.
func (f Fix) Runnable() bool { return f.Apply != nil || f.Plan != nil }

// Run carries the fix out with fc: its Apply, else its plan's commands in
// order. It is for the Desk, which checks the profile first.
func (f Fix) Run(ctx context.Context, fc *FixContext) (Outcome, error) {
	if f.Apply != nil {
		return f.Apply(ctx, fc)
	}
	var out Outcome
	if f.Plan == nil {
		return out, fmt.Errorf("fix %s is carried out by %s, not by the app: %w", f.ID, f.Carry, ErrInvalid)
	}
	cs, err := f.Plan(fc)
	if err != nil {
		return out, err
	}
	for _, c := range cs {
		if err := fc.run(ctx, c, &out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Retests reports whether the fix is the app checking the website again.
func (f Fix) Retests() bool { return f.Carry == CarryRetest || f.Carry == CarryRetestLater }

// StepsFor returns the steps on goos.
func (f Fix) StepsFor(goos string) []Text {
	if s, ok := f.OSSteps[goos]; ok {
		return s
	}
	return f.Steps
}

// AvailableOn reports whether the fix is offered on goos.
func (f Fix) AvailableOn(goos string) bool {
	return slices.Contains(f.OS, goos)
}

// Serves reports whether the fix serves a verdict on side s.
func (f Fix) Serves(s checks.Side) bool {
	return f.Sides == nil || slices.Contains(f.Sides, s)
}

// Allowed reports whether the profile offers the fix (profile.Offers: not
// in [fixes] disabled, and its gate open). A nil profile allows everything.
func (f Fix) Allowed(p *profile.Profile) bool { return p.Offers(f.ID) }

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

// catalogue is the fix catalogue: one row per fix, in the order of
// DESIGN.md's verdict table. Adding a fix is one row here, its plan, and its
// text keys in assets/translations.
var catalogue = []Fix{
	{ID: "retest", Carry: CarryRetest,
		Title:        txt("fix.retest.title", "Check the website again"),
		Instructions: txt("fix.retest.instructions", "We will try the website again now and tell you what changed."),
		Why:          "fix.retest.why", How: "fix.retest.how", Action: "fix.retest.action"},
	{ID: "wait_and_retest", Carry: CarryRetestLater, Sides: sides(checks.SideWebsite),
		Title:        txt("fix.wait_and_retest.title", "Wait a few minutes, then check again"),
		Instructions: txt("fix.wait_and_retest.instructions", "The problem is on the website's side. Websites usually fix this kind of error within minutes. Wait a little, then check again."),
		Why:          "fix.wait_and_retest.why", How: "fix.wait_and_retest.how", Action: "fix.wait_and_retest.action"},
	{ID: "private_window", Carry: CarryApply, Opens: OpensPrivateWindow, Sides: sides(checks.SideComputer), Plan: planLaunch(LaunchPrivate), Apply: applyBrowser(LaunchPrivate),
		Title:        txt("fix.private_window.title", "Open the website in a private window"),
		Instructions: txt("fix.private_window.instructions", "A private window starts without your saved cookies and cached pages. If the website works there, something saved in your browser is the problem."),
		Why:          "fix.private_window.why", How: "fix.private_window.how", Action: "fix.private_window.action"},
	{ID: "other_browser", Carry: CarryApply, Opens: OpensBrowser, Sides: sides(checks.SideComputer), Plan: planLaunch(LaunchOpen), Apply: applyBrowser(LaunchOpen),
		Title:        txt("fix.other_browser.title", "Try another browser"),
		Instructions: txt("fix.other_browser.instructions", "Open the website in a different browser. If it works there, the problem is in your usual browser."),
		Why:          "fix.other_browser.why", How: "fix.other_browser.how", Action: "fix.other_browser.action"},
	{ID: "restart_browser", Carry: CarryApply, Sides: sides(checks.SideComputer), Apply: applyRestartBrowser,
		Title:        txt("fix.restart_browser.title", "Restart your browser"),
		Instructions: txt("fix.restart_browser.instructions", "Close every window of your browser, wait a few seconds, then open it again. We will not close it for you, so you can save your work first."),
		Why:          "fix.restart_browser.why", How: "fix.restart_browser.how", Action: "fix.restart_browser.action",
		Steps: []Text{txt("fix.restart_browser.step1", "Save anything you are typing in the browser."),
			txt("fix.restart_browser.step2", "Close all of its windows."),
			txt("fix.restart_browser.step3", "Open the browser again and go back to the website.")}},
	{ID: "clear_browser_cache", Carry: CarryApply, Sides: sides(checks.SideComputer), Plan: planLaunch(LaunchClearData), Apply: applyBrowser(LaunchClearData),
		Title:        txt("fix.clear_browser_cache.title", "Clear your browser's cache"),
		Instructions: txt("fix.clear_browser_cache.instructions", "We will open your browser's page for clearing saved data. Choose \"Cached images and files\" only, so that you stay signed in to your websites, then confirm."),
		Why:          "fix.clear_browser_cache.why", How: "fix.clear_browser_cache.how", Action: "fix.clear_browser_cache.action",
		Steps: []Text{txt("fix.clear_browser_cache.step1", "On the page that opens, pick \"Cached images and files\" (Firefox: \"Cached Web Content\")."),
			txt("fix.clear_browser_cache.step2", "Leave passwords and cookies unticked."),
			txt("fix.clear_browser_cache.step3", "Confirm, then open the website again.")}},
	{ID: "safe_mode_browser", Carry: CarryApply, Opens: OpensNoExtensions, Sides: sides(checks.SideComputer), Plan: planLaunch(LaunchNoExtensions), Apply: applyBrowser(LaunchNoExtensions),
		Title:        txt("fix.safe_mode_browser.title", "Open your browser without extensions"),
		Instructions: txt("fix.safe_mode_browser.instructions", "Extensions such as ad blockers can break a website. We will open it with extensions switched off. This only works when that browser is fully closed first."),
		Why:          "fix.safe_mode_browser.why", How: "fix.safe_mode_browser.how", Action: "fix.safe_mode_browser.action"},
	{ID: "flush_dns", Carry: CarryApply, Sides: sides(checks.SideNetwork), ChangesSystem: true, NeedsAdmin: true, Plan: planFlush, Apply: applyFlushDNS,
		Title:        txt("fix.flush_dns.title", "Clear this computer's DNS cache"),
		Instructions: txt("fix.flush_dns.instructions", "Your computer remembers website addresses for a while. Clearing that memory makes it look them up again. Nothing else changes."),
		Why:          "fix.flush_dns.why", How: "fix.flush_dns.how", Action: "fix.flush_dns.action",
		Steps: []Text{txt("fix.flush_dns.step_browser", "Browsers keep their own copy too. In Chrome or Edge, open the page we show and press \"Clear host cache\". In Firefox, open about:networking#dns and press \"Clear DNS Cache\".")}},
	{ID: "switch_dns", Carry: CarrySwitch, Sides: sides(checks.SideNetwork), ChangesSystem: true, NeedsAdmin: true, Gate: GateAllowSwitch,
		Title:        txt("fix.switch_dns.title", "Switch to a public DNS service (reversible)"),
		Instructions: txt("fix.switch_dns.instructions", "Your network's address book (DNS) gives wrong or no answers. We will switch this computer to another one, check that websites load, and then ask whether to keep it. If you do not answer within 30 seconds, we put your old settings back."),
		Why:          "fix.switch_dns.why", How: "fix.switch_dns.how", Action: "fix.switch_dns.action"},
	{ID: "restore_dns", Carry: CarryApply, Sides: sides(checks.SideNetwork), ChangesSystem: true, NeedsAdmin: true, Apply: applyRestoreDNS,
		Title:        txt("fix.restore_dns.title", "Put the previous DNS settings back"),
		Instructions: txt("fix.restore_dns.instructions", "We will put back the DNS settings this computer had before Gateway Doctor changed them."),
		Why:          "fix.restore_dns.why", How: "fix.restore_dns.how", Action: "fix.restore_dns.action"},
	{ID: "proxy_settings", Carry: CarryApply, Opens: OpensSettings, Sides: sides(checks.SideProxy), Plan: planProxySettings, Apply: applyProxySettings,
		Title:        txt("fix.proxy_settings.title", "Check the proxy settings"),
		Instructions: txt("fix.proxy_settings.instructions", "A proxy is a middleman for your web traffic. We will open the proxy settings. If you did not set a proxy yourself and your organisation does not use one, switch it off. If unsure, ask your helpdesk first."),
		Why:          "fix.proxy_settings.why", How: "fix.proxy_settings.how", Action: "fix.proxy_settings.action"},
	{ID: "open_portal", Carry: CarryApply, Opens: OpensPortal, Sides: sides(checks.SideNetwork), Plan: planOpenPortal, Apply: applyOpenPortal,
		Title:        txt("fix.open_portal.title", "Open the network's sign-in page"),
		Instructions: txt("fix.open_portal.instructions", "This network (a hotel, café or airport Wi-Fi, for example) wants you to sign in or accept its terms. We will open its page in your browser; after you sign in, check the website again."),
		Why:          "fix.open_portal.why", How: "fix.open_portal.how", Action: "fix.open_portal.action"},
	{ID: "restart_router", Carry: CarryWatch, Sides: sides(checks.SideNetwork),
		Title:        txt("fix.restart_router.title", "Restart your router"),
		Instructions: txt("fix.restart_router.instructions", "Your router is the box that connects your home or office to the internet. Turning it off and on again fixes many connection problems. We will watch for the connection to come back and then check the website again."),
		Why:          "fix.restart_router.why", How: "fix.restart_router.how", Action: "fix.restart_router.action",
		Steps: []Text{txt("fix.restart_router.step1", "Unplug the router's power cable (or press its power button)."),
			txt("fix.restart_router.step2", "Wait 30 seconds."),
			txt("fix.restart_router.step3", "Plug it back in. It can take two or three minutes until its lights are steady again."),
			txt("fix.restart_router.step4", "Leave this window open: we are watching for the connection to come back.")}},
	{ID: "restart_computer", Carry: CarryPerson, Sides: sides(checks.SideComputer),
		Title:        txt("fix.restart_computer.title", "Restart this computer"),
		Instructions: txt("fix.restart_computer.instructions", "Save your work, then restart the computer. Open Gateway Doctor again afterwards to check the website."),
		Why:          "fix.restart_computer.why", How: "fix.restart_computer.how", Action: "fix.restart_computer.action",
		Steps: []Text{txt("fix.restart_computer.step1", "Save your work and close your programs."),
			txt("fix.restart_computer.step2", "Restart the computer (not just shut the lid)."),
			txt("fix.restart_computer.step3", "Open Gateway Doctor again and check the website.")}},
	{ID: "check_connection", Carry: CarryPerson, Sides: sides(checks.SideComputer),
		Title:        txt("fix.check_connection.title", "Check that you are connected (Wi-Fi or cable)"),
		Instructions: txt("fix.check_connection.instructions", "This computer is not connected to any network."),
		Why:          "fix.check_connection.why", How: "fix.check_connection.how", Action: "fix.check_connection.action",
		Steps: []Text{txt("fix.check_connection.step1", "If you use Wi-Fi: check that Wi-Fi is on and that you picked your network."),
			txt("fix.check_connection.step2", "If you use a cable: check that both ends are plugged in firmly."),
			txt("fix.check_connection.step3", "Check that airplane mode is off."),
			txt("fix.check_connection.step4", "Then check the website again.")}},
	{ID: "fix_clock", Carry: CarryPerson, Sides: sides(checks.SideComputer),
		Title:        txt("fix.fix_clock.title", "Set this computer's clock automatically"),
		Instructions: txt("fix.fix_clock.instructions", "Secure websites check the date. When the computer's clock is wrong, they refuse to load. Let the computer set its clock by itself."),
		Why:          "fix.fix_clock.why", How: "fix.fix_clock.how", Action: "fix.fix_clock.action",
		Steps: []Text{txt("fix.fix_clock.step_linux", "Open Settings, then Date & Time, and switch on \"Automatic Date & Time\".")},
		OSSteps: map[string][]Text{
			"windows": {txt("fix.fix_clock.step_windows", "Open Settings, then Time & language, then Date & time. Switch on \"Set time automatically\" and press \"Sync now\".")},
			"darwin":  {txt("fix.fix_clock.step_darwin", "Open System Settings, then General, then Date & Time. Switch on \"Set time and date automatically\".")},
		}},
	{ID: "hosts_file", Carry: CarryPerson, Sides: sides(checks.SideComputer), NeedsAdmin: true,
		Title:        txt("fix.hosts_file.title", "Remove the website from the hosts file"),
		Instructions: txt("fix.hosts_file.instructions", "A small file on this computer (the hosts file) sends this website's name to a fixed address. Someone or some program put it there. Gateway Doctor does not edit it for you: ask your helpdesk, or remove the line yourself."),
		Why:          "fix.hosts_file.why", How: "fix.hosts_file.how", Action: "fix.hosts_file.action",
		Steps: []Text{txt("fix.hosts_file.step_unix", "Open a terminal and run: sudo nano /etc/hosts"),
			txt("fix.hosts_file.step_remove", "Delete the line that contains the website's name, save and close.")},
		OSSteps: map[string][]Text{
			"windows": {txt("fix.hosts_file.step_windows", "Open Notepad as administrator, then open C:\\Windows\\System32\\drivers\\etc\\hosts."),
				txt("fix.hosts_file.step_remove", "Delete the line that contains the website's name, save and close.")},
		}},
	{ID: "check_address", Carry: CarryPerson, Sides: sides(checks.SideWebsite),
		Title:        txt("fix.check_address.title", "Check the website's address"),
		Instructions: txt("fix.check_address.instructions", "The name of this website does not exist. Look at the address below for a typing mistake; when only the first part is unknown, the rest of the address may still be right."),
		Why:          "fix.check_address.why", How: "fix.check_address.how", Action: "fix.check_address.action",
		Steps: []Text{txt("fix.check_address.step1", "Compare the address letter by letter with where you got it: an email, a card, a bookmark."),
			txt("fix.check_address.step2", "If it came from someone else, ask them for it again: the website may have moved to a new name.")}},
	{ID: "security_software", Carry: CarryPerson, Sides: sides(checks.SideComputer),
		Title:        txt("fix.security_software.title", "Check your security program's web scanning"),
		Instructions: txt("fix.security_software.instructions", "Every secure website is re-signed on this computer by the issuer named in the report, and this computer does not trust it. That is usually an antivirus's HTTPS scanning, or an inspecting proxy at work whose certificate was never installed here."),
		Why:          "fix.security_software.why", How: "fix.security_software.how", Action: "fix.security_software.action",
		Steps: []Text{txt("fix.security_software.step1", "Open your antivirus or security program and look for \"HTTPS scanning\", \"web shield\" or \"SSL inspection\"."),
			txt("fix.security_software.step2", "Repair or update the program, or switch that part off for a moment and check the website again."),
			txt("fix.security_software.step3", "At work, send your helpdesk the report: it names the certificate's issuer.")}},
	{ID: "other_network", Carry: CarryPerson, Sides: sides(checks.SideNetwork),
		Title:        txt("fix.other_network.title", "Try another network, such as your phone's hotspot"),
		Instructions: txt("fix.other_network.instructions", "The website works from elsewhere, so connect this computer to another network for a moment and open the website again. If it works there, your usual network or internet provider is in the way."),
		Why:          "fix.other_network.why", How: "fix.other_network.how", Action: "fix.other_network.action",
		Steps: []Text{txt("fix.other_network.step1", "Switch on your phone's hotspot, or pick another Wi-Fi network."),
			txt("fix.other_network.step2", "Connect this computer to it and open the website again."),
			txt("fix.other_network.step3", "If it works there, tell your internet provider or your helpdesk: the report says what we found.")}},
	{ID: "contact_site", Carry: CarryMessage, Sides: sides(checks.SideWebsite), Apply: applyContact("contact_site"),
		Title:        contactTitles["contact_site"],
		Instructions: contactInstructions["contact_site"],
		Why:          "fix.contact_site.why", How: "fix.contact_site.how", Action: "fix.contact_site.action"},
	{ID: "contact_helpdesk", Carry: CarryHandoff, Apply: applyContact("contact_helpdesk"),
		Title:        contactTitles["contact_helpdesk"],
		Instructions: contactInstructions["contact_helpdesk"],
		Why:          "fix.contact_helpdesk.why", How: "fix.contact_helpdesk.how", Action: "fix.contact_helpdesk.action"},
	{ID: "contact_isp", Carry: CarryMessage, Sides: sides(checks.SideNetwork), Apply: applyContact("contact_isp"),
		Title:        contactTitles["contact_isp"],
		Instructions: contactInstructions["contact_isp"],
		Why:          "fix.contact_isp.why", How: "fix.contact_isp.how", Action: "fix.contact_isp.action"},
}

func sides(s ...checks.Side) []checks.Side { return s }

// Catalog is every fix by ID, built from the catalogue's rows.
var Catalog = map[string]Fix{}

// catalogOrder is the catalogue's IDs in row order.
var catalogOrder []string

func init() {
	for _, f := range catalogue {
		if f.OS == nil {
			f.OS = AllOS
		}
		if f.Gate == "" {
			f.Gate = GateDisabled
		}
		if _, dup := Catalog[f.ID]; dup {
			panic("fixes: catalogue row " + f.ID + " twice") // a test guards this
		}
		Catalog[f.ID] = f
		catalogOrder = append(catalogOrder, f.ID)
	}
}

// Lookup returns the fix with id.
func Lookup(id string) (Fix, bool) { f, ok := Catalog[id]; return f, ok }

// IDs lists the catalogue's IDs in row order.
func IDs() []string { return slices.Clone(catalogOrder) }

// Rows lists the catalogue's rows in order.
func Rows() []Fix {
	out := make([]Fix, len(catalogOrder))
	for i, id := range catalogOrder {
		out[i] = Catalog[id]
	}
	return out
}

// EnglishTitle is fix id's short English title, for the text report; an
// unknown ID is itself.
func EnglishTitle(id string) string {
	if f, ok := Catalog[id]; ok {
		return f.Title.English
	}
	return id
}

// Known is what the profile validator needs from the catalogue: the fix IDs
// a profile may name in [fixes] disabled.
func Known() profile.Known { return profile.Known{FixIDs: IDs()} }

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

// planLaunch opens the target (or the browser's own page) in the chosen
// browser, in mode.
func planLaunch(mode LaunchMode) PlanFunc {
	return func(fc *FixContext) ([]Command, error) {
		b, err := fc.pickBrowser(mode)
		if err != nil {
			return nil, err
		}
		c, err := LaunchPlan(fc.goos(), b, mode, fc.URL)
		if err != nil {
			return nil, err
		}
		return []Command{c}, nil
	}
}

// planFlush empties the DNS caches of fc's OS and resolver stack; none
// means there is no local cache.
func planFlush(fc *FixContext) ([]Command, error) { return FlushPlan(fc.goos(), fc.Stack), nil }

// planProxySettings opens the OS's proxy settings; ErrUnsupported on a
// desktop without a settings app we know.
func planProxySettings(fc *FixContext) ([]Command, error) {
	c, err := ProxySettingsPlan(fc.goos(), fc.Desktop)
	if err != nil {
		return nil, err
	}
	return []Command{c}, nil
}

// planOpenPortal opens the sign-in page: the target, else the first
// captive probe, whose plain-HTTP address is the one portals intercept, so
// the browser lands on the sign-in page.
func planOpenPortal(fc *FixContext) ([]Command, error) {
	u := fc.URL
	if u == "" && fc.Env != nil && len(fc.Env.CaptiveProbes) > 0 {
		u = fc.Env.CaptiveProbes[0].URL
	}
	c, err := OpenPlan(fc.goos(), u)
	if err != nil {
		return nil, err
	}
	return []Command{c}, nil
}

func applyBrowser(mode LaunchMode) func(context.Context, *FixContext) (Outcome, error) {
	plan := planLaunch(mode)
	return func(ctx context.Context, fc *FixContext) (Outcome, error) {
		var out Outcome
		cs, err := plan(fc)
		if err != nil {
			return out, err
		}
		out.Message = msgBrowserOpened
		return out, fc.run(ctx, cs[0], &out)
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
	plan, _ := planFlush(fc)
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
	cs, err := planProxySettings(fc)
	if errors.Is(err, ErrUnsupported) {
		out.NothingToDo = true
		out.Message = msgProxySettingsManual
		return out, nil
	}
	if err != nil {
		return out, err
	}
	out.Message = msgProxySettingsOpened
	return out, fc.run(ctx, cs[0], &out)
}

func applyOpenPortal(ctx context.Context, fc *FixContext) (Outcome, error) {
	var out Outcome
	cs, err := planOpenPortal(fc)
	if err != nil {
		return out, err
	}
	out.Message = msgOpenPortalOpened
	return out, fc.run(ctx, cs[0], &out)
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
