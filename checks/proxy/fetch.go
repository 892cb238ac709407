package proxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"gatewaydoctor/checks/proxy/pac"
)

// pacFetchTimeout bounds fetching the PAC file (every WPAD candidate
// included). Half of the run's budget (checks.DefaultBudget, 6 s), so the
// evaluation and the proxy probe still fit; a PAC server on the LAN answers
// in milliseconds, and browsers go direct when it does not answer.
const pacFetchTimeout = 3 * time.Second

// wpadCandidateTimeout bounds one WPAD candidate: most wpad.<domain> names
// do not exist and fail at once, and one slow candidate must leave time
// for the next.
const wpadCandidateTimeout = 1500 * time.Millisecond

// FetchError says the PAC file could not be fetched from any of its URLs:
// the proxy configuration cannot be followed (proxy_unreachable).
type FetchError struct {
	URLs []string
	Err  error
}

// Error says which URLs were tried and why they failed.
func (e *FetchError) Error() string {
	return fmt.Sprintf("fetch pac file %s: %v", strings.Join(e.URLs, ", "), e.Err)
}

// Unwrap is the underlying failure.
func (e *FetchError) Unwrap() error { return e.Err }

// fetchPAC fetches one PAC file, read up to pac.MaxScriptSize: a larger one
// is a *pac.Error of KindTooBig. file:// URLs (which Windows and macOS
// accept) are read through readFile.
func fetchPAC(ctx context.Context, client *http.Client, readFile func(string) ([]byte, error), raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	switch strings.ToLower(u.Scheme) {
	case "file":
		p := u.Path
		if len(p) > 2 && p[0] == '/' && p[2] == ':' { // file:///C:/x.pac
			p = p[1:]
		}
		b, err := readFile(p)
		if err != nil {
			return "", err
		}
		if len(b) > pac.MaxScriptSize {
			return "", &pac.Error{Kind: pac.KindTooBig, Msg: fmt.Sprintf("%s is %d bytes, the limit is %d", raw, len(b), pac.MaxScriptSize)}
		}
		return string(b), nil
	case "http", "https":
	default:
		return "", fmt.Errorf("unsupported PAC URL scheme %q", u.Scheme)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, pac.MaxScriptSize+1))
	if err != nil {
		return "", err
	}
	if len(b) > pac.MaxScriptSize {
		return "", &pac.Error{Kind: pac.KindTooBig, Msg: fmt.Sprintf("%s is larger than %d bytes", raw, pac.MaxScriptSize)}
	}
	return string(b), nil
}

// loadPAC fetches and compiles the PAC file of s: the PAC URL, or the first
// WPAD candidate that answers. It runs once per Settings.
func (s *Settings) loadPAC(ctx context.Context) *pacState {
	s.once.Do(func() {
		st := &pacState{memo: map[string]string{}}
		s.state = st
		o := s.options()
		urls := s.WPAD
		if s.Mode == ModePAC {
			urls = []string{s.PACURL}
		}
		if len(urls) == 0 {
			st.err = &FetchError{Err: errors.New("auto-detect found no candidate: no DHCP answer and no DNS search domain")}
			return
		}
		// Within the run's context (its deadline), never longer than
		// pacFetchTimeout; the first caller's context starts the fetch.
		ctx, cancel := context.WithTimeout(ctx, pacFetchTimeout)
		defer cancel()
		var errs []string
		for _, u := range urls {
			st.tried = append(st.tried, u)
			cctx, ccancel := ctx, context.CancelFunc(func() {})
			if len(urls) > 1 {
				cctx, ccancel = context.WithTimeout(ctx, wpadCandidateTimeout)
			}
			src, err := fetchPAC(cctx, o.HTTPClient, o.ReadFile, u)
			ccancel()
			var pe *pac.Error
			if errors.As(err, &pe) {
				st.url, st.err = u, err
				return
			}
			if err != nil {
				errs = append(errs, u+": "+err.Error())
				continue
			}
			st.url = u
			st.script, st.err = pac.New(ctx, src, pac.Env{Resolver: o.Resolver, MyIP: o.MyIP, Now: o.Now})
			return
		}
		st.err = &FetchError{URLs: st.tried, Err: errors.New(strings.Join(errs, "; "))}
	})
	return s.state
}

// PAC fetches and compiles the PAC file (once) and says which URL it came
// from. The error is a *FetchError when no PAC file could be fetched, or a
// *pac.Error when it could not be run.
func (s *Settings) PAC() (string, error) { return s.PACContext(context.Background()) }

// PACContext is PAC within ctx: a run's deadline bounds the fetch and the
// script's top level.
func (s *Settings) PACContext(ctx context.Context) (string, error) {
	if s.mode() != ModePAC && s.mode() != ModeAuto {
		return "", nil
	}
	st := s.loadPAC(ctx)
	return st.url, st.err
}
