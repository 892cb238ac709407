package netlab

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"regexp"
	"testing"
)

// httpServeEnv makes a test binary that imports netlab serve HTTP instead
// of running tests (see init): this is how HTTP runs a server in a
// namespace without any binary but the test itself.
const httpServeEnv = "NETLAB_HTTP_SERVE"

// HTTPResponse is what a lab HTTP server answers to every request. Go's
// server adds a Date header (the clock check reads it).
type HTTPResponse struct {
	Status int               `json:"status"`
	Header map[string]string `json:"header"`
	Body   string            `json:"body"`
}

type httpConfig struct {
	Addr     string       `json:"addr"`
	Response HTTPResponse `json:"response"`
}

var httpReady = regexp.MustCompile(`^NETLAB-HTTP-READY`)

// HTTP starts an HTTP server on addr inside ns (an "internet" address of the
// router after AddInternetHost, typically) answering resp to every request,
// waits until it listens, and kills it at cleanup.
func HTTP(t testing.TB, ns *NS, addr netip.AddrPort, resp HTTPResponse) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(httpConfig{Addr: addr.String(), Response: resp})
	ns.startReady(t, []string{httpServeEnv + "=" + string(b)}, httpReady, exe)
}

func init() {
	if v := os.Getenv(httpServeEnv); v != "" {
		os.Exit(serveHTTP(v))
	}
}

// serveHTTP is the server side of HTTP: it never returns while serving.
func serveHTTP(cfgJSON string) int {
	var cfg httpConfig
	if err := json.Unmarshal([]byte(cfgJSON), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, "netlab http:", err)
		return 2
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "netlab http:", err)
		return 2
	}
	fmt.Println("NETLAB-HTTP-READY", ln.Addr())
	r := cfg.Response
	err = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		for k, v := range r.Header {
			w.Header().Set(k, v)
		}
		st := r.Status
		if st == 0 {
			st = http.StatusOK
		}
		w.WriteHeader(st)
		_, _ = io.WriteString(w, r.Body)
	}))
	fmt.Fprintln(os.Stderr, "netlab http:", err)
	return 1
}
