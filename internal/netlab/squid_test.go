//go:build linux

package netlab

import "testing"

// TestApr1 checks the htpasswd hash against vectors made by
// `openssl passwd -apr1 -salt SALT PASSWORD`.
func TestApr1(t *testing.T) {
	for _, tc := range []struct{ pw, salt, want string }{
		{"secret", "abcdefgh", "$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/"},
		{"p@ss word longer than sixteen", "xy", "$apr1$xy$HhAUy6hABU4mq83fp7iSV."},
	} {
		if got := apr1(tc.pw, tc.salt); got != tc.want {
			t.Errorf("apr1(%q, %q) = %s, want %s", tc.pw, tc.salt, got, tc.want)
		}
	}
}
