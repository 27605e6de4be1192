CALL apoc.util.sleep(10);
