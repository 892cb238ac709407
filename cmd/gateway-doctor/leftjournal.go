package main

import (
	"fmt"
	"io"

	"gatewaydoctor/fixes"
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
