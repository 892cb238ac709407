package assets

import _ "embed"

// DefaultProfile is the built-in helpdesk profile (TOML), used when no
// profile file is found. package profile parses and validates it.
//
//go:embed default-profile.toml
var DefaultProfile []byte
