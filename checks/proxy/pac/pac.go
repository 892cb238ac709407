package pac

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"
)

// Resolver looks names up for the DNS helpers. *net.Resolver and
// checks.Resolver satisfy it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Env is everything the PAC helpers may touch. Zero fields take the OS
// defaults, so tests inject a resolver, an address and a clock.
type Env struct {
	// Resolver serves dnsResolve, isResolvable and isInNet; nil means
	// net.DefaultResolver.
	Resolver Resolver
	// MyIP answers myIpAddress; nil means the local address the OS would use
	// to reach the internet (found without sending a packet).
	MyIP func(ctx context.Context) (netip.Addr, error)
	// Now is the clock of weekdayRange, dateRange and timeRange; nil means
	// time.Now. Its Location is the "local time" of those helpers.
	Now func() time.Time
	// Alert receives the script's alert() messages; nil discards them.
	Alert func(msg string)
}

// withDefaults is env with its nil fields given the real ones (the parent's
// New and the child's sandbox both start from it).
func (env Env) withDefaults() Env {
	if env.Resolver == nil {
		env.Resolver = net.DefaultResolver
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.MyIP == nil {
		env.MyIP = outboundIP
	}
	return env
}

// Kind says which limit a script broke or how it failed.
type Kind string

// The kinds of PAC failures, for findings and for people.
const (
	KindTooBig     Kind = "too_big"     // the file is larger than MaxScriptSize
	KindSyntax     Kind = "syntax"      // the file is not valid JavaScript
	KindNoFunction Kind = "no_function" // FindProxyForURL is missing
	KindThrow      Kind = "throw"       // the script threw an exception
	KindTimeout    Kind = "timeout"     // it ran longer than EvalTimeout
	KindMemory     Kind = "memory"      // it built huge strings or used too much memory
	KindRecursion  Kind = "recursion"   // it recursed past maxCallStack
	KindBadResult  Kind = "bad_result"  // it returned something that is not a PAC answer
)

// Error is a PAC file that could not be evaluated.
type Error struct {
	Kind Kind
	Msg  string
}

// Error names the kind of failure and its detail.
func (e *Error) Error() string { return "pac: " + string(e.Kind) + ": " + e.Msg }

// Script is a PAC file checked to compile and to define FindProxyForURL.
// Every evaluation runs in a child process of its own (see child.go), so a
// hostile script is stopped by the operating system, not by its own
// cooperation: the child is killed at the deadline and its memory is capped,
// even inside a single native call that goja cannot interrupt. It is safe
// for concurrent use.
type Script struct {
	src string
	env Env

	mu     sync.Mutex
	broken error // set once a limit was broken: the script is not run again
}

// New compiles src and runs its top level under the sandbox's limits, within
// ctx and at most EvalTimeout.
func New(ctx context.Context, src string, env Env) (*Script, error) {
	if len(src) > MaxScriptSize {
		return nil, &Error{Kind: KindTooBig, Msg: fmt.Sprintf("%d bytes, the limit is %d", len(src), MaxScriptSize)}
	}
	env = env.withDefaults()
	s := &Script{src: src, env: env}
	if _, _, err := evalInChild(ctx, s.src, s.env, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// FindProxyForURL calls the script's FindProxyForURL(url, host) within ctx
// and at most EvalTimeout, and returns its raw answer, e.g.
// "PROXY proxy.example:8080; DIRECT". Use Parse to read it.
func (s *Script) FindProxyForURL(ctx context.Context, rawURL, host string) (string, error) {
	s.mu.Lock()
	broken := s.broken
	s.mu.Unlock()
	if broken != nil {
		return "", broken
	}
	out, _, err := evalInChild(ctx, s.src, s.env, &call{URL: rawURL, Host: host})
	var pe *Error
	if errors.As(err, &pe) && pe.Kind != KindThrow && pe.Kind != KindBadResult {
		// A script that broke a limit once would break it again: browsers
		// give up on it too, and another run would cost another second.
		s.mu.Lock()
		if s.broken == nil {
			s.broken = pe
		}
		s.mu.Unlock()
	}
	return out, err
}
