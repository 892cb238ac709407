package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"gatewaydoctor/fixes"
	"gatewaydoctor/profile"
)

// noteLeftJournal tells `check` about a DNS change that an interrupted run
// left behind, and how to undo it. It only reads: check never changes
// anything, so the restore is the person's (or the helpdesk's) decision.
func noteLeftJournal(w io.Writer) {
	dir, err := fixes.DefaultConfigDir()
	if err != nil {
		return
	}
	j, err := fixes.ReadJournal(dir)
	switch {
	case err != nil:
		fmt.Fprintf(w, "gateway-doctor: note: %v\n", err)
	case j != nil:
		fmt.Fprintf(w, "gateway-doctor: note: a DNS change (to %s, %s) was interrupted and is still in place; run `gateway-doctor restore` to put the previous settings back.\n",
			j.Provider, j.CreatedAt.Local().Format("2006-01-02 15:04"))
	}
}

// restoreContact names the profile's helpdesk after a restore that failed
// (*err set), so `restore --profile` leads somewhere when it cannot finish.
func restoreContact(w io.Writer, p *profile.Profile, err *error) {
	h := p.Helpdesk
	if *err == nil || errors.Is(*err, fixes.ErrBusy) || h == (profile.Helpdesk{}) {
		return
	}
	how := strings.Join(slices.DeleteFunc([]string{h.Email, h.Phone, h.URL}, func(s string) bool { return s == "" }), ", ")
	fmt.Fprintf(w, "gateway-doctor: if your settings are not back, contact %s (%s).\n", h.Name, how)
}
