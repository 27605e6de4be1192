-- weave:no-transaction
CREATE TABLE a (id INT);
CREATE TABLE a (id INT);
