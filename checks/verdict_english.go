package checks

import (
	"encoding/json"

	"gatewaydoctor/assets"
)

// withSentences fills each verdict's Summary with its sentence from
// en.json. The file is embedded in the binary, so a broken one is a defect
// of the build that every test shows at once, not a state to run in.
func withSentences(table map[VerdictCode]VerdictInfo) map[VerdictCode]VerdictInfo {
	data, err := assets.Translations.ReadFile("translations/en.json")
	var en map[string]string
	if err == nil {
		err = json.Unmarshal(data, &en)
	}
	if err != nil {
		panic("checks: the English verdict sentences (assets/translations/en.json): " + err.Error())
	}
	for code, info := range table {
		info.Summary = en["verdict."+string(code)]
		table[code] = info
	}
	return table
}
