package main

func runProfile(args []string) int { return exitInternal }
