package profile

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"gatewaydoctor/assets"
)

// DefaultSource is the Source of the embedded default profile.
const DefaultSource = "embedded default"

// Error is a problem in a profile file: where it is and what is wrong. Its
// text is one line, "FILE:LINE: KEY: message", for the helpdesk that wrote it.
type Error struct {
	File string // the name passed to Parse, or the path given to Load
	Line int    // 1-based; 0 when the line is not known
	Key  string // the dotted key, "dns.reference_resolvers"; "" when none
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Load reads and validates the profile at path; k names the fix IDs it may
// disable.
func Load(path string, k Known) (*Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &Error{File: path, Msg: "no such file"}
		}
		return nil, &Error{File: path, Msg: "cannot be read: " + reason(err)}
	}
	return Parse(path, data, k)
}

// Parse reads and validates a profile. name is only for error messages and
// Source. Keys the profile leaves out keep the embedded default's values; an
// unknown key or a bad value is an *Error naming name, the line and the key.
// k names the fix IDs [fixes] disabled may hold.
func Parse(name string, data []byte, k Known) (*Profile, error) {
	return parseOver(Default(), name, data, k)
}

// Default is the embedded default profile (assets/default-profile.toml),
// a fresh copy on every call.
func Default() *Profile {
	// The default disables no fix, so it needs no fix IDs.
	p, err := parseOver(&Profile{}, DefaultSource, assets.DefaultProfile, Known{})
	if err != nil {
		panic("the embedded default profile is invalid: " + err.Error()) // a test guards this
	}
	return p
}

func parseOver(base *Profile, name string, data []byte, k Known) (*Profile, error) {
	src := sourceText{name: name, lines: strings.Split(string(data), "\n")}
	// Decode into a zero profile, then copy what the file set over the base:
	// decoding over the base itself would mix a file's array entries with
	// the default's (the library reuses existing slice elements).
	var file Profile
	md, err := toml.Decode(string(data), &file)
	if err != nil {
		return nil, src.decodeError(err)
	}
	p := base
	p.Source = name
	overlay(p, &file, md)
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		k := undecoded[0]
		return nil, &Error{File: name, Line: src.lineOf(k, ""), Key: k.String(), Msg: "unknown key" + suggest(k)}
	}
	p.defined = map[string]bool{}
	for _, k := range md.Keys() {
		p.defined[k.String()] = true
	}
	if err := p.validate(&src, k); err != nil {
		return nil, err
	}
	return p, nil
}

// overlay copies into dst each [section] key that the file defined.
func overlay(dst, file *Profile, md toml.MetaData) {
	dv, fv := reflect.ValueOf(dst).Elem(), reflect.ValueOf(file).Elem()
	for i := range dv.NumField() {
		sec, ok := tomlName(dv.Type().Field(i))
		if !ok || dv.Field(i).Kind() != reflect.Struct {
			continue
		}
		for j := range dv.Field(i).NumField() {
			if key, ok := tomlName(dv.Field(i).Type().Field(j)); ok && md.IsDefined(sec, key) {
				dv.Field(i).Field(j).Set(fv.Field(i).Field(j))
			}
		}
	}
}

func tomlName(f reflect.StructField) (string, bool) {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	return name, f.IsExported() && name != "" && name != "-"
}

