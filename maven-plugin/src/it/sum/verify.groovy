// weave:sum writes weave.sum as 'weave db sum' does: the same header, lines and checksums (the location from weave.yaml)
def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] wrote weave.sum: 4 migrations; commit it')
assert log.contains('BUILD SUCCESS')

def sum = new File(basedir, 'weave.sum')
assert sum.isFile()
assert sum.text == """\
# weave.sum: checksums of released migrations; written by 'weave db sum', checked by 'weave db validate-all --offline'
app/V1__create_users.sql sha256:0f8be76aa37069f273d7f1d77dde1d080635846ab4394c22f19e90dc05d4e4da
app/V2__create_documents.sql sha256:b3087d2cc2986659585804b9d4267a7f4db194ffacc7e1877dfc348188387d0f
elasticsearch/V1__documents_index_template.http sha256:2e823590c590f0134f2fd47176dc1889e5af275b9a52e662955038287248c133
neo4j/V1__user_and_document_constraints.cypher sha256:8ea12040605239ef57ed2b549f045b948d910c1b14bba56c29af56ef73c12c91
"""
return true
