//go:build windows

package fixes

import (
	"golang.org/x/sys/windows/registry"
)

// startMenuInternet reads every browser registered under
// SOFTWARE\Clients\StartMenuInternet (machine and user): the default value
// of KEY\shell\open\command.
func startMenuInternet() ([]string, error) {
	var out []string
	for _, root := range []registry.Key{registry.LOCAL_MACHINE, registry.CURRENT_USER} {
		k, err := registry.OpenKey(root, `SOFTWARE\Clients\StartMenuInternet`, registry.ENUMERATE_SUB_KEYS|registry.READ)
		if err != nil {
			continue
		}
		names, _ := k.ReadSubKeyNames(-1)
		k.Close()
		for _, n := range names {
			c, err := registry.OpenKey(root, `SOFTWARE\Clients\StartMenuInternet\`+n+`\shell\open\command`, registry.QUERY_VALUE)
			if err != nil {
				continue
			}
			if v, _, err := c.GetStringValue(""); err == nil {
				out = append(out, v)
			}
			c.Close()
		}
	}
	return out, nil
}
