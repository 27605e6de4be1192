@echo off
rem weave, from an unpacked distribution (weave-<version>\bin\weave.cmd)
set "WEAVE_HOME=%~dp0.."
if defined JAVA_HOME (set "WEAVE_JAVA=%JAVA_HOME%\bin\java") else (set "WEAVE_JAVA=java")
"%WEAVE_JAVA%" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto %WEAVE_JAVA_OPTS% -jar "%WEAVE_HOME%\lib\weave.jar" %*
