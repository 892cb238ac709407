package main

// interruptPolicy on Windows: the app shares the console and gets the same
// Ctrl+C itself (see ignoreInterrupt).
const interruptPolicy = ignoreInterrupt
