package fixes

import (
	"fmt"
	"strings"

	"gatewaydoctor/checks"
	"gatewaydoctor/profile"
)

// ContactText is a message the user can send: to whom (when the profile
// knows), a subject and a body in plain words, evidence included.
type ContactText struct {
	To      *checks.Contact `json:"to,omitempty"`
	Subject string          `json:"subject"`
	Body    string          `json:"body"`
}

// ContactMessage drafts the message of a contact_* fix. target is the
// website, summary the verdict's plain sentence, evidence what was seen.
func ContactMessage(id string, p *profile.Profile, target, summary string, evidence []string) (ContactText, error) {
	var c ContactText
	var b strings.Builder
	switch id {
	case "contact_site":
		c.Subject = fmt.Sprintf("Your website %s shows an error", target)
		fmt.Fprintf(&b, "Hello,\n\nYour website %s does not load for me: it shows an error page.\n", target)
	case "contact_helpdesk":
		c.Subject = fmt.Sprintf("I cannot open %s", target)
		fmt.Fprintf(&b, "Hello,\n\nI cannot open %s from my computer.\n", target)
		if p != nil && (p.Helpdesk.Email != "" || p.Helpdesk.Phone != "" || p.Helpdesk.URL != "") {
			h := p.Helpdesk
			c.To = &checks.Contact{Name: h.Name, Email: h.Email, Phone: h.Phone, URL: h.URL}
		}
	case "contact_isp":
		c.Subject = "My internet connection is not working properly"
		fmt.Fprintf(&b, "Hello,\n\nMy internet connection has a problem: %s does not load.\n", target)
	default:
		return c, fmt.Errorf("contact fix %q: %w", id, ErrInvalid)
	}
	if summary != "" {
		fmt.Fprintf(&b, "\nGateway Doctor found: %s\n", summary)
	}
	if len(evidence) > 0 {
		b.WriteString("\nWhat it saw:\n")
		for _, e := range evidence {
			fmt.Fprintf(&b, "- %s\n", e)
		}
	}
	b.WriteString("\nThank you.\n")
	c.Body = b.String()
	return c, nil
}
