package ui

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"gatewaydoctor/checks"
)

// reportHTML is the report as a web page a helpdesk can open anywhere: no
// scripts, no external resources, the text escaped by html/template. Its
// words are in the report's language (sharedReport localizes it); its codes,
// check IDs and statuses stay as they are, for a helpdesk in any language.
var reportHTML = template.Must(template.New("report").Funcs(template.FuncMap{
	"t":   func(key string) string { return T(key) },
	"fix": fixTitle,
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<title>{{.Title}}</title>
<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}
td,th{text-align:left;vertical-align:top;padding:.2em .6em}pre{white-space:pre-wrap}</style></head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Checked}}</p>
<h2>{{.Verdict.Summary}}</h2>
<p><b>{{.Whose}}</b> (<code>{{.Verdict.Code}}</code>)</p>
{{with .Verdict.Evidence}}<h3>{{t "verdict.found"}}</h3><ul>{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{with .Fixes}}<h3>{{t "report.try"}}</h3><ol>{{range .}}<li>{{fix .}}</li>{{end}}</ol>{{end}}
{{with .Tried}}<p>{{.}}</p>{{end}}
{{with .HTTP}}<h3>{{t "report.answer"}}</h3><p>HTTP {{.Status}}{{with .Producer}}, made by {{.}}{{end}} ({{.Role}}), path {{.Path}}{{with .Error}}: {{.}}{{end}}</p>{{end}}
<h3>{{t "report.every_check"}}</h3>
<table><tr><th>{{t "report.column.check"}}</th><th>{{t "report.column.status"}}</th><th>{{t "report.column.summary"}}</th><th>ms</th></tr>
{{range .Checks}}<tr><td><code>{{.ID}}</code></td><td>{{.Status}}</td><td>{{.Summary}}{{range .Evidence}}<br><small>{{.}}</small>{{end}}</td><td>{{.DurationMS}}</td></tr>
{{end}}</table>
{{with .Helpdesk}}<p>{{.}}</p>{{end}}
</body></html>
`))

// htmlReport is the report with its sentences said for the page.
type htmlReport struct {
	*checks.Report
	Lang, Title, Checked, Whose, Tried, Helpdesk string
}

func writeHTML(w io.Writer, rep *checks.Report) error {
	v := htmlReport{Report: rep, Lang: rep.Lang}
	if v.Lang == "" {
		v.Lang = "en"
	}
	v.Title = T("report.title", map[string]any{"Version": rep.Version, "Target": rep.Target})
	// A numeric date and time: the same in every language.
	v.Checked = T("report.checked", map[string]any{"When": rep.StartedAt.Format("2006-01-02 15:04:05 MST"),
		"Seconds": fmt.Sprintf("%.1f", float64(rep.DurationMS)/1000)})
	v.Whose = T("verdict.whose", map[string]any{"Side": tOr("side."+string(rep.Verdict.Side), checks.SideTitle(rep.Verdict.Side))})
	if len(rep.Tried) > 0 {
		tried := make([]string, len(rep.Tried))
		for i, id := range rep.Tried {
			tried[i] = fixTitle(id)
		}
		v.Tried = T("report.tried", map[string]any{"Fixes": strings.Join(tried, "; ")})
	}
	if h := rep.Helpdesk; h != nil {
		v.Helpdesk = T("report.helpdesk", map[string]any{"Contact": strings.Join(nonEmpty(h.Name, h.Email, h.Phone, h.URL), ", ")})
	}
	return reportHTML.Execute(w, v)
}
