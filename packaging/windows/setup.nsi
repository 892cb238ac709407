; GatewayDoctor-Setup.exe: installs Gateway Doctor for the current user, with
; no administrator prompt, a Start-menu entry and an uninstaller that puts DNS
; settings back (gateway-doctor restore) before it removes anything.
;
; Built by packaging/windows.sh with:
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DEXE=path\gateway-doctor.exe
;            -DCOM=path\gateway-doctor.com
;            -DICON=path\gateway-doctor.ico -DOUTFILE=path\GatewayDoctor-Setup.exe
;            [-DPROFILE=path\acme.toml] [-DSIGN=path/to/sign.sh] setup.nsi

Unicode true
SetCompressor /SOLID lzma
ManifestDPIAware true

!ifndef VERSION | EXE | COM | ICON | OUTFILE | VERSION4
  !error "VERSION, VERSION4, EXE, COM, ICON and OUTFILE must be defined (see the header)"
!endif

!define APPNAME "Gateway Doctor"
!define APPEXE "gateway-doctor.exe"
; The console twin beside it: cmd.exe and PowerShell run it for
; `gateway-doctor check URL` (PATHEXT puts .COM before .EXE); it runs the exe,
; waits and returns its exit code (cmd/gateway-doctor-console).
!define APPCOM "gateway-doctor.com"
; The profile's name beside the executable (DESIGN.md, "Helpdesk profile").
!define PROFILENAME "gateway-doctor.toml"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\GatewayDoctor"

Name "${APPNAME}"
OutFile "${OUTFILE}"
; Per user: no UAC prompt to install, and the uninstaller runs as the same
; user as the app, so `restore` finds that user's DNS journal.
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\GatewayDoctor"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"

!ifdef SIGN
  ; Sign the uninstaller as makensis writes it, and the setup at the end.
  ; %1 is the file; the script signs it in place.
  !uninstfinalize '"${SIGN}" "%1"' = 0
  !finalize '"${SIGN}" "%1"' = 0
!endif

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=1033 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APPNAME} setup"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${APPNAME}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "${APPNAME}"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPEXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APPNAME} now"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "Install"
  SetOutPath "$INSTDIR"
  File "/oname=${APPEXE}" "${EXE}"
  File "/oname=${APPCOM}" "${COM}"
!ifdef PROFILE
  File "/oname=${PROFILENAME}" "${PROFILE}"
!endif
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${APPEXE}"

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${APPEXE}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Put back any DNS change the app made and did not undo, before the program
  ; that knows how is gone. restore exits 0 when there was nothing to undo,
  ; 1 while the app itself is open (it will restore on its own), 3 on error.
  ; A silent uninstall (/S) goes on regardless: the MessageBox answers Yes.
  IfFileExists "$INSTDIR\${APPEXE}" 0 removefiles
  ClearErrors
  ExecWait '"$INSTDIR\${APPEXE}" restore' $0
  IfErrors restorefailed
  StrCmp $0 "0" removefiles restorefailed
restorefailed:
  MessageBox MB_YESNO|MB_ICONEXCLAMATION \
    "${APPNAME} could not put your DNS settings back (code $0). If ${APPNAME} is open, close it, choose No and uninstall again.$\r$\n$\r$\nRemove it anyway? You can then reset DNS in Settings > Network and internet > your connection > DNS server assignment > Edit > Automatic (DHCP)." \
    /SD IDYES IDYES removefiles
  Abort "DNS settings were not restored; ${APPNAME} was left installed."

removefiles:
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$INSTDIR\${APPEXE}"
  Delete "$INSTDIR\${APPCOM}"
  Delete "$INSTDIR\${PROFILENAME}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd
