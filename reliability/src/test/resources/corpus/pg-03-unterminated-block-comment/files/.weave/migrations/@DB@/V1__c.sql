CREATE TABLE a (id INT);

/* the rest is commented out
CREATE TABLE b (id INT);
