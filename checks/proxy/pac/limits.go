package pac

import "time"

// EvalTimeout bounds one run of the script (its top level, or one call of
// FindProxyForURL). The issue asks for 1 s; a real corporate PAC answers in
// well under 10 ms (see BenchmarkPAC), so a script still running after a
// second is looping.
const EvalTimeout = time.Second

// MaxScriptSize is the largest PAC file we run. Chromium's PAC fetcher stops
// at 1 MiB (kMaxResponseBytes in pac_file_fetcher_impl.cc); real corporate
// PAC files are a few KiB to a few hundred KiB.
const MaxScriptSize = 1 << 20

// MaxResultSize caps the string FindProxyForURL returns. A real answer is a
// handful of "PROXY host:port" entries; 4 KiB holds dozens.
const MaxResultSize = 4 << 10

// maxStringSize caps the strings the sandbox lets String.prototype.repeat,
// padStart/padEnd and Array.prototype.join build in one step, so that a
// single call cannot allocate a gigabyte before the watchdog sees it. 1 MiB
// is the size of the largest script we accept: a PAC file has no reason to
// build a longer string.
const maxStringSize = 1 << 20

// maxHeapGrowth is how much the Go heap may grow while a script runs before
// the watchdog interrupts it. Evaluating a 100-rule PAC allocates well under
// 1 MiB; 64 MiB leaves room for other checks running at the same time while
// stopping a doubling-string loop a few steps after it becomes dangerous.
const maxHeapGrowth = 64 << 20

// watchdogInterval is how often the memory watchdog samples the heap. A
// string that doubles each step needs a few milliseconds per step once it is
// tens of MiB long, so 1 ms catches it within one or two doublings.
const watchdogInterval = time.Millisecond

// maxCallStack limits recursion. Real PAC files call a few helpers deep;
// 1000 frames stops runaway recursion long before the Go stack is at risk.
const maxCallStack = 1000

// dnsTimeout bounds one lookup made by dnsResolve, isResolvable or isInNet.
// Browsers block the PAC thread on these lookups, so a slow resolver makes a
// slow PAC; 2 s matches a typical resolver's first retry, and the evaluation
// deadline still applies on top.
const dnsTimeout = 2 * time.Second
