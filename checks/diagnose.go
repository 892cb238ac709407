package checks

// Diagnose turns every result of a run into one verdict. (Placeholder until
// the rules land.)
func Diagnose(rs Results) Verdict {
	info := Verdicts[VerdictOK]
	return Verdict{Code: VerdictOK, Side: info.Side, Summary: info.Summary, Fixes: info.Fixes}
}
