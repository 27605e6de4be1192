CREATE (:`My Label {n: 1});
