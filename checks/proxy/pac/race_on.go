//go:build race

package pac

// raceEnabled: the race detector's shadow memory rules out an address-space cap.
const raceEnabled = true