// typeErrRe reads BurntSushi's type mismatch, which is not a ParseError:
// `toml: line 4 (last key "dns.allow_switch"): incompatible types: …`.
var typeErrRe = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): (.*)$`)

var tableRe = regexp.MustCompile(`expected table but found (\S+)$`)

var mismatchRe = regexp.MustCompile(`incompatible types: TOML value has type ([\w.\[\]]+); destination has type (.+)$`)

// decodeError turns the library's errors into one line with file, line, key.
func (s *sourceText) decodeError(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &Error{File: s.name, Line: pe.Position.Line, Key: pe.LastKey, Msg: pe.Message}
	}
	if m := typeErrRe.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		msg := m[3]
		if t := mismatchRe.FindStringSubmatch(msg); t != nil {
			msg = "must be " + wantType(t[2]) + ", not " + tomlType(t[1])
		} else if t := tableRe.FindStringSubmatch(msg); t != nil {
			msg = "must be a table, not " + tomlType(t[1])
		}
		return &Error{File: s.name, Line: line, Key: m[2], Msg: msg}
	}
	return &Error{File: s.name, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
}

func wantType(dst string) string {
	switch {
	case dst == "boolean":
		return "true or false"
	case dst == "string":
		return `text in quotes`
	case strings.Contains(dst, "int"):
		return "a whole number"
	case strings.HasPrefix(dst, "slice"), strings.HasPrefix(dst, "array"):
		return "a list in [ ]"
	case strings.HasPrefix(dst, "struct"), strings.HasPrefix(dst, "map"):
		return "a table"
	}
	return dst
}

func tomlType(t string) string {
	switch t {
	case "string":
		return "text"
	case "int64":
		return "a number"
	case "float64":
		return "a decimal number"
	case "bool":
		return "true/false"
	case "[]interface {}", "[]any":
		return "a list"
	case "map[string]interface {}", "map[string]any":
		return "a table"
	}
	return t
}

// knownKeys are the keys a profile may set, for "did you mean".
var knownKeys = []string{
	"helpdesk", "helpdesk.name", "helpdesk.email", "helpdesk.phone", "helpdesk.url",
	"targets", "targets.urls",
	"dns", "dns.providers", "dns.custom_providers", "dns.custom_providers.name", "dns.custom_providers.title",
	"dns.custom_providers.servers", "dns.allow_switch", "dns.reference_resolvers", "dns.latency_domain", "dns.reference_name",
	"probes", "probes.captive", "probes.captive.url", "probes.captive.status", "probes.captive.body", "probes.reachability",
	"fixes", "fixes.disabled",
}

// maxTypoEdits is how far a misspelt key may be from a known one: two
// edits catch a swapped or missing letter without suggesting nonsense.
const maxTypoEdits = 2

// suggest offers the known key closest to a misspelt or misplaced one, by
// its last part, preferring the same section; the section is named only
// when it differs.
func suggest(k toml.Key) string {
	last, parent := k[len(k)-1], strings.Join(k[:len(k)-1], ".")
	best, bestScore := "", 2*maxTypoEdits+2
	for _, c := range knownKeys {
		cParent, cLast := splitKey(c)
		d := editDistance(last, cLast)
		if d > maxTypoEdits {
			continue
		}
		score := 2 * d
		if cParent != parent {
			score++ // a key of the same section wins a tie
		}
		if score < bestScore {
			best, bestScore = c, score
		}
	}
	if best == "" || best == k.String() {
		return ""
	}
	if p, l := splitKey(best); p == parent {
		best = l
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func splitKey(k string) (parent, last string) {
	if i := strings.LastIndex(k, "."); i >= 0 {
		return k[:i], k[i+1:]
	}
	return "", k
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// sourceText finds the line of a key or value in the profile's text. The
// library keeps key positions to itself (toml v1.6.0's MetaData exposes
// Keys and Undecoded, not positions), so this reads the text: each part of
// the key in turn, after the previous one, skipping comments.
type sourceText struct {
	name  string
	lines []string
}

// lineOf is the 1-based line of key, or of the quoted value after it when
// value is not empty; 0 when not found.
func (s *sourceText) lineOf(key toml.Key, value string) int {
	line, col := 0, 0
	found := 0
	for _, part := range key {
		re := regexp.MustCompile(`(?:^|[\s{,.\[])"?` + regexp.QuoteMeta(part) + `"?\s*(?:=|\.|\])`)
		l, c, ok := s.find(re, line, col)
		if !ok {
			break
		}
		line, col, found = l, c, l+1
	}
	if value != "" && found > 0 {
		re := regexp.MustCompile(`["']` + regexp.QuoteMeta(value) + `["']`)
		if l, _, ok := s.find(re, line, col); ok {
			return l + 1
		}
	}
	return found
}

// find searches from (line, col) on; it returns the position after the match.
func (s *sourceText) find(re *regexp.Regexp, line, col int) (int, int, bool) {
	for l := line; l < len(s.lines); l++ {
		text := stripComment(s.lines[l])
		from := 0
		if l == line {
			from = min(col, len(text))
		}
		if loc := re.FindStringIndex(text[from:]); loc != nil {
			return l, from + loc[1], true
		}
	}
	return 0, 0, false
}

// stripComment blanks a "# comment" that is not inside a string.
func stripComment(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case quote != 0 && c == '\\' && quote == '"':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '#':
			return line[:i]
		}
	}
	return line
}
