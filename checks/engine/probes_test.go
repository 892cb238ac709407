package engine_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
)

// fakeLocal is a LocalNetwork with one router.
type fakeLocal struct{}

func (fakeLocal) Interfaces() ([]checks.Interface, error) { return nil, nil }
func (fakeLocal) DefaultGateways() ([]netip.Addr, error) {
	return []netip.Addr{netip.MustParseAddr("192.0.2.1")}, nil
}

// closedURL is a loopback address nothing listens on: a refused connection.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + ln.Addr().String() + "/"
	ln.Close()
	return u
}

var errDown = errors.New("no answer")

func TestNetworkUp(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer site.Close()
	closed := closedURL(t)
	for _, tc := range []struct {
		name      string
		routerErr error
		reach     []string
		want      bool
	}{
		{"router down", errDown, []string{site.URL}, false},
		{"router and a test site answer", nil, []string{closed, site.URL}, true},
		{"router answers, no test site does", nil, []string{closed}, false},
		{"router answers, no test sites set", nil, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := func(*url.URL) (*checks.Env, error) {
				return &checks.Env{Local: fakeLocal{}, Reachability: tc.reach,
					GatewayProbe: func(context.Context, netip.Addr) (string, error) { return "tcp/53", tc.routerErr }}, nil
			}
			if got := engine.NetworkUp(env)(context.Background(), nil); got != tc.want {
				t.Errorf("up = %v, want %v", got, tc.want)
			}
		})
	}
	broken := func(*url.URL) (*checks.Env, error) { return nil, errDown }
	if engine.NetworkUp(broken)(context.Background(), nil) {
		t.Error("an Env that cannot be built counts as up")
	}
}

func TestPortalCleared(t *testing.T) {
	clear := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer clear.Close()
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<html><title>Sign in to Lab Wi-Fi</title></html>"))
	}))
	defer portal.Close()
	for _, tc := range []struct {
		name  string
		probe string // the captive probe's address, which expects a 204
		want  bool
	}{
		{"the probe gets its empty answer", clear.URL, true},
		{"a sign-in page answers the probe", portal.URL, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := func(*url.URL) (*checks.Env, error) {
				return &checks.Env{CaptiveProbes: []checks.Probe{{URL: tc.probe, Status: http.StatusNoContent}}}, nil
			}
			if got := engine.PortalCleared(env)(context.Background(), nil); got != tc.want {
				t.Errorf("cleared = %v, want %v", got, tc.want)
			}
		})
	}
	broken := func(*url.URL) (*checks.Env, error) { return nil, errDown }
	if engine.PortalCleared(broken)(context.Background(), nil) {
		t.Error("an Env that cannot be built counts as cleared")
	}
}
