:begin
CREATE (:A);
:commit
