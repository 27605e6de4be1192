package dev.weave.error;

/**
 * The server answered, but the target's database does not exist on it. Exit 4, like any store that cannot be
 * reached; a local store started by {@code weave dev up} gets the database created on migrate instead.
 */
public class DatabaseMissingException extends StoreUnreachableException {

    private final String database;
    private final String server;

    /**
     * @param database the database's name
     * @param server   {@code host:port} as the target's settings name it (what {@code weave dev up} writes too)
     */
    public DatabaseMissingException(String message, String database, String server) {
        super(message);
        this.database = database;
        this.server = server;
    }

    public String database() {
        return database;
    }

    public String server() {
        return server;
    }
}
