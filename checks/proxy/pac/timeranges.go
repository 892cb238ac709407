package pac

import (
	"strconv"
	"strings"
	"time"
)

// The time helpers follow the Netscape PAC specification as implemented by
// Mozilla and Chromium (ascii_pac_utils): arguments are local time unless the
// last one is "GMT", ranges are inclusive, and a range whose start is after
// its end wraps around (weekdayRange("FRI", "MON")). Bad arguments give
// false, never an exception.

var weekdays = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
var months = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}

func indexOf(list []string, s string) int {
	s = strings.ToUpper(strings.TrimSpace(s))
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// gmt strips a trailing "GMT" argument and returns the clock to compare in.
func gmt(now time.Time, args []string) (time.Time, []string) {
	if n := len(args); n > 0 && strings.EqualFold(strings.TrimSpace(args[n-1]), "GMT") {
		return now.UTC(), args[:n-1]
	}
	return now, args
}

// inRange is lo <= x <= hi, wrapping around when lo > hi.
func inRange(x, lo, hi int) bool {
	if lo <= hi {
		return lo <= x && x <= hi
	}
	return x >= lo || x <= hi
}

// WeekdayRange is PAC's weekdayRange(wd1[, wd2][, "GMT"]) at the time now.
func WeekdayRange(now time.Time, args ...string) bool {
	now, args = gmt(now, args)
	if len(args) == 0 || len(args) > 2 {
		return false
	}
	lo := indexOf(weekdays, args[0])
	hi := lo
	if len(args) == 2 {
		hi = indexOf(weekdays, args[1])
	}
	if lo < 0 || hi < 0 {
		return false
	}
	return inRange(int(now.Weekday()), lo, hi)
}

// dateField is one argument of dateRange: a day (1–31), a month (JAN…) or a
// year (> 31).
type dateField struct {
	kind  byte // 'd', 'm' or 'y'
	value int
}

func parseDateField(s string) (dateField, bool) {
	if m := indexOf(months, s); m >= 0 {
		return dateField{'m', m}, true
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	switch {
	case err != nil || n < 1:
		return dateField{}, false
	case n <= 31:
		return dateField{'d', n}, true
	default:
		return dateField{'y', n}, true
	}
}

// DateRange is PAC's dateRange: one field (day, month or year), or two
// equal-length halves naming the start and end of a range, each half a
// combination of day, month and year (dateRange(1, "JAN", 15, "MAR"),
// dateRange("JUN", 1995, "AUG", 1995), …), optionally followed by "GMT".
func DateRange(now time.Time, args ...string) bool {
	now, args = gmt(now, args)
	n := len(args)
	if n == 0 || n > 6 || (n > 1 && n%2 != 0) {
		return false
	}
	fields := make([]dateField, n)
	for i, a := range args {
		f, ok := parseDateField(a)
		if !ok {
			return false
		}
		fields[i] = f
	}
	cur := map[byte]int{'d': now.Day(), 'm': int(now.Month()) - 1, 'y': now.Year()}
	if n == 1 {
		return cur[fields[0].kind] == fields[0].value
	}
	lo, hi := fields[:n/2], fields[n/2:]
	// Both halves must name the same fields in the same order; the key
	// compares year, then month, then day, over the fields named.
	key := func(vals map[byte]int, half []dateField) int {
		k := 0
		for _, kind := range []byte{'y', 'm', 'd'} {
			for _, f := range half {
				if f.kind == kind {
					k = k*10000 + vals[kind]
				}
			}
		}
		return k
	}
	vals := func(half []dateField) map[byte]int {
		m := map[byte]int{}
		for _, f := range half {
			m[f.kind] = f.value
		}
		return m
	}
	for i := range lo {
		if lo[i].kind != hi[i].kind {
			return false
		}
	}
	return inRange(key(cur, lo), key(vals(lo), lo), key(vals(hi), hi))
}

// TimeRange is PAC's timeRange: (hour), (hour1, hour2), (h1, m1, h2, m2) or
// (h1, m1, s1, h2, m2, s2), optionally followed by "GMT". An hour range
// includes the whole of its last hour, as in Mozilla's implementation.
func TimeRange(now time.Time, args ...string) bool {
	now, args = gmt(now, args)
	nums := make([]int, len(args))
	for i, a := range args {
		v, err := strconv.Atoi(strings.TrimSpace(a))
		if err != nil || v < 0 || v > 59 {
			return false
		}
		nums[i] = v
	}
	sec := func(h, m, s int) int { return h*3600 + m*60 + s }
	cur := sec(now.Hour(), now.Minute(), now.Second())
	switch len(nums) {
	case 1:
		return now.Hour() == nums[0]
	case 2:
		return inRange(now.Hour(), nums[0], nums[1])
	case 4:
		return inRange(cur, sec(nums[0], nums[1], 0), sec(nums[2], nums[3], 59))
	case 6:
		return inRange(cur, sec(nums[0], nums[1], nums[2]), sec(nums[3], nums[4], nums[5]))
	}
	return false
}
