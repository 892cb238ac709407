package ui

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/checks"
	"gatewaydoctor/fixes"
)

// mailtoBodyLimit bounds the report text put in a mailto link: Windows'
// ShellExecute and several mail clients truncate or reject links beyond
// about 2 000 characters (Internet Explorer's documented URL limit is
// 2 083), so the full report goes to the clipboard as well.
const mailtoBodyLimit = 1500

// showFixed ends the wizard: the site works, and this is what did it.
func (w *Wizard) showFixed() {
	title := heading(T("finish.fixed.title"))
	text := para(T("finish.fixed.waited"))
	if w.fixedBy != "" && row(w.fixedBy).Carry != fixes.CarryRetestLater {
		text.SetText(T("finish.fixed.by", map[string]any{"Fix": fixTitle(w.fixedBy)}))
	}
	icon := widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	again := w.button(T("finish.again"), theme.SearchIcon(), widget.MediumImportance, w.showWelcome)
	closeBtn := w.button(T("finish.close"), theme.ConfirmIcon(), widget.HighImportance, w.win.Close)
	w.ref.finishTitle, w.ref.finishText, w.ref.again, w.ref.closeBtn = title, text, again, closeBtn
	w.primary, w.back = w.win.Close, w.showWelcome
	w.setScreen(screenFinish, page(navBar([]fyne.CanvasObject{again}, closeBtn),
		container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSquareSize(64), icon), nil, title),
		text,
		para(T("finish.fixed.hint")),
	), w.showFixed)
}

// redaction is the report's redaction as the three boxes say.
func (w *Wizard) redaction() checks.Redaction {
	r := checks.DefaultRedaction()
	if !w.ref.redactUser.Checked {
		r.UserNames, r.HomeDirs = nil, nil
	}
	r.MACs = w.ref.redactMAC.Checked
	r.LocalAddresses = w.ref.redactLocal.Checked
	return r
}

// sharedReport is the report as it leaves the computer: in the person's
// language (its codes, check IDs and addresses stay as they are, so a
// helpdesk reads them in any language), redacted.
func (w *Wizard) sharedReport() *checks.Report {
	rep := w.report().Localized(currentLanguage(), func(t checks.Text) string { return say(&t, t.English) })
	if red, err := rep.Redacted(w.redaction()); err == nil {
		return red
	}
	return rep
}

// reportText renders the shared report as text.
func (w *Wizard) reportText() string {
	return w.localReportText(w.sharedReport())
}

// showHandoff is the end when nothing fixed it: the report for the
// helpdesk, with Copy, Save and Email.
func (w *Wizard) showHandoff() {
	title := heading(T("finish.handoff.title"))
	intro := para(T("finish.handoff.intro"))
	text := widget.NewLabel("")
	text.TextStyle = fyne.TextStyle{Monospace: true}
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	status := para("")
	status.Hide()
	w.ref.finishTitle, w.ref.finishText, w.ref.reportText, w.ref.finishStatus = title, intro, text, status

	refresh := func(bool) { text.SetText(w.reportText()) }
	user := widget.NewCheck(T("finish.redact.user"), refresh)
	mac := widget.NewCheck(T("finish.redact.mac"), refresh)
	local := widget.NewCheck(T("finish.redact.local"), refresh)
	w.ref.redactUser, w.ref.redactMAC, w.ref.redactLocal = user, mac, local
	user.Checked, mac.Checked, local.Checked = true, true, true
	refresh(true)

	say := func(s string) { status.SetText(s); status.Show() }
	copyBtn := w.button(T("finish.copy"), theme.ContentCopyIcon(), widget.MediumImportance, func() {
		w.app.Clipboard().SetContent(w.reportText())
		say(T("finish.copied"))
	})
	save := func(ext string) func() {
		return func() { w.saveReport(ext, say) }
	}
	saveText := w.button(T("finish.save_text"), theme.DocumentSaveIcon(), widget.MediumImportance, save("txt"))
	saveHTML := w.button(T("finish.save_html"), theme.DocumentSaveIcon(), widget.MediumImportance, save("html"))
	saveJSON := w.button(T("finish.save_json"), theme.DocumentSaveIcon(), widget.MediumImportance, save("json"))
	email := w.button(T("finish.email"), theme.MailSendIcon(), widget.HighImportance, func() { w.emailHelpdesk(say) })
	w.primary = copyBtn.OnTapped
	if w.d.Helpdesk == nil || w.d.Helpdesk.Email == "" {
		email.Hide()
		copyBtn.Importance = widget.HighImportance
	} else {
		w.primary = email.OnTapped
	}
	back := w.button(T("nav.back"), theme.NavigateBackIcon(), widget.MediumImportance, w.handoffBack)
	again := w.button(T("finish.again"), theme.SearchIcon(), widget.MediumImportance, w.showWelcome)
	w.ref.copyBtn, w.ref.saveText, w.ref.saveJSON, w.ref.saveHTML, w.ref.email = copyBtn, saveText, saveJSON, saveHTML, email
	w.ref.backBtn, w.ref.again = back, again
	w.back = w.handoffBack

	contact := para("")
	contact.Hide()
	if h := w.d.Helpdesk; h != nil {
		if parts := nonEmpty(h.Name, h.Email, h.Phone, h.URL); len(parts) > 0 {
			contact.SetText(T("finish.helpdesk", map[string]any{"Contact": strings.Join(parts, " · ")}))
			contact.Show()
		}
	}
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(0, 200))
	w.setScreen(screenFinish, page(navBar([]fyne.CanvasObject{back}, copyBtn, email),
		title, intro, contact,
		// The Save buttons wrap onto a second row rather than widen the
		// window past 800 px in long languages or large text.
		container.New(layout.NewRowWrapLayout(), tall(saveText), tall(saveHTML), tall(saveJSON)),
		status,
		widget.NewSeparator(),
		bold(T("finish.redact")), user, mac, local,
		widget.NewCard("", "", scroll),
		container.NewHBox(tall(again)),
	), w.showHandoff)
}

