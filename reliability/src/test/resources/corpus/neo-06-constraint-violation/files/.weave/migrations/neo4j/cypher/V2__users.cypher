CREATE (:User {id: 1});
CREATE (:User {id: 1});
