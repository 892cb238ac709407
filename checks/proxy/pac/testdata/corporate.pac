// A typical corporate PAC file: 100 rules of the kinds real ones use
// (bypass lists by domain and by network, per-site proxies, a time rule),
// for BenchmarkPAC and the PAC-server tests. Names are reserved examples.
function FindProxyForURL(url, host) {
  host = host.toLowerCase();
  if (isPlainHostName(host) || localHostOrDomainIs(host, "intranet.corp.example"))
    return "DIRECT";
  if (shExpMatch(host, "127.*") || shExpMatch(host, "localhost"))
    return "DIRECT";
  if (dnsDomainIs(host, ".internal1.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal2.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal3.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal4.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal5.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal6.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal7.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal8.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal9.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal10.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal11.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal12.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal13.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal14.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal15.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal16.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal17.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal18.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal19.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal20.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal21.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal22.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal23.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal24.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal25.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal26.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal27.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal28.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal29.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal30.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal31.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal32.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal33.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal34.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal35.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal36.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal37.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal38.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal39.corp.example")) return "DIRECT";
  if (dnsDomainIs(host, ".internal40.corp.example")) return "DIRECT";
  if (shExpMatch(host, "*.partner1.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner2.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner3.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner4.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner5.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner6.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner7.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner8.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner9.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner10.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner11.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner12.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner13.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner14.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner15.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner16.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner17.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner18.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner19.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner20.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner21.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner22.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner23.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner24.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner25.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner26.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner27.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner28.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner29.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(host, "*.partner30.example.net")) return "PROXY partner-proxy.corp.example:8080";
  if (shExpMatch(url, "https://app1.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app2.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app3.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app4.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app5.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app6.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app7.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app8.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app9.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app10.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app11.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app12.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app13.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app14.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app15.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app16.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app17.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app18.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app19.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (shExpMatch(url, "https://app20.example.com/*")) return "PROXY app-proxy.corp.example:3128; DIRECT";
  if (dnsDomainLevels(host) > 6) return "PROXY strict-proxy.corp.example:8080";
  if (weekdayRange("SAT", "SUN") && timeRange(0, 6)) return "PROXY night-proxy.corp.example:8080";
  if (dateRange("DEC", "JAN")) alert("holiday rules");
  var ip = dnsResolve(host);
  if (ip != null) {
    if (isInNet(ip, "10.0.0.0", "255.0.0.0") ||
        isInNet(ip, "172.16.0.0", "255.240.0.0") ||
        isInNet(ip, "192.168.0.0", "255.255.0.0"))
      return "DIRECT";
  }
  if (isInNet(myIpAddress(), "10.50.0.0", "255.255.0.0"))
    return "PROXY branch-proxy.corp.example:8080; PROXY proxy.corp.example:8080";
  if (!isResolvable(host)) return "PROXY proxy.corp.example:8080";
  return "PROXY proxy.corp.example:8080; DIRECT";
}
