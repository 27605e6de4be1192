MATCH (n) RETURN count(n);
