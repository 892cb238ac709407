package profile

import "testing"

// TestPrivacyPreapproved: the key is off by default and a managed profile
// turns it on.
func TestPrivacyPreapproved(t *testing.T) {
	if Default().Privacy.Preapproved {
		t.Fatal("the default profile pre-approves the checks")
	}
	p, err := Parse("managed.toml", []byte("[helpdesk]\nname = \"Example IT\"\n[privacy]\npreapproved = true\n"), Known{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Privacy.Preapproved || p.Helpdesk.Name != "Example IT" {
		t.Fatalf("privacy = %+v, helpdesk = %+v", p.Privacy, p.Helpdesk)
	}
	if _, err := Parse("anonymous.toml", []byte("[privacy]\npreapproved = true\n"), Known{}); err == nil {
		t.Fatal("a pre-approval without a helpdesk name was accepted")
	}
}
