package outside

import (
	"slices"

	"gatewaydoctor/checks"
)

// minPlaces is how many places must have answered before the outside check
// may change or firm up a verdict: one or two probes can share a blip of
// their own, three on three continents cannot easily.
const minPlaces = 3

// Tally counts the places that answered: those that fetched the page, and
// those that saw it fail (no answer, or a 5xx). Places without a result
// and 4xx answers count in neither.
func Tally(o *checks.OutsideReport) (works, down, answered int) {
	if o == nil {
		return 0, 0, 0
	}
	for _, p := range o.Places {
		if p.NoResult {
			continue
		}
		answered++
		switch {
		case p.Works():
			works++
		case p.Down():
			down++
		}
	}
	return works, down, answered
}

// WorksFromMost reports "works from most places": more than half of the
// places that answered fetched the page, and enough of them answered.
func WorksFromMost(o *checks.OutsideReport) bool {
	works, _, answered := Tally(o)
	return answered >= minPlaces && 2*works > answered
}

// DownFromAll reports "down from every place": each place that answered saw
// the site fail, and enough of them answered.
func DownFromAll(o *checks.OutsideReport) bool {
	_, down, answered := Tally(o)
	return answered >= minPlaces && down == answered
}

// Applies reports whether the outside check is offered after verdict v:
// after any website-side verdict (tls_error is one), and after ok, where
// the site works here yet the person came with a problem.
func Applies(v checks.Verdict) bool {
	return v.Side == checks.SideWebsite || v.Code == checks.VerdictOK
}

// Apply lets the outside check sharpen the local verdict v. A website-side
// verdict that works from most places becomes works_elsewhere (the local
// verdict stays as a secondary cause); one that is down from every place is
// firm, and says so. A failed or thin outside check leaves v as it is.
func Apply(v checks.Verdict, o *checks.OutsideReport) checks.Verdict {
	if o == nil || o.Error != "" {
		return v
	}
	works, down, answered := Tally(o)
	switch {
	case v.Side == checks.SideWebsite && v.Code != checks.VerdictIntermittent && WorksFromMost(o):
		info := checks.Verdicts[checks.VerdictWorksElsewhere]
		elsewhere := checks.Say("evidence.outside.works_elsewhere", "works from {{.Works}} of {{.All}} places outside ({{.Places}}), while it fails from here",
			checks.Args{"Works": works, "All": answered, "Places": placeList(o)})
		return checks.Verdict{
			Code:         checks.VerdictWorksElsewhere,
			Side:         info.Side,
			Summary:      info.Summary,
			Evidence:     append([]string{elsewhere.English}, v.Evidence...),
			EvidenceText: append([]checks.Text{elsewhere}, v.EvidenceText...),
			Fixes:        slices.Clone(info.Fixes),
			Secondary:    append([]checks.VerdictCode{v.Code}, v.Secondary...),
		}
	case v.Side == checks.SideWebsite && DownFromAll(o):
		v.Saw(checks.Say("evidence.outside.down_everywhere", "down from {{.Down}} of {{.All}} places outside too: it is down for everyone", checks.Args{"Down": down, "All": answered}))
	case answered > 0:
		v.Saw(checks.Say("evidence.outside.tally", "from outside: works from {{.Works}} of {{.All}} places, fails from {{.Down}}", checks.Args{"Works": works, "All": answered, "Down": down}))
	}
	return v
}

// placeList names the places for evidence: "DE Frankfurt, US Ashburn, …".
func placeList(o *checks.OutsideReport) string {
	s := ""
	for _, p := range o.Places {
		if p.NoResult {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += p.Country
		if p.City != "" {
			s += " " + p.City
		}
	}
	return s
}
