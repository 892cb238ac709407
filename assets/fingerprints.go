package assets

import _ "embed"

// Fingerprints is the producer table of the 5xx classifier (TOML), one row
// per producer with the name of its recorded sample. package checks/web
// parses it; the file says how a row reads.
//
//go:embed fingerprints.toml
var Fingerprints []byte
