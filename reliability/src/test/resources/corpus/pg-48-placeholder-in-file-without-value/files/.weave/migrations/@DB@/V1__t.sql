CREATE TABLE ok (id INT);
CREATE TABLE ${table_name} (id INT);
