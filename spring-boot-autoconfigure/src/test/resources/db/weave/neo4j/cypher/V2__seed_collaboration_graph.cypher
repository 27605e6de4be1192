// depends-on: app:2
// The users and documents of app V1 and V2, with the relations the product starts with.
MERGE (ada:User {id: 1}) SET ada.email = 'ada@example.com';
MERGE (grace:User {id: 2}) SET grace.email = 'grace@example.com';
MERGE (d1:Document {id: 1}) SET d1.title = 'Welcome, Ada Lovelace';
MERGE (d2:Document {id: 2}) SET d2.title = 'Welcome, Grace Hopper';
MATCH (u:User {id: 1}), (d:Document {id: 1}) MERGE (u)-[:OWNS]->(d);
MATCH (u:User {id: 2}), (d:Document {id: 2}) MERGE (u)-[:OWNS]->(d);
MATCH (a:User {id: 1}), (b:User {id: 2}) MERGE (a)-[:WORKS_WITH {since: date('2024-01-15')}]->(b);
