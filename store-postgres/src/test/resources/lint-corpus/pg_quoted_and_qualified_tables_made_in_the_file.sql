-- expect: none
CREATE TABLE "Users" (id int);
CREATE INDEX ON "Users" (id);
CREATE TABLE app.items (id int);
ALTER TABLE app.items ADD COLUMN n int NOT NULL;
