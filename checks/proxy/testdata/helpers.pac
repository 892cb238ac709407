// Every PAC helper, each result one digit of the proxy's host name, so a
// test served this file can check them all from one answer. The clock and
// resolver are the test's: Tuesday 2026-03-10 14:30 UTC, www.example.org at
// 203.0.113.7, intranet.corp.example at 10.1.2.3, myIpAddress 10.9.8.7.
function b(x) { return x ? "1" : "0"; }
function FindProxyForURL(url, host) {
  var r = [
    b(isPlainHostName("intranet")),
    b(dnsDomainIs(host, ".example.org")),
    b(localHostOrDomainIs("www", "www.example.org")),
    b(isResolvable(host)),
    b(isResolvable("nonexistent.example")),
    b(isInNet(host, "203.0.113.0", "255.255.255.0")),
    b(dnsResolve("intranet.corp.example") == "10.1.2.3"),
    b(isInNet(myIpAddress(), "10.9.0.0", "255.255.0.0")),
    b(dnsDomainLevels(host) == 2),
    b(shExpMatch(url, "http://*.example.org/*")),
    b(weekdayRange("MON", "FRI", "GMT")),
    b(dateRange("MAR", "GMT")),
    b(timeRange(14, 15, "GMT")),
    b(weekdayRange("SAT", "SUN"))
  ];
  return "PROXY h" + r.join("") + ".helpers.example:8080";
}
