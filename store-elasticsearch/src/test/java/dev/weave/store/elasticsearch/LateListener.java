package dev.weave.store.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A port on 127.0.0.1 that starts listening only after a delay and then passes every connection through
 * to the real node: to the client it looks like a cluster that is still starting. Bytes are relayed
 * untouched; every answer comes from Elasticsearch.
 */
final class LateListener implements AutoCloseable {

    private final int port;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    LateListener(int port, String targetHost, int targetPort, long delayMillis) {
        this.port = port;
        this.acceptor = new Thread(() -> run(targetHost, targetPort, delayMillis), "late-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return port;
    }

    private void run(String targetHost, int targetPort, long delayMillis) {
        try {
            Thread.sleep(delayMillis);
            ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            remember(server);
            while (!closed) {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                remember(client);
                remember(upstream);
                relay(client.getInputStream(), upstream.getOutputStream());
                relay(upstream.getInputStream(), client.getOutputStream());
            }
        } catch (IOException | InterruptedException e) {
            // closed
        }
    }

    private static void relay(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(out);
            } catch (IOException ignored) {
                // one side closed
            }
        }, "late-listener-relay");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void remember(AutoCloseable c) {
        open.add(c);
    }

    @Override
    public synchronized void close() throws Exception {
        closed = true;
        acceptor.interrupt();
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
