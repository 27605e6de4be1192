-- café
CREATE TABLE s (id INT);
