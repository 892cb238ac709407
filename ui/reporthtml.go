package ui

import (
	"html/template"
	"io"

	"gatewaydoctor/checks"
	"gatewaydoctor/fixes"
)

// reportHTML is the report as a web page a helpdesk can open anywhere: no
// scripts, no external resources, the text escaped by html/template.
var reportHTML = template.Must(template.New("report").Funcs(template.FuncMap{
	"side": func(s checks.Side) string { return checks.SideTitle(s) },
	"fix":  fixes.EnglishTitle,
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Gateway Doctor report: {{.Target}}</title>
<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}
td,th{text-align:left;vertical-align:top;padding:.2em .6em}pre{white-space:pre-wrap}</style></head>
<body>
<h1>Gateway Doctor report</h1>
<p><b>Website:</b> {{.Target}}<br><b>Checked:</b> {{.StartedAt.Format "2006-01-02 15:04:05 MST"}} ({{.DurationMS}} ms), version {{.Version}}</p>
<h2>{{.Verdict.Summary}}</h2>
<p><b>Whose problem:</b> {{side .Verdict.Side}} (<code>{{.Verdict.Code}}</code>)</p>
{{with .Verdict.Evidence}}<h3>What we found</h3><ul>{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{with .Fixes}}<h3>What to try</h3><ol>{{range .}}<li>{{fix .}}</li>{{end}}</ol>{{end}}
{{with .Tried}}<h3>Already tried</h3><ul>{{range .}}<li>{{fix .}}</li>{{end}}</ul>{{end}}
{{with .HTTP}}<h3>The website's answer</h3><p>HTTP {{.Status}}{{with .Producer}}, made by {{.}}{{end}} ({{.Role}}), path {{.Path}}{{with .Error}}: {{.}}{{end}}</p>{{end}}
<h3>Every check</h3>
<table><tr><th>Check</th><th>Status</th><th>Summary</th><th>ms</th></tr>
{{range .Checks}}<tr><td><code>{{.ID}}</code></td><td>{{.Status}}</td><td>{{.Summary}}{{range .Evidence}}<br><small>{{.}}</small>{{end}}</td><td>{{.DurationMS}}</td></tr>
{{end}}</table>
{{with .Helpdesk}}<p><b>Helpdesk:</b> {{.Name}} {{.Email}} {{.Phone}} {{.URL}}</p>{{end}}
</body></html>
`))

func writeHTML(w io.Writer, rep *checks.Report) error { return reportHTML.Execute(w, rep) }
