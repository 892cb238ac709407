// Package securitytest holds the tests behind SECURITY.md: each claim
// that the document makes about a privileged path (elevation, the DNS
// journal, PAC sandboxing, report redaction, no network string reaching a
// command) has a test here, named in the document next to the claim. The
// package has no code of its own; it exists so that `go test ./...` keeps
// the document honest.
package securitytest