func (w *Wizard) handoffBack() {
	if len(w.steps) > 0 {
		w.showStep(len(w.steps) - 1)
		return
	}
	w.showVerdict()
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

// reportBytes renders the shared report as txt, json or html.
func (w *Wizard) reportBytes(ext string) ([]byte, error) {
	rep := w.sharedReport()
	var b bytes.Buffer
	var err error
	switch ext {
	case "json":
		err = rep.WriteJSON(&b)
	case "html":
		err = writeHTML(&b, rep)
	default:
		_, err = b.WriteString(w.localReportText(rep))
	}
	return b.Bytes(), err
}

// saveReport asks where to save and writes the file off the UI goroutine.
func (w *Wizard) saveReport(ext string, say func(string)) {
	data, err := w.reportBytes(ext)
	if err != nil {
		say(T("finish.save_failed", map[string]any{"Reason": err.Error()}))
		return
	}
	host := "report"
	if w.target != nil {
		host = w.target.Hostname()
	}
	name := fmt.Sprintf("gateway-doctor-%s.%s", host, ext)
	type saved struct {
		path string
		err  error
	}
	show := func(s saved) {
		switch {
		case s.err != nil:
			say(T("finish.save_failed", map[string]any{"Reason": s.err.Error()}))
		case s.path != "":
			say(T("finish.saved", map[string]any{"Path": s.path}))
		}
	}
	if w.d.SaveFile != nil {
		w.d.SaveFile(name, data, func(path string, err error) {
			w.bridge.post(func() { show(saved{path, err}) })
		})
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			if err != nil {
				show(saved{err: err})
			}
			return
		}
		background(w.bridge, nil, func() saved {
			_, err := wc.Write(data)
			if cerr := wc.Close(); err == nil {
				err = cerr
			}
			return saved{wc.URI().Path(), err}
		}, show)
	}, w.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{"." + ext}))
	d.Show()
}

// emailHelpdesk opens a mail to the profile's helpdesk with the report,
// and copies the full report in case the mail program shortens the link.
func (w *Wizard) emailHelpdesk(say func(string)) {
	h := w.d.Helpdesk
	if h == nil || h.Email == "" {
		return
	}
	text := w.reportText()
	w.app.Clipboard().SetContent(text)
	u := mailtoURL(h.Email, T("finish.email.subject", map[string]any{"Host": w.target.Hostname()}), text, T("finish.email.truncated"))
	open := w.d.OpenURL
	if open == nil {
		open = w.app.OpenURL
	}
	say(T("finish.email.opening"))
	background(w.bridge, nil, func() error { return open(u) }, func(err error) {
		if err != nil {
			say(T("finish.email.failed", map[string]any{"Address": h.Email}))
		}
	})
}

// mailtoURL builds a mailto link (RFC 6068) whose body is the report, cut
// at mailtoBodyLimit with a note.
func mailtoURL(to, subject, body, cutNote string) *url.URL {
	if len(body) > mailtoBodyLimit {
		cut := strings.LastIndex(body[:mailtoBodyLimit], "\n")
		if cut < 0 {
			cut = mailtoBodyLimit
		}
		body = body[:cut] + "\n\n" + cutNote + "\n"
	}
	q := url.Values{"subject": {subject}, "body": {body}}
	// RFC 6068 wants %20, not "+", for spaces.
	return &url.URL{Scheme: "mailto", Opaque: to, RawQuery: strings.ReplaceAll(q.Encode(), "+", "%20")}
}
