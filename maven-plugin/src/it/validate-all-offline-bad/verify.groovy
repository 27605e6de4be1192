// two files with version 1: Weave's own message, naming both files, fails the build as a configuration error
def log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
def line = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal dev.weave:weave-maven-plugin') }
assert line != null : 'no goal failure line'
assert line.contains('V1__create_users.sql: duplicate version 1: also used by ')
assert line.contains('V1__create_accounts.sql')
assert line.endsWith('give one of them another version (weave exit code 2) -> [Help 1]')
// exit 2 is the project's set-up, not a failed check: MojoExecutionException, and no stack trace
assert log.contains('MojoExecutionException')
assert !log.contains('\tat dev.weave.')
assert !log.contains('Caused by')
return true
