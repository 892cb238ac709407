package web

import (
	"net/http"

	"gatewaydoctor/checks"
)

// maxClassifyBody is how much of a body the classifier reads. Error pages are
// small; the markers sit in the first few KiB.
const maxClassifyBody = 64 << 10

// Classify names the producer of an HTTP response (normally a 5xx, but block
// pages are 403s) from its status, headers and body. It never fails: an
// unrecognised response is Producer{Role: RoleUnknown}. The producers and
// their signals are the table in fingerprints.go.
func Classify(status int, header http.Header, body []byte) checks.Producer {
	if len(body) > maxClassifyBody {
		body = body[:maxClassifyBody]
	}
	return classifyTable(status, header, body)
}
