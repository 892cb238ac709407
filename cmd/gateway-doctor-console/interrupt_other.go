//go:build !windows

package main

// interruptPolicy elsewhere, where the twin is built only for its tests:
// a signal sent to it is passed on to the app (see relayInterrupt).
const interruptPolicy = relayInterrupt
