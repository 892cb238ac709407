package dns

import (
	"context"
	"strings"
	"time"

	"gatewaydoctor/checks"
)

// DNSSystemID is the ID of the check that reads the OS resolver configuration.
const DNSSystemID = "dns.system"

// DNSSystemCheck reads which resolvers the computer uses. None is
// CodeDNSNoServers; an entry that cannot be understood is CodeDNSMalformed.
func DNSSystemCheck() checks.Check {
	return checks.Func{Name: DNSSystemID, Limit: 2 * time.Second, Fn: runDNSSystem}
}

func runDNSSystem(ctx context.Context, env *checks.Env) checks.Result {
	res := checks.Result{ID: DNSSystemID}
	cfg, err := SystemResolvers(ctx, env)
	res.Details = map[string]any{"source": cfg.Source}
	if err != nil {
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeDNSMalformed}
		res.Say(checks.Say("summary.dns.system.unreadable", "The computer's DNS settings could not be read.", nil))
		res.Saw(checks.Say("evidence.dns.system.error", "{{.Error}}", checks.Args{"Error": err.Error()}))
		return res
	}
	var servers []string
	for _, s := range cfg.Servers {
		servers = append(servers, s.String())
	}
	res.Details["servers"] = servers
	if len(cfg.Upstreams) > 0 || cfg.Stub != "" {
		var ups []string
		for _, u := range cfg.Upstreams {
			ups = append(ups, u.String())
		}
		res.Details["stub"] = cfg.Stub
		res.Details["upstreams"] = ups
	}
	res.Saw(checks.Say("evidence.dns.system.servers", "{{.Source}}: {{.Servers}}", checks.Args{"Source": cfg.Source, "Servers": strings.Join(servers, ", ")}))
	if cfg.Stub != "" {
		res.Saw(checks.Say("evidence.dns.system.forwards", "{{.Stub}} forwards to: {{.Servers}}", checks.Args{"Stub": cfg.Stub, "Servers": strings.Join(AddrStrings(cfg.Upstreams), ", ")}))
	}
	for _, b := range cfg.Bad {
		res.Saw(checks.Say("evidence.dns.system.not_understood", "not understood: {{.Line}}", checks.Args{"Line": b}))
	}
	switch {
	case len(cfg.Servers) == 0:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeDNSNoServers}
		if len(cfg.Bad) > 0 {
			res.Codes = append(res.Codes, checks.CodeDNSMalformed)
		}
		res.Say(checks.Say("summary.dns.system.none", "No DNS server is configured, so names cannot be looked up.", nil))
	case len(cfg.Bad) > 0:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeDNSMalformed}
		res.Say(checks.Say("summary.dns.system.partly", "Part of the DNS settings could not be understood.", nil))
	default:
		res.Status = checks.StatusOK
		res.Say(checks.Say("summary.dns.system.ok", "DNS servers in use: {{.Servers}}.", checks.Args{"Servers": strings.Join(servers, ", ")}))
	}
	return res
}
