package checks

import (
	"fmt"
	"strings"
	"time"
)

// OutsideReport is the report's optional "outside" section: the same URL
// fetched from other places in the world by an outside measurement service,
// when the person asked for it (DESIGN.md). A failure of the service is said
// in Error and never changes the local verdict.
type OutsideReport struct {
	// Service names the measurement service asked ("globalping").
	Service string `json:"service"`
	// Places are the probes' answers, one per place.
	Places []OutsidePlace `json:"places"`
	// AskedAt is when the service was asked.
	AskedAt time.Time `json:"asked_at"`
	// Error says in plain words why the outside check gave no answer; ""
	// when it answered.
	Error string `json:"error,omitempty"`
	// ErrorCode is Error as a stable ID for translations ("rate_limited",
	// "timeout", "service_error", "no_probes").
	ErrorCode string `json:"error_code,omitempty"`
}

// OutsidePlace is one probe's fetch of the URL.
type OutsidePlace struct {
	Country string `json:"country"` // ISO 3166-1 alpha-2
	City    string `json:"city"`
	// Status is the HTTP status the probe received; 0 when it got none.
	Status int `json:"status"`
	// Producer names who made a 5xx the probe saw, read by the same
	// classifier as the local fetch; "" when unknown or not a 5xx.
	Producer string `json:"producer,omitempty"`
	// Error is what the probe reported when the fetch failed.
	Error string `json:"error,omitempty"`
	// NoResult is set when the probe gave no result at all (it went
	// offline, or had not finished in time): it says nothing about the site.
	NoResult bool `json:"no_result,omitempty"`
}

// Works reports whether this place fetched the page: any 2xx or 3xx.
func (p OutsidePlace) Works() bool { return !p.NoResult && p.Status >= 200 && p.Status < 400 }

// Down reports whether this place saw the site fail: no answer, or a 5xx.
func (p OutsidePlace) Down() bool { return !p.NoResult && (p.Status == 0 || p.Status >= 500) }

// writeOutsideText is the text report's "From other places" part. The
// places (country, city), the service's name and the probes' own errors are
// data, kept as they are; the words around them follow the language.
func (rep *Report) writeOutsideText(b *strings.Builder) {
	o := rep.Outside
	if o == nil {
		return
	}
	b.WriteString("\n" + rep.say("report.outside", "From other places ({{.Service}}, asked {{.Time}}; only the web address was sent):",
		Args{"Service": o.Service, "Time": o.AskedAt.Format("15:04:05 MST")}) + "\n")
	if o.Error != "" {
		fmt.Fprintf(b, "  %s %s\n", rep.sayData("outside.error."+o.ErrorCode, o.Error),
			rep.say("report.outside.local_only", "The verdict above is from this computer alone.", nil))
		return
	}
	for _, p := range o.Places {
		where := strings.TrimSpace(p.Country + " " + p.City)
		switch {
		case p.Status > 0 && p.Producer != "":
			fmt.Fprintf(b, "  %-22s HTTP %d %s\n", where, p.Status, rep.madeBy(p.Producer))
		case p.Status > 0:
			fmt.Fprintf(b, "  %-22s HTTP %d\n", where, p.Status)
		case p.NoResult:
			fmt.Fprintf(b, "  %-22s %s\n", where, rep.sayData("report.outside.no_result", p.Error))
		default:
			fmt.Fprintf(b, "  %-22s %s\n", where, p.Error)
		}
	}
}
