// Command pesubsystem checks the subsystem a Windows executable's PE header
// asks for, for make dist-test: gateway-doctor.exe must be a GUI program (no
// console window flashes when the wizard opens) and gateway-doctor.com, its
// console twin, a console program (cmd.exe and PowerShell wait for it).
// Windows decides by this header, not by the file's extension.
//
//	go run ./packaging/pesubsystem FILE gui|console
//
// Exits 0 when FILE's subsystem is the one named, 1 when it is another, 2
// for bad usage or a file that is not a PE.
package main

import (
	"debug/pe"
	"fmt"
	"os"
)

// subsystems are the two values this project ships, by name
// (IMAGE_SUBSYSTEM_WINDOWS_GUI and IMAGE_SUBSYSTEM_WINDOWS_CUI).
var subsystems = map[string]uint16{
	"gui":     pe.IMAGE_SUBSYSTEM_WINDOWS_GUI,
	"console": pe.IMAGE_SUBSYSTEM_WINDOWS_CUI,
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: pesubsystem FILE gui|console")
		os.Exit(2)
	}
	want, ok := subsystems[os.Args[2]]
	if !ok {
		fmt.Fprintf(os.Stderr, "pesubsystem: %q is neither gui nor console\n", os.Args[2])
		os.Exit(2)
	}
	got, err := subsystem(os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "pesubsystem: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("%s: subsystem %d\n", os.Args[1], got)
	if got != want {
		fmt.Fprintf(os.Stderr, "pesubsystem: %s has subsystem %d, want %d (%s)\n", os.Args[1], got, want, os.Args[2])
		os.Exit(1)
	}
}

// subsystem reads the Subsystem field of a PE file's optional header.
func subsystem(path string) (uint16, error) {
	f, err := pe.Open(path)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		return h.Subsystem, nil
	case *pe.OptionalHeader32:
		return h.Subsystem, nil
	}
	return 0, fmt.Errorf("%s: a PE file without an optional header (an object file, not a program)", path)
}
