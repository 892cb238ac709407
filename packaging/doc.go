// Package packaging holds the scripts that build the installers (dist.sh,
// linux.sh, windows.sh) and their test (dist-test.sh). Its Go tests check,
// in make test, that the packaging metadata agrees with the code: one
// version, one application ID, one profile file name.
package packaging
