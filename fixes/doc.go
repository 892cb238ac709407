// Package fixes is the catalogue of user-side fixes and the machinery that
// performs them safely: per-OS command plans (data, golden-tested on Linux
// for every OS), elevation, the DNS journal, verification and undo.
//
// Nothing here builds a shell string. Every change is a Command, an argument
// list run by a Runner; every address is validated with net/netip; adapters
// are addressed by index, GUID or UUID. A DNS change is journalled to disk
// before it happens, verified after, and reverted at once when verification
// fails (see DESIGN.md, "Safety of fixes").
package fixes
