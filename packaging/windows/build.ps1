# Builds CountDesk's Windows installer on a Windows build machine (64-bit Windows 10 or 11).
#
# Needs: Python 3.11 (64-bit, from python.org, with the py launcher) and NSIS 3 (makensis), both
# installed beforehand; the machine needs PyPI access for the first run only.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Makes .venv in the checkout, installs CountDesk and the pinned PyInstaller into it, freezes
# dist\countdesk\ (CountDesk.exe for the desktop, countdesk-cli.exe for scripts), checks that the
# frozen program runs the demo, then writes dist\CountDesk-VERSION-setup.exe.
[CmdletBinding()]
param(
    [string]$Python = "",      # a python.exe to make .venv with; default: py -3.11
    [string]$MakeNsis = ""     # makensis.exe; default: on PATH or in Program Files (x86)\NSIS
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root
$Venv = Join-Path $Root ".venv"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$Bundle = Join-Path $Root "dist\countdesk"

function Say([string]$Message) { Write-Host "build-windows: $Message" }

function Invoke-Checked {
    # Native programs do not stop the script by themselves: check each exit code.
    param([string]$Program, [string[]]$Arguments)
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "build-windows: '$Program $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

# 1. The virtual environment, with Python 3.11.
if (-not (Test-Path $VenvPython)) {
    Say "creating .venv"
    if ($Python) { Invoke-Checked $Python @("-m", "venv", $Venv) }
    else { Invoke-Checked "py" @("-3.11", "-m", "venv", $Venv) }
}
$PythonVersion = (& $VenvPython -c "import sys; print('%d.%d' % sys.version_info[:2])")
if ($PythonVersion -ne "3.11") {
    throw "build-windows: .venv has Python $PythonVersion; delete .venv and run again with Python 3.11."
}

# 2. CountDesk with its pinned dependencies (pyproject.toml), and the pinned PyInstaller.
Say "installing CountDesk and PyInstaller into .venv"
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", $Root)
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "--disable-pip-version-check",
    "-r", (Join-Path $Root "packaging\pyinstaller\requirements.txt"))
$Version = (& $VenvPython -c "import app; print(app.__version__)").Trim()

# 3. The one-folder bundle.
Say "freezing CountDesk $Version into dist\countdesk"
$Started = Get-Date
if (Test-Path $Bundle) { Remove-Item -Recurse -Force $Bundle }
Invoke-Checked (Join-Path $Venv "Scripts\pyinstaller.exe") @(
    "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", (Join-Path $Root "dist"), "--workpath", (Join-Path $Root "build\pyinstaller"),
    (Join-Path $Root "packaging\pyinstaller\countdesk.spec"))
Say ("bundle made in {0:N0} s" -f ((Get-Date) - $Started).TotalSeconds)

# 4. The frozen program must run before it is packed.
$Cli = Join-Path $Bundle "countdesk-cli.exe"
$Said = (& $Cli --version).Trim()
if ($Said -ne "CountDesk $Version") { throw "build-windows: the frozen program says '$Said'." }
$Smoke = Join-Path $Root "build\smoke-demo"
if (Test-Path $Smoke) { Remove-Item -Recurse -Force $Smoke }
Invoke-Checked $Cli @("demo", "--no-window", "--folder", $Smoke)
if (-not (Get-ChildItem -Path $Smoke -Filter "declaration-*.pdf")) {
    throw "build-windows: the frozen demo wrote no declaration PDF in $Smoke."
}

# 5. The installer.
if (-not $MakeNsis) {
    $Found = Get-Command "makensis.exe" -ErrorAction SilentlyContinue
    if ($Found) { $MakeNsis = $Found.Source }
    else { $MakeNsis = Join-Path ${env:ProgramFiles(x86)} "NSIS\makensis.exe" }
}
if (-not (Test-Path $MakeNsis)) {
    throw "build-windows: makensis.exe not found; install NSIS 3 or pass -MakeNsis C:\path\makensis.exe."
}
$Setup = Join-Path $Root "dist\CountDesk-$Version-setup.exe"
Invoke-Checked $MakeNsis @("/V2", "/WX", "/DVERSION=$Version", "/DBUNDLE=$Bundle", "/DOUTFILE=$Setup",
    (Join-Path $Root "packaging\windows\countdesk.nsi"))
Say "installer: $Setup ($([math]::Round((Get-Item $Setup).Length / 1MB)) MB)"
Say "silent install: CountDesk-$Version-setup.exe /S   (uninstall: ""C:\Program Files\CountDesk\uninstall.exe"" /S)"
