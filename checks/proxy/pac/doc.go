// Package pac evaluates proxy auto-config (PAC) files in a sandbox.
//
// A PAC file is JavaScript written by someone else and fetched from the
// network, so it is treated as hostile: it runs in a goja runtime that holds
// only the ECMAScript built-ins and the standard PAC helper functions
// (implemented here in Go, with DNS and the clock injected), under a time
// limit, a call-depth limit and a memory watchdog. A script that breaks a
// limit gives an *Error with a Kind a person can be told about; it never
// hangs the caller.
package pac
