//go:build !windows

package main

// attachConsole is needed only by the Windows GUI-subsystem exe; elsewhere
// a program started from a terminal already writes to it.
func attachConsole() {}
