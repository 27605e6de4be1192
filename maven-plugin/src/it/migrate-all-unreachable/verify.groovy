// nothing listens on port 1: the target is unreachable (exit 4), the set-up's fault, with no stack trace,
// and the password given with -Dweave.set is never shown
def log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
assert log =~ /\[INFO\] app\s+postgres\s+FAILED/
def line = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal dev.weave:weave-maven-plugin') }
assert line != null : 'no goal failure line'
assert line.contains('migrate-all: 1 of 1 target did not finish')
assert line.contains('(weave exit code 4) -> [Help 1]')
assert log.contains('MojoExecutionException')
assert !log.contains('\tat dev.weave.')
assert !log.contains('Sup3rSecretPw')
return true
