// weave:validate-all -Dweave.offline=true: every target of the default layout checked against weave.sum, no server
// (offline, no ledger is read: "0 applied, 0 pending", as the weave command says)
def log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] app: valid (0 applied, 0 pending)')
assert log.contains('[INFO] neo4j: valid (0 applied, 0 pending)')
assert log.contains('[INFO] elasticsearch: valid (0 applied, 0 pending)')
assert log.contains('[INFO] validate-all: ok (offline, against weave.sum)')
assert !log.contains('[ERROR]')
assert !log.contains('Exception')
return true
