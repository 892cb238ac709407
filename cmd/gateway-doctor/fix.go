package main

// runFix and runRestore are placeholders until the fixes package lands.
func runFix(args []string) int     { return exitInternal }
func runRestore(args []string) int { return exitInternal }
