package fixes

import (
	"os"

	"gatewaydoctor/checks"
	"gatewaydoctor/profile"
)

// NewFixContext is the FixContext of a real run on this computer: the OS
// runner, the installed browsers, the process list, the desktop and (on
// Linux) the resolver stack. The CLI and the wizard both start here.
func NewFixContext(env *checks.Env, p *profile.Profile, target string, sw SwitchConfig) *FixContext {
	fc := &FixContext{GOOS: runtimeGOOS, Runner: ExecRunner{}, Env: env, Profile: p, URL: target, Switch: sw,
		Browsers: DetectBrowsers(OSBrowserEnv()), Processes: ProcessNames,
		Desktop: Desktop{XDGCurrentDesktop: os.Getenv("XDG_CURRENT_DESKTOP"), MacMajor: macMajor()}}
	if runtimeGOOS == "linux" {
		ro := LinuxView{}
		if env != nil {
			ro.ResolvConfPath = env.ResolvConfPath
		}
		fc.Stack = DetectLinuxStack(ro)
	}
	return fc
}
