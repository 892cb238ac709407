package fixes

import "strconv"

// FlushPlan is what emptying the DNS cache means on one OS and resolver
// stack. An empty plan means there is no local cache: say so, honestly.
func FlushPlan(goos string, st Stack) []Command {
	switch goos {
	case "windows":
		return []Command{{Path: "ipconfig", Args: []string{"/flushdns"}}}
	case "darwin":
		// Apple's documented pair since macOS 10.10.4: the directory cache
		// and the resolver daemon, which re-reads on SIGHUP.
		return []Command{
			{Path: "dscacheutil", Args: []string{"-flushcache"}, Elevated: true},
			{Path: "killall", Args: []string{"-HUP", "mDNSResponder"}, Elevated: true},
		}
	case "linux":
		var plan []Command
		for _, c := range st.Caches {
			switch c {
			case CacheResolved:
				if st.NoResolvectl {
					plan = append(plan, Command{Path: "systemd-resolve", Args: []string{"--flush-caches"}, Elevated: true})
				} else {
					plan = append(plan, Command{Path: "resolvectl", Args: []string{"flush-caches"}, Elevated: true})
				}
			case CacheNscd:
				plan = append(plan, Command{Path: "nscd", Args: []string{"-i", "hosts"}, Elevated: true})
			case CacheNMDnsmasq:
				plan = append(plan, Command{Path: "nmcli", Args: []string{"general", "reload", "dns-full"}})
			case CacheDnsmasq:
				if st.DnsmasqPID > 1 {
					plan = append(plan, Command{Path: "kill", Args: []string{"-HUP", strconv.Itoa(st.DnsmasqPID)}, Elevated: true})
				}
			}
		}
		return plan
	}
	return nil
}
