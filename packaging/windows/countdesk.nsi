; CountDesk's Windows installer (NSIS 3). packaging\windows\build.ps1 builds the bundle and then runs
;   makensis /DVERSION=0.1.0 /DBUNDLE=<checkout>\dist\countdesk /DOUTFILE=<checkout>\dist\CountDesk-0.1.0-setup.exe countdesk.nsi
;
; Per-machine install into Program Files (administrator rights), a Start menu entry, the .countdesk
; file association, an entry in Apps & features. Silent: CountDesk-X-setup.exe /S [/D=C:\Path]
; (/D last, unquoted). The uninstaller removes only what this installer put down: count files live
; in the users' own folders and are never touched, and a stray file left in the install folder
; keeps the folder (and itself) in place.

Unicode true
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!ifndef VERSION
  !error "give the version: makensis /DVERSION=X.Y.Z (build.ps1 reads it from app\__init__.py)"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\countdesk"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\CountDesk-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\..\resources\icons\countdesk.ico"
!endif

!define APP "CountDesk"
!define EXE "CountDesk.exe"
!define CLI "countdesk-cli.exe"
!define PROGID "CountDesk.CountFile"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\CountDesk"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP} installer"
VIAddVersionKey "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP} needs 64-bit Windows 10 or 11." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "${APP}" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the whole bundle, so no file of an older version is left beside the new one.
  RMDir /r "$INSTDIR\_internal"
  File "${BUNDLE}\${EXE}"
  File "${BUNDLE}\${CLI}"
  File /r "${BUNDLE}\_internal"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 \
    SW_SHOWNORMAL "" "Verification, count sheets, recounts and the declaration of result"

  ; .countdesk files open in CountDesk, for every user of the machine.
  WriteRegStr HKLM "Software\Classes\.countdesk" "" "${PROGID}"
  WriteRegStr HKLM "Software\Classes\.countdesk" "Content Type" "application/x-countdesk"
  WriteRegStr HKLM "Software\Classes\${PROGID}" "" "CountDesk count file"
  WriteRegStr HKLM "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  WriteRegStr HKLM "Software\Classes\Applications\${EXE}\SupportedTypes" ".countdesk" ""
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Only what the installer put down. Never RMDir /r "$INSTDIR": a count file someone saved there
  ; by mistake must survive, and count files normally live in the users' documents anyway.
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CLI}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ; Forget the file association only if it is still ours.
  ReadRegStr $0 HKLM "Software\Classes\.countdesk" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey HKLM "Software\Classes\.countdesk"
  ${EndIf}
  DeleteRegKey HKLM "Software\Classes\${PROGID}"
  DeleteRegKey HKLM "Software\Classes\Applications\${EXE}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
